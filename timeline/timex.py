"""A resolved temporal expression and what its TIMEX3 value means on a calendar.

A :class:`Timex` is the tagger's and resolver's product: a span of the input text with its TIMEX3
``type``, ``value`` and ``mod``. :func:`interval` turns a value into the half-open interval of days
it covers and its granularity, so that ``2017-08`` spans 2017-08-01 to 2017-09-01 and keeps the
granularity ``month``. Vague values (``PAST_REF``), durations and sets have no interval.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Timex:
    start: int          # character offset of the first character in the input text
    end: int            # offset one past the last character
    text: str
    type: str           # DATE, TIME, DURATION or SET
    value: str          # TIMEX3 value, see shared reference timex3.md
    mod: str | None = None
    rule: str = ""      # name of the grammar rule that found it (for `timeline tag` and debugging)

    def as_dict(self) -> dict:
        return asdict(self)


class _Unfrozen:
    """Timex's slots, same names in the same order, without the frozen ``__setattr__``: an object
    built here takes the class Timex once its slots are set (the layouts are the same)."""
    __slots__ = Timex.__slots__


def make_timex(start: int, end: int, text: str, type: str, value: str, mod: str | None, rule: str) -> Timex:
    """``Timex(start, end, text, type, value, mod, rule)``, its slots set directly: the frozen
    dataclass's ``__init__`` makes one ``object.__setattr__`` call per field, which costs the
    resolver about half of what building a Timex costs. The slots are set as plain attributes of
    an :class:`_Unfrozen` (no call each), then the object becomes a Timex (one call). The same
    object (a test compares them)."""
    timex = _NEW(_Unfrozen)
    timex.start = start
    timex.end = end
    timex.text = text
    timex.type = type
    timex.value = value
    timex.mod = mod
    timex.rule = rule
    _SET_CLASS(timex, Timex)
    return timex


_NEW = object.__new__
_SET_CLASS = object.__dict__["__class__"].__set__


_SEASON_MONTHS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}
_PART_OF_DAY_HOURS = {"MO": (6, 12), "MI": (11, 13), "AF": (12, 18), "EV": (18, 22), "NI": (21, 30), "DT": (8, 18)}

_VALUE = re.compile(
    r"""^(?:
      (?P<century>\d{2})
    | (?P<decade>\d{3})X?
    | (?P<year>\d{4})
      (?: -(?P<month>\d{2}) (?: -(?P<day>\d{2}) (?: T(?: (?P<hour>\d{2}) (?::(?P<minute>\d{2}))? | (?P<pod>MO|MI|AF|EV|NI|DT) ) )? )?
        | -Q(?P<quarter>[1-4])
        | -H(?P<half>[12])
        | -(?P<season>SP|SU|FA|WI)
        | -W(?P<week>\d{2})(?P<weekend>-WE)?
      )?
    )$""",
    re.VERBOSE,
)


_UNKNOWN_DAY = re.compile(r"(\d{4})(?:-(\d\d)-XX|-XX-XX|-XX)$")   # 1998-10-XX, 1940-XX-XX, 1940-XX


def _month_start(year: int, month: int) -> dt.date:
    """First day of ``month`` (which may run past 12) in ``year``."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _month_end(year: int, month: int) -> dt.datetime:
    """The start of ``month`` (which may run past 12) as the end of an interval; past the
    calendar's last year, the largest instant there is."""
    if year + (month - 1) // 12 > 9999:
        return dt.datetime.max
    return _dt(_month_start(year, month))


@functools.lru_cache(maxsize=4096)   # a corpus repeats its values (each day of its week, ...)
def interval(value: str) -> tuple[dt.datetime, dt.datetime, str] | None:
    """Return ``(start, end, granularity)`` for a dated TIMEX3 value, else ``None``.

    The interval is half-open: ``end`` is the first instant after the period.

    >>> interval("2017-08")[:2]
    (datetime.datetime(2017, 8, 1, 0, 0), datetime.datetime(2017, 9, 1, 0, 0))
    >>> interval("2018-H1")[2]
    'half'
    >>> interval("PAST_REF") is None
    True

    A day whose digits are unknown falls in the period that is known ("the next day" after "in
    October 1998" is ``1998-10-XX``): that month, or that year.

    >>> interval("1998-10-XX")[2], interval("1940-XX-XX")[2]
    ('month', 'year')
    """
    known = _UNKNOWN_DAY.match(value) if value and value.endswith("-XX") else None
    if known:
        value = known[1] + (f"-{known[2]}" if known[2] else "")
    m = _VALUE.match(value or "")
    if not m:
        return None
    g = m.groupdict()
    try:
        if g["century"]:
            y = int(g["century"]) * 100
            return _dt(dt.date(y or 1, 1, 1)), _dt(dt.date(y + 100, 1, 1)) if y + 100 <= 9999 else dt.datetime.max, "century"
        if g["decade"]:
            y = int(g["decade"]) * 10
            return _dt(dt.date(y or 1, 1, 1)), (_dt(dt.date(y + 10, 1, 1)) if y + 10 <= 9999 else dt.datetime.max), "decade"
        year = int(g["year"])
        if year == 0:
            return None
        if g["quarter"]:
            q = int(g["quarter"])
            return _dt(_month_start(year, 3 * q - 2)), _month_end(year, 3 * q + 1), "quarter"
        if g["half"]:
            h = int(g["half"])
            return _dt(_month_start(year, 6 * h - 5)), _month_end(year, 6 * h + 1), "half"
        if g["season"]:
            a, b = _SEASON_MONTHS[g["season"]]
            return _dt(_month_start(year, a)), _month_end(year, b), "season"
        if g["week"]:
            week = int(g["week"])
            monday = dt.date.fromisocalendar(year, week, 1)
            if g["weekend"]:
                return _dt(monday + dt.timedelta(days=5)), _dt(monday + dt.timedelta(days=7)), "weekend"
            return _dt(monday), _dt(monday + dt.timedelta(days=7)), "week"
        if not g["month"]:
            return _dt(dt.date(year, 1, 1)), _dt(dt.date(year + 1, 1, 1)) if year < 9999 else dt.datetime.max, "year"
        month = int(g["month"])
        if not 1 <= month <= 12:
            return None     # "1998-13" is no month (_month_start would carry it into 1999)
        if not g["day"]:
            start = _month_start(year, month)
            return _dt(start), _month_end(year, month + 1), "month"
        day = dt.date(year, month, int(g["day"]))
        if g["hour"]:
            hour = int(g["hour"])
            minute = int(g["minute"] or 0)
            t = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour, minutes=minute)
            step = dt.timedelta(minutes=1) if g["minute"] else dt.timedelta(hours=1)
            return t, t + step, "time"
        if g["pod"]:
            a, b = _PART_OF_DAY_HOURS[g["pod"]]
            base = dt.datetime.combine(day, dt.time())
            return base + dt.timedelta(hours=a), base + dt.timedelta(hours=b), "part of day"
        # the last day of the calendar ends at the largest instant there is
        return _dt(day), (_dt(day + dt.timedelta(days=1)) if day < dt.date.max else dt.datetime.max), "day"
    except (ValueError, OverflowError):
        return None


def _dt(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time())
