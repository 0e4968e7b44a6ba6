"""Vocabulary of the temporal grammar: small tables, apart from the engine.

Each table maps the written forms to their normalised meaning. The pattern macros in
:data:`MACROS` are built from these tables, so adding a word means adding a row here.
"""
from __future__ import annotations

import re

_WS = re.compile(r"\s+")   # white space runs, squashed to one space

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a couple of": 2, "a couple": 2,
    "a dozen": 12, "dozen": 12, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
# "two hundred years", "a thousand years", "two thousand years"
NUMBERS.update({"a thousand": 1000, "one thousand": 1000, "thousand": 1000})
NUMBERS.update({f"{w} {big}": n * mult for w, n in NUMBERS.copy().items() if 2 <= n <= 9 and w.isalpha()
                for big, mult in (("hundred", 100), ("thousand", 1000))})
# Amounts that are unknown: "several years" is PXY.
VAGUE_AMOUNTS = ("several", "many", "a few", "few", "some", "numerous", "a number of", "countless",
                 "recent", "coming", "next few", "past few", "last few")

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12,
    "12th": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
    "thirtieth": 30, "thirty-first": 31, "last": -1, "final": -1,
}

# Calendar units: written form -> TIMEX3 unit letter (T marks clock units).
UNITS = {
    "second": "TS", "seconds": "TS", "minute": "TM", "minutes": "TM", "min": "TM", "mins": "TM",
    "hour": "TH", "hours": "TH", "hr": "TH", "hrs": "TH",
    "day": "D", "days": "D", "night": "D", "nights": "D", "week": "W", "weeks": "W",
    "weekend": "WE", "weekends": "WE", "fortnight": "2W", "fortnights": "2W",
    "month": "M", "months": "M", "quarter": "Q", "quarters": "Q", "year": "Y", "years": "Y",
    "decade": "DE", "decades": "DE", "century": "CE", "centuries": "CE",
}

# Parts of the year: written form -> (kind, index). Seasons are TIMEX3 season codes.
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "midday": "MI", "noon": "MI", "overnight": "NI",
}

# Relative words: written form -> step (0 this, -1 last, +1 next).
RELATIVE = {
    "this": 0, "current": 0, "the current": 0, "present": 0, "the present": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "the past": -1, "the last": -1,
    "next": 1, "coming": 1, "the coming": 1, "the next": 1, "following": 1,
    "the following": 1, "upcoming": 1, "the upcoming": 1,
}

# Modifiers: written form -> TIMEX3 mod.
POSITION_MODS = {
    "early": "START", "the beginning of": "START", "the start of": "START", "beginning of": "START",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "middle of": "MID",
    "late": "END", "earlier": "START", "later": "END", "the end of": "END", "end of": "END", "the close of": "END",
}
AMOUNT_MODS = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "fewer than": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "just over": "MORE_THAN",
    "just under": "LESS_THAN", "well over": "MORE_THAN", "the better part of": "LESS_THAN",
}

# Holidays with a fixed date (month, day) and with a moving one (named rule in the resolver).
FIXED_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "st. patrick's day": (3, 17), "independence day": (7, 4), "halloween": (10, 31),
    "veterans day": (11, 11), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "bastille day": (7, 14),
    "may day": (5, 1), "armistice day": (11, 11),
}
MOVING_HOLIDAYS = {
    "easter": "easter", "easter sunday": "easter", "good friday": "good_friday",
    "thanksgiving": "thanksgiving", "thanksgiving day": "thanksgiving",
    "memorial day": "memorial_day", "labor day": "labor_day", "mother's day": "mothers_day",
    "father's day": "fathers_day", "election day": "election_day",
    "martin luther king day": "mlk_day", "presidents day": "presidents_day",
    "presidents' day": "presidents_day",
}

# Sets: written form -> (TIMEX3 value, quant/freq).
SET_ADVERBS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "quarterly": "P3M", "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H",
}

# Vague references.
VAGUE = {
    "now": "PRESENT_REF", "just now": "PAST_REF",
    "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "at present": "PRESENT_REF", "at the moment": "PRESENT_REF", "at this time": "PRESENT_REF",
    "the present": "PRESENT_REF", "present": "PRESENT_REF",
    "present-day": "PRESENT_REF", "present day": "PRESENT_REF", "the present time": "PRESENT_REF",
    "the present day": "PRESENT_REF",
    "today": "PRESENT_REF", "current": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF",
    "earlier": "PAST_REF", "once": "PAST_REF", "formerly": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "shortly": "FUTURE_REF", "eventually": "FUTURE_REF", "later": "FUTURE_REF",
    "one day": "FUTURE_REF", "someday": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the long term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the near term": "FUTURE_REF", "a later date": "FUTURE_REF", "a future date": "FUTURE_REF",
    "the days ahead": "FUTURE_REF", "the weeks ahead": "FUTURE_REF", "the months ahead": "FUTURE_REF",
    "the years ahead": "FUTURE_REF", "the coming days": "FUTURE_REF", "the coming weeks": "FUTURE_REF",
    "the coming months": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "coming days": "FUTURE_REF", "coming weeks": "FUTURE_REF", "coming months": "FUTURE_REF",
    "coming years": "FUTURE_REF", "coming quarters": "FUTURE_REF", "future quarters": "FUTURE_REF",
    "the coming quarters": "FUTURE_REF",
    "recent years": "PAST_REF", "recent months": "PAST_REF", "recent weeks": "PAST_REF",
    "recent days": "PAST_REF",
}


def words(table, *, capitalised: bool = False) -> str:
    """A regex alternation of a table's keys, longest first.

    With ``capitalised`` the word must start with a capital (or be all capitals), as proper
    names do (months, weekdays): this keeps "may" the verb and "sat" out. Otherwise the match
    ignores case.
    """
    alts = []
    for k in sorted(table, key=len, reverse=True):
        if capitalised:
            forms = {k[:1].upper() + k[1:], k.upper()}
            alts.extend(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms))
        else:
            alts.append(re.escape(k).replace(r"\ ", r"\s+"))
    body = "|".join(alts)
    return f"(?:{body})" if capitalised else f"(?i:{body})"


def squash(text: str) -> str:
    """``text`` with each run of white space made one space (``_WS.sub(" ", text)``).

    Every white space character but the plain space is unprintable (a test checks them all), so
    a printable text without two spaces in a row has nothing to squash: it is returned as it is,
    without running the regex.
    """
    return text if text.isprintable() and "  " not in text else _WS.sub(" ", text)


def lookup(table: dict, text: str):
    """Find ``text`` in a table, ignoring case, spacing and trailing periods."""
    low = text.lower()
    if low in table:    # a key is its own normal form (no outer or doubled space, no final period)
        return table[low]
    key = squash(text.strip().lower().rstrip("."))
    return table[key]
