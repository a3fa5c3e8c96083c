"""Every page the navigation offers, read in a real browser in Spanish and in English.

The owner of a minimarket with processed demo lines (nine peers beside it, so the
benchmarks publish; lines of a fixed day's 13 months, never today's) opens each of her
pages from the menu in Spanish, her overview also 390 px wide, then switches to English
and does it again; a new tab then checks that a new session speaks the language she
saved. The admin does the same with the administration pages. One server and one
browser serve the whole module.

Each page is read once it has finished rendering (its title shown, Streamlit's script
idle for a while, no element of the page before left, every chart and table drawn): the
visible text (body.innerText, which includes Plotly's SVG text; not icon ligatures,
screen-reader-only text or the tables' accessibility copy), what the tables draw in
their canvas (the grid's own cell contents: the DOM holds only the raw values, and a
blank cell is drawn "None"), and what the inputs show (a picked option is an input's
value, not text). A full-page screenshot of each goes to
test-artifacts/pages/<lang>/<page>.png (phone_<page>.png at phone width), and every
violation to test-artifacts/pages/findings.txt before anything is asserted, so one run
shows all of them. The rules, and what each deliberately leaves alone (data as its source
wrote it, file names, e-mails, identifier columns, dotted RUTs...), are in `check` and
the constants above it; `test_the_detector_flags_what_it_should_and_nothing_else` pins
them on texts whose verdict is known.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from streamlit_app.i18n import CATALOGUE
from tests.e2e.conftest import ARTIFACTS, log_in, new_page, serve, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

# The demo's "today": lines of the 13 full months before it, Jun 2024 - Jun 2025, whatever
# day the test runs (never the machine's date: the pages must read the same every day).
REFERENCE_DAY = date(2025, 7, 1)
PEERS = 10  # minimarkets: the fewest that publish benchmark cells, so that page has charts
LINES = 15_000  # all companies together
PASSWORD = "Clave-Segura1"
OWNER = ("Carla Muñoz", "carla@example.cl")
MEMBER = ("Diego Soto", "diego@example.cl")
PAGES_DIR = ARTIFACTS / "pages"
FINDINGS = PAGES_DIR / "findings.txt"
DESKTOP, PHONE = {"width": 1400, "height": 1000}, {"width": 390, "height": 844}

# Each page's url path and the catalogue key of the title it shows (st.title).
TITLES = {
    "owner": "owner.title", "operations": "ops.title", "marketing": "mkt.title",
    "finance": "fin.title", "benchmarks": "bench.title", "upload": "upload.title",
    "monitor": "monitor.title", "downloads": "downloads.title", "companies": "companies.title",
    "members": "members.title", "account": "account.title",
    "admin_users": "page.admin_users", "admin_companies": "page.admin_companies",
    "admin_queue": "page.admin_queue", "admin_audit": "page.admin_audit",
}
# The pages before logging in (not in the logged-in menu): the app's title on both.
BEFORE_LOGIN = {"login": "app.title", "registro": "app.title"}
# Pages whose fragment reruns every 1-3 s: "idle" is a shorter quiet spell there.
FRAGMENT_PAGES = {"upload", "monitor", "admin_queue"}
ADMIN_ONLY = ("admin_users", "admin_companies", "admin_queue", "admin_audit")


def title(key: str, lang: str) -> str:
    es, en = CATALOGUE[TITLES.get(key) or BEFORE_LOGIN[key]]
    return es if lang == "es" else en


# --- the detector -------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+")


def _fragments(text: str) -> list[str]:
    """The fixed parts of a catalogue text (placeholders cut out), trimmed of punctuation."""
    parts = re.split(r"\{[^}]*\}", text)
    out = []
    for part in parts:
        part = part.strip(" .,;:()«»“”\"'·–-…/").strip()
        if WORD.search(part) and len(part) >= 2:
            out.append(part)
    return out


def _catalogue_side(index: int) -> list[str]:
    return [pair[index] for pair in CATALOGUE.values() if pair[0] != pair[1]]


def _plain(text: str) -> str:
    return re.sub(r"\{[^}]*\}", " ", text)  # "{sales}" is a placeholder, not a word


def _known_spanish_labels() -> list[str]:
    """Spanish texts the app shows that live outside the catalogue (labels of stored keys)."""
    from ayni.usecases import companies

    return [*companies.INDUSTRIES.values(), *companies.SIZES.values(), *companies.ROLES.values(),
            "coma", "punto y coma", "espacio"]


def _phrases(texts: list[str], other_side: list[str]) -> list[str]:
    """Fragments of `texts` that are not also fragments (or words) of the other language."""
    other = {f for t in other_side for f in _fragments(t)}
    other_words = {w.lower() for t in other_side for w in WORD.findall(_plain(t))}
    found = set()
    for text in texts:
        for fragment in _fragments(text):
            if fragment in other or fragment.lower() in other_words:
                continue
            found.add(fragment)
    return sorted(found, key=len, reverse=True)


def _words(texts: list[str], other_side: list[str], shared: set[str]) -> list[str]:
    """Words (3+ letters) of `texts` that the other language's catalogue never uses."""
    other = {w.lower() for t in other_side for w in WORD.findall(_plain(t))}
    return sorted({w.lower() for t in texts for w in WORD.findall(_plain(t)) if len(w) >= 3}
                  - other - shared)


ES_TEXTS = _catalogue_side(0) + _known_spanish_labels()
EN_TEXTS = _catalogue_side(1)
ALL_ES = [pair[0] for pair in CATALOGUE.values()] + _known_spanish_labels()
ALL_EN = [pair[1] for pair in CATALOGUE.values()]
# Words both languages write (names, loanwords, codes) and English words Spanish also has.
SHARED_WORDS = {"admin", "stock", "marketing", "excel", "csv", "totp", "google", "authenticator",
                "authy", "erp", "abc", "rfm", "pareto", "lift", "ayni", "minimarket",
                "idioma", "language", "español", "english",
                # spelt the same in both languages
                "has", "once", "come", "sale", "base", "red", "normal", "actual", "total",
                "final", "general", "real", "error", "color", "idea", "local", "media", "plan",
                "popular", "radio", "ratio", "regular", "simple", "social", "solo", "era", "son",
                "van", "pan", "dice", "tan"}
EN_PHRASES = _phrases(EN_TEXTS, ALL_ES)
ES_PHRASES = _phrases(ES_TEXTS, ALL_EN)
# A program's raw values (None, nan, True…) are the raw-value rule's, not words.
RAW_WORDS = {"none", "nan", "nat", "null", "undefined", "inf", "true", "false"}
EN_WORDS = _words(EN_TEXTS, ALL_ES, SHARED_WORDS | RAW_WORDS)
ES_WORDS = _words(ES_TEXTS, ALL_EN, SHARED_WORDS | RAW_WORDS)

# Streamlit's and Plotly's own English (Streamlit 1.67's frontend strings that render as
# text: the file uploader, the menu's "View N more", a table without rows, select boxes,
# forms, the running indicator), GabeDA's product quadrants, Python's booleans.
STREAMLIT_EN = [
    r"Drag and drop( a file| files| directories)? here", r"\d+\s?[KMG]?B per file", r"per file",
    r"\bUpload( directories)?\b", r"Browse files", r"View \d+ more", r"View more", r"View less",
    r"\bempty\b", r"No data", r"No results", r"No options( to select)?", r"Choose an? option",
    r"Choose options", r"Press Enter to (apply|submit form)", r"Running\.\.\.", r"\bStop\b",
    r"Show password", r"Hide password", r"Add row", r"Clear all", r"Select all", r"\bDeploy\b",
    r"Made with Streamlit", r"Please wait", r"File is too large", r"Log out", r"Download",
    r"\b[Tt]race \d+\b", r"Produced with Plotly", r"Click to enter",
    r"\bStar\b", r"Cash cow", r"\bWorkhorse\b", r"\bDog\b",
]
EN_MONTHS = ("January|February|March|April|June|July|August|September|October|November|"
             "December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
EN_DATES = [
    rf"\b({EN_MONTHS})\b",
    r"\b(Jan|Feb|Apr|Aug|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b",  # never Spanish (case kept)
    r"\b(Mar|May|Jun|Jul|Sep|Oct|Nov)\.? \d",  # shared with Spanish, which writes them lowercase
]
ES_MONTHS = ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
             "noviembre|diciembre|lunes|martes|miércoles|jueves|viernes|sábado|domingo")
ES_DATES = [
    rf"(?i:\b({ES_MONTHS})\b)",
    r"\b(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? (de )?\d{4}\b",  # lowercase: es
    r"\b\d{1,2}[ -](ene|abr|ago|dic)\b", r"\b(mié|sáb)\b",
]
USTED = [
    r"(?i:\bustede?s?\b)", r"(?i:\bsus? (empresa|rubro|app|archivo|nombre|cuenta|correo|"
    r"contraseña|cifras|datos|ventas)\b)",
    r"\b(Intente|Escriba|Complete|Repita|Elija|Revise|Cámbielo|Agregue|Pídale|Ingrese|"
    r"Seleccione|Verifique|Suba|Descargue|Espere)\b", r"(?i:\bya puede\b)", r"Puede activarla",
]
RAW = [r"\b(None|nan|NaN|NaT|null|undefined|inf|True|False)\b", r"<NA>"]
ISO_DATE = r"\b\d{4}-\d{2}-\d{2}\b"
LONG_DIGITS = r"(?<!\w)\d{5,}(?!\w)"
CODE = r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+(?:\.[a-z_]+)+\b"
ERROR = [r"Ocurrió un error inesperado", r"Something unexpected went wrong", r"Traceback",
         r"StreamlitAPIException", r"This app has encountered an error"]
# Numbers the other way round: English style on a Spanish page (comma thousands, point
# decimals), Spanish style on an English one. A lone group of three after the separator
# ("1.234", "1,234") is both a thousand and a three-decimal quantity: never flagged.
# A RUT is written 12.345.678-5 in both languages.
EN_NUMBERS = [r"\$-?\d{1,3}(,\d{3})+", r"(?<![\d.,])\d{1,3}(,\d{3}){2,}(?![\d,])",
              r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])"]
ES_NUMBERS = [r"\$-?\d{1,3}(\.\d{3})+", r"(?<![\d.,])\d{1,3}(\.\d{3}){2,}(?![\d.]|-[\dkK]\b)",
              r"(?<![\d.,])\d+,\d{1,2}(?![\d,])"]
# Where a run of digits, an ISO date or a code is the user's own text, not the page's:
# file names (the demo's files are named after the company's RUT), e-mails, URLs.
NOT_PAGE_TEXT = re.compile(r"[\w.-]+\.(?:csv|xlsx|xls|txt)\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                           r"|https?://\S+|otpauth://\S+", re.I)
# Table columns of identifiers (folios, ids, product codes): digits as the source wrote them.
ID_COLUMNS = {"Documento", "Document", "N° de documento", "Document number", "id", "ID",
              "Carga", "Upload", "Código de producto", "Product code", "Trabajo", "Job"}
# The language switch is bilingual on purpose.
BILINGUAL = ["Idioma / Language", "Español", "English"]


def _alternation(phrases: list[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


RULES: dict[str, list[tuple[str, re.Pattern]]] = {
    "es": [("English (catalogue)", _alternation(EN_PHRASES)),
           ("English word", re.compile(r"(?i)\b(?:" + "|".join(EN_WORDS) + r")\b")),
           ("English (Streamlit/Plotly/GabeDA)", re.compile("|".join(STREAMLIT_EN))),
           ("English month/day", re.compile("|".join(EN_DATES))),
           ("English-style number", re.compile("|".join(EN_NUMBERS))),
           ("usted", re.compile("|".join(USTED)))],
    "en": [("Spanish (catalogue)", _alternation(ES_PHRASES)),
           ("Spanish word", re.compile(r"(?i)\b(?:" + "|".join(ES_WORDS) + r")\b")),
           ("Spanish month/day", re.compile("|".join(ES_DATES))),
           ("Spanish-style number", re.compile("|".join(ES_NUMBERS)))],
    "both": [("raw value", re.compile("|".join(RAW))),
             ("ISO date", re.compile(ISO_DATE)),
             ("digits without separators", re.compile(LONG_DIGITS)),
             ("code", re.compile(CODE)),
             ("error", re.compile("|".join(ERROR)))],
}
PAGE_TEXT_ONLY = {"digits without separators", "ISO date", "code"}  # after NOT_PAGE_TEXT


@dataclass
class Finding:
    """One rule broken on one page, language and view, in one place of it (the text, a
    table column, an input); the texts that broke it, each with how often."""
    page: str
    lang: str
    view: str
    rule: str
    where: str
    context: str
    matches: dict[str, int] = field(default_factory=dict)

    def line(self, shown: int = 10) -> str:
        texts = [f"{m!r}" + (f" (×{n})" if n > 1 else "") for m, n in self.matches.items()]
        more = f", … +{len(texts) - shown} more" if len(texts) > shown else ""
        return (f"{self.page} | {self.lang} | {self.view} | {self.rule} | {self.where} | "
                f"{', '.join(texts[:shown])}{more} | …{self.context}…")


@dataclass
class Masks:
    """Data the pages show as it is (names of products, categories, companies, people):
    never the page's language, so it is blanked before the rules run."""
    texts: list[str] = field(default_factory=list)

    def apply(self, text: str) -> str:
        for t in self.texts:
            if t in text:
                text = text.replace(t, "▒" * len(t))
        if "…" in text:  # a name a chart shortened: "Agua mineral sin…"
            text = re.sub(r"(?:[^\s▒…]+ ){0,6}[^\s▒…]+…", self._shortened, text)
        return text

    def _shortened(self, m: re.Match) -> str:
        words = m.group()[:-1].split(" ")
        for i in range(len(words)):
            stem = " ".join(words[i:])
            if len(stem) >= 3 and any(t.startswith(stem) for t in self.texts):
                return " ".join(words[:i] + [""]) + "▒" * (len(stem) + 1) if i else \
                    "▒" * (len(stem) + 1)
        return m.group()


def check(text: str, lang: str, *, column: str | None = None,
          masks: Masks | None = None) -> list[tuple[str, str, str]]:
    """(rule, match, context) of every violation in `text`, a page's text in `lang`
    (`column`: the header of the table column the text is a cell of)."""
    for bilingual in BILINGUAL:
        text = text.replace(bilingual, "▒" * len(bilingual))
    if masks:
        text = masks.apply(text)
    page_text = NOT_PAGE_TEXT.sub(lambda m: "▒" * len(m.group()), text)
    found = []
    for rule, pattern in RULES[lang] + RULES["both"]:
        subject = page_text if rule in PAGE_TEXT_ONLY else text
        if rule == "digits without separators" and column in ID_COLUMNS:
            continue
        for m in pattern.finditer(subject):
            if "▒" in m.group():
                continue
            value = m.group()
            if rule == "digits without separators" and re.match(r"-[\dkK]\b",
                                                                subject[m.end():m.end() + 2]):
                rule_name = "RUT without dots"
            else:
                rule_name = rule
            start, end = max(0, m.start() - 40), min(len(text), m.end() + 40)
            context = re.sub(r"\s+", " ", text[start:end])
            found.append((rule_name, value, context))
    return found


# --- reading a page -----------------------------------------------------------------------

COLLECT = """() => {
  // Not shown: icons (their ligature's name is text), the tables' accessibility copy (raw
  // values; the canvas is read below), text only screen readers get (clipped to 1 px).
  // Nor what waits off-screen for a keyboard's focus ("Skip to main content").
  for (const el of document.body.querySelectorAll('span, div, p, label, a')) {
    const s = getComputedStyle(el);
    if (!['absolute', 'fixed'].includes(s.position)) continue;
    const box = el.getBoundingClientRect();
    if (((s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)')
         && el.offsetWidth <= 1) || box.right <= 0 || box.bottom <= 0)
      el.setAttribute('data-ayni-sr', '');
  }
  const hide = document.createElement('style');
  hide.textContent = '[data-testid="stIconMaterial"], [data-testid="stDataFrame"] table, '
    + '[data-testid="stSkipToContent"]:not(:focus), [data-ayni-sr] '
    + '{ visibility: hidden !important; }';
  document.head.appendChild(hide);
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const sidebarText = sidebar ? sidebar.innerText : '';
  const hideSidebar = document.createElement('style');
  hideSidebar.textContent = '[data-testid="stSidebar"] { visibility: hidden !important; }';
  document.head.appendChild(hideSidebar);
  const pageText = document.body.innerText;
  hideSidebar.remove();
  hide.remove();
  for (const el of document.querySelectorAll('[data-ayni-sr]')) el.removeAttribute('data-ayni-sr');
  const where = el => (sidebar && sidebar.contains(el)) ? 'sidebar' : 'page';
  const tables = [];
  for (const frame of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const canvas = frame.querySelector('canvas');
    if (!canvas) continue;
    const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
    let fiber = key ? canvas[key] : null;
    while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.getCellContent)) fiber = fiber.return;
    if (!fiber) { tables.push({where: where(frame), error: 'no grid props'}); continue; }
    const grid = fiber.memoizedProps;
    const headers = grid.columns.map(c => c.title || '');
    const rows = [];
    for (let r = 0; r < Math.min(grid.rows, 200); r++) {
      const row = [];
      for (let c = 0; c < grid.columns.length; c++) {
        const cell = grid.getCellContent([c, r]);
        const d = cell.data && typeof cell.data === 'object' ? cell.data : {};
        let text;
        if (cell.isMissingValue && !['boolean', 'bubble'].includes(cell.kind)) text = 'None';
        else if (cell.kind === 'boolean' || d.kind === 'progress-cell') text = '';
        else text = cell.displayData ?? d.displayDate ?? d.label ?? d.displayValue
          ?? (Array.isArray(d.values) ? d.values.join(', ') : '');
        row.push(String(text ?? ''));
      }
      rows.push(row);
    }
    tables.push({where: where(frame), headers, rows});
  }
  const inputs = [];
  for (const el of document.querySelectorAll('input, textarea')) {
    if (['hidden', 'password', 'file', 'checkbox', 'radio'].includes(el.type)) continue;
    if (!el.value || !el.getClientRects().length) continue;
    if (el.closest('[data-testid="stDataFrame"]')) continue;
    inputs.push({where: where(el), label: el.getAttribute('aria-label') || '', value: el.value});
  }
  return {sidebar: sidebarText, page: pageText, tables, inputs};
}"""

RENDERED = """() => {
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const plot of document.querySelectorAll('.js-plotly-plot'))
    if (!plot._fullLayout || !plot.querySelector('.main-svg')) return false;
  for (const frame of document.querySelectorAll('[data-testid="stDataFrame"]'))
    if (!frame.querySelector('canvas')) return false;
  return true;
}"""


def wait_rendered(page, key: str, lang: str) -> None:
    """The page's title, Streamlit idle for a while, no element left of the page before,
    every chart and table drawn."""
    heading = re.compile(rf"^\s*{re.escape(title(key, lang))}\s*$")
    failed = page.get_by_test_id("stAlert").filter(
        has_text=re.compile("|".join(ERROR))).or_(page.get_by_test_id("stException"))
    page.get_by_role("heading", name=heading).or_(failed).first.wait_for()
    # check=False: the reader records an error as a finding, with the page's other ones
    wait_idle(page, steady_ms=400 if key in FRAGMENT_PAGES else 1000, check=False)
    page.wait_for_function(RENDERED, polling=100)
    if not page.get_by_role("heading", name=heading).first.is_visible():
        raise PageFailed(title(key, lang))


class PageFailed(Exception):
    """The page showed an error instead of its title (the error is a finding too)."""


def full_screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as
    tall as that block for the picture (a full_page screenshot stops at the window)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    tall = page.evaluate("""() => Math.max(...['stMain', 'stSidebarContent'].map(id => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        return el ? el.scrollHeight : 0; }))""")
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(tall, 12_000)})
        page.wait_for_function(RENDERED, polling=100)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if tall > size["height"]:
            page.set_viewport_size(size)


class Reader:
    """Reads pages and keeps what they break; the sidebar is read once per user and
    language (it is the same on every page)."""

    def __init__(self, masks: Masks):
        self.masks = masks
        self.findings: dict[tuple, Finding] = {}
        self.sidebars: set[tuple] = set()
        self.seconds: dict[str, float] = {}

    def add(self, page: str, lang: str, view: str, found, where: str = "text") -> None:
        for rule, match, context in found:
            key = (page, lang, view, rule, where)
            finding = self.findings.setdefault(key, Finding(page, lang, view, rule, where,
                                                            context))
            finding.matches[match] = finding.matches.get(match, 0) + 1

    def read(self, page, key: str, lang: str, user: str, view: str = "desktop",
             shot: str | None = None) -> None:
        started = time.monotonic()
        try:
            wait_rendered(page, key.removesuffix("_preview"), lang)
        except PageFailed as exc:
            self.add(shot or key, lang, view, [("no title: the page failed", str(exc),
                                                page.url)], where="page")
        except PlaywrightTimeoutError:
            self.add(shot or key, lang, view, [("did not finish rendering", title(
                key.removesuffix("_preview"), lang), page.url)], where="page")
        name = shot or key
        full_screenshot(page, PAGES_DIR / lang / (f"phone_{name}.png" if view == "phone"
                                                  else f"{name}.png"))
        shown = page.evaluate(COLLECT)
        self.add(name, lang, view, check(shown["page"], lang, masks=self.masks))
        sidebar_once = (user, lang, view) not in self.sidebars and view == "desktop"
        side = f"sidebar ({user})"
        if sidebar_once:
            self.sidebars.add((user, lang, view))
            self.add(side, lang, view, check(shown["sidebar"], lang, masks=self.masks))
        for n, table in enumerate(shown["tables"], 1):
            if table["where"] == "sidebar" and not sidebar_once:
                continue
            where = name if table["where"] == "page" else side
            if table.get("error"):
                self.add(where, lang, view, [("unreadable table", table["error"], "")],
                         where=f"table {n}")
                continue
            for header in table["headers"]:
                self.add(where, lang, view, check(header, lang, masks=self.masks),
                         where=f"table {n} header")
            for row in table["rows"]:
                for header, cell in zip(table["headers"], row):
                    self.add(where, lang, view, check(cell, lang, column=header,
                                                      masks=self.masks),
                             where=f"table {n} [{header}]")
        for box in shown["inputs"]:
            if box["where"] == "sidebar" and not sidebar_once:
                continue
            where = name if box["where"] == "page" else side
            self.add(where, lang, view, check(box["value"], lang, masks=self.masks),
                     where=f"input «{box['label']}»")
        self.seconds[f"{lang}/{view}/{name}"] = time.monotonic() - started

    def write(self) -> list[Finding]:
        order = {k: i for i, k in enumerate(TITLES)}
        found = sorted(self.findings.values(), key=lambda f: (
            f.page.startswith("sidebar"), order.get(f.page.removesuffix("_preview"), 99),
            f.page, f.lang, f.view, f.rule, f.where))
        FINDINGS.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{len(found)} findings: page | language | view | rule | where (the text, "
                 "a table's column, an input) | what broke it (×times) | the first one's "
                 "context", ""]
        lines += [f.line() for f in found]
        FINDINGS.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return found


# --- the site -----------------------------------------------------------------------------


def build_site(db) -> dict:
    """The owner's minimarket and nine peers with processed demo lines (one worker run,
    in burst mode: every load and GabeDA run, then one dbt run that also builds the
    benchmarks), a marketing member in the owner's team, and the admin account."""
    from ayni.core.db import Role, engine
    from ayni.core.settings import get_settings
    from ayni.usecases import accounts, companies, demo, ingest
    from tests.conftest import run_worker

    start, end = demo.default_range(today=REFERENCE_DAY)
    minimarkets = [c for c in demo.demo_companies() if c.industry == "minimarket"][:PEERS]
    specs = demo.scale_for_lines(minimarkets, start, end, LINES)
    folder = db.data_dir / "every_page"
    folder.mkdir(parents=True, exist_ok=True)
    with engine(Role.OWNER).begin() as conn:
        accounts.ensure_admin(conn, get_settings())
        owner = accounts.create_user(conn, OWNER[1], OWNER[0], PASSWORD)
        member = accounts.create_user(conn, MEMBER[1], MEMBER[0], PASSWORD)
        created = [companies.create_company(conn, s.name, s.rut, s.industry, s.size,
                                            owner_user_id=owner.id if i == 0 else None)
                   for i, s in enumerate(specs)]
        companies.set_member(conn, created[0].id, member.id, "marketing", by=owner.id)
    for spec, company in zip(specs, created):
        path = folder / f"{spec.rut}.csv"
        demo.generate_lines(spec, start, end).to_csv(path, index=False,
                                                     date_format="%Y-%m-%d %H:%M:%S")
        ingest.submit_file(company.id, path)
    run_worker(db, timeout=600)
    return {"company": created[0], "companies": created, "specs": specs}


SAMPLE = "pos_export_cl.csv"  # the export the upload page is shown with


def data_masks(site: dict) -> Masks:
    """What the site's data may show as its source wrote it: the demo's products,
    categories, unit and document types, the companies and people, and the sample
    export's header and text cells (the upload page's mapping and preview)."""
    import pandas as pd

    from ayni.usecases import demo
    from tests.conftest import SHARED_DATA

    texts = {p.description for spec in demo.INDUSTRIES.values() for p in spec.products}
    texts |= {p.category for spec in demo.INDUSTRIES.values() for p in spec.products}
    texts |= {demo.UNIT, demo.KG, *demo.DOC_TYPES}
    texts |= {c.name for c in site["companies"]}
    texts |= {OWNER[0], OWNER[1], MEMBER[0], MEMBER[1], "Administrador AYNI"}
    sample = pd.read_csv(SHARED_DATA / SAMPLE, nrows=200, dtype=str, encoding="utf-8-sig")
    texts |= set(sample.columns) | {SAMPLE.removesuffix(".csv")}  # the mapping's name
    texts |= {v for column in sample.columns for v in sample[column].dropna()
              if not re.fullmatch(r"[\d.,:\- ]+", v)}
    return Masks(sorted(texts, key=len, reverse=True))


@pytest.fixture(scope="module")
def site(ayni_db):
    built = {}
    with serve(ayni_db, "every-page-streamlit",
               meanwhile=lambda: built.update(build_site(ayni_db))) as url:
        built["url"] = url
        yield built


@pytest.fixture(scope="module")
def reader(site):
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    FINDINGS.unlink(missing_ok=True)
    return Reader(data_masks(site))


def menu_name(key: str, lang: str) -> str:
    es, en = CATALOGUE[f"page.{key}"]  # the menu shows each page by its page.<key> title
    return es if lang == "es" else en


def menu_keys(page, lang: str) -> list[str]:
    """The pages the sidebar's menu offers, in its order (all of it shown); a name this
    test does not know stays as it is, to fail the test."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and re.search(r"\d", more.inner_text()):  # "View N more"
        more.click()
    by_name = {menu_name(k, lang): k for k in TITLES}
    names = page.locator('[data-testid="stSidebarNav"] a').evaluate_all(
        "links => links.map(a => [...a.querySelectorAll('span, p')].filter(e => "
        "!e.closest('[data-testid=stIconMaterial]') && !e.children.length)"
        ".map(e => e.textContent).join(' ').trim())")
    return [by_name.get(n, n) for n in names]


def open_from_menu(page, key: str, lang: str) -> None:
    link = page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=menu_name(key, lang), exact=True)
    if not link.is_visible():
        page.get_by_test_id("stSidebarNavViewButton").click()
    link.click()


def switch_language(page, lang: str, key: str) -> None:
    page.get_by_label("Idioma / Language").click()
    page.get_by_role("option", name={"es": "Español", "en": "English"}[lang]).click()
    wait_rendered(page, key, lang)


def read_pages(page, reader: Reader, keys: list[str], lang: str, user: str) -> None:
    for key in keys:
        open_from_menu(page, key, lang)
        reader.read(page, key, lang, user)
        if key == "upload":  # and once a file is chosen: its mapping and preview
            from tests.conftest import SHARED_DATA

            page.locator('input[type="file"]').set_input_files(
                str(SHARED_DATA / SAMPLE))
            preview = CATALOGUE["upload.preview"][0 if lang == "es" else 1]
            page.get_by_role("heading", name=preview).wait_for()
            reader.read(page, "upload_preview", lang, user, shot="upload_preview")


def read_at_phone_width(page, reader: Reader, lang: str, user: str) -> None:
    """The overview in a window 390 px wide (Streamlit folds the sidebar away there), in
    the same session: a phone's own session would open in whichever language
    `check_a_new_session_speaks` finds."""
    open_from_menu(page, "owner", lang)
    wait_rendered(page, "owner", lang)
    page.set_viewport_size(PHONE)
    try:
        wait_sidebar(page, shown=False)
        reader.read(page, "owner", lang, user, view="phone")
    finally:
        page.set_viewport_size(DESKTOP)
        wait_sidebar(page, shown=True)


def wait_sidebar(page, shown: bool) -> None:
    """The sidebar folded away or open, and done sliding (the same place twice running)."""
    page.wait_for_function("""shown => {
        const bar = document.querySelector('[data-testid="stSidebar"]');
        const box = bar.getBoundingClientRect();
        const where = `${box.left},${box.width}`;
        const still = window.__ayniSidebarAt === where;
        window.__ayniSidebarAt = where;
        const open = bar.getAttribute('data-collapsed') === 'false' && box.left >= 0;
        return still && (shown ? open : box.right <= 0);
    }""", arg=shown, polling=150)


def check_a_new_session_speaks(page, reader: Reader, lang: str) -> None:
    """Another tab of the same browser (a session of its own, logged in by the cookie)
    opens in the language the account saved when the user switched; if not, a finding
    says which one it opened in."""
    tab = page.context.new_page()
    tab.set_default_timeout(30_000)
    try:
        where = urlsplit(page.url)
        tab.goto(f"{where.scheme}://{where.netloc}/owner")
        either = "|".join(re.escape(title("owner", lg)) for lg in ("es", "en"))
        heading = tab.get_by_role("heading", name=re.compile(rf"^\s*({either})\s*$")).first
        heading.wait_for()
        wait_idle(tab)
        shown = heading.inner_text().strip()
        if shown != title("owner", lang):
            reader.add("owner", lang, "new tab", [(
                "opens in the other language", shown,
                f"a new session of an account whose language is {lang!r} shows {shown!r}")],
                where="page")
    finally:
        tab.close()


def assert_none(reader: Reader) -> None:
    found = reader.write()
    assert not found, (f"{len(found)} findings, listed in {FINDINGS}:\n"
                       + "\n".join(f.line() for f in found[:60]))


def test_the_detector_flags_what_it_should_and_nothing_else():
    """The rules on texts whose verdict is known, so a finding is a page's, not the
    detector's."""
    assert check("Ventas $1.234.567 · 12,5 % · ene 2025 · 01-06-2025 · 12.345.678-5", "es") == []
    assert check("Sales $1,234,567 · 12.5 % · Jan 2025 · Jun 1, 2025", "en") == []
    assert check("76086428-5.csv subido por carla@example.cl", "es") == []
    assert check("Idioma / Language", "en") == []
    assert check("Bebida cola 1,5 L", "en", masks=Masks(["Bebida cola 1,5 L"])) == []
    assert check("folio 1234567", "es", column="Documento") == []
    assert check("Ventas de su empresa", "es")[0][0] == "usted"
    assert [f[:2] for f in check("Sales 163415 None 2025-06-01", "es")] == [
        ("English (catalogue)", "Sales"), ("English word", "Sales"), ("raw value", "None"),
        ("ISO date", "2025-06-01"), ("digits without separators", "163415")]
    assert check("77794407-K", "es")[0][:2] == ("RUT without dots", "77794407")
    assert {f[0] for f in check("Ventas $1.234 · 12,5 % · dic 2024", "en")} == {
        "Spanish (catalogue)", "Spanish word", "Spanish-style number", "Spanish month/day"}
    assert {f[1] for f in check("Drag and drop a file here · 200MB per file · Upload",
                                "es")} >= {"Drag and drop a file here", "200MB per file",
                                           "Upload"}
    assert {f[1] for f in check("net_sales · upload.submitted", "es") if f[0] == "code"} == {
        "net_sales", "upload.submitted"}
    assert check("Agua mineral sin…", "en", masks=Masks(["Agua mineral sin gas 1,6 L"])) == []
    assert check("22.012.992-6", "en") == []


def test_the_owners_pages_in_both_languages(site, reader, browser):
    page = new_page(browser)
    try:
        log_in(page, site["url"], OWNER[1], PASSWORD)
        wait_rendered(page, "owner", "es")
        keys = menu_keys(page, "es")
        unknown = [k for k in keys if k not in TITLES]
        assert not unknown, f"pages this test does not know the title of: {unknown}"
        assert "owner" in keys and "admin_users" not in keys
        for lang in ("es", "en"):
            if lang == "en":
                switch_language(page, "en", "owner")  # the phone-width read ends there
            read_pages(page, reader, keys, lang, "owner")
            read_at_phone_width(page, reader, lang, "owner")
        check_a_new_session_speaks(page, reader, "en")
    finally:
        page.context.close()
    assert_none(reader)


def test_the_admins_pages_in_both_languages(site, reader, browser):
    page = new_page(browser)
    try:
        from ayni.core.settings import get_settings

        settings = get_settings()
        log_in(page, site["url"], settings.admin_email,
                    settings.admin_password.get_secret_value())
        wait_rendered(page, "owner", "es")
        keys = menu_keys(page, "es")
        assert set(ADMIN_ONLY) <= set(keys), keys
        for lang in ("es", "en"):
            if lang == "en":
                switch_language(page, "en", ADMIN_ONLY[-1])
            read_pages(page, reader, list(ADMIN_ONLY), lang, "admin")
    finally:
        page.context.close()
    assert_none(reader)


def test_the_pages_before_login_in_both_languages(site, reader, browser):
    """The login and registration pages a visitor sees, in Spanish and (switched in the
    same session, as a visitor would) in English."""
    page = new_page(browser)
    try:
        page.goto(site["url"])  # the login page is the root (default page)
        for lang in ("es", "en"):
            if lang == "en":
                switch_language(page, "en", "login")
            wait_rendered(page, "login", lang)
            reader.read(page, "login", lang, "visitor")
            register = CATALOGUE["register.title"][0 if lang == "es" else 1]
            page.get_by_role("link", name=register).click()
            page.get_by_role("button", name=CATALOGUE["register.submit"][
                0 if lang == "es" else 1]).wait_for()
            reader.read(page, "registro", lang, "visitor")
            page.get_by_role("link", name=CATALOGUE["login.form"][
                0 if lang == "es" else 1]).click()
    finally:
        page.context.close()
    assert_none(reader)
