"""Small enough to read: every module of simulator/ at most 450 lines, every function at most 60.

A long function hides its steps; a long module its subject. Both limits count every line
(docstrings and comments too), the way a reader meets them."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60

def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _long_functions() -> dict[str, int]:
    """'path:name' -> lines, for every function (methods and nested ones too) over the limit."""
    found = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - first + 1
                if lines > MAX_FUNCTION_LINES:
                    found[f"{path.relative_to(PACKAGE).as_posix()}:{node.name}"] = lines
    return found


def test_no_module_over_the_limit():
    long = {path.relative_to(PACKAGE).as_posix(): n for path in _modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_over_the_limit():
    over = _long_functions()
    assert over == {}, f"functions over {MAX_FUNCTION_LINES} lines: {over}"


def test_the_check_finds_a_long_function(tmp_path, monkeypatch):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def too_long():\n{body}\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    assert _long_functions() == {"long.py:too_long": MAX_FUNCTION_LINES + 1}
