"""Input generators shared by the fuzz tests and `scripts/fuzz.py`.

Hypothesis strategies for what a trainee may type (any Unicode, right-to-left
text, emoji, control characters, ANSI escapes, template syntax) and for what a
trainer may write (random YAML, mutations of the shipped scenarios and drills),
plus the checks every rejection must pass. Kept beside the tests so the suite
and the long run outside it exercise the same generators.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml
from hypothesis import strategies as st

from simulator.coding.coder import MAX_SEGMENTS
from simulator.scenario.models import CODES, TAGS
from simulator.yamlfile import FileProblems

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
DRILL_FILES = sorted((ROOT / "scenarios" / "drills").glob("*.yaml"))

# -- what a trainee types ---------------------------------------------------------------

FRAGMENTS = [
    "Hej", "Hvad tænker du selv?", "Så du savner dit arbejde.", "Du skal bare", "f.eks.", "kl. 10", "3. maj",
    "Er det ok, at jeg spørger?", "How do you feel about that?", "So you miss your work.", "...", "…", "?", "!",
    ".", ",", " ", "\n", "\r\n", "\t", "مرحبا، كيف حالك؟", "שלום, מה שלומך?", "\u202eevil\u202c", "\u2066x\u2069",
    "👍🏽", "👨‍👩‍👧", "🇩🇰", "\u200b", "\ufeff", "\x00", "\x07", "\x1b[31m", "\x1b[2J", "\x1b]0;title\x07", "\x7f",
    "\u2028", "\u0085", "{{ ''.__class__ }}", "{% include '/etc/passwd' %}", "\\", '"', "'", "ǅ", "İ", "ß", "ﬁ",
    "Z̴̡̪a̶͔l̸g̵o̷", "ＡＢＣ", "𝔥𝔢𝔧", "\ud800", "\udcff",
]

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)  # surrogates and controls included
mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map("".join)
mentor_text = st.one_of(any_text, mixed_text)


# -- what a trainer writes ------------------------------------------------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(max_size=30), st.sampled_from(["A1", "da", "en", "afklaring", "default", "0.5",
                                                                "{{ name }}", "{{ ''.__class__ }}"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.text(max_size=12), st.integers()), inner,
                                                 max_size=5)), max_leaves=30)

# Values a mutation may put where a field was.
REPLACEMENTS = [None, True, False, 0, -1, 7, 10**30, 1e308, float("nan"), float("inf"), -0.5, 1.5, "", " ",
                "x" * 5000, "A5", "xx", "😀" * 50, "\x1b[31mred", [], {}, [1, 2], {"a": 1}, [[[]]], "2024-01-01",
                "{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}", "{% include '/etc/passwd' %}",
                "{{ 'a' * 10**9 }}", "{{ persona.nope }}", "../../etc/passwd"]
JUNK = [":", "- ", "\t", "{", "}", "[", "]", "&a ", "*a", "*nope", "!!python/object:os.system ", "!!binary x",
        "\n", "'", '"', "%", "@", "`", "? ", "\ufeff", "\x85", "\u2028", "<<: *a\n", "--- \n", "...\n", "#",
        "|", ">", "\x00", "\x1b[0m", "\\", "key: value\n", "  nested: [\n", "{{", "{%"]


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


def _get(obj, path):
    for part in path:
        obj = obj[part]
    return obj


@st.composite
def mutated_data(draw, texts: list[str]):
    """A shipped file's data with 1-4 structural mutations (delete, duplicate, retype, renumber, add junk)."""
    data = copy.deepcopy(yaml.safe_load(draw(st.sampled_from(texts))))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(data))[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _get(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["delete", "retype", "renumber", "duplicate", "junk_key", "nest"]))
        if op == "delete":
            del parent[key]
        elif op == "retype":
            parent[key] = copy.deepcopy(draw(st.sampled_from(REPLACEMENTS)))
        elif op == "renumber":
            v = parent[key]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                parent[key] = draw(st.sampled_from([-v, v * 1000, v + 0.5, 0, -1e9, v + 1]))
            else:
                parent[key] = draw(st.one_of(st.integers(), st.floats()))
        elif op == "duplicate":
            if isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
            else:
                parent[f"{key}_copy"] = copy.deepcopy(parent[key])
        elif op == "junk_key":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(["junk", "Persona", "__class__", 1, None, True]))] = draw(yaml_values)
        elif op == "nest":
            parent[key] = {"value": parent[key]}
    return data


@st.composite
def mutated_text(draw, texts: list[str]):
    """A shipped file's text with 1-5 textual mutations (junk inserted, bytes deleted, truncated, a line doubled)."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "truncate", "double_line"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(JUNK)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif op == "truncate":
            text = text[:at]
        else:  # a duplicated line duplicates a key
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    return text


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def yaml_document(texts: list[str]):
    """Any of: random YAML, a structurally mutated shipped file, a textually mutated one."""
    return st.one_of(yaml_values.map(dump), mutated_data(texts).map(dump), mutated_text(texts))


def write_case(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


_WHAT = re.compile(r"broken YAML|not UTF-8|NUL bytes|empty|no data|top level|at most|looks like|"
                   r"cannot read|template", re.I)


def check_rejection(exc: FileProblems, path: Path) -> None:
    """A rejection must name the file, and each problem a field or what kind of problem it is."""
    assert exc.problems, "FileProblems without problems"
    text = str(exc)
    assert "Traceback" not in text
    assert re.search(r" at 0x[0-9a-f]+>", text) is None, f"a Python repr leaked into the message: {text}"
    for problem in exc.problems:
        assert problem.path == str(path), problem
        assert str(problem).startswith(str(path)), problem
        assert problem.message.strip(), problem
        assert problem.field or _WHAT.search(problem.message), f"neither a field nor a kind: {problem}"
        assert problem.line is None or problem.line >= 1, problem


# -- checks shared by the tests and the long run ------------------------------------------

KNOWN_CODES = set(CODES) | {"pause"}


def check_coded(turn, text: str) -> None:
    """A coded turn is well-formed whatever the text was."""
    import json

    assert turn.text == text
    assert turn.segments, "a turn has at least one segment"
    assert len(turn.segments) <= MAX_SEGMENTS
    assert turn.primary in KNOWN_CODES
    for seg in turn.segments:
        assert seg.code in KNOWN_CODES
        assert set(seg.tags) <= set(TAGS)
    json.dumps(turn.to_dict(), ensure_ascii=False)


def use_session_file(text: str, path: Path) -> None:
    """A session file is refused naming the file, or every reader of sessions can use it."""
    from simulator.report.plain import format_turn
    from simulator.scoring import score_session
    from simulator.store.sessions import StoreError, load_session_file
    from simulator.locale.numbers import short_date
    from simulator.tui.present import step_states

    try:
        from simulator.report.formats import session_report
    except ImportError:  # the report package is another engineer's
        session_report = None

    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        session = load_session_file(path)
    except StoreError as exc:
        assert str(path) in str(exc)
        return
    card = score_session(session, None, session.language)  # what the history screen does for every row
    assert 0 <= card.overall <= 100
    short_date(session.started)
    step_states(session.turns)
    for turn in session.turns:
        format_turn(turn, "Rania", session.language)
    if session_report is not None:  # `mentor-sim report` reads the same files
        for fmt in ("md", "json"):
            session_report(session, fmt=fmt, find_scenario=False)


TEMPLATE_TOKENS = ["{{", "}}", "{%", "%}", "{#", "#}", " ", "name", "persona", "trainee", "facts", ".",
                   "__class__", "__init__", "__globals__", "_x", "|", "upper", "attr", "format", "center",
                   "default", "(", ")", "[", "]", "'x'", "'__class__'", "1", "10", "*", "**", "+", "~", "if",
                   "else", "endif", "for", "in", "endfor", "include", "import", "set", "=", "cycler", "lipsum",
                   "range", "self", "namespace", "or", "and", "not", ",", "age", "'/etc/passwd'", "raw", "endraw",
                   "-", "\n", "job", "'job'", "origin", "join", "length", "is", "defined", "none", "==", "!="]
template_text = st.lists(st.sampled_from(TEMPLATE_TOKENS), max_size=25).map("".join)
LEAKS = re.compile(r"root:|/bin/(?:ba)?sh|<class|<function|<module|__builtins__|<TemplateReference|environ\(|"
                   r"PATH=|HOME=|uid=", re.I)


def check_template_case(template: str) -> None:
    """A scenario line is refused with a clear message, or renders harmlessly in every context."""
    from simulator.text.templates import TemplateRefused, check_scenario_template, render, render_line, \
        scenario_context

    persona = {"name": "Rania", "age": 34, "origin": "Syrien"}
    contexts = [scenario_context(persona, {"job": "Jeg var sygeplejerske."}, t) for t in ("", "Mentor")]
    try:
        check_scenario_template(template, contexts)
    except TemplateRefused as exc:
        assert str(exc).startswith(("template refused", "template error")), str(exc)
        assert not LEAKS.search(str(exc)), str(exc)
        return
    for ctx in contexts:
        out = render(template, ctx)
        assert len(out) <= 50 * (len(template) + 100)
        assert not LEAKS.search(out), out
    # During a rehearsal fewer facts may be told: never an exception then either.
    render_line(template, scenario_context(persona, {}, ""))


def saved_session_texts() -> list[str]:
    """Two real sessions as saved (Danish and English; with a pause, an undo and a mark), as JSON text."""
    import json

    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario

    out = []
    for name, lines in (("first-meeting", ["Hej Rania.", "Du er vist træt i dag.", "", "Hvad tænker du selv?",
                                           "Er det ok, at jeg giver et råd? Du kunne spørge din leder."]),
                        ("first-meeting-en", ["Hello.", "So you miss your work.", "What do you think?"])):
        r = Rehearsal(load_scenario(ROOT / "scenarios" / f"{name}.yaml"), trainee="Ida", seed=2)
        for line in lines:
            r.take_turn(line)
        r.undo()
        r.take_turn(lines[-1])
        r.mark_wrong(1, 0, "refleksion")
        out.append(json.dumps(r.session.to_dict(), ensure_ascii=False, indent=2))
    return out


def session_documents(texts: list[str]):
    import json

    return st.one_of(mutated_data(texts).map(lambda d: json.dumps(d, ensure_ascii=False)), mutated_text(texts))
