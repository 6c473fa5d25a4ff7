"""What a trainee reads when something fails under the app: one line in the interface language.

Never an exception's class name or a traceback. A problem the user can fix
(`UserFacingError`: a model folder that is missing, a server that is down) and a
backend's own message are shown as written, on one line; a full disk, a folder
without permission, a timeout or a lost connection get the app's own words; an
exception without words (or a KeyError's bare key) is "an unexpected error".
Pure Python: no textual import.
"""

from __future__ import annotations

import errno

from simulator.errors import UserFacingError
from simulator.locale import tr

_OS_KEYS = {
    errno.ENOSPC: "error.disk_full",
    errno.EDQUOT: "error.disk_full",
    errno.EACCES: "error.no_permission",
    errno.EPERM: "error.no_permission",
    errno.EROFS: "error.no_permission",
}


def error_line(lang: str, exc: BaseException) -> str:
    """One line that says what went wrong, in `lang`, without naming the exception's class."""
    if isinstance(exc, TimeoutError):
        return tr("error.timeout", lang)
    if isinstance(exc, ConnectionError):
        return tr("error.connection", lang)
    if isinstance(exc, OSError):
        key = _OS_KEYS.get(exc.errno or 0)
        return tr(key, lang) if key else tr("error.os", lang, path=exc.filename or "?")
    if isinstance(exc, MemoryError):
        return tr("error.memory", lang)
    # A user's problem (UserFacingError, in `lang` when its words are the catalogue's) or a backend's
    # own words ("the model folder is empty"): on one line; a bare exception without words is "unexpected".
    if isinstance(exc, UserFacingError):
        text = exc.text(lang)
    else:
        text = str(exc) if not isinstance(exc, KeyError) else ""
    text = " ".join(text.split())
    return text or tr("error.unexpected", lang)
