"""The tagger: find temporal expressions in text and hand them to the resolver.

The rules of :mod:`timeline.grammar.rules` are compiled once. A cheap trigger scan first tells
whether the text can hold a temporal expression at all (a digit or a temporal word); then every
rule is matched and the longest non-overlapping matches are kept (on equal length the earlier
rule wins). The resolver turns each match into a TIMEX3 :class:`~timeline.timex.Timex`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .grammar.rules import RULES, Rule, compiled_rules
from .timex import Timex


@dataclass(frozen=True, slots=True)
class Mention:
    """A match of one rule: the span and the named groups the resolver reads."""
    start: int
    end: int
    text: str
    rule: Rule
    groups: dict


# Words without which no rule can match (besides digits). Kept broad: a miss here is a miss
# everywhere, so every rule's first word must be covered.
_TRIGGER = re.compile(
    r"\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
    r"|today|tonight|tomorrow|yesterday|now|recent|late|soon|current|present|past|future"
    r"|second|minute|hour|day|night|week|month|quarter|year|decade|centur|season|spring|summer"
    r"|autumn|fall|winter|morning|afternoon|evening|noon|midnight|christmas|easter|thanksgiving"
    r"|halloween|eve|fiscal|annual|daily|weekly|nightly|hourly|once|twice|thrice|half|moment"
    r"|ties|fties|nties|ahead|coming|earlier|fy|q[1-4]|nineteen|twenty)"
)


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[Rule, re.Pattern]]:
    return [(rule, re.compile(pattern)) for rule, pattern in compiled_rules()]


def find_mentions(text: str) -> list[Mention]:
    """All rule matches in ``text``, longest first without overlaps, in text order."""
    if not _TRIGGER.search(text):
        return []
    candidates = []
    for order, (rule, pattern) in enumerate(_compiled()):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start() - m.end(), order, m.start(), m, rule))
    candidates.sort(key=lambda c: (c[0], c[2], c[1]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for _, _, start, m, rule in candidates:
        end = m.end()
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        groups = {k: val for k, val in m.groupdict().items() if val is not None}
        chosen.append(Mention(start, end, m.group(), rule, groups))
    chosen.sort(key=lambda mention: mention.start)
    return chosen


def tag(text: str, date: dt.date | str, *, mode: str = "news") -> list[Timex]:
    """Find and resolve the temporal expressions in ``text`` against the publication ``date``.

    ``date`` is a :class:`datetime.date` or an ISO string (``"2017-09-27"``).

    >>> [(t.text, t.value) for t in tag("He left on Tuesday.", "2017-09-27")]
    [('Tuesday', '2017-09-26')]
    """
    from .resolver import resolve_all

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    elif isinstance(date, dt.datetime):
        date = date.date()
    return resolve_all(text, find_mentions(text), date, mode=mode)
