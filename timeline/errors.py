"""The one exception users can cause.

Every error a user can provoke (a bad file, a missing date, a wrong option) is raised as a
:class:`TimelineError` whose message says what went wrong, where, and how to fix it. The command
line prints the message without a traceback and exits non-zero.
"""


class TimelineError(Exception):
    """A problem with the user's input or options, with a message fit to show them."""
