"""The default registry and the canonical columns it knows (PRODUCT.md, canonical line).

The column list is `loaders.canonical`, a plain data module: one definition of the
interface shared by the loaders, the engine and dbt.
"""

from engine.registry import Registry
from loaders import canonical

registry = Registry()

for _column in canonical.COLUMNS:
    registry.column(_column.name, required=_column.need == "required", description=_column.meaning)
