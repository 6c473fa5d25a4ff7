"""The core never imports the UI; the scripted path never imports torch or transformers."""

import subprocess
import sys

import pytest

CORE = ["simulator.scenario", "simulator.coding", "simulator.coding.evaluation",
        "simulator.coding.learned", "simulator.engine.rehearsal",
        "simulator.scoring", "simulator.store", "simulator.report.plain", "simulator.mentee.scripted", "simulator.engine.hints",
        "simulator.cli"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_and_no_model(module):
    code = (f"import sys, {module}\n"
            "bad = [m for m in ('textual', 'rich', 'torch', 'transformers', 'numpy', 'sklearn') if m in sys.modules]\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


def test_scripted_rehearsal_never_loads_torch(tmp_path):
    code = ("import sys\n"
            "from simulator.cli import main\n"
            f"main(['rehearse', 'first-meeting', '--script', {str(tmp_path / 's.txt')!r}, '--json', '--no-save'])\n"
            "print('LOADED', [m for m in ('torch', 'transformers', 'textual') if m in sys.modules], file=sys.stderr)")
    (tmp_path / "s.txt").write_text("Hvad tænker du selv?\n...\nLad os aftale det.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in out.stderr
