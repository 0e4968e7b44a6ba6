"""timeline: dated events from news articles.

documents -> sentences -> mentions (tagger) -> timexes (resolver) -> events -> DataFrame -> outputs

>>> import timeline
>>> [t.value for t in timeline.tag("They met on Tuesday.", "2017-09-27")]
['2017-09-26']
"""
from .errors import TimelineError
from .tagger import tag
from .timex import Timex

__all__ = ["TimelineError", "Timex", "tag", "extract", "plot"]
__version__ = "0.1.0"


def extract(*args, **kwargs):
    """Read articles and return their dated events as a pandas DataFrame (see :func:`timeline.runner.extract`)."""
    from .runner import extract as _extract
    return _extract(*args, **kwargs)


def plot(*args, **kwargs):
    """Draw an events DataFrame on a matplotlib figure (see :func:`timeline.picture.plot`)."""
    from .picture import plot as _plot
    return _plot(*args, **kwargs)
