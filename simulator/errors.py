"""The one base class for problems a user can fix.

The CLI prints these as one line and exits 2; anything else is a bug. Living in a
module that imports nothing lets `mentor-sim code` start without loading the
scenario models, pydantic or Jinja2.
"""


class UserFacingError(Exception):
    """A message meant for the user, printed as it is."""
