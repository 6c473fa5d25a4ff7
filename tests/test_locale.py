"""The locale catalogue: same keys and placeholders in both languages, every key the code asks for
exists, no user-facing words written into the front ends' code, and the number formats."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from simulator.locale import catalogue, entries, group, tr
from simulator.locale.numbers import (fmt_figure, fmt_fixed, fmt_number, fmt_share, fmt_tick, long_date,
                                      number_word, short_date)

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "simulator"


def fields(entry) -> set[str]:
    """The {placeholder} names of a text, a plural entry (all forms) or a list."""
    texts = entry.values() if isinstance(entry, dict) else entry if isinstance(entry, list) else [entry]
    out: set[str] = set()
    for text in texts:
        out |= {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(str(text)) if name}
    return out


# -- the catalogue itself ------------------------------------------------------------

def test_danish_and_english_have_the_same_keys_and_placeholders():
    da, en = entries("da"), entries("en")
    assert sorted(set(da) ^ set(en)) == []
    differ = {k: (fields(da[k]), fields(en[k])) for k in da if fields(da[k]) != fields(en[k])}
    assert differ == {}
    shapes = {k for k in da if type(da[k]) is not type(en[k])}
    assert shapes == set()


def test_every_text_is_a_non_empty_string_or_plural_forms():
    for lang in ("da", "en"):
        for key, entry in entries(lang).items():
            if isinstance(entry, dict):
                assert set(entry) == {"one", "other"} and all(entry.values()), (lang, key)
            elif isinstance(entry, list):
                assert entry and all(isinstance(x, str) for x in entry), (lang, key)
            else:
                assert isinstance(entry, str) and entry.strip(), (lang, key)


def test_tr_fills_values_picks_the_plural_and_falls_back_to_danish():
    assert tr("practice.busy", "en", name="Rania") == "Wait for Rania's reply."
    assert tr("key.hint", "xx") == "Tip"
    assert tr("no.such.key", "en") == "no.such.key"
    assert tr("drill.value.reflections_before_advice", "da", v="1", count=1) == "1 refleksion"
    assert tr("drill.value.reflections_before_advice", "da", v="3", count=3) == "3 refleksioner"
    assert tr("drill.value.no_taboo_probe", "en", v="1", count=1) == "1 taboo probe"
    assert tr("drill.value.no_taboo_probe", "en", v="2", count=2) == "2 taboo probes"
    # A float in running text is written the reader's way.
    assert "0,5" in tr("practice.busy", "da", name=0.5)
    assert "0.5" in tr("practice.busy", "en", name=0.5)
    assert "inden for 2.5 s" in tr("source.slow", "da", timeout=2.5)  # a placeholder's own spec wins


def test_the_fast_and_the_pure_python_parser_read_the_same_words():
    import yaml

    for lang in ("da", "en"):
        text = (catalogue.HERE / f"{lang}.yaml").read_text(encoding="utf-8")
        assert catalogue._flatten(yaml.load(text, Loader=yaml.SafeLoader)) == entries(lang)


def test_the_old_argument_order_is_refused():
    with pytest.raises(TypeError, match="key comes first"):
        tr("da", "key.hint")


def test_the_catalogue_is_read_once():
    entries.cache_clear()
    for _ in range(50):
        tr("key.hint", "da"), tr("key.hint", "en"), group("report", "en")
    assert entries.cache_info().misses == 2


# -- every key the code asks for exists -------------------------------------------

def _literal_prefix(node) -> str | None:
    """A key given as "a.b" → "a.b"; as f"a.{x}" → the prefix "a." (checked as a prefix)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value + "*"
    return None


def _keys_asked(tree: ast.AST):
    """(key or prefix*, line) for tr("k", …), self.t("k"), drill screens' self.w("k") and Binding descriptions."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        fn = node.func
        name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
        first = node.args[0]
        if name == "tr":
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for opt in options:
                key = _literal_prefix(opt)
                if key is not None:
                    yield key, node.lineno
        elif name in ("say", "_h") and isinstance(fn, ast.Name):  # the command line's words
            key = _literal_prefix(first)
            if key is not None:
                yield ("cli." if name == "say" else "cli.help.") + key, node.lineno
        elif name in ("t", "w") and isinstance(fn, ast.Attribute):
            key = _literal_prefix(first)
            if key is not None:
                yield (key if name == "t" else "drill." + key), node.lineno
        elif name == "Binding" and len(node.args) >= 3:
            key = _literal_prefix(node.args[2])
            if key and key.startswith("key."):
                yield key, node.lineno


def test_every_key_used_in_the_code_exists():
    known = set(entries("da"))
    missing, asked = [], 0
    for path in sorted(PKG.rglob("*.py")):
        for key, line in _keys_asked(ast.parse(path.read_text(encoding="utf-8"))):
            asked += 1
            ok = any(k.startswith(key[:-1]) for k in known) if key.endswith("*") else key in known
            if not ok:
                missing.append(f"{path.relative_to(ROOT)}:{line}: {key}")
    assert asked > 100  # the scan finds the calls (a broken scan must not pass quietly)
    assert missing == []


@pytest.mark.parametrize("template, grp", [("report/templates/report.md.j2", "report"),
                                           ("report/templates/report.html.j2", "report"),
                                           ("report/templates/cohort.md.j2", "report"),
                                           ("report/templates/cohort.html.j2", "report"),
                                           ("report/templates/sheet.html.j2", "report"),
                                           ("tui/help.md.j2", "help"),
                                           ("report/templates/cohort.html.j2", "evening"),
                                           ("report/templates/sheet.html.j2", "evening")])
def test_every_word_a_template_names_exists(template, grp):
    text = (PKG / template).read_text(encoding="utf-8")
    var = "ew" if grp == "evening" else "w"
    names = set(re.findall(rf"\b{var}\.(\w+)", text)) | set(re.findall(rf"\b{var}\[\"([^\"]+)\"\]", text))
    assert names, template
    assert sorted(names - set(group(grp, "da"))) == []


# -- no user-facing words in the front ends' code ----------------------------------------

SCANNED = ["tui", "report", "drills", "cli*.py"]
WORDS_RX = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]")  # two words with a space between: a sentence, a label
MARKUP_RX = re.compile(r"\[[^\]]*\]")  # Textual content markup ("[dim i]$w[/]") is styling, not words
# Exceptions a front end never shows as they are (error_line and the CLI's handler turn them into words).
PROGRAM_ERRORS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "FileNotFoundError", "AssertionError"}
# Explicit exceptions, each with its reason: (file, start of the literal).
ALLOWED = {
    ("report/cohort.py", "cannot be scored ("):
        "a skipped file's reason, in the family of the store's English diagnostics (store/journal.py)",
    ("clierrors.py", "integer string conversion"): "matched against Python's own ValueError text, never shown",
    ("clierrors.py", "Exceeds the limit"): "matched against Python's own ValueError text, never shown",
}
# Whole functions whose output is not the product's words, each with its reason.
ALLOWED_FUNCTIONS: dict[tuple[str, str], str] = {}


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


CSS_CALLS = {"add_class", "remove_class", "set_class", "has_class", "toggle_class"}
REGEX_CALLS = {"compile", "match", "search", "sub", "split", "findall", "fullmatch"}
LOGGERS = {"log", "logger", "logging", "warnings"}


def _call_name(call: ast.Call) -> tuple[str, str]:
    fn = call.func
    if isinstance(fn, ast.Name):
        return "", fn.id
    if isinstance(fn, ast.Attribute):
        owner = fn.value.id if isinstance(fn.value, ast.Name) else ""
        return owner, fn.attr
    return "", ""


def _exempt(node: ast.Constant, parents: dict[int, ast.AST]) -> bool:
    """Literals that are not words for a reader: markup, CSS classes, regexes, program errors, log lines."""
    text = node.value
    if ("<" in text and ">" in text) or '="' in text:  # SVG/HTML markup; its words come from the catalogue
        return True
    up = parents.get(id(node))
    while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
        if isinstance(up, ast.keyword) and up.arg in ("classes", "id"):
            return True
        if isinstance(up, ast.Call):
            owner, name = _call_name(up)
            if name in CSS_CALLS or name in PROGRAM_ERRORS or owner in LOGGERS or (owner == "re" and name in REGEX_CALLS):
                return True
        up = parents.get(id(up))
    return False


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def scanned_files() -> list[Path]:
    return [p for pattern in SCANNED
            for p in (sorted(PKG.glob(pattern)) if pattern.endswith(".py") else sorted((PKG / pattern).rglob("*.py")))]


def _function_of(node: ast.AST, parents: dict[int, ast.AST]) -> str:
    up = parents.get(id(node))
    while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
        up = parents.get(id(up))
    return up.name if up is not None else ""


def user_facing_literals(path: Path, root: Path = PKG) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs, parents, rel = _docstrings(tree), _parents(tree), path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docs:
            continue
        if not WORDS_RX.search(MARKUP_RX.sub("", node.value)) or _exempt(node, parents):
            continue
        if any(rel == f and node.value.startswith(start) for f, start in ALLOWED):
            continue
        if (rel, _function_of(node, parents)) in ALLOWED_FUNCTIONS:
            continue
        found.append(f"{rel}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_user_facing_words_outside_the_catalogue_and_the_templates():
    files = scanned_files()
    assert len(files) > 30
    assert [hit for path in files for hit in user_facing_literals(path)] == []


def test_the_scan_finds_a_sentence_written_into_the_code(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import re\n\ndef f(app, log):\n    """A docstring is fine."""\n'
                      '    app.notify(f"Gemt i mappen {app.x}")\n    app.add_class("line mentee")\n'
                      '    log.debug("read the file")\n    re.compile(r"lad os")\n'
                      '    raise ValueError("bad value here")\n', encoding="utf-8")
    hits = user_facing_literals(sample, tmp_path)
    assert len(hits) == 1 and "Gemt i mappen" in hits[0]


# -- numbers and dates --------------------------------------------------------------

def test_danish_and_english_numbers():
    assert fmt_number(0.3, "da") == "0,3" and fmt_number(0.3, "en") == "0.3"
    assert fmt_number(2.0, "da") == "2" and fmt_number(None, "da") == "–"
    assert fmt_number(1 / 3, "da", 1) == "0,3" and fmt_number(1 / 3, "da") == "0,33"
    assert fmt_fixed(0.3, "da") == "0,30" and fmt_fixed(0.3, "en") == "0.30"
    assert fmt_share(0.45, "da") == "45 %" and fmt_share(0.45, "en") == "45%"
    assert fmt_tick(0.5, "da", True) == "50 %" and fmt_tick(2.25, "da", False) == "2,2"
    assert number_word(2, "da") == "to" and number_word(1, "en") == "one" and number_word(12, "da") == "12"


def test_one_figure_format_for_reports_and_app():
    assert fmt_figure("open_question_share", 0.3, "da") == "30 %"
    assert fmt_figure("agreement_at_end", 1.0, "da") == "ja" and fmt_figure("agreement_at_end", 0, "en") == "no"
    assert fmt_figure("praise_score", 2, "da") == "begrundet" and fmt_figure("praise_score", 0, "en") == "none"
    assert fmt_figure("praise_score", 7, "en") == "7"  # an unknown code stays a number
    assert fmt_figure("steps_covered", ["a", "b"], "da") == "2"
    assert fmt_figure("lix", 31.25, "da") == "31,25" and fmt_figure("lix", None, "da") == "–"


def test_dates():
    assert short_date("2026-12-06T22:10:26") == "06.12.26 22:10"
    assert short_date("not a date at all") == "t a date at al" and short_date(None) == ""
    assert long_date("2026-12-06T22:10:26+01:00") == "2026-12-06 22:10" and long_date("") == ""


def test_catalogue_files_sit_beside_the_module():
    assert {p.name for p in catalogue.HERE.glob("*.yaml")} == {"da.yaml", "en.yaml"}


def test_target_bounds_read_as_words():
    """One place writes a target's bounds: shares in per cent, and no "≥ ja" for a yes/no figure."""
    from simulator.locale.numbers import fmt_bounds

    assert fmt_bounds("open_question_share", 0.5, None, "da") == "≥ 50 %"
    assert fmt_bounds("boundary_flags_total", None, 0, "en") == "≤ 0"
    assert fmt_bounds("reflections", 2, 5, "da") == "≥ 2 ≤ 5"
    assert fmt_bounds("agreement_at_end", 1, None, "da") == ""


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_key_has_a_long_description_for_the_palette(lang):
    # the command palette shows `key.x.long` under each command; a missing one showed raw ids
    # ("key.prev_cited.long") to a user
    import yaml

    keys = yaml.safe_load((PKG / "locale" / f"{lang}.yaml").read_text(encoding="utf-8"))["key"]
    assert [k for k in keys if not k.endswith(".long") and f"{k}.long" not in keys] == []
