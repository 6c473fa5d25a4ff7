"""The layers, as import-linter contracts (.importlinter): a broken contract fails the suite.

Checked statically over every module of simulator/, including imports inside functions,
so it covers what the runtime hygiene test (test_import_hygiene.py) cannot reach."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_kept():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    out = subprocess.run([exe, "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
    assert "Scoring, engine, coder and text never import the reports KEPT" in out.stdout
