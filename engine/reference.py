"""A Markdown reference of every feature, generated from the registry so it never drifts."""

from __future__ import annotations

import sys

from engine.feature import Feature
from engine.registry import Registry


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") or "—"


def _inputs(f: Feature) -> str:
    return ", ".join(f"`{n}`" + ("?" if n in f.optional else "") for n in f.inputs) or "—"


def reference_markdown(registry: Registry | None = None) -> str:
    """One section per model: its grain, then a table of its features in registration order;
    then the params. Without ``registry``, the default catalogue."""
    if registry is None:
        from engine.executor import default_registry

        registry = default_registry()
    out = [
        "# GabeDA feature reference",
        "",
        "Generated from the registry by `python -m engine.reference > docs/features.md`; a unit test fails",
        "when this file and the registry disagree. Inputs marked `?` are optional: the feature runs",
        "without them. `as_of` is the end of the observation window (by default the last line's `in_dt`),",
        "`params` the thresholds below, `groups` the group number of each line of the model.",
        "",
    ]
    for model in registry.models.values():
        out += [f"## {model.name}", ""]
        if model.description:
            out += [model.description, ""]
        if model.is_row_model:
            out += ["Grain: one row per line (row features).", ""]
        else:
            keys = ", ".join(f"`{k}`" for k in model.keys)
            where = f", keeping lines where `{model.where}`" if model.where else ""
            built = f", rows built by `{model.grain}`" if model.grain else ""
            out += [f"Grain: one row per {keys} over `{model.source}`{where}{built} (attributes).", ""]
        out += [
            "| feature | kind | inputs | dtype | unit | needs | description |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in registry.features_of(model.name):
            needs = ", ".join(f"`{n}`" for n in f.needs)
            out.append(
                f"| `{f.name}` | {f.kind} | {_inputs(f)} | {f.dtype} | {_cell(f.unit)} "
                f"| {_cell(needs)} | {_cell(f.description)} |"
            )
        out.append("")
    if registry.params:
        out += ["## Parameters", "", "| param | default | description |", "|---|---|---|"]
        out += [f"| `{p.name}` | `{p.default!r}` | {_cell(p.description)} |" for p in registry.params.values()]
        out.append("")
    return "\n".join(out)


def main() -> None:
    """``python -m engine.reference > docs/features.md``"""
    sys.stdout.write(reference_markdown())


if __name__ == "__main__":
    main()
