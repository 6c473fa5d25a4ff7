"""The one base class for problems a user can fix.

The CLI prints these as one line and exits 2; anything else is a bug. Living in a
module that imports nothing lets `mentor-sim code` start without loading the
scenario models, pydantic or Jinja2.
"""


class UserFacingError(Exception):
    """A message meant for the user, printed as it is.

    Made with ``SomeError.of(key, **values)`` its words are the locale catalogue's
    ``<GROUP>.<key>`` (simulator/locale): ``text(lang)`` in the reader's language, ``str()``
    in English (logs, and tests that match the English words).
    """

    GROUP = ""  # the catalogue group of this error's keyed messages

    def __init__(self, message: str = "", key: str | None = None, values: dict | None = None):
        super().__init__(message)
        self.key, self.values = key, dict(values or {})

    @classmethod
    def of(cls, key: str, **values):
        from simulator.locale import tr  # lazy: this module imports nothing at start (see above)

        return cls(tr(f"{cls.GROUP}.{key}", "en", **values), key, values)

    def text(self, lang: str) -> str:
        """The message in the reader's language `lang`; one written in a single language is shown as it is."""
        if self.key is None:
            return str(self)
        from simulator.locale import tr

        return tr(f"{self.GROUP}.{self.key}", lang, **self.values)


class SaveFailed(UserFacingError):
    """A session could not be written (disk full, read-only folder, ...); nothing was recorded.

    `path` is the file, `error` the OSError; the message names both and the fix.
    """

    def __init__(self, message: str, path=None, error: OSError | None = None):
        super().__init__(message)
        self.path = path
        self.error = error
