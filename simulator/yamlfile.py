"""Reading trainer-written YAML safely, with line numbers for every field.

Shared by the scenario and drill loaders and the data files of the coder and the scorer
(vocabulary, lexicons, bands, feedback, hints): each must turn any bad file into
`file:line: field: what is wrong` and never let a traceback reach the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from simulator.errors import UserFacingError

MAX_BYTES = 1_000_000  # a scenario is a few KB; a megabyte is a mistake, not a scenario


@dataclass
class Problem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FileProblems(UserFacingError):
    """One or more problems in a user file; str() is ready to print."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (YAML would silently keep the last)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> tuple[dict, yaml.Node]:
    """Return the top-level mapping and its node tree, or raise FileProblems."""
    p = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblems([Problem(p, None, "", f"cannot read the file ({exc.strerror})")]) from None
    if size > MAX_BYTES:
        raise FileProblems([Problem(p, None, "", f"the file is {size:,} bytes; a scenario or drill file may be at most {MAX_BYTES:,}")])
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise FileProblems([Problem(p, None, "", "the file contains NUL bytes: it looks binary, not a YAML text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblems([Problem(p, line, "", "the file is not UTF-8 text")]) from None
    if not text.strip():
        raise FileProblems([Problem(p, 1, "", "the file is empty")])
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = _plain_problem(exc.problem or exc.context or "broken YAML")
        raise FileProblems([Problem(p, line, "", f"broken YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise FileProblems([Problem(p, None, "", f"broken YAML: {exc}")]) from None
    except RecursionError:
        raise FileProblems([Problem(p, None, "", "broken YAML: nested too deeply")]) from None
    except ValueError as exc:  # int() of a number with more than 4,300 digits
        line = _long_number_line(yaml.compose(text, Loader=_UniqueKeyLoader))
        raise FileProblems([Problem(p, line, "", f"a number with more than 4,300 digits is not allowed ({exc})"
                                    .split(" (Exceeds")[0])]) from None
    if data is None or node is None:
        raise FileProblems([Problem(p, 1, "", "the file holds no data (only comments?)")])
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("str", "text").replace("list", "a list")
        raise FileProblems([Problem(p, node.start_mark.line + 1, "",
                                    f"the top level must be a mapping of fields (key: value), not {kind}")])
    return data, node


def _long_number_line(node) -> int | None:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, yaml.ScalarNode):
            if len(cur.value) > 4300 and cur.tag.endswith((":int", ":float")):
                return cur.start_mark.line + 1
        elif isinstance(cur, yaml.MappingNode):
            stack.extend(v for pair in cur.value for v in pair)
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend(cur.value)
    return None


_TAG = re.compile(r"could not determine a constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'")


def _plain_problem(problem: str) -> str:
    """PyYAML's words for the two refusals a trainer may meet, in the trainer's terms."""
    m = _TAG.search(problem)
    if m and m.group(1) == "merge":
        return "merge keys ('<<') are not supported; write the fields out"
    if m:
        return f"the tag '!!{m.group(1)}' is not allowed; a scenario or drill file is plain YAML"
    if "mapping values are not allowed" in problem:
        return (f"{problem}: a text with ': ' in it must be put in quotes (\"Til: ...\"), "
                "or this line is indented further than the field above it")
    if any(k in problem for k in _INDENT_PROBLEMS):
        return (f"{problem}: the indentation is off; fields at one level start in the same column "
                "(count the spaces; no tabs), and a field inside another is indented two more")
    return problem


# PyYAML's words when a line starts in the wrong column.
_INDENT_PROBLEMS = ("expected <block end>", "did not find expected key", "did not find expected '-' indicator")


def line_of(node: yaml.Node, loc: tuple) -> int | None:
    """The 1-based line of the field at `loc` (as pydantic reports it), or the nearest parent."""
    line = node.start_mark.line + 1
    cur = node
    for part in loc:
        nxt = None
        if isinstance(cur, yaml.MappingNode):
            for k, v in cur.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    # for a scalar value the key's line is where the reader looks
                    line = k.start_mark.line + 1
                    nxt = v
                    break
        elif isinstance(cur, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(cur.value):
            nxt = cur.value[part]
            line = nxt.start_mark.line + 1
        if nxt is None:
            break
        cur = nxt
    return line


def field_name(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _key_text(part)
    return out


def _key_text(part) -> str:
    # An empty key, one with spaces around it or a control character would vanish
    # or garble the message: quote it so the reader sees what is there.
    text = str(part)
    if not text.strip() or text != text.strip() or not text.isprintable():
        return repr(text)
    return text


def validation_problems(path: Path, node: yaml.Node, exc: ValidationError, model=None) -> list[Problem]:
    """One problem per pydantic error, in words that say the fix; `model` lets an unknown
    field be matched against the fields allowed at its place ("did you mean ...")."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if err["type"] == "extra_forbidden":
            msg = "unknown field" + _suggest(str(loc[-1]), fields_at(model, loc[:-1]) if model else [])
        elif err["type"] == "missing":
            msg = "required field is missing"
        else:
            msg = _type_words(err) or msg
        problems.append(Problem(str(path), line_of(node, loc), field_name(loc), msg))
    return problems


def _suggest(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if known:
        return f" (check the spelling; the fields here are: {', '.join(known)})"
    return " (check the spelling; see docs/authoring.md)"


def fields_at(model, loc: tuple) -> list[str]:
    """The field names a pydantic model allows at `loc` (list indexes and dict keys stepped over)."""
    import typing

    from pydantic import BaseModel

    def inner(tp):
        # Optional[X], list[X], dict[str, X] -> X; a model stays itself
        while True:
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                return tp
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if not args:
                return None
            tp = args[-1]

    cur = model
    for part in loc:
        if cur is None:
            return []
        if isinstance(part, int) or part not in cur.model_fields:
            continue  # a list index or a dict key (reactions: default: ...)
        cur = inner(cur.model_fields[part].annotation)
    return sorted(cur.model_fields) if cur is not None else []


def _type_words(err: dict) -> str | None:
    """The expected type in words, with what was written, for the errors trainers make."""
    kind, value = err["type"], err.get("input")
    shown = f"not {value!r}" if isinstance(value, (str, int, float, bool)) else ""
    if kind in ("bool_parsing", "bool_type"):
        return f"write true or false, {shown}".rstrip(", ")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"write a whole number, {shown}".rstrip(", ")
    if kind in ("float_parsing", "float_type"):
        return f"write a number (a decimal point, e.g. 0.5), {shown}".rstrip(", ")
    if kind == "string_type":
        if isinstance(value, dict):  # `- Til mentor: hej` reads as a field, not a line
            return "write a text; it contains ': ', so put the whole line in quotes (\"Til mentor: hej\")"
        return f"write a text (in quotes if it looks like a number, yes/no or a date), {shown}".rstrip(", ")
    if kind == "list_type":
        return "write a list: one '- item' per line under the field"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write fields under it (key: value), each on its own line and indented two spaces"
    return None


try:  # libyaml parses a large data file (a lexicon) about ten times faster
    _FastLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _FastLoader = yaml.SafeLoader


def _fast_read(path: Path) -> tuple[dict, yaml.Node] | None:
    """The mapping and its node tree from one libyaml pass, or None when anything is off
    (broken YAML, a duplicate key, not a mapping): `read_yaml` then says what, by line."""
    try:
        loader = _FastLoader(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or _has_duplicate_key(node):
        return None
    return data, node


def _has_duplicate_key(node: yaml.Node) -> bool:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, yaml.MappingNode):
            keys = [k.value for k, _ in cur.value if isinstance(k, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                return True
            stack.extend(v for _, v in cur.value)
        elif isinstance(cur, yaml.SequenceNode):
            stack.extend(cur.value)
    return False


def load_model(path: Path, model, checks=None):
    """A data file read into the pydantic `model`, or FileProblems naming file, line and field.

    `checks(obj)` may return cross-field problems as (location, message) pairs, located
    like pydantic's (("tags", "pity", "codes", 0), "unknown code 'x'")."""
    return _checked(path, model, checks)[1]


def load_checked(path: Path, model, checks=None) -> dict:
    """The file's mapping as written, once `model` (and `checks`) found nothing wrong: for
    data read as plain mappings by many modules (bands, feedback, hints)."""
    return _checked(path, model, checks)[0]


def _checked(path: Path, model, checks):
    data, node = _fast_read(path) or read_yaml(path)
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        raise FileProblems(validation_problems(path, node, exc, model)) from None
    found = list(checks(obj)) if checks else []
    if found:
        raise FileProblems([Problem(str(path), line_of(node, loc), field_name(loc), msg) for loc, msg in found])
    return data, obj


def located(path: Path, loc: tuple, message: str) -> Problem:
    """A problem found after loading (a pattern that does not compile), placed by its field path."""
    _data, node = _fast_read(path) or read_yaml(path)
    return Problem(str(path), line_of(node, loc), field_name(loc), message)


def unknown(kind: str, name, known) -> str:
    """"unknown code 'open_questoin' (did you mean 'open_question'?)": a misspelt word of a list."""
    import difflib

    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
    return f"unknown {kind} {name!r} ({hint})"
