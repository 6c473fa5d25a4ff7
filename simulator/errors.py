"""The one base class for problems a user can fix.

The CLI prints these as one line and exits 2; anything else is a bug. Living in a
module that imports nothing lets `mentor-sim code` start without loading the
scenario models, pydantic or Jinja2.
"""


class UserFacingError(Exception):
    """A message meant for the user, printed as it is."""

    def text(self, lang: str) -> str:
        """The message in the reader's language `lang`; one written in a single language is shown as it is."""
        return str(self)


class SaveFailed(UserFacingError):
    """A session could not be written (disk full, read-only folder, ...); nothing was recorded.

    `path` is the file, `error` the OSError; the message names both and the fix.
    """

    def __init__(self, message: str, path=None, error: OSError | None = None):
        super().__init__(message)
        self.path = path
        self.error = error
