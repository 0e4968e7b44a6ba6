"""The rules of the temporal grammar: patterns, how to normalise them, and examples.

Each :class:`Rule` has
- ``name``: shown by ``timeline tag`` so a user can see why something was read;
- ``kind``: the resolver function that normalises the match (``timeline.resolver.KINDS``);
- ``pattern``: a regular expression written with macros from :data:`MACROS` (``{MONTH}`` becomes a
  named group ``month``; ``{MONTH:m2}`` names it ``m2``). Named groups carry the meaning the
  resolver reads: ``year``, ``month``, ``day``, ``weekday``, ``num``, ``unit``, ``rel``, ``mod`` …;
- ``examples``: phrasings and the value each must produce at the reference date
  :data:`EXAMPLE_DATE` (a Wednesday). ``[...]`` marks the expected span inside a longer text.
  A value may be a plain string (the type follows the rule) or ``(value, type, mod)``.

The tagger tries rules at each position in the order given here and keeps the longest match; on
equal length the earlier rule wins. So more specific rules come first.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import vocabulary as v

EXAMPLE_DATE = dt.date(2017, 9, 27)  # the seed article's publication date, a Wednesday


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: str
    type: str = "DATE"
    examples: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)


_MONTH_FULL = [k for k in v.MONTHS if len(k) > 4 or k in ("may", "june", "july")]
_MONTH_ABBR = [k for k in v.MONTHS if k not in _MONTH_FULL]
_WEEKDAY_FULL = [k for k in v.WEEKDAYS if k.endswith("day")]
_WEEKDAY_ABBR = [k for k in v.WEEKDAYS if not k.endswith("day") and k not in ("sat", "sun")]
def _split_alternatives(body: str) -> list[str] | None:
    """The top-level alternatives of a regex body, or None when it cannot tell."""
    out, depth, cur, i, in_class = [], 0, [], 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            cur.append(body[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return None if depth or in_class else out


def _factored(regex: str) -> str:
    """The same case-insensitive alternation, its words grouped by first letter: ``(?i:twenty|
    ten|two)`` becomes ``(?i:t(?:wenty|en|wo))``. It matches exactly what the flat one matches,
    the same alternative winning (two words with different first letters never both match at
    one place, and within a letter the order is kept), but the regex engine tries one branch
    per letter instead of one per word. Leading alternatives that do not start with a plain
    letter stay first; anything else unusual is returned unchanged."""
    if not (regex.startswith("(?i:") and regex.endswith(")")):
        return regex
    alts = _split_alternatives(regex[4:-1])
    if alts is None:
        return regex
    head = []
    while alts and not (alts[0][:1].isascii() and alts[0][:1].isalpha()):
        head.append(alts.pop(0))
    groups: dict[str, list[str]] = {}
    for a in alts:
        if not (a[:1].isascii() and a[:1].isalpha()) or a[1:2] in ("?", "*", "+", "{"):
            return regex
        groups.setdefault(a[0].lower(), []).append(a[1:])
    parts = [first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
             for first, rests in groups.items()]
    return "(?i:" + "|".join(head + parts) + ")"


def _words(table) -> str:
    """:func:`vocabulary.words` (ignoring case), grouped by first letter (:func:`_factored`)."""
    return _factored(v.words(table))


_ONES = "one|two|three|four|five|six|seven|eight|nine"
_NUMWORD = _factored(
    r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:" + _ONES + r"))?"
    r"|" + "|".join(sorted((k for k in v.NUMBERS if " " in k or k.isalpha()), key=len, reverse=True))
    .replace(" ", r"\s+") + ")"
)

def _title_words(phrase: str) -> str:
    """A regex for a holiday name: each word with its first letter in either case
    ("Mother's Day", "mother's day"), apostrophes straight or curly."""
    words = []
    for w in phrase.split(" "):
        body = re.escape(w[1:]).replace("'", "['’]").replace(r"\'", "['’]")
        words.append(f"[{w[0].upper()}{w[0].lower()}]" + body if w[0].isalpha() else re.escape(w))
    return r"\s+".join(words)


# The first word keeps its capital ("Easter", not "easter"); the rest may be in either case.
_HOLIDAYS = "|".join(
    re.escape(k[0].upper()) + _title_words(k)[len(f"[{k[0].upper()}{k[0].lower()}]"):]
    for k in sorted(list(v.FIXED_HOLIDAYS) + list(v.MOVING_HOLIDAYS), key=len, reverse=True))

MACROS = {
    # June, Sept., Sep, SEPT.
    "MONTH": "(?:" + v.words({k: 0 for k in _MONTH_FULL}, capitalised=True)
             + "|" + v.words({k: 0 for k in _MONTH_ABBR}, capitalised=True) + r"\.?)(?![\w'’]|-(?![A-Z][a-z]|\d))",
    "WEEKDAY": "(?:" + v.words({k: 0 for k in _WEEKDAY_FULL}, capitalised=True)
               + "|" + v.words({k: 0 for k in _WEEKDAY_ABBR + ["sat", "sun"]}, capitalised=True) + r"\.)",
    "DAY": r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d|:\d)",
    "YEAR": r"(?:1[0-9]|20)\d\d(?![\d,:/]\d|\d)",
    "YY": r"'\d\d(?!\w)",
    "NUM": r"(?:\d+(?:\s+1/2|\.\d+)?|" + _NUMWORD + r")(?![\w/])",
    "ORD": _words(v.ORDINALS),
    "UNIT": _words({k: 0 for k in v.UNITS if k not in ("min", "mins", "hr", "hrs")}) + r"(?![\w-])",
    "UNITSG": r"(?i:second|minute|hour|day|night|week|weekend|month|quarter|year|decade|century)(?![\w-])",
    "REL": r"(?i:this|last|next|past|previous|coming|following|current|upcoming)",
    "SEASON": _words(v.SEASONS) + r"(?![\w-])",
    "POD": r"(?i:morning|afternoon|evening|night|overnight)(?!\w)",
    "POS": r"(?i:early|mid|late)",
    # "earlier this year", "late yesterday", "early Tuesday": a position inside the period
    "LEAD": r"(?i:earlier|later|early|late|mid)",
    "AMOD": _words(v.AMOUNT_MODS),
    "VAGUE": _words({k: 0 for k in v.AMOUNT_MODS}),
}

_MACRO = re.compile(r"\{([A-Z]+)(?::(\w+))?\}")


def expand(pattern: str) -> str:
    """Replace ``{MACRO}`` and ``{MACRO:name}`` by the macro's regex in a named group."""
    def sub(m: re.Match) -> str:
        macro, name = m.group(1), m.group(2) or m.group(1).lower()
        return f"(?P<{name}>{MACROS[macro]})"
    return _MACRO.sub(sub, pattern)


# Word-boundary guards used by many rules.
B = r"(?<![\w'’-])"        # nothing word-like right before
E = r"(?![\w-])"            # nothing word-like right after

# B, but also right after the hyphen of a range that ends in a month name or a number
# ("August-[September 1950]", "14 August-[24 August]")
BR = r"(?<![\w'’])(?!(?<=-)(?<!(?:ary|rch|May|une|uly|ber)-)(?<!(?:pril|gust)-)(?<!\d-))"
_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# A year reference inside larger expressions: "2017", "next year", "this year", "the year".
YEAR_REF = r"(?:{YEAR}|(?P<yrel>(?i:this|last|next|the\s+current|the\s+previous|the\s+coming|the\s+following|the\s+past))\s+(?i:year)|(?P<ythe>(?i:the|this)\s+year))"

RULES: list[Rule] = [
    # ---------------------------------------------------------------- clock times (TIME)
    Rule("time-with-day", "clock", B + r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm)(?!\w))(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?,?\s+(?:(?i:on)\s+)?(?:(?P<dayword>{WEEKDAY}|(?i:today|yesterday|tomorrow))|{MONTH}\s+{DAY})" + E, "TIME",
         {"3 p.m. Tuesday": "2017-09-26T15:00", "10:30 a.m. yesterday": "2017-09-26T10:30"}),
    Rule("day-at-time", "clock", B + r"(?P<dayword>{WEEKDAY}|(?i:today|yesterday|tomorrow))(?:\s+(?P<podw>{POD}))?\s+(?i:at)\s+(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm)(?!\w))(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?", "TIME",
         {"Tuesday at 3 p.m.": "2017-09-26T15:00", "yesterday at 9:15 am": "2017-09-26T09:15"}),
    Rule("clock-time", "clock", B + r"(?:(?P<amod>(?i:around|about|approximately|roughly))\s+)?(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm)(?!\w)|(?i:o'clock))(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC)(?!\w))?", "TIME",
         {"3 p.m.": "2017-09-27T15:00", "10:35 a.m. EDT": "2017-09-27T10:35", "11 o'clock": "2017-09-27T11:00"}),
    Rule("clock-oclock-word", "clock", B + r"(?P<hourw>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?i:o['’]clock)" + E, "TIME",
         {"three o'clock": "2017-09-27T03:00", "at [eleven o'clock]": "2017-09-27T11:00"}),
    Rule("hour-in-the-morning", "clock", r"(?=\d)" + B + r"(?:(?<=\b(?i:at|by)\s)|(?<=\b(?i:till)\s)|(?<=\b(?i:until|after)\s)|(?<=\b(?i:before)\s))(?P<hour>[1-9]|1[0-2])\s+(?i:in\s+the\s+morning)" + E, "TIME",
         {"He will leave at [4 in the morning]": "2017-09-27T04:00"}),
    Rule("clock-24h", "clock", B + r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)\s*(?P<tz>GMT|UTC|[A-Z]{2,4}T)(?!\w)", "TIME",
         {"14:30 GMT": "2017-09-27T14:30"}),
    Rule("noon-midnight", "clock", B + r"(?<![Hh]igh\s)(?P<named>(?i:noon|midnight|midday))(?:\s+(?P<dayword>{WEEKDAY}|(?i:today|yesterday|tomorrow)))?" + E, "TIME",
         {"noon": "2017-09-27T12:00", "midnight Tuesday": "2017-09-26T24:00"}),

    # ---------------------------------------------------------------- full calendar dates
    Rule("iso-date", "calendar", r"(?<![\d-])(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\d-])",
         examples={"2017-09-26": "2017-09-26"}),
    Rule("slash-date", "slash_date", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?![\d/])",
         examples={"9/26/2017": "2017-09-26", "26/09/2017": "2017-09-26", "9/26/17": "2017-09-26"}),
    # "the week of March 6": one expression, the week holding that day
    Rule("week-of-date", "calendar", B + r"(?:(?i:the)\s+)?(?P<weekof>(?i:week))\s+(?i:of)\s+(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?:,?\s+{YEAR})?" + E,
         examples={"The hearing was held [the week of March 6]": "2017-W10", "the week of Oct. 2, 2017": "2017-W40",
                   "in [the week of Nov. 6]": "2017-W45"}),
    Rule("weekday-month-day-year", "calendar", B + r"(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY},?\s+{YEAR}",
         examples={"Sept. 26, 2017": "2017-09-26", "September 26 2017": "2017-09-26",
                   "Tuesday, Sept. 26, 2017": "2017-09-26", "Dec. 21, 1988": "1988-12-21",
                   "Oct 3rd, 2016": "2016-10-03"}),
    Rule("day-month-year", "calendar", BR + r"(?:{WEEKDAY},?\s+)?(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH},?\s+{YEAR}",
         examples={"26 September 2017": "2017-09-26", "the 26th of September, 2017": "2017-09-26"}),
    Rule("weekday-month-day", "calendar", B + r"(?:(?P<amod>(?i:around|about|approximately|roughly))\s+)?(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}" + E + r"(?!,?\s+\d(?!\d{0,2},\d\d\d))",
         examples={"Sept. 26": "2017-09-26", "Tuesday, Sept. 26": "2017-09-26", "Nov. 9": "2017-11-09",
                   "on [Oct. 2]": "2017-10-02", "August 1st": "2017-08-01", "around Nov. 1": ("2017-11-01", "DATE", "APPROX"),
                   "The deal was signed on [March 3]": "2017-03-03", "The vote will be held on [Feb. 4]": "2018-02-04", "The plant closed last [Aug. 3]": "2017-08-03"}),
    Rule("ordinal-day-month", "calendar", B + r"(?:(?i:the)\s+)?(?P<dayord>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty-second|twenty-third|twenty-fourth|twenty-fifth|twenty-sixth|twenty-seventh|twenty-eighth|twenty-ninth|thirtieth|thirty-first))\s+(?i:of)\s+{MONTH}(?:,?\s+{YEAR})?" + E,
         examples={"the first of October": "2017-10-01", "the Fourth of July": "2017-07-04", "the tenth of May, 1998": "1998-05-10"}),
    Rule("day-month", "calendar", BR + r"(?:{WEEKDAY},?\s+)?(?:(?i:the)\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?!,?\s+\d(?!\d{0,2},\d\d\d))",
         examples={"26 September": "2017-09-26", "the 26th of September": "2017-09-26",
                   "By [28 March], 35,000 troops had crossed": "2017-03-28",
                   "the battle ([14 August]-24 August)": "2017-08-14", "the battle (14 August-[24 August])": "2017-08-24"}),
    # "in August of that year", "November of the same year", "March of the following year": the year
    # counted from the date in focus
    Rule("month-that-year", "calendar", B + r"(?:{POS:pos}[-\s]+)?{MONTH}\s+(?i:of)\s+(?P<yanch>(?i:that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding))\s+(?i:year)" + E,
         examples={"The war began on May 3, 2010. In [August of that year] the city fell.": "2010-08",
                   "The war began on May 3, 2010. It ended in [March of the following year].": "2011-03",
                   "The war began on May 3, 2010. It ended in [November of the same year].": "2010-11"}),
    Rule("month-rel-year", "calendar", B + r"(?:{POS:pos}[-\s]+)?{MONTH},?\s+(?:(?:(?i:of)\s+)?(?P<yrel>(?i:this|last|next))\s+(?i:year)|(?P<yearw>(?i:nineteen|twenty)[-\s]+[a-z]+(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)(?!\w))?))" + E,
         examples={"January this year": "2017-01", "June last year": "2016-06", "January nineteen ninety-seven": "1997-01",
                   "in [October next year]": "2018-10"}),
    Rule("month-year", "calendar", BR + r"(?:{POS:pos}[-\s]+)?{MONTH},?\s+(?:of\s+)?{YEAR}",
         examples={"September 2017": "2017-09", "Oct. 1998": "1998-10", "July of 2011": "2011-07",
                   "early March 2016": ("2016-03", "DATE", "START"),
                   "the siege (August-[September 1950])": "1950-09"}),
    Rule("month-yy", "calendar", B + r"{MONTH}\s+{YY:yy}", examples={"June '99": "1999-06"}),

    # ---------------------------------------------------------------- parts of years
    Rule("half-of-year", "part_of_year", B + r"(?:(?i:the)\s+)?(?P<ord>(?i:first|second|1st|2nd|latter|last))\s+(?i:half)(?:\s+(?i:of)\s+" + YEAR_REF + r")?" + E,
         examples={"the first half of next year": "2018-H1", "the second half of 2016": "2016-H2",
                   "the first half": "2017-H1"}, params={"part": "H"}),
    Rule("quarter-of-year", "part_of_year", B + r"(?:(?i:the)\s+(?!(?:(?i:fiscal)[-\s])?\w+-(?i:quarter)))?(?:(?i:fiscal)[-\s]+)?(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|(?<=(?i:the)\s)(?:final|last)))[-\s]+(?i:quarter)(?:\s+(?i:of)\s+" + YEAR_REF + r")?" + E + r"(?!\s+(?i:of\s+(?:a|an)\b|century|mile))",
         examples={"the third quarter": "2017-Q3", "the fourth quarter of 2016": "2016-Q4",
                   "fourth-quarter": "2017-Q4", "the first quarter of next year": "2018-Q1"}, params={"part": "Q"}),
    Rule("year-quarter", "part_of_year", B + YEAR_REF.replace("{YEAR}", "{YEAR}(?:'s)?").replace(r"(?i:year)", r"(?i:year's)") + r"\s+(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[-\s]+(?i:quarter)" + E,
         examples={"next year's first quarter": "2018-Q1", "2016's third quarter": "2016-Q3"}, params={"part": "Q"}),
    Rule("q-number", "part_of_year", B + r"(?P<ordq>Q[1-4])(?:\s+{YEAR}|\s+'(?P<yy>\d\d))?" + E,
         examples={"Q3 2016": "2016-Q3", "Q1": "2017-Q1"}, params={"part": "Q"}),
    Rule("rel-quarter", "part_of_year", B + r"(?:(?i:the)\s+)?(?P<rel>(?i:this|last|next|past|previous|coming|current|prior))\s+(?i:quarter)" + E + r"(?!\s+(?i:of\s+(?:a|an)\b|century|mile))",
         examples={"last quarter": "2017-Q2", "next quarter": "2017-Q4", "this quarter": "2017-Q3"}, params={"part": "Q"}),
    Rule("season-of-year", "part_of_year", B + r"(?:(?:(?i:the)\s+)?{POS:pos}[-\s]+)?(?:(?P<rel>(?i:this\s+past|this\s+coming|this|last|next|past|previous|coming|the))\s+)?{SEASON}(?:(?:\s+(?i:of))?\s+(?:{YEAR}|(?P<yearw>(?i:nineteen|twenty)[-\s]+[a-z]+(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)(?!\w))?)))?" + E + r"(?!(?<!\d)\s+[A-Z])"   # "the Summer Olympics"; a year closes it: "the summer of 1963 U.S. officials"
         r"(?!(?<=[Ff]all)\s+of\s+(?!(?i:last|next|this|that)\s+year\b))"
         r"(?!(?<=Spring|Summer|Winter|Autumn)\s+of\s+[A-Z])",   # "the Spring of Life rallies": a name   # "the fall of Saigon": a capture, not autumn ("the fall of 2007" is read above)
         examples={"this summer": "2017-SU", "last winter": "2016-WI", "the summer of 2011": "2011-SU",
                   "spring 2018": "2018-SP", "next spring": "2018-SP", "summer": "2017-SU",
                   "late summer": ("2017-SU", "DATE", "END"), "the fall of 2016": "2016-FA",
                   "During [the summer of 1963] U.S. aid grew": "1963-SU"}, params={"part": "S"}),

    # ---------------------------------------------------------------- positions in a period
    Rule("position-of-year", "year", B + r"(?:(?P<posw>(?i:early|mid|late|the\s+(?:beginning|start|middle|end|close)\s+of|(?:beginning|start|middle|end)\s+of))[-\s]+)(?:" + YEAR_REF + r")" + E,
         examples={"early 2018": ("2018", "DATE", "START"), "late last year": ("2016", "DATE", "END"),
                   "the end of the year": ("2017", "DATE", "END"), "mid-2016": ("2016", "DATE", "MID"),
                   "the beginning of next year": ("2018", "DATE", "START")}),
    Rule("year-end", "year", B + r"(?:(?P<ythe>(?i:the\s+)?year)|{YEAR})(?P<yearsend>['’]s\s+end|-end)" + E,
         examples={"year's end": ("2017", "DATE", "END"), "year-end": ("2017", "DATE", "END")}),
    Rule("position-of-month", "month", B + r"(?P<posw>(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of|(?:beginning|start|middle|end)\s+of))[-\s]+{MONTH}" + E + r"(?!\s+\d)",
         examples={"mid-July": ("2017-07", "DATE", "MID"), "early August": ("2017-08", "DATE", "START"),
                   "the end of June": ("2017-06", "DATE", "END")}),
    Rule("position-of-rel", "relative", B + r"(?P<posw>(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of|(?:beginning|start|middle|end)\s+of))[-\s]+(?P<rel>(?i:this|last|next|the\s+past|the\s+coming|the))\s+(?P<unit>(?i:week|month|decade|century))" + E,
         examples={"early next month": ("2017-10", "DATE", "START"), "the end of the month": ("2017-09", "DATE", "END"),
                   "late last week": ("2017-W38", "DATE", "END")}),

    # ---------------------------------------------------------------- decades, centuries, years
    Rule("decade", "decade", B + r"(?:(?i:the)\s+)?(?:(?P<posw>(?i:early|mid|late))[-\s]+)?(?P<decade>(?:1[0-9]|20)\d0)['’]?s" + E,
         examples={"the 1990s": "199", "the early 1990s": ("199", "DATE", "START"), "1960s": "196"}),
    Rule("decade-short", "decade", B + r"(?:(?i:the)\s+)?(?:(?P<posw>(?i:early|mid|late))[-\s]+)?['’](?P<decade2>\d0)s" + E,
         examples={"the '90s": "199", "the mid-'80s": ("198", "DATE", "MID")}),
    Rule("decade-word", "decade", B + r"(?:(?i:the)\s+)?(?:(?P<posw>(?i:early|mid|late))[-\s]+)?(?P<decadew>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))" + E,
         examples={"the nineties": "199", "the late sixties": ("196", "DATE", "END")}),
    Rule("century", "century", B + r"(?:(?i:the)\s+)?(?:(?P<posw>(?i:early|mid|late))[-\s]+)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[-\s]+(?i:century)" + E,
         examples={"the 20th century": "19", "the 21st century": "20", "the late 19th century": ("18", "DATE", "END")}),
    Rule("century-word", "century", B + r"(?:(?i:the)\s+)?(?P<centw>(?i:nineteenth|twentieth|twenty-first|eighteenth))[-\s]+(?i:century)" + E,
         examples={"the twentieth century": "19"}),
    Rule("rel-decade", "relative", B + r"(?:(?i:the)\s+)?(?P<rel>(?i:this|last|next|past|coming|previous|current))\s+(?P<unit>(?i:decade|century))" + E,
         examples={"last decade": "200", "this century": "20"}),
    Rule("fiscal-year", "year", B + r"(?:(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s?)(?P<fy>(?:1[0-9]|20)\d\d|\d\d)(?!\d)",
         examples={"fiscal 1998": "1998", "fiscal year 2016": "2016", "FY2017": "2017"}),
    Rule("rel-fiscal-year", "relative", B + r"(?:(?i:the)\s+)?(?P<rel>(?i:this|last|next|current|previous|coming|past|latest))\s+(?i:fiscal)\s+(?P<unit>(?i:year))" + E,
         examples={"the current fiscal year": "2017", "last fiscal year": "2016", "the latest fiscal year": "2016"}),
    Rule("full-year", "relative", B + r"(?P<rel>(?i:the))\s+(?i:full|fiscal|calendar|whole)\s+(?P<unit>(?i:year))" + E + r"(?!\s+(?i:ended|ending)\b)",
         examples={"the full year": "2017", "for [the fiscal year]": "2017"}),
    Rule("year-end-bare", "year", B + r"(?:(?P<posw>(?i:around))\s+)?(?P<ythe>(?i:year))[-\s](?P<yearsend>(?i:end))" + E,
         examples={"by [year end]": ("2017", "DATE", "END")}),
    Rule("year-two-thousand", "year", B + r"(?:(?i:the\s+year\s+))?(?P<yearw>(?i:two\s+thousand)(?:(?:\s+and)?\s+(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)" + E + r"(?!\s+(?i:years|people|dollars|men|troops|miles|feet)\b)",
         examples={"the year two thousand": "2000", "two thousand and five": "2005"}),
    Rule("current", "vague", B + r"(?P<vague>(?i:current))(?=\s+[a-z])(?!\s+(?i:year|quarter|month|week|fiscal|period|account|accounts|affairs|assets|liabilities|events|flow|flows|dollars|prices|price|rate|rates|levels?)\b)",
         examples={"his [current] position": "PRESENT_REF"}),
    Rule("year-spelled", "year", B + r"(?P<yearw>(?i:nineteen|twenty)(?:\s+|-)(?:(?i:hundred|oh-?\w+)|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:" + _ONES + r"))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)))" + E,
         examples={"nineteen ninety-one": "1991", "twenty sixteen": "2016"}),
    Rule("year", "year", r"(?<![\w$£€¥#.,:/+])(?:(?<!-)|(?<=(?<![\w$£€¥#.,:/+-])(?:1[0-9]|20)\d\d-))(?<!Room\s)(?<!Flight\s)(?<!Route\s)(?<!Suite\s)(?<!Chapter\s)(?<!Section\s)(?<!Article\s)(?<!Highway\s)(?<!Interstate\s)(?<!Model\s)(?<!Number\s)(?<!No\.\s)(?:(?i:the\s+year\s+))?{YEAR}(?!\.\d|%|-(?!(?:(?:1[0-9]|20)\d\d|\d\d)(?![\w-]|[.,]\d|\s*(?:%|percent|(?i:yards|feet|meters|miles|people|troops|votes|points|units|shares|men|women)\b)))\d|\s*(?:%|percent|(?i:yards|feet|meters|miles|people|troops|votes|points|units|shares|men|women)\b))(?:\s*(?P<era>BC|B\.C\.|AD|A\.D\.|BCE|CE)(?!\w))?",
         examples={"2011": "2011", "since the [2011] overthrow": "2011", "in [1998]": "1998", "the year 2000": "2000", "1200 BC": "BC1200",
                  "the war of [1861]-1865": "1861", "the war of 1861-[1865]": "1865", "the siege of Kut ([1915]-16)": "1915"}),
    # "post-1959 politics", "the pre-2008 boom": the time after (before) that year
    Rule("pre-post-year", "year", B + r"(?P<prepost>(?i:pre|post))-{YEAR}" + E,
         examples={"post-1959": ("1959", "DATE", "AFTER"), "the [pre-2008] boom": ("2008", "DATE", "BEFORE")}),
    Rule("year-ad-bc", "year", r"(?<![\w$£€.,])(?P<smallyear>\d{1,4})\s*(?P<era>BC|B\.C\.|BCE|AD|A\.D\.)(?!\w)",
         examples={"800 AD": "0800", "44 BC": "BC0044"}),

    # ---------------------------------------------------------------- relative to the reference date
    Rule("deictic-day-part", "deictic", B + r"(?!(?<=[A-Z][A-Z]\s)Today)(?:{LEAD:lead}[-\s]+)?(?P<dayword>(?i:today|yesterday|tomorrow))(?:\s+(?P<podw>{POD}))?" + E + r"(?!['’]s\s+(?!\w))",
         examples={"today": "2017-09-27", "yesterday": "2017-09-26", "tomorrow": "2017-09-28",
                   "yesterday afternoon": "2017-09-26TAF", "Today": "2017-09-27"}),
    Rule("pod-dayword", "deictic", B + r"(?:(?i:mid|early|late)[-\s]?)?(?P<podw>(?i:morning|afternoon|evening))\s+(?P<dayword>(?i:today|yesterday|tomorrow))" + E,
         examples={"at [mid-afternoon yesterday], shares were up": ("2017-09-26TAF", "TIME", None),
                   "morning today": ("2017-09-27TMO", "TIME", None)}),
    Rule("tonight", "deictic", B + r"(?P<tonight>(?i:tonight|overnight|last\s+night))" + E,
         examples={"tonight": "2017-09-27TNI", "last night": "2017-09-26TNI"}),
    Rule("this-pod", "deictic", B + r"(?:{LEAD:lead}[-\s]+)?(?P<thispod>(?i:this))\s+(?P<podw>(?i:morning|afternoon|evening))" + E,
         examples={"this morning": "2017-09-27TMO", "this evening": "2017-09-27TEV"}),
    Rule("day-before-yesterday", "deictic", B + r"(?i:the\s+day\s+(?P<dba>before\s+yesterday|after\s+tomorrow))" + E,
         examples={"the day before yesterday": "2017-09-25", "the day after tomorrow": "2017-09-29"}),
    # "the day before last Tuesday", "the day after Friday's vote": one day off that weekday
    Rule("day-before-weekday", "weekday", B + r"(?:(?i:the)\s+)?(?i:day)\s+(?P<dbw>(?i:before|after))\s+(?:(?P<rel>(?i:last|next|this))\s+)?{WEEKDAY}" + E,
         examples={"[the day before last Tuesday]": "2017-09-25", "He left [the day after Friday]'s vote": "2017-09-23",
                   "They met [the day before next Tuesday]": "2017-10-02"}),
    Rule("rel-weekday", "weekday", B + r"(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|the\s+following|the\s+previous|the\s+preceding))\s+{WEEKDAY}(?:\s+(?P<podw>{POD}))?" + E,
         examples={"last Friday": "2017-09-22", "next Tuesday": "2017-10-03", "this Monday": "2017-09-25",
                   "this coming Friday": "2017-09-29"}),
    Rule("weekday-pod", "weekday", B + r"(?:{LEAD:lead}[-\s]+)?{WEEKDAY}\s+(?P<podw>{POD})" + E,
         examples={"Tuesday night": "2017-09-26TNI", "Monday morning": "2017-09-25TMO"}),
    Rule("weekday", "weekday", B + r"(?:{LEAD:lead}[-\s]+)?{WEEKDAY}" + E + r"(?!['’]s\s+(?i:child|paper))",
         examples={"Tuesday": "2017-09-26", "on [Monday]": "2017-09-25", "The summit opens [Friday]'s talks": "2017-09-22",
                   "He will speak on [Friday]": "2017-09-29", "Wednesday": "2017-09-27"}),
    Rule("rel-month", "month", B + r"(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+{MONTH}" + E + r"(?!\.?\s+\d)",
         examples={"last April": "2017-04", "next March": "2018-03", "this July": "2017-07",
                   "last September": "2016-09"}),
    Rule("month", "month", BR + r"{MONTH}(?:" + E + r"|(?=-(?:" + _FULL_MONTHS + r")\b))(?!\s+\d)",
         examples={"in [July]": "2017-07", "in [August] about": "2017-08", "in [December]": "2017-12",
                   "The vote was held in [December]": "2016-12", "since [November]": "2016-11",
                   "It will open in [December]": "2017-12", "in [May]": "2017-05", "since [March]": "2017-03",
                   "the siege ([August]-September 1950)": "1950-08"}),
    # "December's figures", "in January's vote": the month, its possessive left out as with weekdays
    # ("May's" is too often the name)
    Rule("month-possessive", "month", B + r"(?P<month>January|February|March|April|June|July|August|September|October|November|December)(?=['’]s(?!\w))",
         examples={"The agency revised [December]'s figures": "2016-12", "Turnout in [June]'s vote was low": "2017-06"}),
    Rule("rel-weekend", "relative", B + r"(?:(?i:the|this|last|next|this\s+past|this\s+coming|the\s+past|the\s+coming)\s+)(?P<unit>(?i:weekend))" + E,
         examples={"this weekend": "2017-W39-WE", "last weekend": "2017-W38-WE", "the weekend": "2017-W38-WE",
                   "next weekend": "2017-W40-WE"}),
    Rule("ago", "offset", B + r"(?:{AMOD}\s+)?(?P<num>{NUM:numx}|(?i:a\s+few|several|a\s+couple\s+of|a\s+couple|many|some))[-\s]+{UNIT}(?:\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence))" + E + r"(?!\s+(?i:than)\b)",
         examples={"three days ago": "2017-09-24", "two weeks ago": "2017-W37", "five months ago": "2017-04",
                   "a year ago": "2016", "two years ago": "2015", "about a month ago": ("2017-08", "DATE", "APPROX"),
                   "two years from now": "2019", "a decade ago": "200", "a year earlier": "2016", "a week or so ago": "2017-W38"}),
    Rule("in-n-units", "offset", r"(?<=\b(?i:in)\s)(?:(?i:the\s+next|about|around)\s+)?(?P<num>{NUM:numx})\s+(?P<unit>(?i:years|months|weeks|days|year|month|week|day))['’]?\s*(?P<dir>(?i:time))" + E,
         examples={"in [three years' time]": "2020", "in [two weeks time]": "2017-W41"}),
    Rule("rel-unit", "relative", B + r"(?:{LEAD:lead}[-\s]+)?(?:(?P<the>(?i:the))\s+)?(?![A-Z][a-z]+\s+(?:Week|Month|Year|Day)\b)(?P<rel>(?i:this|last|next|past|previous|coming|current|following|same|upcoming|prior|latest))\s+(?P<unit>(?i:week|month|year|day))(?:\s+(?i:or\s+so)(?![\w-]))?" + E,
         examples={"last month": "2017-08", "this week": "2017-W39", "next year": "2018", "last year": "2016",
                   "this month": "2017-09", "next week": "2017-W40", "the previous year": "2016", "the past year": "2016", "Earlier this year": ("2017", "DATE", "START")}),
    Rule("the-unit", "relative", B + r"(?:(?P<lead>(?i:earlier|later))\s+(?i:in\s+))?(?![A-Z][a-z]+\s+(?:Week|Month|Year|Day)\b)(?P<rel>(?i:the|this))(?<!\b(?i:won|win)\s(?i:the))(?<!\b(?i:wins|save)\s(?i:the))(?<!\b(?i:carry|saved|saves|seize)\s(?i:the))(?<!\b(?i:seized)\s(?i:the))(?<!\b(?i:carried|carries)\s(?i:the))\s+(?P<unit>(?i:year|month|week|day))(?!['’]s\s+(?:\w+\s+)?(?:end|start|beginning|first|second|third|fourth))" + E,
         examples={"the year": "2017", "the month": "2017-09", "The rebels won on [the day] of the vote": "2017-09-27"}),
    Rule("day-before", "anchored", B + r"(?i:the\s+)(?P<unit>(?i:day))\s+(?P<rel>(?i:before|after))(?=\s*[,.;:]|\s*$)",
         examples={"[the day before].": "2017-09-26", "[the day after], it rained": "2017-09-28"}),
    Rule("anchored-day", "anchored", B + r"(?i:the\s+)?(?P<rel>(?i:next|following|previous|same|prior|preceding))\s+(?P<unit>(?i:day|morning|afternoon|evening|night))" + E,
         examples={"the next morning": "2017-09-28TMO", "the previous night": "2017-09-26TNI", "the following evening": "2017-09-28TEV"}),
    # "by mid-afternoon", "in the morning", "late evening": a part of the day in focus, a TIME
    Rule("pod-alone", "anchored", B + r"(?P<rel>(?:(?<=\b(?i:in|by)\s)|(?<=\b(?i:until)\s)|(?<=\b(?i:during)\s)|(?<=\b(?i:through)\s))(?i:the)(?:\s+(?i:early|mid|late))?|(?i:early|mid|late))(?:-|\s+)(?P<unit>(?i:morning|afternoon|evening))" + E + r"(?!\s+(?i:of|hours)\b)",   # "the morning of May 3": the date is tagged
         "TIME", {"By [mid-afternoon], shares were up": "2017-09-27TAF", "Dealers sold in [the morning]": "2017-09-27TMO",
                  "The talks resumed on May 3, 2016. By [late afternoon] they had failed.": "2016-05-03TAF"}),
    # "the second day of the offensive", "on his first day in office": a day counted inside an
    # event, a DATE (not "one day" long); the text is about that day, read like "that day"
    Rule("ordinal-day", "anchored", B + r"(?<!\b(?i:every)\s)(?<!\b(?i:each)\s)(?:(?i:the)\s+)?(?P<rel>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|final))\s+(?P<unit>day)" + E
         + r"(?!['’]s)(?!\s+(?i:of)\s+(?:(?i:the|this|next|last)\s+)?(?:(?i:month|year|week)\b|" + _FULL_MONTHS + r"))",
         examples={"It is [the second day] of the strike": "2017-09-27", "on his [first day] in office": "2017-09-27",
                   "[the final day] of the battle": "2017-09-27"}),
    Rule("that-unit", "anchored", B + r"(?:{LEAD:lead}[-\s]+)?(?P<rel>(?i:that\s+same|that|the\s+same))\s+(?P<unit>(?i:day|week|month|year|morning|afternoon|evening|night))" + E,
         examples={"that day": "2017-09-27", "that year": "2017", "that same day": "2017-09-27", "Earlier that day": ("2017-09-27", "DATE", "START")}),
    Rule("year-earlier", "relative", B + r"(?P<yearearlier>(?i:year-earlier|year-ago|year-before|prior-year))" + E,
         examples={"year-earlier": "2016", "The [year-ago] results": "2016", "Sales rose in the second quarter from [year-earlier] levels": "2016-Q2"}),
    Rule("fin-period", "fin_period", B + r"(?:(?i:the|that|this)\s+)(?:(?P<finback>(?i:(?:comparable|corresponding)\s+(?:year-earlier|year-ago|year-before|prior-year)|year-earlier|year-ago|year-before|prior-year|comparable|corresponding|same))\s+|(?i:latest|current|most\s+recent|fiscal)\s+)?(?:(?P<finord>(?i:first|second|third|fourth))\s+)?(?i:quarter|period)(?:\s+(?P<finback2>(?i:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)))?" + E + r"(?<!(?i:comparable)\s(?i:quarter))(?<!(?i:comparable)\s(?i:period))(?<!(?i:corresponding)\s(?i:quarter))(?<!(?i:corresponding)\s(?i:period))(?<!(?i:same)\s(?i:quarter))(?<!(?i:same)\s(?i:period))(?<!(?i:the)\s(?i:period))(?<!(?i:that)\s(?i:period))(?<!(?i:this)\s(?i:period))(?!\s+(?i:of\s+(?:a|an)\b|century|mile))",
         examples={"the quarter": "2017-Q2", "the latest quarter": "2017-Q2", "the latest period": "2017-Q2",
                   "the year-ago quarter": "2016-Q2", "the year-earlier period": "2016-Q2",
                   "the quarter a year ago": "2016-Q2", "the corresponding period last year": "2016-Q2",
                   "the year-ago third quarter": "2016-Q3", "the comparable year-ago quarter": "2016-Q2"}),
    # "last year's quarter", "the previous year's period": the quarter in focus, a year back
    Rule("last-years-period", "fin_period", B + r"(?P<finback>(?i:last\s+year|the\s+previous\s+year|the\s+prior\s+year)['’]s)\s+(?i:quarter|period)" + E + r"(?!\s+(?i:of\s+(?:a|an)\b|century|mile))",
         examples={"last year's quarter": "2016-Q2", "Sales in [the previous year's period] were lower": "2016-Q2",
                   "Profit rose in the second quarter from [last year's quarter]": "2016-Q2"}),
    Rule("fin-year-period", "fin_period", B + r"(?:(?i:the)\s+)(?P<finyear>(?:1[0-9]|20)\d\d)\s+(?:(?P<finord>(?i:first|second|third|fourth))[-\s]+)?(?i:quarter|period)" + E,
         examples={"the 1988 period": "1988", "the 1988 third quarter": "1988-Q3",
                   "Profit rose in the third quarter from [the 2016 period]": "2016-Q3"}),

    # ---------------------------------------------------------------- holidays
    Rule("holiday", "holiday", B + r"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<holiday>" + _HOLIDAYS + r")(?:\s+{YEAR})?" + E,
         examples={"Christmas": "2016-12-25", "Christmas Eve": "2016-12-24", "Thanksgiving": "2016-11-24",
                   "Easter": "2017-04-16", "Independence Day": "2017-07-04", "Election Day": "2016-11-08",
                   "New Year's Eve": "2016-12-31", "last Thanksgiving": "2016-11-24", "next Christmas": "2017-12-25",
                   "We will meet at [Christmas]": "2017-12-25",
                   "Christmas 2018": "2018-12-25"}),

    # ---------------------------------------------------------------- sets
    Rule("every-unit", "set", B + r"(?P<every>(?i:every|each|per))\s+(?:(?P<num>{NUM:numx})\s+)?(?P<unit>{UNIT:unitx}|(?i:morning|evening|night|afternoon)|{WEEKDAY}|{MONTH})" + E + r"(?<!\ba\sday)(?<!\ba\syear)(?<!\ba\sweek)(?<!\ba\smonth)(?<!\ba\shour)"
         r"(?!(?<=[Ss]econd)\s+(?i:day|night|week|weekend|month|year|hour|minute)s?\b)",   # "every second day": every other day, not every second of time
         "SET", {"every week": "P1W", "each year": "P1Y", "every Monday": "XXXX-WXX-1", "every two years": "P2Y",
                 "every morning": "XXXX-XX-XXTMO"}),
    # "on Mondays", "Tuesday nights": every such day
    Rule("weekday-plural", "set", B + r"{WEEKDAY}(?:s|\s+(?i:nights|mornings|afternoons|evenings))" + E,
         "SET", {"The shop is closed on [Sundays]": "XXXX-WXX-7", "She works [Tuesday nights]": "XXXX-WXX-2"}),
    Rule("times-a-unit", "set", B + r"(?P<times>(?i:once|twice|thrice|\d+\s+times|(?:three|four|five|six|several)\s+times))\s+(?P<every>(?i:a|an|per|every|each))\s+(?P<unit>(?i:second|minute|hour|day|week|month|quarter|year|decade))" + E,
         "SET", {"twice a year": "P1Y", "three times a week": "P1W", "once a month": "P1M"}),
    Rule("set-adverb", "set", B + r"(?<!%\s)(?<!(?i:percent)\s)(?P<adverb>(?i:daily|nightly|weekly|biweekly|monthly|yearly|annually|hourly))" + E + r"(?<!(?i:average)\s(?i:daily))",
         "SET", {"daily": "P1D", "annually": "P1Y", "weekly": "P1W"}),

    # ---------------------------------------------------------------- durations
    # "Islam will one day be...", "he hoped he would one day return": an unspecified future day,
    # not a duration of one day ("it took one day")
    Rule("one-day-future", "vague", r"(?=one\s)(?:(?<=\bwill\s)|(?<=\bwould\s)|(?<=\bcould\s)|(?<=\bmight\s)|(?<=\bmay\s)|(?<=\bcan\s)|(?<=\bshall\s)|(?<=\bshould\s)|(?<=\bmust\s))(?P<vague>one\s+day)" + E + r"(?!\s+(?i:later|earlier|after|before|ago|of|or|and|to|at|in)\b)",
         examples={"Islam will [one day] be the largest religion": "FUTURE_REF",
                   "he hoped he would [one day] return": "FUTURE_REF"}),
    Rule("duration-past", "duration", B + r"(?:(?!(?i:over|under)\s)(?:{AMOD})\s+)?(?P<the>(?i:the|these|those))\s+(?P<rel>(?i:past|last|next|previous|coming|first|final|latest|following|preceding))\s+(?:(?P<num>{NUM:numx}|(?i:few|several|couple\s+of|many))(?:\s+(?i:to|or)\s+{NUM:numy})?[-\s]+|(?<!(?i:coming)\s))(?<!(?i:coming)\s\s){UNIT}" + E + r"(?<!\bweek)(?<!\bweekend)(?<!\bday)(?<!\bmonth)(?<!\byear)(?<!\bquarter)(?:\s+(?i:or\s+so))?(?![\w-])",
         "DURATION", {"the past three years": "P3Y", "the last two weeks": "P2W", "the next few months": "PXM",
                      "the past few days": "PXD", "the last twenty four hours": "PT24H", "the first two years": "P2Y"}),
    Rule("duration", "duration", B + r"(?:{AMOD}(?:(?<!\b(?i:over))|(?<=\b(?i:for|ran)\s(?i:over))|(?<=\b(?i:took|just|well|than|last|take)\s(?i:over))|(?<=\b(?i:lasts|takes|taken)\s(?i:over))|(?<=\b(?i:lasted)\s(?i:over)))\s+|(?i:the)\s+(?:(?i:latest|year-earlier|year-ago|comparable|same)\s+)?(?=(?:\d+|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?i:hours|days|weeks|months|quarters|years)\b))?(?P<num>{NUM:numx}|(?i:a\s+few|few|several|a\s+couple\s+of|a\s+couple|many|numerous|countless|a\s+number\s+of)|(?i:a\s+half|half\s+an?))(?:\s+(?i:to|or)\s+(?P<num2>{NUM:numy}))?(?:\s+(?P<half>(?i:and\s+a\s+half)))?(?:\s+(?i:more|additional|trading|business)(?=\s))?[-\s]+{UNIT}(?:\s+(?P<half2>(?i:and\s+a\s+half)))?" + E + r"(?!\s+(?i:ago|earlier|later|from\s+now|hence)\b)(?![\w-])"
         r"(?<!\b[Aa]\s[Ss]econd)(?!(?<=quarter)\s+(?i:of)\b)(?!(?<=quarters)\s+(?i:of)\b)",
         "DURATION", {"three hours": "PT3H", "two years": "P2Y", "a decade": "P10Y", "several years": "PXY",
                      "24 hours": "PT24H", "six-month": "P6M", "a few days": "PXD", "nearly forty years": ("P40Y", "DURATION", "LESS_THAN"),
                      "more than two years": ("P2Y", "DURATION", "MORE_THAN"), "about three hours": ("PT3H", "DURATION", "APPROX"),
                      "a year and a half": "P1Y6M", "two and a half years": "P2Y6M", "5 1/2 hours": "PT5H30M", "two to three weeks": "P2W",
                      "the nine months": "P9M", "five year": "P5Y",
                      "one-day": "P1D", "a couple of years": "P2Y", "30 minutes": "PT30M",
                      "two more weeks": "P2W", "for [over a year]": ("P1Y", "DURATION", "MORE_THAN"), "spread over [three years]": "P3Y", "five business days": "P5D", "at least 20 more years": ("P20Y", "DURATION", "EQUAL_OR_MORE")}),
    # "in the weeks before the shooting", "the years that followed": a stretch of time placed by an
    # event, a DATE whose value is not known (TimeML tags the noun alone)
    Rule("event-period", "unspecified", r"(?<=\b(?i:the)\s)(?P<unit>(?i:days|weeks|months|years))(?=\s+(?i:before|after|following|preceding|leading\s+up\s+to|that\s+followed|which\s+followed)\b)(?!\s+(?i:after\s+all)\b)",
         examples={"in the [weeks] before the vote": "XXXX-WXX", "in the [days] after the storm": "XXXX-XX-XX",
                   "in the [years] that followed": "XXXX", "in the [months] leading up to the war": "XXXX-XX"}),
    # "a day-long meeting", "a year-long siege": one unit ("rel" matches nothing: it only tells the
    # resolver that the amount is one, as in "the past year")
    Rule("unit-long", "duration", B + r"(?P<unit>(?i:day|night|week|weekend|month|year|decade|century))-(?i:long)(?P<rel>)" + E,
         "DURATION", {"a [day-long] meeting": "P1D", "the [year-long] siege": "P1Y"}),
    # "over the years", "through the decades": an unspecified stretch
    Rule("over-the-units", "duration", r"(?:(?<=\b(?i:over)\s)|(?<=\b(?i:through)\s)|(?<=\b(?i:throughout)\s))(?i:the)\s+(?P<bare>(?i:years|decades|centuries))" + E + r"(?!\s+\d)",
         "DURATION", {"Prices rose over [the years]": "PXY", "through [the decades]": "PXDE"}),
    Rule("unit-plural", "duration", B + r"(?<!\d\s)(?P<bare>(?i:years|months|weeks|days|hours|minutes|decades|centuries))(?<!(?i:early)\s(?i:hours))(?<!(?i:small)\s(?i:hours))(?<!\b(?i:wee)\s(?i:hours))(?:-(?i:long|old)(?![\w-])|(?=\s+(?i:ago|of|to\s+come)\b|[,.;]))",
         # "in the early hours of Sunday": a time of night, not a number of hours
         "DURATION", {"[years] of war": "PXY", "for [decades].": "PXDE", "a [decades-long] feud": "PXDE", "a [years-old] slump": "PXY"}),

    # ---------------------------------------------------------------- vague references
    Rule("vague", "vague", B + r"(?P<vague>" + _words({k: 0 for k in v.VAGUE if k not in (
        "today", "present", "future", "once", "earlier", "later", "the present", "eventually", "soon",
        "previously", "shortly", "formerly", "present-day", "present day", "the present day", "the present time")}) + r")" + E + r"(?!\s+(?i:tense|participle|perfect|progressive)\b)"
        r"(?!(?<=Now),)",   # "Now, he says, ...": a discourse marker opening the sentence
         examples={"now": "PRESENT_REF", "recently": "PAST_REF", "currently": "PRESENT_REF",
                   "the past": "PAST_REF", "in [the future]": "FUTURE_REF", "[recent years]": "PAST_REF",
                   "in [recent weeks]": ("PXW", "DURATION", None),
                   "at the moment": "PRESENT_REF", "these days": "PRESENT_REF", "in [the coming months]": "FUTURE_REF", "rates may fall in [coming months]": "FUTURE_REF",
                   "the economy will slow in [coming months] as exports fall": "FUTURE_REF",
                   "lately": "PAST_REF", "the near term": "FUTURE_REF", "at [a later date]": "FUTURE_REF", "Prices are [now] lower, he said.": "PRESENT_REF"}),
    # "soon", apart: not in "as soon as" or "soon after", and not in a past narrative ("the mob soon
    # turned", "he was soon released"), where it means "shortly after", not the future
    Rule("soon", "vague", B + r"(?P<vague>(?i:soon))(?<!(?i:as)\s(?i:soon))(?<!(?i:as)\s\s(?i:soon))(?<!\b(?:was|had)\s(?i:soon))(?<!\bwere\s(?i:soon))" + E
         + r"(?!\s+(?i:as|after|afterwards?|thereafter)\b)"
         r"(?!\s+(?:\w*[^e\W]ed|became|began|found|brought|broke|took|came|went|made|gave|led|fell|ran|saw|won|lost|left|met|sent|held|had|was|were|forced|escaped)\b)",
         examples={"soon": "FUTURE_REF", "The talks will [soon] resume": "FUTURE_REF", "The firm [soon] will need cash": "FUTURE_REF"}),
    Rule("the-present", "vague", B + r"(?P<vague>(?i:the\s+present))(?!\s+(?!day\b|time\b)\w)" + E, examples={"until [the present]": "PRESENT_REF"}),
    Rule("present-day", "vague", B + r"(?P<vague>(?i:present[-\s]day|the\s+present\s+time|the\s+present\s+day))" + E, examples={"present-day": "PRESENT_REF"}),
]


def compiled_rules() -> list[tuple[Rule, str]]:
    """Each rule with its pattern's macros expanded."""
    return [(r, expand(r.pattern)) for r in RULES]
