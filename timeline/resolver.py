"""The resolver: turn a rule match into a TIMEX3 type, value and modifier.

Each rule names a *kind*; :data:`KINDS` maps the kind to the function that normalises it. The
functions read the match's named groups and a :class:`Context`: the reference date (the
publication date in news; in narrative text the last date mentioned), the last resolved date
(for "the next day", "two days later"), and the tense of the clause (for bare weekdays and
months). Values keep their granularity: "last month" is ``2017-08``, never a day.
A function returns ``None`` to reject a match that the pattern alone could not rule out
("May" the verb).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .grammar import vocabulary as voc
from .tagger import Mention
from .tense import FUTURE, PAST, PRESENT, tense_at
from .timex import Timex, make_timex

_squash = voc.squash   # white space runs squashed to one space

PAST_DIR, FUTURE_DIR = -1, 1


@dataclass
class Context:
    text: str
    dct: dt.date                      # publication date
    mode: str = "news"                # news | narrative
    last: dt.date | None = None       # last date mentioned (day precision)
    last_value: str | None = None     # its value, with its granularity
    last_bc: bool = False             # the last date was before Christ: ``last`` holds its year count
    last_quarter: tuple[int, int] | None = None   # the fiscal quarter being reported on (year, q)
    last_quarter_at: int = -1         # where it was mentioned
    prev: Timex | None = None         # the expression resolved just before
    mention: Mention | None = field(default=None)
    tenses: dict = field(default_factory=dict)   # (start, end) -> tense, read once per expression

    @property
    def ref(self) -> dt.date:
        """The reference date for deictic expressions ("yesterday", "last month")."""
        if self.mode == "narrative" and self.last is not None:
            return self.last
        return self.dct

    @property
    def anchor(self) -> dt.date:
        """The date that "the next day" or "two days later" counts from."""
        return self.last or self.dct

    def day_from(self, base: dt.date, d: dt.date) -> str:
        """The value of day ``d``, counted some days from ``base``.

        When ``base`` is the last date mentioned and that date named only a month or a year
        ("in October 1998 ... that same day", "in 1940 ... the next day"), the day is not known:
        the value keeps what is known, ``1998-10-XX`` or ``1940-XX-XX``, not a made-up day.
        """
        if self.last is not None and base == self.last and self.last_value:
            # a date before Christ: its AD-like form, which _bc_value turns round afterwards
            v = self.last_value.removeprefix("BC") if self.last_bc else self.last_value
            known = _KNOWN_PARTS.match(v)
            if known and not known[3]:
                return f"{known[1]}-{known[2] or 'XX'}-XX"
        return _day_value(d)

    def tense(self) -> str | None:
        m = self.mention
        key = (m.start, m.end)
        tenses = self.tenses
        if key in tenses:
            return tenses[key]
        t = tenses[key] = tense_at(self.text, m.start, m.end)
        return t

    def direction(self) -> int:
        """-1 to look back, +1 to look forward, 0 for present; news defaults to the past."""
        t = self.tense()
        return {PAST: -1, FUTURE: 1, PRESENT: 0}.get(t, -1)


# ------------------------------------------------------------------ small helpers

def _month(name: str) -> int:
    return voc.lookup(voc.MONTHS, name)


_DIGITS = re.compile(r"\d+")


def _day(text: str) -> int:
    return int(_DIGITS.match(text).group())


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + step
    return idx // 12, idx % 12 + 1


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{_yr(y)}-W{w:02d}"


def _yr(y: int) -> str:
    """A year as a TIMEX3 value: four digits, within years 1 to 9999.

    A year outside that range (``"last year"`` said in year 1, ``"next year"`` in 9999) has no
    TIMEX3 value: raising OverflowError makes :func:`resolve_all` drop the mention.
    """
    if type(y) is int and (text := _YEAR_TEXTS.get(y)) is not None:
        return text
    if not 1 <= y <= 9999:
        raise OverflowError(f"year {y} outside 1-9999")
    text = f"{y:04d}"
    if type(y) is int:      # not a float: 1900.5 must keep failing in the f-string
        _YEAR_TEXTS[y] = text
    return text


# The years written so far (at most 9999): a dict lookup costs a tenth of the f-string.
_YEAR_TEXTS: dict[int, str] = {}


def _decade(d: int) -> str:
    """A decade (the year divided by ten) as three digits: ``199`` for the 1990s."""
    if not 0 <= d <= 999:
        raise OverflowError(f"decade {d} outside the years 1-9999")
    return f"{d:03d}"


def _century(c: int) -> str:
    """A century (the year divided by a hundred) as two digits: ``19`` for the 1900s."""
    if not 0 <= c <= 99:
        raise OverflowError(f"century {c} outside the years 1-9999")
    return f"{c:02d}"


def _day_value(d: dt.date) -> str:
    """``d.isoformat()``, kept by day: texts name the same days again and again, and a dict lookup
    costs a tenth of ``isoformat``."""
    if type(d) is not _DATE:
        return d.isoformat()
    text = _DAY_TEXTS.get(d)
    if text is None:
        if len(_DAY_TEXTS) >= 4096:
            _DAY_TEXTS.clear()
        text = _DAY_TEXTS[d] = d.isoformat()
    return text


_DATE = dt.date
_DAY_TEXTS: dict[dt.date, str] = {}


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_AND_A_HALF = re.compile(r"(\d+)\s+1/2")
_HYPHEN_OR_SPACE = re.compile(r"[-\s]")


def _number(text: str) -> float | None:
    """A written amount: "3", "three", "twenty-four", "a couple of"; None when vague."""
    t = _squash(text.strip().lower())
    if _DECIMAL.fullmatch(t):
        return float(t)
    if m := _AND_A_HALF.fullmatch(t):
        return int(m[1]) + 0.5
    if t in voc.NUMBERS:
        return voc.NUMBERS[t]
    if t in ("couple", "couple of"):     # "the next couple of years", "the past couple of weeks"
        return 2
    parts = _HYPHEN_OR_SPACE.split(t)
    if len(parts) == 2 and parts[0] in voc.NUMBERS and parts[1] in voc.NUMBERS:
        return voc.NUMBERS[parts[0]] + voc.NUMBERS[parts[1]]
    return None


def _pos_mod(text: str | None) -> str | None:
    if not text:
        return None
    t = _squash(text.strip().lower())
    for key, mod in voc.POSITION_MODS.items():
        if t == key or t.startswith(key.rstrip("-")):
            return mod
    return None


def _amount_mod(text: str | None) -> str | None:
    return voc.lookup(voc.AMOUNT_MODS, text) if text else None



# How much farther (in days) the occurrence the tense points to may lie than the nearest one and
# still win. Measured on TBAQ-cleaned (value F1): tense always winning 78.3, these 80.2; the month
# slack keeps "was held in November" said in September on last November, as the reference says.
_DAY_SLACK = 200
_MONTH_SLACK = 270


_MONTH_NAME = r"(?:" + "|".join(sorted((k.capitalize() for k in voc.MONTHS), key=len, reverse=True)) + r")\.?"
# A second month joined to the first that carries the year for both: "August and September 1914",
# "March to May, 1998", "May 3 and June 5, 1990", "6 May and 2 June 1916".
_SHARED_YEAR = re.compile(
    r"(?:\s*,)?\s*(?:and|or|to|through|until|till|-|–|—)\s*(?:(?:early|late|mid)[\s-]+)?"
    r"(?:\d{1,2}\s+)?" + _MONTH_NAME + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(\d{4})\b")


def _infer_year(ctx: Context, month: int, day: int | None = None) -> int:
    """The year of a month (and day) written without one.

    News mostly writes a month or date without its year when it lies near the publication date:
    the occurrence nearest the reference date wins, unless the clause's tense points the other way
    and that occurrence is not much farther ("was held in November" said in September). Narrative
    text keeps the year of the last date it named.
    """
    ref = ctx.ref
    m = ctx.mention
    if m is not None and (shared := _SHARED_YEAR.match(ctx.text, m.end)):
        return int(shared[1])   # "in August and September 1914": the year written once for both
    if ctx.mode == "narrative" and ctx.last is not None:
        # history names a year and then its months: "in 1940 ... in April" is April 1940
        # (on wikiwars-train the year of the last date beats both the tense and "the next April")
        return ref.year
    # signed distance in days from the reference date (months count from their middle), by year;
    # sorted, the nearest occurrence comes first (the earlier year on a tie)
    base = ref if day else dt.date(ref.year, ref.month, 15)
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if 1 <= y <= 9999:
            try:
                target = dt.date(y, month, day or 15)
            except ValueError:
                target = dt.date(y, month, 28)
            dist = (target - base).days
            cands.append((abs(dist), y, dist))
    cands.sort()
    _, best, near = cands[0]
    if near:
        # the nearest occurrence on the other side of the reference date wins when the tense points
        # there and it is not much farther; the tense is read only then, as it changes nothing else
        for far, alt, dist in cands:
            if dist * near < 0:
                if far - abs(near) <= (_DAY_SLACK if day else _MONTH_SLACK) \
                        and ctx.tense() == (FUTURE if near < 0 else PAST):
                    return alt
                break
    return best


def _year_ref(g: dict, ctx: Context) -> int | None:
    """The year named by a YEAR_REF: "2017", "next year", "this year", "the year"."""
    if "year" in g:
        return int(g["year"])
    if "yy" in g:
        return _two_digit_year(int(g["yy"].lstrip("'’")), ctx.ref.year)
    if "yrel" in g:
        rel = _squash(g["yrel"].lower())
        return ctx.ref.year + voc.RELATIVE.get(rel, 0)
    if "ythe" in g:
        return ctx.ref.year
    return None


def _two_digit_year(yy: int, ref_year: int) -> int:
    century = ref_year // 100 * 100
    candidates = [century - 100 + yy, century + yy, century + 100 + yy]
    return min(candidates, key=lambda y: (abs(y - ref_year), -y))


# How far back (in characters) a mentioned quarter still frames "a year earlier" or "the quarter".
_QUARTER_REACH = 1500


_MONTHS_SPAN = re.compile(r"^P(?:[4-9]|1[0-2])M$")
_SENTENCE_MARK = re.compile(r"[.!?]\s")


def _after_months(ctx: Context) -> bool:
    """Whether the expression just before, in the same sentence, is a span of several months
    ("in the nine months", "the first half")."""
    p, m = ctx.prev, ctx.mention
    return (p is not None and m is not None and p.type == "DURATION" and bool(_MONTHS_SPAN.match(p.value))
            and not _SENTENCE_MARK.search(ctx.text[p.end:m.start]))


def _report_quarter(ctx: Context, *, mentioned_only: bool = False) -> tuple[int, int] | None:
    """The quarter a financial report is about: the last quarter mentioned nearby, else (unless
    ``mentioned_only``) the last quarter completed before the reference date."""
    if mentioned_only and _after_months(ctx):
        return None     # "for the nine months, ... a year earlier": that span a year back, not the quarter
    if ctx.last_quarter and ctx.mention is not None and ctx.mention.start - ctx.last_quarter_at <= _QUARTER_REACH:
        return ctx.last_quarter
    if mentioned_only:
        return None
    idx = ctx.ref.year * 4 + (ctx.ref.month - 1) // 3 - 1
    return idx // 4, idx % 4 + 1


def _clock_suffix(g: dict) -> str | None:
    if "named" in g:
        named = g["named"].lower()
        return "T24:00" if named == "midnight" else "T12:00"
    hour = int(g["hour"]) if "hour" in g else voc.NUMBERS[g["hourw"].lower()]
    minute = int(g.get("minute") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm in ("am", "pm") and not 1 <= hour <= 12:
        return None
    if ampm == "pm" and hour != 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute:02d}"


def _weekday_date(ctx: Context, weekday: int, rel: str | None = None) -> dt.date:
    ref = ctx.ref
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if rel:
        rel = _squash(rel.lower())
        if rel in ("the previous", "the preceding"):
            anchor = ctx.anchor
            return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7 or 7)
        if rel in ("last", "this past"):
            return ref - dt.timedelta(days=back or 7)
        if rel in ("next", "this coming", "the following"):
            return ref + dt.timedelta(days=ahead or 7)
        # "this Monday": the day of the reference week
        return ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=weekday)
    if not back:
        return ref    # the reference date's own weekday: every direction below gives it (no tense read)
    m = ctx.mention
    if m is not None and _POSSESSIVE.match(ctx.text[m.end:m.end + 3]):
        d = -1   # "Friday's meeting": news reports what has happened, whatever the tense
    else:
        d = ctx.direction()
        if m is not None and ctx.tense() is None and _DEADLINE_LEFT.search(ctx.text, max(0, m.start - 12), m.start):
            d = 1    # "has until Tuesday to sign", "by Friday": with no tense to say otherwise, a deadline ahead
    if d > 0:
        return ref + dt.timedelta(days=ahead)
    if d == 0:
        return ref + dt.timedelta(days=ahead) if ahead < back else ref - dt.timedelta(days=back)
    return ref - dt.timedelta(days=back)


_POSSESSIVE = re.compile(r"['’]s\b")
_DEADLINE_LEFT = re.compile(r"(?i)\b(?:until|till|by)\s+$")


def _dayword_date(ctx: Context, word: str) -> dt.date:
    w = word.lower().rstrip(".")
    if w == "today":
        return ctx.ref
    if w == "yesterday":
        return ctx.ref - dt.timedelta(days=1)
    if w == "tomorrow":
        return ctx.ref + dt.timedelta(days=1)
    return _weekday_date(ctx, voc.lookup(voc.WEEKDAYS, w))


# ------------------------------------------------------------------ one function per kind
# Each returns (type or None for the rule's type, value, mod) or None to reject the match.

def clock(g, ctx):
    suffix = _clock_suffix(g)
    if suffix is None:
        return None
    if "dayword" in g:
        day = _dayword_date(ctx, g["dayword"])
    elif "month" in g:
        m, d = _month(g["month"]), _day(g["day"])
        day = dt.date(_infer_year(ctx, m, d), m, d)
    elif dw := _CLOCK_DAY_AFTER.match(ctx.text, ctx.mention.end):
        day = _dayword_date(ctx, dw[1])    # "at 10:35 a.m. (0735 GMT) Friday": that Friday
    else:
        day = ctx.ref
    return None, _day_value(day) + suffix, None


# A day named just after a clock time and its other-zone or local-time note: the time's day.
_CLOCK_DAY_AFTER = re.compile(
    r"\s*(?:\(\s*\d{3,4}\s*(?:GMT|UTC|[A-Z]{2,4}T)\s*\)|(?i:local\s+time))\s*,?\s+(?i:on\s+)?"
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?i:today|yesterday|tomorrow))\b")


def calendar(g, ctx):
    month = int(g["month"]) if g["month"].isdigit() else _month(g["month"])
    day = _day(g["day"]) if "day" in g else None
    if "dayord" in g:
        day = voc.ORDINALS.get(g["dayord"].lower()) or _ORDINAL_DAYS[g["dayord"].lower()]
    if "year" in g:
        year = int(g["year"])
    elif "yy" in g:
        year = _two_digit_year(int(g["yy"].lstrip("'’")), ctx.ref.year)
    elif "yrel" in g:
        year = ctx.ref.year + voc.RELATIVE[g["yrel"].lower()]
    elif "yanch" in g:      # "August of that year", "March of the following year"
        year = ctx.anchor.year + {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(g["yanch"].split()[-1].lower(), 0)
    elif "yearw" in g:
        year = _spelled_year(g["yearw"])
        if year is None:
            return None
    else:
        year = _infer_year(ctx, month, day)
    if day is None:
        return None, f"{_yr(year)}-{month:02d}", _pos_mod(g.get("pos"))
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return None, (_iso_week(date) if "weekof" in g else _day_value(date)), None   # "the week of March 6"


_ORDINAL_DAYS = {f"twenty-{w}": 20 + n for w, n in (("first", 1), ("second", 2), ("third", 3), ("fourth", 4),
                  ("fifth", 5), ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9))}
_ORDINAL_DAYS["thirty-first"] = 31


def slash_date(g, ctx):
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    year = int(y) if len(y) == 4 else _two_digit_year(int(y), ctx.ref.year)
    month, day = (b, a) if a > 12 else (a, b)      # month first, as US news writes it
    try:
        return None, _day_value(dt.date(year, month, day)), None
    except ValueError:
        return None


def year(g, ctx):
    mod = _pos_mod(g.get("posw"))
    if "yearsend" in g:
        mod = "END"
    if "prepost" in g:
        mod = "AFTER" if g["prepost"].lower() == "post" else "BEFORE"
    if "smallyear" in g:
        n = int(g["smallyear"])
        era = g["era"].upper().replace(".", "")
        if n == 0:
            return None
        return None, (f"BC{_yr(n)}" if era in ("BC", "BCE") else f"{_yr(n)}"), mod
    if "fy" in g:
        fy = g["fy"]
        return None, f"{_yr(int(fy) if len(fy) == 4 else _two_digit_year(int(fy), ctx.ref.year))}", mod
    if "yearw" in g:
        value = _spelled_year(g["yearw"])
        return (None, f"{_yr(value)}", mod) if value else None
    y = _year_ref(g, ctx)
    if y is None:
        return None
    if "era" in g and g["era"].upper().replace(".", "") in ("BC", "BCE"):
        return None, f"BC{_yr(y)}", mod
    return None, f"{_yr(y)}", mod


_HYPHENS_OR_SPACES = re.compile(r"[-\s]+")


def _spelled_year(text: str) -> int | None:
    words = _HYPHENS_OR_SPACES.split(text.lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        n = _number(" ".join(rest)) if rest else 0
        return 2000 + int(n) if n is not None else None
    century = voc.NUMBERS.get(words[0])
    rest = words[1:]
    if century is None:
        return None
    if rest == ["hundred"]:
        return century * 100
    if rest and rest[0].startswith("oh"):
        tail = rest[0][2:].lstrip("-") or (rest[1] if len(rest) > 1 else "")
        n = voc.NUMBERS.get(tail)
        return century * 100 + n if n is not None and n < 10 else None
    n = _number(" ".join(rest))
    return century * 100 + int(n) if n is not None and n < 100 else None


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def decade(g, ctx):
    mod = _pos_mod(g.get("posw"))
    if "decade" in g:
        return None, g["decade"][:3], mod
    if "decade2" in g:
        yy = int(g["decade2"])
        century = ctx.ref.year // 100 * 100
        y = century + yy if century + yy <= ctx.ref.year else century - 100 + yy
        return None, _decade(y // 10), mod
    tens = _DECADE_WORDS[g["decadew"].lower()]
    century = 1900 if ctx.ref.year >= 2000 or tens * 10 > ctx.ref.year % 100 else ctx.ref.year // 100 * 100
    return None, _decade((century + tens * 10) // 10), mod


_CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def century(g, ctx):
    n = int(g["cent"]) if "cent" in g else _CENTURY_WORDS[g["centw"].lower()]
    if not 1 <= n <= 99:
        return None
    return None, _century(n - 1), _pos_mod(g.get("posw"))


def month(g, ctx):
    m = _month(g["month"])
    mod = _pos_mod(g.get("posw"))
    rel = _squash(g["rel"].lower()) if "rel" in g else None
    ref = ctx.ref
    if rel is None and "posw" not in g and not _month_context(ctx, g["month"]):
        return None
    if rel in ("last", "this past"):
        y = ref.year if m < ref.month else ref.year - 1
    elif rel in ("next", "this coming"):
        y = ref.year if m > ref.month else ref.year + 1
    elif rel == "this":
        y = ref.year
    else:
        y = _infer_year(ctx, m)
    return None, f"{_yr(y)}-{m:02d}", mod


_MONTH_LEFT_WORDS = ("in|since|by|until|till|through|thru|during|of|from|to|before|after|early|late|"
                     "mid|last|next|this|and|or|between|on|for|around|throughout|starting|beginning|ending|each|every")
_MONTH_LEFT = re.compile(r"(?i:\b(?:" + _MONTH_LEFT_WORDS + r")[\s-]+)$")
# The same pattern read backwards, matched at the start of the reversed window: one try instead of
# one at each position (its only lookaround is \b, which reads the same either way; a match that
# "$" ends before a final newline, the white space extends to the end).
_MONTH_LEFT_REVERSED = re.compile(
    r"(?i:[\s-]+(?:" + "|".join(w[::-1] for w in _MONTH_LEFT_WORDS.split("|")) + r")\b)")


_NAME_RIGHT = re.compile(r"\s+[A-Z][a-z]")
_AND_OR_LEFT = re.compile(r"(?i:\b(?:and|or)\s+)$")
_MONTH_RIGHT = re.compile(r"\s+(?:" + "|".join(k.capitalize() for k in voc.MONTHS) + r")\b")
_CAPITAL_RIGHT = re.compile(r"\s+[A-Z]")


def _month_context(ctx: Context, word: str) -> bool:
    """Whether a bare month name is a month: "May" and "March" need a preposition before them;
    the others are rejected when a capitalised name follows ("June Carter")."""
    m = ctx.mention
    left = ctx.text[max(0, m.start - 20):m.start]
    right = ctx.text[m.end:m.end + 20]
    if _NAME_RIGHT.match(right) and not word.endswith(".") and _AND_OR_LEFT.search(left) \
            and not _MONTH_RIGHT.match(right):
        return False    # "Geremek and Jan Kavan", "Smith or June Carter": a first name
    if _MONTH_LEFT_REVERSED.match(left[::-1]):     # _MONTH_LEFT.search(left), read backwards
        return True
    if word.lower().rstrip(".") in ("may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "feb", "apr", "sept"):
        return False
    return not _CAPITAL_RIGHT.match(right)


def weekday(g, ctx):
    wd = voc.lookup(voc.WEEKDAYS, g["weekday"])
    d = _weekday_date(ctx, wd, g.get("rel"))
    if "dbw" in g:      # "the day before last Tuesday"
        d += dt.timedelta(days=-1 if g["dbw"].lower() == "before" else 1)
    value = _day_value(d)
    if "podw" in g:
        value += "T" + voc.lookup(voc.PARTS_OF_DAY, g["podw"])
    return None, value, None


def deictic(g, ctx):
    ref = ctx.ref
    if "dba" in g:
        step = -2 if g["dba"].lower().startswith("before") else 2
        return None, _day_value(ref + dt.timedelta(days=step)), None
    # A part of the day named from the present ("this morning", "last night", "yesterday
    # afternoon") is a TIME, as the TimeML guidelines type parts of days.
    if "tonight" in g:
        w = _squash(g["tonight"].lower())
        d = ref - dt.timedelta(days=1) if w == "last night" else ref
        return "TIME", _day_value(d) + "TNI", None
    if "thispod" in g:
        return "TIME", _day_value(ref) + "T" + voc.lookup(voc.PARTS_OF_DAY, g["podw"]), None
    d = _dayword_date(ctx, g["dayword"])
    value = _day_value(d)
    if "podw" in g:
        return "TIME", value + "T" + voc.lookup(voc.PARTS_OF_DAY, g["podw"]), None
    return None, value, None


def _unit_value(ref: dt.date, unit: str, step: int) -> str | None:
    """The calendar period ``step`` units from the one holding ``ref``, at that unit's granularity."""
    if unit == "day":
        return _day_value(ref + dt.timedelta(days=step))
    if unit == "week":
        return _iso_week(ref + dt.timedelta(weeks=step))
    if unit == "weekend":
        return _iso_week(ref + dt.timedelta(weeks=step)) + "-WE"
    if unit == "month":
        y, m = _shift_month(ref.year, ref.month, step)
        return f"{_yr(y)}-{m:02d}"
    if unit == "quarter":
        idx = ref.year * 4 + (ref.month - 1) // 3 + step
        return f"{_yr(idx // 4)}-Q{idx % 4 + 1}"
    if unit == "year":
        return f"{_yr(ref.year + step)}"
    if unit == "decade":
        return _decade(ref.year // 10 + step)
    if unit == "century":
        return _century(ref.year // 100 + step)
    return None


_ENDED_RIGHT = re.compile(r"\s+(?:ended|ending)\b")
_BEFORE_AFTER = re.compile(r"\s+(before|after)\s+(?=\w)", re.I)
_COMMA_ONLY = re.compile(r",\s*")
_CARRY_THE_DAY = re.compile(r"(?i)\b(?:carr(?:y|ies|ied|ying)|win|wins|won|winning)\s+$")
_ANCHORED_RELS = {"following", "same", "previous", "prior", "preceding"}


def relative(g, ctx):
    mod = _pos_mod(g.get("posw"))
    if "yearearlier" in g:
        q = _report_quarter(ctx, mentioned_only=True)
        if q:
            return None, f"{_yr(q[0] - 1)}-Q{q[1]}", None
        return None, f"{_yr(ctx.ref.year - 1)}", None
    unit = g["unit"].lower()
    rel = _squash((g.get("rel") or "this").lower())
    m = ctx.mention
    if unit == "day" and rel == "the" and _CARRY_THE_DAY.search(ctx.text, max(0, m.start - 20), m.start):
        return None     # "Mirabeau carried the day": won, no day
    if rel == "the" and m is not None and (after := _BEFORE_AFTER.match(ctx.text[m.end:m.end + 10])):
        # "the day after his death", "the year before the war": one unit from the date being told
        step = -1 if after[1].lower() == "before" else 1
        if ctx.prev is not None and _COMMA_ONLY.fullmatch(ctx.text[ctx.prev.end:m.start]):
            step = 0    # "Oct. 12, the day before the plunge": the date just named, described
        if unit == "day":
            return None, ctx.day_from(ctx.anchor, ctx.anchor + dt.timedelta(days=step)), mod
        value = _unit_value(ctx.anchor, unit, step)
        return (None, value, mod) if value else None
    if rel.startswith("the "):
        rel = rel[4:]
    step = {"this": 0, "current": 0, "the": 0, "same": 0, "last": -1, "past": -1,
            "previous": -1, "prior": -1, "latest": -1, "next": 1, "coming": 1, "upcoming": 1,
            "following": 1}.get(rel, 0)
    if unit == "weekend":
        text = ctx.mention.text.lower()
        if text.startswith(("last", "this past", "the past")):
            step = -1
        elif text.startswith(("next",)):
            step = 1
        elif text.startswith(("this", "the coming", "this coming")):
            step = 0
        else:  # "the weekend": the tense decides
            step = -1 if ctx.direction() < 0 and ctx.ref.weekday() < 5 else 0
        return None, _unit_value(ctx.ref, "weekend", step), None
    if unit in ("year", "quarter") and rel in ("the", "this", "fiscal") and _ENDED_RIGHT.match(
            ctx.text[ctx.mention.end:ctx.mention.end + 10]):
        return "DURATION", "P1Y" if unit == "year" else "P3M", None   # "for the year ended March 31"
    if unit == "day" and rel == "next" and "the" in g:
        rel = "following"     # "the next day" counts from the last date mentioned, as "the following day"
    base = ctx.anchor if rel in _ANCHORED_RELS else ctx.ref
    if unit == "day":
        return None, ctx.day_from(base, base + dt.timedelta(days=step)), mod
    value = _unit_value(base, unit, step)
    return (None, value, mod) if value else None


def anchored(g, ctx):
    unit = g["unit"].lower()
    rel = _squash(g["rel"].lower())
    step = {"next": 1, "following": 1, "after": 1, "previous": -1, "prior": -1, "preceding": -1,
            "before": -1}.get(rel, 0)
    pod = voc.PARTS_OF_DAY.get(unit)
    day = ctx.day_from(ctx.anchor, ctx.anchor + dt.timedelta(days=step))
    if pod:
        return None, day + "T" + pod, None
    if unit == "day":
        return None, day, None
    return None, _unit_value(ctx.anchor, unit, step), None


def offset(g, ctx):
    n = _number(g["num"])
    unit = g["unit"].lower()
    direction = g["dir"].lower()
    sign = 1 if direction.startswith(("later", "from", "hence", "after", "time", "'", "’")) else -1
    base = ctx.anchor if direction in ("later", "earlier", "before", "after") else ctx.ref
    mod = _amount_mod(g.get("amod"))
    if n is None:
        return None, ("FUTURE_REF" if sign > 0 else "PAST_REF"), None
    n = int(n) if n == int(n) else n
    code = voc.lookup(voc.UNITS, unit)
    if code == "Y" and n == 1 and sign < 0 and "amod" not in g:
        q = _report_quarter(ctx, mentioned_only=True)
        if q:   # "profit rose in the third quarter from a year earlier": that quarter, a year back
            return None, f"{_yr(q[0] - 1)}-Q{q[1]}", None
    if code in ("TS", "TM", "TH"):
        return None, ctx.day_from(base, base), mod
    if code == "D":
        return None, ctx.day_from(base, base + dt.timedelta(days=sign * n)), mod
    if code in ("W", "2W"):
        weeks = n * (2 if code == "2W" else 1)
        return None, _iso_week(base + dt.timedelta(weeks=sign * weeks)), mod
    if code == "M":
        y, m = _shift_month(base.year, base.month, sign * int(n))
        return None, f"{_yr(y)}-{m:02d}", mod
    if code == "Q":
        return None, _unit_value(base, "quarter", sign * int(n)), mod
    if code == "Y":
        return None, f"{_yr(base.year + sign * int(n))}", mod
    if code == "DE":
        return None, _decade((base.year + sign * int(n) * 10) // 10), mod
    if code == "CE":
        return None, _century((base.year + sign * int(n) * 100) // 100), mod
    return None


_PART_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "latter": -1, "last": -1, "final": -1}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


_SEASON_LEFT = re.compile(r"(?i)\b(?:in|this|last|next|the|that|by|until|since|during|early|late|mid|of)[\s-]+$")
_FALL_OF = re.compile(r"\s+of\s+(?!(?:\d|'\d|’\d|that\s+year|this\s+year|last\s+year|next\s+year)\b)")


def part_of_year(g, ctx):
    part = ctx.mention.rule.params["part"]
    ref = ctx.ref
    if part == "S":
        code = voc.lookup(voc.SEASONS, g["season"])
        if "yearw" in g:
            y = _spelled_year(g["yearw"])
            return (None, f"{_yr(y)}-{code}", _pos_mod(g.get("pos"))) if y else None
        if g["season"] in ("fall", "spring") and not any(k in g for k in ("year", "rel", "pos")):
            left = ctx.text[max(0, ctx.mention.start - 12):ctx.mention.start]
            if not _SEASON_LEFT.search(left):
                return None    # "prices fall", "will fall apart": the verb
        if g["season"].lower() == "fall" and not any(k in g for k in ("year", "yearw")) and _FALL_OF.match(
                ctx.text, ctx.mention.end):
            return None    # "the fall of the city", "after the fall of Saigon": a defeat, not autumn
        mod = _pos_mod(g.get("pos"))
        if "year" in g:
            return None, f"{_yr(int(g['year']))}-{code}", mod
        rel = _squash((g.get("rel") or "").lower())
        rel = {"this coming": "next", "this past": "last"}.get(rel, rel)
        start = _SEASON_START[code]
        ref_idx = ref.year * 12 + ref.month - 1
        # occurrences of that season around the reference date, by their first month
        occ = [(y, y * 12 + start - 1) for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1)]
        current = [y for y, s in occ if s <= ref_idx < s + 3]
        if rel == "this":
            y = current[0] if current else ref.year
        elif rel in ("last", "past", "previous"):
            y = max(y for y, s in occ if s + 3 <= ref_idx)
        elif rel in ("next", "coming"):
            y = min(y for y, s in occ if s > ref_idx)
        elif ctx.mode == "narrative" and ctx.last is not None:
            y = ref.year    # history names a year, then its seasons: "in 1941 ... during the summer"
        elif current:
            y = current[0]
        elif ctx.direction() > 0:
            y = min(y for y, s in occ if s > ref_idx)
        else:
            y = max(y for y, s in occ if s + 3 <= ref_idx)
        return None, f"{_yr(y)}-{code}", mod
    if "ordq" in g:
        n = int(g["ordq"][1])
        y = int(g["year"]) if "year" in g else (_two_digit_year(int(g["yy"]), ref.year) if "yy" in g else ref.year)
        return None, f"{_yr(y)}-Q{n}", None
    if "rel" in g:
        rel = g["rel"].lower()
        step = {"this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1,
                "latest": -1, "prior": -1, "next": 1, "coming": 1}[rel]
        return None, _unit_value(ref, "quarter", step), None
    n = _PART_ORD[g["ord"].lower()]
    count = 2 if part == "H" else 4
    if n < 0:
        n = count
    if n > count:
        return None
    y = _year_ref(g, ctx)
    if y is None:
        y = ref.year
        current = (ref.month - 1) // (12 // count) + 1
        if n > current and ctx.tense() == PAST:
            y -= 1
    return None, f"{_yr(y)}-{part}{n}", None


def fin_period(g, ctx):
    """Financial report periods: "the quarter", "the latest period", "the year-ago quarter",
    "the 1988 period", "the corresponding period last year"."""
    q = _report_quarter(ctx)
    back = any(k in g for k in ("finback", "finback2"))
    if "finyear" in g:
        y = int(g["finyear"])
        q2 = _report_quarter(ctx, mentioned_only=True)
        if ctx.prev is not None and ctx.prev.type == "DURATION" and ctx.prev.value.endswith("M"):
            q2 = None    # "in the first nine months ... compared with the 1988 period": the year
        if "finord" in g:
            return None, f"{_yr(y)}-Q{_PART_ORD[g['finord'].lower()]}", None
        return None, (f"{_yr(y)}-Q{q2[1]}" if q2 else f"{_yr(y)}"), None
    if "finord" in g:     # "the fiscal first quarter", "the year-ago third quarter"
        n = _PART_ORD[g["finord"].lower()]
        y = ctx.ref.year - (1 if back or n > (ctx.ref.month - 1) // 3 + 1 else 0)
        return None, f"{_yr(y)}-Q{n}", None
    if back:
        return None, f"{_yr(q[0] - 1)}-Q{q[1]}", None
    return None, f"{_yr(q[0])}-Q{q[1]}", None


def _moving_holiday(name: str, year: int) -> dt.date:
    from dateutil.easter import easter

    def nth_weekday(month: int, weekday: int, n: int) -> dt.date:
        if n > 0:
            first = dt.date(year, month, 1)
            return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)

    if name == "easter":
        return easter(year)
    if name == "good_friday":
        return easter(year) - dt.timedelta(days=2)
    if name == "thanksgiving":
        return nth_weekday(11, 3, 4)
    if name == "memorial_day":
        return nth_weekday(5, 0, -1)
    if name == "labor_day":
        return nth_weekday(9, 0, 1)
    if name == "mothers_day":
        return nth_weekday(5, 6, 2)
    if name == "fathers_day":
        return nth_weekday(6, 6, 3)
    if name == "mlk_day":
        return nth_weekday(1, 0, 3)
    if name == "presidents_day":
        return nth_weekday(2, 0, 3)
    if name == "election_day":   # the Tuesday after the first Monday of November
        return nth_weekday(11, 0, 1) + dt.timedelta(days=1)
    raise KeyError(name)


def holiday(g, ctx):
    name = _squash(g["holiday"].lower()).replace("’", "'")
    def on(y: int) -> dt.date:
        if name in voc.FIXED_HOLIDAYS:
            m, d = voc.FIXED_HOLIDAYS[name]
            return dt.date(y, m, d)
        return _moving_holiday(voc.MOVING_HOLIDAYS[name], y)
    if "year" in g:
        return None, _day_value(on(int(g["year"]))), None
    ref = ctx.ref
    this = on(ref.year)
    rel = _squash(g["rel"].lower()) if "rel" in g else None
    if rel in ("last", "this past"):
        return None, _day_value(this if this < ref else on(ref.year - 1)), None
    if rel in ("next", "this coming"):
        return None, _day_value(this if this > ref else on(ref.year + 1)), None
    if rel == "this":
        return None, _day_value(this), None
    d = ctx.direction()
    if d < 0 and this > ref:
        this = on(ref.year - 1)
    elif d > 0 and this < ref:
        this = on(ref.year + 1)
    return None, _day_value(this), None


def _duration_value(n: float | None, code: str) -> str:
    if n is None:
        amount = "X"
        if code == "2W":
            code = "W"
        if code == "DE":
            return "PXDE"
        if code == "CE":
            return "PXCE"
        if code == "Q":
            code = "M"
        if code == "WE":
            code = "WE"
        return f"PT{amount}{code[1]}" if code.startswith("T") else f"P{amount}{code}"
    if code == "2W":
        n, code = n * 2, "W"
    if code == "DE":
        n, code = n * 10, "Y"
    if code == "CE":
        n, code = n * 100, "Y"
    if code == "Q":
        n, code = n * 3, "M"
    if code == "WE":
        n, code = n * 2, "D"
    if n != int(n):          # half units: "two and a half years" -> P2Y6M, "half an hour" -> PT30M
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}
        if code in smaller:
            if code == "W":
                return f"P{int(round(n * 7))}D"
            whole = int(n)
            code2, factor = smaller[code]
            rest = int(round((n - whole) * factor))
            if whole == 0:
                return f"PT{rest}{code2[1]}" if code2.startswith("T") else f"P{rest}{code2}"
            if code.startswith("T") or code == "D" and code2.startswith("T"):
                return f"P{'' if code.startswith('T') else str(whole) + 'D'}T" + ("" if not code.startswith("T") else f"{whole}{code[1]}") + f"{rest}{code2[1]}"
            return f"P{whole}{code}{rest}{code2}"
    n = int(round(n))
    return f"PT{n}{code[1]}" if code.startswith("T") else f"P{n}{code}"


_RATE_LEFT = re.compile(r"(?i)(?:\d|\b(?:million|billion|thousand|hundred|cents?|dollars|percent|pounds|yen|euros"
                        r"|times|flights|seats|hours|days|barrels|tons|shares))\S*\s+$")
_AGE_RIGHT = re.compile(r"\s+old\b")
# A counted plural noun right before "a day", "a year": "300 cars a day", "hundreds of interviews a
# day", "fifty thousand CDs a year" tell how often, a SET like "twice a week"
_COUNT_WORDS = voc.words({w: n for w, n in voc.NUMBERS.items() if n >= 2 and " " not in w})
_PLURAL_UNITS = voc.words({u: c for u, c in voc.UNITS.items() if u.endswith("s")})
_COUNTED_LEFT = re.compile(r"(?i)(?:\d|\b(?:hundreds|thousands|millions|dozens|million|" + _COUNT_WORDS
                           + r"))(?:\s+of)?\s+(?!" + _PLURAL_UNITS + r"\s)[a-z]+s\s+$")


def duration(g, ctx):
    mod = _amount_mod(g.get("amod"))
    m = ctx.mention
    if g.get("num") in ("a", "an") and g.get("unit", "")[:1].isupper() and not g["unit"].isupper():
        return None     # "a Second Front", "a Second Assembly": a name, not a second
    raw0 = _squash((g.get("num") or "").lower())
    if raw0 in ("a", "an") and _RATE_LEFT.search(ctx.text[max(0, m.start - 30):m.start]):
        return None     # "$2 million a year", "four flights a week": a rate, not a stretch of time
    if raw0 in ("a", "an") and _COUNTED_LEFT.search(ctx.text, max(0, m.start - 40), m.start):
        return "SET", _duration_value(1, voc.lookup(voc.UNITS, g["unit"])), None
    if _AGE_RIGHT.match(ctx.text, m.end):
        return None     # "52 years old": an age
    if "bare" in g:
        return None, _duration_value(None, voc.lookup(voc.UNITS, g["bare"])), None
    unit = voc.lookup(voc.UNITS, g["unit"])
    raw = g.get("num")
    n = _number(raw) if raw else None
    if raw and _squash(raw.lower().strip()) in ("a half", "half a", "half an"):
        n = 0.5
    if n is not None and ("half" in g or "half2" in g):
        n += 0.5
    if n is not None and n == 0:
        return None
    if raw is None and "rel" in g and not g["unit"].lower().endswith("s"):
        n = 1    # "the past year": one; "the first hours", "the last days": an unknown number (PTXH, PXD)
    return None, _duration_value(n, unit), mod


def set_(g, ctx):
    if "adverb" in g:
        return None, voc.SET_ADVERBS[g["adverb"].lower()], None
    unit_text = g.get("unit", "")
    if "weekday" in g:
        return None, f"XXXX-WXX-{voc.lookup(voc.WEEKDAYS, g['weekday']) + 1}", None
    if "month" in g:
        return None, f"XXXX-{_month(g['month']):02d}", None
    pod = voc.PARTS_OF_DAY.get(unit_text.lower())
    if pod and unit_text.lower() != "night":
        return None, f"XXXX-XX-XXT{pod}", None
    every = g.get("every", "").lower()
    if every == "a" and "times" not in g:
        return None
    n = _number(g["num"]) if "num" in g else 1
    code = voc.lookup(voc.UNITS, unit_text)
    return None, _duration_value(n or 1, code), None


_RECENT_SPAN = {"days": "PXD", "weeks": "PXW", "months": "PXM"}


def vague(g, ctx):
    words = _squash(g["vague"].lower()).split(" ")
    if ctx.mode == "narrative" and (words == ["soon"] or words[:2] == ["at", "this"]):
        return None     # history's "soon after", "at this point": the time of the events told, not of writing
    if words[0] == "recent" and words[-1] in _RECENT_SPAN:
        return "DURATION", _RECENT_SPAN[words[-1]], None   # "in recent weeks": a stretch up to now
    return None, voc.lookup(voc.VAGUE, g["vague"]), None


# A stretch placed only by an event ("in the weeks before the vote"): a date whose digits are unknown.
_UNSPECIFIED = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX"}


def unspecified(g, ctx):
    return None, _UNSPECIFIED[voc.lookup(voc.UNITS, g["unit"])], None


KINDS = {
    "clock": clock, "calendar": calendar, "slash_date": slash_date, "year": year,
    "decade": decade, "century": century, "month": month, "weekday": weekday,
    "deictic": deictic, "relative": relative, "anchored": anchored, "offset": offset,
    "anchored_offset": offset, "part_of_year": part_of_year, "holiday": holiday,
    "duration": duration, "set": set_, "vague": vague, "fin_period": fin_period,
    "unspecified": unspecified,
}


# ------------------------------------------------------------------ news or narrative

MODES = ("news", "narrative", "auto")

# Words that point at the publication date: news writes "yesterday", "last week", "Tuesday".
_DEICTIC = re.compile(
    r"(?i)\b(?:today|yesterday|tomorrow|tonight|this\s+(?:week|month|year|morning|afternoon|evening)"
    r"|(?:last|next)\s+(?:week|month|year|night)|ago|now)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_FULL_YEAR = re.compile(r"(?<![\w$.,-])(1[0-9]\d\d|20\d\d)(?![\w%,.-]\d|\d)")
_ERA_YEAR = re.compile(r"(?<![\w$.,-])(\d{1,4})\s*(?:BC|B\.C\.|BCE|AD|A\.D\.)(?!\w)")


def choose_mode(text: str, dct: dt.date | str) -> str:
    """``"news"`` or ``"narrative"``: how the relative expressions of ``text`` are best anchored.

    News leans on its publication date ("yesterday", "last week", bare weekdays); history and
    encyclopedia text names full years, mostly far from the date it was written, and counts from
    them ("two days later", "the following year"). The text is narrative when it names at least
    five years and either most of them lie more than five years before ``dct`` and it has fewer
    deictic words (yesterday, last week, a weekday, ago, now) than a third as many as years, or it
    has fewer than an eighth as many deictic words as years (recent history told as narrative).

    >>> choose_mode("Troops landed on June 6, 1944. Two days later they took the town. "
    ...             "In 1945 the war ended; in 1949 NATO was founded, in 1955 the Warsaw Pact, "
    ...             "in 1961 the Wall.", "2009-12-19")
    'narrative'
    >>> choose_mode("The minister said on Tuesday that talks would resume next week.", "2017-09-27")
    'news'
    """
    if isinstance(dct, str):
        dct = dt.date.fromisoformat(dct)
    years = [int(y) for y in _FULL_YEAR.findall(text)] + [-int(y) for y in _ERA_YEAR.findall(text)]
    if len(years) < 5:
        return "news"
    far = sum(1 for y in years if dct.year - y > 5)
    deictic = len(_DEICTIC.findall(text))
    if far > len(years) / 2 and 3 * deictic < len(years) or 8 * deictic < len(years):
        return "narrative"
    return "news"


# The TIMEX3 value grammar (see the shared reference): what any value we produce must match.
VALUE_GRAMMAR = re.compile(
    r"""^(?:
        PRESENT_REF|PAST_REF|FUTURE_REF
      | \d{2}                                   # century
      | \d{3}X?                                 # decade
      | (?:BC)?(?:\d{4}|XXXX)                    # year, then optionally
        (?:-(?:Q[1-4X]|H[12X]|SP|SU|FA|WI       # quarter, half, season
              |W(?:0[1-9]|[1-4]\d|5[0-3]|XX)(?:-WE|-[1-7])?   # week, weekend, weekday in a set
              |(?:0[1-9]|1[0-2]|XX)               # month
               (?:-(?:0[1-9]|[12]\d|3[01]|XX)     # day
                 (?:T(?:MO|MI|AF|EV|NI|DT|(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?))?  # part of day, time
               )?
           ))?
      | P(?=[\dXT])(?:(?:\d+|X)(?:Y|M|W|D|DE|CE))*(?:T(?:(?:\d+|X)[HMS])+)?   # duration
    )$""",
    re.VERBOSE,
)


def resolve_all(text: str, mentions: list[Mention], dct: dt.date, *, mode: str = "news",
                tenses: dict | None = None) -> list[Timex]:
    """Resolve a document's mentions in order, carrying the last mentioned date forward.

    ``mode`` is ``"news"`` (relative expressions count from the publication date ``dct``),
    ``"narrative"`` (from the last date mentioned) or ``"auto"`` (:func:`choose_mode` decides).
    ``tenses``, when given, keeps the clause tenses read, by ``(start, end)``, for later use on
    the same text (:func:`timeline.events.status_of`).
    """
    if mode == "auto":
        mode = choose_mode(text, dct)
    ctx = Context(text=text, dct=dct, mode=mode)
    if tenses is not None:
        ctx.tenses = tenses
    out: list[Timex] = []
    for mention in mentions:
        ctx.mention = mention
        rule, g = mention.rule, mention.groups
        kind = rule.kind
        try:
            result = KINDS[kind](g, ctx)
        except (ValueError, KeyError, OverflowError):
            result = None
        if result is None:
            continue
        type_, value, mod = result
        type_ = type_ or rule.type
        if ctx.last_bc and value[:1].isdigit():
            value = _bc_value(ctx, mention, value)
        if mod is None and "lead" in g:
            mod = _pos_mod(g["lead"])
        if mod is None and "amod" in g:
            mod = _amount_mod(g["amod"])
        timex = make_timex(mention.start, mention.end, mention.text, type_, value, mod, rule.name)
        out.append(timex)
        ctx.prev = timex
        if type_ in ("DATE", "TIME"):
            # only rules of these kinds can look back (a test checks the rules' groups)
            back = kind in _MAY_LOOK_BACK and _looks_back(mention, text)
            qm = _quarter_of(value)
            if qm and not back and _report_quarter_ok(ctx, int(qm[1]), int(qm[2])):
                ctx.last_quarter = (int(qm[1]), int(qm[2]))
                ctx.last_quarter_at = mention.end
            # in a history, a date in a plan ("a campaign planned for 1976") or at the end of a span
            # ("lasted until February 1945") is not the time the story has reached
            if not back and not (len(value) == 4 and _aside_year(text, mention, value)) \
                    and not (mode == "narrative" and (ctx.tense() == FUTURE
                                                      or ctx.last is not None and _span_end(text, mention))):
                _remember(ctx, value)
    return out


_QUARTERLIKE = re.compile(r"^(\d{4})-Q([1-4])$")


def _quarter_of(value: str):
    """``_QUARTERLIKE.match(value)``, run only when ``value`` holds "-Q" (as its match does)."""
    return _QUARTERLIKE.match(value) if "-Q" in value else None


def _report_quarter_ok(ctx: Context, year: int, q: int) -> bool:
    """Whether a quarter just mentioned can be the one a report is about: one that had ended by the
    publication date, so "a fourth-quarter charge is expected" said in November frames no "latest
    quarter" or "a year ago" that follows. The current quarter counts when told in the past tense
    ("profit rose in the third quarter", also a fiscal fourth quarter that ended in September);
    a quarter still ahead never does."""
    dct = ctx.dct
    now = (dct.year, (dct.month - 1) // 3 + 1)
    if (year, q) < now:
        return True
    return (year, q) == now and ctx.tense() == PAST


_COMPARED_WITH = re.compile(r"(?i)\b(?:after|from|than|compared\s+(?:with|to)|versus|vs\.)\s+(?:(?:a|an|the|its|their|his|her)\s+)?"
                            r"(?:[a-z]+\s+)?$")
# The same pattern read backwards, matched at the start of the reversed window: one try instead of
# one at each position. The window is read with the character before it (" " at the start of the
# text), which the forward search's \b sees but may not take: "(?=[\s\S])" keeps it out of the match.
_COMPARED_WITH_REVERSED = re.compile(r"(?i)(?:\s+[a-z]+)?(?:\s+(?:a|na|eht|sti|rieht|sih|reh))?\s+"
                                     r"(?:retfa|morf|naht|(?:htiw|ot)\s+derapmoc|susrev|\.sv)\b(?=[\s\S])")


def _compared_with(text: str, start: int) -> bool:
    """``_COMPARED_WITH.search(text, max(0, start - 40), start)``, read backwards."""
    lo = start - 40
    before = text[lo - 1:start] if lo > 0 else " " + text[:start]
    return _COMPARED_WITH_REVERSED.match(before[::-1]) is not None


# "until" before a date, with at most a few words between ("lasted until the fall of the city in
# February 1945"): the date ends a span that runs ahead of the story; "since" right before a date
# ("part of the empire since 513 BC") starts one that reaches the story from farther back.
_UNTIL = re.compile(r"(?i)\b(?:until|till)\s+(?:[^,;.()]{0,40}\s)?$|\bsince\s+$")


def _span_end(text: str, mention: Mention) -> bool:
    """Whether the mention ends a span ("held out until May 1945") or starts one that reaches the
    story ("since 513 BC"): in a history, the story is elsewhere, so the date anchors nothing that follows."""
    return bool(_UNTIL.search(text, max(0, mention.start - 60), mention.start))


def _aside_year(text: str, mention: Mention, value: str) -> bool:
    """A year alone in parentheses ("The 13 Rules of War (2003)") dates a book or an aside, not
    the story: it anchors nothing that follows."""
    return (len(value) == 4 and text[mention.start - 1:mention.start] == "("
            and text[mention.end:mention.end + 1] == ")")


# The kinds of rule that can look back: those that :func:`_looks_back` tests by kind, and those
# whose patterns have the groups it looks for.
_LOOK_BACK_GROUPS = ("yearearlier", "finback", "finback2", "finyear")
_MAY_LOOK_BACK = frozenset({"part_of_year", "relative", "offset", "fin_period"})


def _looks_back(mention: Mention, text: str) -> bool:
    """A comparison period ("a year ago", "the year-earlier quarter") is not what the text is about:
    it anchors nothing that follows."""
    g = mention.groups
    kind = mention.rule.kind
    if "yearearlier" in g or "finback" in g or "finback2" in g or "finyear" in g:
        return True
    if kind == "part_of_year" and _compared_with(text, mention.start):
        return True     # "after a flat second quarter", "up from the second quarter": the comparison
    if kind == "relative" and _squash((g.get("rel") or "").lower()).removeprefix("the ") in (
            "previous", "prior", "preceding"):
        return True     # "gains made during the previous year": a look back, the story stays put
    return mention.rule.kind == "offset" and g.get("dir", "").lower() in ("ago", "earlier", "before")


_BC_RELATIVE = re.compile(r"^(\d{4})((?:-(?:\d\d|XX|Q\d|H\d|SP|SU|FA|WI|W\d\d)){0,2}(?:T\w+)?)$")
_OWN_YEAR = re.compile(r"\d{3}|\bB\.?C")
_BC_LIKE = re.compile(r"^BC(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _bc_value(ctx: Context, mention: Mention, value: str) -> str:
    """A value counted from a date before Christ ("492 BC ... the following year"): the
    resolver counted it on ``ctx.last``, which holds the BC year as if it were AD, so the years run
    the other way. An expression that names its own year ("in 480 BC") is left alone."""
    m = _BC_RELATIVE.match(value)
    if not m or _OWN_YEAR.search(mention.text):
        return value
    year = ctx.last.year - (int(m[1]) - ctx.last.year)
    return f"BC{year:04d}{m[2]}" if 1 <= year <= 9999 else value


# The year, month and day of a value, as far as they are written: "1998", "1998-10", "1998-10-XX".
_KNOWN_PARTS = re.compile(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?!\d)")
_DAYLIKE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTHLIKE = re.compile(r"^(\d{4})-(\d{2})$")
_YEARLIKE = re.compile(r"^(\d{4})$")


# The forms of value a later expression can count from, in one pattern: a day (and whatever
# follows it), a month or a year alone; _DAYLIKE, _MONTHLIKE and _YEARLIKE tried in turn match
# the same values (tests/test_resolver.py compares them).
_REMEMBERED = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2})|-(\d{2})$|$)")


def _remember(ctx: Context, value: str) -> None:
    """Keep the last mentioned date as the anchor of later relative expressions."""
    if ctx.mode == "narrative" and (bc := _BC_LIKE.match(value)):
        # a date before Christ is kept as its year count (481 BC as year 481): see _bc_value
        ctx.last = dt.date(int(bc[1]) or 1, int(bc[2] or 1), int(bc[3] or 1))
        ctx.last_value, ctx.last_bc = value, True
        return
    day = _DAYS_READ.get(value, _UNREAD)
    if day is _UNREAD:
        if len(_DAYS_READ) >= 4096:
            _DAYS_READ.clear()
        day = _DAYS_READ[value] = _day_of(value)
    if day is not None:
        ctx.last = day
        ctx.last_value = value
        ctx.last_bc = False


# The day each value read by _remember names (None: none), kept by value: a text names the same
# dates again and again.
_DAYS_READ: dict[str, dt.date | None] = {}
_UNREAD = object()


def _day_of(value: str) -> dt.date | None:
    """The day a later expression counts from when ``value`` is mentioned: its first day, if
    ``_REMEMBERED`` matches it and that day exists."""
    m = _REMEMBERED.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2] or m[4] or 1), int(m[3] or 1))
        except ValueError:
            pass
    return None
