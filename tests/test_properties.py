"""Properties of the tagger on any text (hypothesis), and a hang guard on adversarial input.

On any text and any reference date the tagger never raises; every span lies inside the text,
holds the text it reports, and no two overlap; every value is a TIMEX3 value (the grammar below,
written from ``shared/reference/timex3.md``); a full calendar date exists (no February 30); and
the same input gives the same output.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from timeline.tagger import tag  # noqa: E402

# ------------------------------------------------------------------------------------------
# The TIMEX3 value grammar (shared/reference/timex3.md), with BC years (BC0216) and X for
# unknown digits (XXXX-07, XXXX-WXX-1, PXY).

_YEAR = r"(?:\d{4}|BC\d{4}|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WEEK = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_CLOCK = r"T(?:(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?|MO|MI|AF|EV|NI|DT)"
_DATE = (r"(?:\d{2}|\d{3}X?|XX|XXX"                                  # century, decade
         rf"|{_YEAR}(?:-(?:H[12]|Q[1-4]|SP|SU|FA|WI"                  # half, quarter, season
         rf"|W{_WEEK}(?:-WE|-[1-7])?"                                 # week, weekend, week day
         rf"|{_MONTH}(?:-{_DAY}(?:{_CLOCK})?)?))?)")                  # month, day, time
_REF = r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"
_AMOUNT = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = (rf"P(?:(?:{_AMOUNT}(?:Y|M|W|D|DE|CE|ML|Q|H|WE|SP|SU|FA|WI|MO|AF|EV|NI))+"
             rf"(?:T(?:{_AMOUNT}[HMS])+)?|T(?:{_AMOUNT}[HMS])+)")
TIMEX3_VALUE = re.compile(rf"(?:{_DATE}|{_REF}|{_DURATION})")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
_FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def test_the_grammar_itself():
    good = ["19", "199", "199X", "2011", "2018-H1", "2017-Q3", "2017-SU", "2017-08", "2017-W39",
            "2017-W38-WE", "2017-09-26", "2017-09-26TEV", "2017-09-26T15:00", "XXXX-07",
            "XXXX-XX-XX", "BC0216", "PRESENT_REF", "P3D", "P2W", "P6M", "P1Y", "P1DE", "P100Y",
            "PT3H", "PT30M", "PXY", "PXD", "P1Y6M", "PT1H30M", "XXXX-WXX-1", "PTXH"]
    bad = ["", "2017-13", "2017-02-32", "10000", "-1", "-001", "2017-W54", "P", "PT", "2017-Q5",
           "2017-9-26", "NOW", "P3", "2017-09-26T25:00"]
    assert [v for v in good if not TIMEX3_VALUE.fullmatch(v)] == []
    assert [v for v in bad if TIMEX3_VALUE.fullmatch(v)] == []


# ------------------------------------------------------------------------------------------
# Text that makes the rules fire: temporal vocabulary, numbers and punctuation among random
# unicode.

VOCAB = [
    "January", "Feb.", "March", "Sept.", "September", "Dec", "May", "june", "Monday", "Tue.",
    "Sunday", "today", "yesterday", "tomorrow", "tonight", "now", "recently", "soon", "last",
    "next", "this", "coming", "past", "previous", "following", "ago", "later", "earlier", "before",
    "after", "since", "until", "by", "on", "in", "at", "of", "the", "a", "early", "late", "mid",
    "end", "beginning", "first", "second", "third", "half", "quarter", "Q3", "fiscal", "FY",
    "year", "years", "month", "months", "week", "weeks", "weekend", "day", "days", "hour",
    "hours", "minute", "decade", "century", "1990s", "'90s", "the 2000s", "spring", "summer",
    "fall", "winter", "morning", "evening", "night", "noon", "midnight", "Christmas", "Easter",
    "every", "daily", "weekly", "annual", "twice", "one", "two", "three", "ten", "twenty-one",
    "a.m.", "p.m.", "AM", "pm", "BC", "AD", "about", "nearly", "more than", "will", "was", "has",
    "said", "is due to", "2017", "1999", "09/27/2017", "27.09.2017", "2017-09-27", "12:30", "3",
    "27th", "31", "30", "0", "9999", "0001", "-", "/", ",", ".", ":", "'", "(", ")", "–", "\n",
]
_PHRASE = st.tuples(
    st.sampled_from(["last", "next", "this", "the", "on", "in", "early", "late", "since", "by",
                     "two", "3", "a few", "the first", "mid-", ""]),
    st.sampled_from(["January", "Sept.", "Monday", "year", "month", "week", "weeks", "days",
                     "decade", "quarter", "summer", "morning", "2017", "1990s", "27", "half"]),
    st.sampled_from(["", "", " ago", " later", " 2017", ", 2018", " of 2016", " 27", " night"]),
).map(lambda p: f"{p[0]} {p[1]}{p[2]}")
_WORD = st.one_of(
    _PHRASE,
    st.sampled_from(VOCAB),
    st.integers(min_value=0, max_value=99999).map(str),
    st.text(min_size=0, max_size=6),                        # any unicode
    st.text(alphabet="0123456789-/.:,' ", min_size=1, max_size=8),
)
_SEP = st.sampled_from([" ", " ", " ", "", ", ", ". ", "\n", "\t", "\u00a0", "-"])
TEXTS = st.lists(st.tuples(_WORD, _SEP), max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs))
DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
MODES = st.sampled_from(["news", "narrative"])
PROPS = settings(max_examples=200, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])


def check_timexes(text: str, timexes) -> None:
    prev_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start:t.end] == t.text, t
        assert t.start >= prev_end, ("overlap", t)
        prev_end = t.end
        assert t.type in TYPES, t


@PROPS
@given(TEXTS, DATES, MODES)
def test_tagger_properties(text, date, mode):
    timexes = tag(text, date, mode=mode)
    check_timexes(text, timexes)
    for t in timexes:
        assert TIMEX3_VALUE.fullmatch(t.value), (t.text, t.value, date)
        m = _FULL_DATE.match(t.value)
        if m:
            dt.date(*map(int, m.groups()))        # raises on 2017-02-30
    assert tag(text, date, mode=mode) == timexes   # the same input, the same output


@PROPS
@given(TEXTS, st.dates(), MODES)
def test_tagger_never_raises_at_any_reference_date(text, date, mode):
    """Year 1 to 9999: no exception, spans sound (values at the very edges are not checked)."""
    check_timexes(text, tag(text, date, mode=mode))


@pytest.mark.parametrize("text", [
    "Feb 30, 2017", "February 30", "on 30 February 2016", "2017-02-30", "31/02/2017",
    "April 31, 2017", "on Feb. 29, 2017",
])
def test_impossible_calendar_dates_give_no_full_date(text):
    for t in tag(text, "2017-09-27"):
        m = _FULL_DATE.match(t.value)
        if m:
            dt.date(*map(int, m.groups()))


def test_year_edges_do_not_crash():
    text = ("In the year 1, in 0001, in 9999, in the 3000s and in 10000; yesterday, tomorrow, "
            "last year, next year, next month, next week, next decade, next century, two "
            "centuries ago, in 9,999 years.")
    for date in ("0001-01-01", "0001-12-31", "9999-01-01", "9999-12-31"):
        for mode in ("news", "narrative"):
            check_timexes(text, tag(text, date, mode=mode))


# ------------------------------------------------------------------------------------------
# Hang guard: each adversarial input runs in a subprocess with a timeout, so catastrophic
# backtracking fails the test instead of hanging CI. Not a speed assertion.

ADVERSARIAL = {
    "digits": "'1' * 200_000",
    "digit groups": "'2017 ' * 50_000",
    "digits and separators": "'12/' * 100_000 + '12:' * 100_000 + '1.' * 100_000",
    "month names": "'January ' * 10_000",
    "month names no spaces": "'January' * 10_000",
    "month day pairs": "'September 27, ' * 10_000",
    "the the the": "'the ' * 100_000",
    "last last": "'last ' * 50_000 + 'week'",
    "number words": "'twenty-one ' * 20_000 + 'years ago'",
    "nested brackets": "'(' * 50_000 + 'in 2017' + ')' * 50_000",
    "nested square brackets": "'[(' * 50_000 + ')]' * 50_000",
    "1 MB without spaces": "'a' * 1_000_000",
    "1 MB letters and digits": "'x1' * 500_000",
    "1 MB of hyphens": "'-' * 1_000_000",
    "spaces then a date": "' ' * 1_000_000 + 'on Tuesday'",
    "dots": "'a.' * 500_000",
    "apostrophes": "\"'9\" * 300_000",
}
_GUARD = textwrap.dedent("""\
    import sys
    from timeline.tagger import tag
    text = {expr}
    out = tag(text, "2017-09-27")
    print(len(out))
""")


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_finishes(name):
    code = _GUARD.format(expr=ADVERSARIAL[name])
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the tagger did not finish within 60 s on {name!r}: catastrophic "
                    f"backtracking in a rule?")
    assert done.returncode == 0, done.stderr[-2000:]
