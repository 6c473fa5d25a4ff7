"""Environment errors in the user's words: which file, what went wrong, what to do.

A full disk, a read-only folder or a save folder that is a file used to end as
"unexpected error" (exit 70). They are the user's to fix, so each becomes one
line naming the file and the fix, and the CLI exits 2. The same words are used
by the store (a failed save) and by the terminal app. The words are the locale
catalogue's (group cli); it is read only when a line is needed.
"""

from __future__ import annotations

import errno

from simulator.cli_language import current
from simulator.locale.catalogue import tr

# Each errno's fix, by its key in the catalogue (group cli.fix).
_FIXES = {
    errno.ENOSPC: "disk_full", errno.EDQUOT: "quota", errno.EROFS: "read_only",
    errno.EACCES: "no_permission", errno.EPERM: "no_permission",
    errno.ENOTDIR: "file_for_folder", errno.EEXIST: "file_for_folder", errno.EISDIR: "folder_for_file",
    errno.ENOENT: "no_such_path", errno.ENAMETOOLONG: "path_too_long", errno.EIO: "io_error",
}


def fix_for(exc: OSError) -> str:
    return tr(f"cli.fix.{_FIXES.get(exc.errno, 'other')}", current())


def os_error_line(exc: OSError, path=None) -> str:
    """`FILE: what happened; what to do` for an OSError (without the program name)."""
    where = path or exc.filename or "?"
    what = exc.strerror or type(exc).__name__
    return f"{where}: {what}; {fix_for(exc)}"


def value_error_line(exc: ValueError) -> str | None:
    """A ValueError a user file can cause, in words; None for anything else (a bug)."""
    text = str(exc)
    if "integer string conversion" in text or "Exceeds the limit" in text:
        return tr("cli.big_number", current())
    return None
