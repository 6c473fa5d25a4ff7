"""Environment errors in the user's words: which file, what went wrong, what to do.

A full disk, a read-only folder or a save folder that is a file used to end as
"unexpected error" (exit 70). They are the user's to fix, so each becomes one
line naming the file and the fix, and the CLI exits 2. The same words are used
by the store (a failed save) and by the terminal app. No imports beyond the
standard library: `mentor-sim code` must stay quick to start.
"""

from __future__ import annotations

import errno

_FIXES = {
    errno.ENOSPC: "the disk is full; free some space, or use --save-dir DIR on another disk, or --no-save",
    errno.EDQUOT: "your disk quota is used up; free some space, or use --save-dir DIR elsewhere, or --no-save",
    errno.EROFS: "the folder is read-only; use --save-dir DIR (a folder you can write to) or --no-save",
    errno.EACCES: "no permission; use --save-dir DIR (a folder you can write to) or --no-save",
    errno.EPERM: "no permission; use --save-dir DIR (a folder you can write to) or --no-save",
    errno.ENOTDIR: "a file stands where a folder should be; give --save-dir a folder, or move the file",
    errno.EEXIST: "a file stands where a folder should be; give --save-dir a folder, or move the file",
    errno.EISDIR: "a folder stands where a file should be; give the path of a file",
    errno.ENOENT: "no such file or folder; check the path",
    errno.ENAMETOOLONG: "the path is too long; use a shorter --save-dir",
    errno.EIO: "the disk reported an input/output error; try another disk with --save-dir DIR",
}


def fix_for(exc: OSError) -> str:
    return _FIXES.get(exc.errno, "check the path and the disk, or use --save-dir DIR or --no-save")


def os_error_line(exc: OSError, path=None) -> str:
    """`FILE: what happened; what to do` for an OSError (without the program name)."""
    where = path or exc.filename or "?"
    what = exc.strerror or type(exc).__name__
    return f"{where}: {what}; {fix_for(exc)}"


def value_error_line(exc: ValueError) -> str | None:
    """A ValueError a user file can cause, in words; None for anything else (a bug)."""
    text = str(exc)
    if "integer string conversion" in text or "Exceeds the limit" in text:
        return ("a number in a file has more than 4,300 digits; no field takes such a number "
                "(fix the file, or run `mentor-sim validate` on it to find the line)")
    return None
