"""The core never imports the UI; the scripted path never imports torch or transformers.

Every module but the UI and the model backend is imported, one by one, in a fresh interpreter."""

import subprocess
import sys

# Every module of the package but the UI (simulator.tui) and the one deliberate door to the
# model (mentee.transformers_backend, imported lazily by the factory when --mentee model is chosen).
_WALK = """
import importlib, pkgutil, sys
import simulator
BAD = ('textual', 'rich', 'torch', 'transformers', 'numpy', 'sklearn')
SKIP = ('simulator.tui', 'simulator.mentee.transformers_backend', 'simulator.__main__')
names = sorted(m.name for m in pkgutil.walk_packages(simulator.__path__, 'simulator.'))
names = [n for n in names if not n.startswith(SKIP)]
for name in names:
    importlib.import_module(name)
    bad = [m for m in BAD if m in sys.modules]
    if bad:
        print(f'{name} pulled in {bad}')
        break
print(f'checked {len(names)}')
"""


def test_every_core_module_imports_no_ui_and_no_model():
    out = subprocess.run([sys.executable, "-c", _WALK], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checked"), lines
    assert int(lines[0].split()[1]) > 80  # the walk found the package (101 modules today), not an empty tree


def test_scripted_rehearsal_never_loads_torch(tmp_path):
    code = ("import sys\n"
            "from simulator.cli import main\n"
            f"main(['rehearse', 'first-meeting', '--script', {str(tmp_path / 's.txt')!r}, '--json', '--no-save'])\n"
            "print('LOADED', [m for m in ('torch', 'transformers', 'textual') if m in sys.modules], file=sys.stderr)")
    (tmp_path / "s.txt").write_text("Hvad tænker du selv?\n...\nLad os aftale det.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in out.stderr
