"""Every rule of the temporal grammar carries examples, and every example holds.

An example is ``phrase -> expected`` at :data:`~timeline.grammar.rules.EXAMPLE_DATE` (Wednesday
2017-09-27). ``[...]`` marks the expected span inside a longer text (the whole phrase otherwise).
``expected`` is a value, or ``(value, type, mod)`` to check the type and modifier too.
"""
from __future__ import annotations

import re

import pytest

from timeline.grammar.rules import EXAMPLE_DATE, RULES, compiled_rules
from timeline.tagger import tag

_BRACKET = re.compile(r"\[([^\]]*)\]")


def _cases():
    for rule in RULES:
        for phrase, expected in rule.examples.items():
            yield pytest.param(rule, phrase, expected, id=f"{rule.name}: {phrase}")


def split_example(phrase: str) -> tuple[str, int, int]:
    """The plain text and the expected span of an example with an optional ``[...]``."""
    m = _BRACKET.search(phrase)
    if not m:
        return phrase, 0, len(phrase)
    text = phrase[:m.start()] + m.group(1) + phrase[m.end():]
    if _BRACKET.search(text):
        raise ValueError(f"example {phrase!r} has more than one [...] span")
    return text, m.start(), m.start() + len(m.group(1))


def test_every_rule_has_an_example():
    missing = [r.name for r in RULES if not r.examples]
    assert not missing, f"rules without examples: {missing}"


def test_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_patterns_compile():
    for rule, pattern in compiled_rules():
        re.compile(pattern)


@pytest.mark.parametrize("rule, phrase, expected", list(_cases()))
def test_rule_example(rule, phrase, expected):
    text, start, end = split_example(phrase)
    found = tag(text, EXAMPLE_DATE)
    spans = [(t.start, t.end) for t in found]
    hit = [t for t in found if (t.start, t.end) == (start, end)]
    assert hit, f"{phrase!r}: expected a timex on {text[start:end]!r}, got {[(t.text, t.value) for t in found]} (spans {spans})"
    t = hit[0]
    assert t.rule == rule.name, f"{phrase!r} was read by rule {t.rule!r}, not {rule.name!r}"
    if isinstance(expected, tuple):
        value, type_, mod = expected
        assert (t.value, t.type, t.mod) == (value, type_, mod), f"{phrase!r}"
    else:
        assert t.value == expected, f"{phrase!r}"


# At the edges of the calendar a relative expression can point outside years 1-9999, which no
# TIMEX3 value can hold: the mention is dropped rather than given a value like "0000" or "10000".
_FIRST_DAY, _LAST_DAY = "0001-01-01", "9999-12-31"


@pytest.mark.parametrize("date, phrase", [
    (_FIRST_DAY, "last year"), (_FIRST_DAY, "last century"), (_FIRST_DAY, "two years ago"),
    (_FIRST_DAY, "last decade"), (_FIRST_DAY, "last month"), (_FIRST_DAY, "yesterday"),
    (_FIRST_DAY, "last week"), (_FIRST_DAY, "last quarter"), (_FIRST_DAY, "a decade ago"),
    (_LAST_DAY, "next year"), (_LAST_DAY, "next month"), (_LAST_DAY, "next decade"),
    (_LAST_DAY, "next century"), (_LAST_DAY, "tomorrow"), (_LAST_DAY, "next week"),
    (_LAST_DAY, "two years from now"), (_LAST_DAY, "next quarter"), (_LAST_DAY, "next weekend"),
])
def test_no_value_outside_years_1_to_9999(date, phrase):
    found = [(t.text, t.value) for t in tag(f"It happened {phrase}.", date)]
    assert found == [], f"{phrase!r} at {date}: {found}"


@pytest.mark.parametrize("date, phrase, value", [
    (_FIRST_DAY, "next year", "0002"), (_FIRST_DAY, "this century", "00"), (_FIRST_DAY, "this decade", "000"),
    (_FIRST_DAY, "in July", "0001-07"), (_LAST_DAY, "this century", "99"), (_LAST_DAY, "this decade", "999"),
    (_LAST_DAY, "in January", "9999-01"), (_LAST_DAY, "the 1990s", "199"), ("0999-06-15", "this decade", "099"),
])
def test_values_at_the_edges_keep_their_digits(date, phrase, value):
    found = [t.value for t in tag(f"It happened {phrase}.", date)]
    assert found == [value], f"{phrase!r} at {date}: {found}"


# Financial reports: "the latest quarter" and "a year ago" refer to the last quarter mentioned
# that had ended by the publication date (or the current one, told in the past tense: a fiscal
# fourth quarter ended in September); a quarter still ahead ("a fourth-quarter charge" said in
# November, "the second quarter of 1990") frames nothing.
@pytest.mark.parametrize("text, expected", [
    ("Acme posted third-quarter profit of $5 million. The storm will lead to a fourth-quarter charge. "
     "Sales rose 3% in the latest quarter from a year ago.",
     ["1989-Q3", "1989-Q4", "1989-Q3", "1988-Q3"]),
    ("For the fiscal year ended Sept. 30, Acme earned $9 million. Fourth-quarter sales rose 3%. "
     "Profit in the latest quarter fell from a year ago.",
     ["1989-09-30", "1989-Q4", "1989-Q4", "1988-Q4"]),
    ("For the fiscal year ended Sept. 30, Acme earned $9 million. Fourth-quarter sales rose 3%. "
     "Demand should stay weak through the second quarter of 1990. In the year-ago period, Acme lost money.",
     ["1989-09-30", "1989-Q4", "1990-Q2", "1988-Q4"]),
])
def test_report_quarter_is_one_that_has_ended(text, expected):
    assert [t.value for t in tag(text, "1989-11-02")] == expected


def test_a_year_earlier_after_a_span_of_months_is_the_year():
    # after "the nine months" the comparison is that span a year back, not the quarter reported on
    text = ("Acme's third-quarter profit rose 8% from a year earlier. For the nine months, "
            "profit fell 2% from a year earlier.")
    assert [t.value for t in tag(text, "1989-11-02")] == ["1989-Q3", "1988-Q3", "P9M", "1988"]


@pytest.mark.parametrize("phrase, value", [
    ("over the next couple of years", "P2Y"), ("in the past couple of weeks", "P2W"),
])
def test_couple_without_article_is_two(phrase, value):
    assert [t.value for t in tag(f"Sales should grow {phrase}.", "2017-09-27")] == [value]


@pytest.mark.parametrize("text, value", [
    ("The quake struck at 4:10 p.m. (2110 GMT) Monday, officials said.", "2017-09-25T16:10"),
    ("The ferry sank at about 9 a.m. local time Tuesday.", "2017-09-26T09:00"),
    ("The ferry sank at about 9 a.m., officials said.", "2017-09-27T09:00"),
])
def test_clock_time_takes_the_day_named_after_its_zone_note(text, value):
    assert [t.value for t in tag(text, "2017-09-27") if t.type == "TIME"] == [value]


@pytest.mark.parametrize("comparison", ["After a weak second quarter, ", "Sales rose 4% from the second quarter. "])
def test_a_quarter_compared_with_is_not_the_one_reported(comparison):
    text = (f"Acme's third-quarter profit doubled. {comparison}"
            "Costs in the latest period fell from a year ago.")
    values = [t.value for t in tag(text, "1989-11-02")]
    assert values[-2:] == ["1989-Q3", "1988-Q3"], values


def test_narrative_season_takes_the_year_of_the_last_date():
    # history names a year and then its seasons, as it does its months
    text = ("The siege began in 1711. During the summer, the garrison held out. "
            "In 1713 the treaty was signed. Over the winter, the troops went home.")
    found = [(t.text, t.value) for t in tag(text, "2009-12-19", mode="narrative")]
    assert ("the summer", "1711-SU") in found and ("the winter", "1713-WI") in found, found


def test_narrative_counts_backwards_from_a_year_before_christ():
    text = ("In 492 BC the fleet was lost in a storm. The following year, the king sent envoys. "
            "During the summer, the army marched north. In 31 BC the war ended.")
    found = [(t.text, t.value) for t in tag(text, "2009-12-19", mode="narrative")]
    assert found == [("492 BC", "BC0492"), ("The following year", "BC0491"), ("the summer", "BC0491-SU"),
                     ("31 BC", "BC0031")], found


@pytest.mark.parametrize("text, mode, value", [
    ("The rebels held the port in [March] and April 1871, then withdrew.", "narrative", "1871-03"),
    ("Talks ran from [October] to December 2015, aides said.", "news", "2015-10"),
    ("The battle lasted from [12 June] to 3 July 1916.", "narrative", "1916-06-12"),
])
def test_a_month_shares_the_year_written_after_the_next(text, mode, value):
    start = text.index("[")
    plain = text.replace("[", "").replace("]", "")
    hit = [t.value for t in tag(plain, "2017-09-27", mode=mode) if t.start == start]
    assert hit == [value], [(t.text, t.value) for t in tag(plain, "2017-09-27", mode=mode)]


def test_a_year_alone_in_parentheses_anchors_nothing():
    text = ("The army crossed the river on 3 May 1862. A later history, Rivers of War (1998), praised "
            "the crossing. In late June, the army reached the capital.")
    found = [(t.text, t.value) for t in tag(text, "2009-12-19", mode="narrative")]
    assert ("late June", "1862-06") in found, found


def test_the_previous_year_looks_back_without_moving_the_story():
    text = ("The treaty was signed in 1863, undoing the gains made during the previous year. "
            "In March, the rebels struck again.")
    found = [(t.text, t.value) for t in tag(text, "2009-12-19", mode="narrative")]
    assert found == [("1863", "1863"), ("the previous year", "1862"), ("March", "1863-03")], found


@pytest.mark.parametrize("text, expected", [
    ("After the fall of the capital, the army fled.", []),
    ("The fall of Rome shocked the empire.", []),
    ("The plant will reopen in the fall of 2018.", ["2018-FA"]),
    ("Sales slowed in the fall, the company said.", ["2017-FA"]),
])
def test_the_fall_of_a_place_is_no_season(text, expected):
    assert [t.value for t in tag(text, "2017-12-27")] == expected


@pytest.mark.parametrize("text, expected", [
    ("The allies opened a Second Front in the west.", []),
    ("The envoy called a Second Assembly of the Notables.", []),
    ("He paused for a minute before he spoke.", ["PT1M"]),
])
def test_a_capitalised_unit_after_a_is_a_name(text, expected):
    assert [t.value for t in tag(text, "2017-09-27")] == expected


def test_soon_in_history_is_no_future_reference():
    # "soon after" in a history follows the events told: FUTURE_REF (after the time of writing) is wrong
    text = "In 1943 the town was taken, and soon the whole valley fell. In 1944 peace returned."
    assert [t.text for t in tag(text, "2009-12-19", mode="narrative")] == ["1943", "1944"]
    assert [t.value for t in tag("Prices will rise soon, analysts said.", "2017-09-27")] == ["FUTURE_REF"]


def test_at_this_point_in_history_is_no_present_reference():
    text = "In 1943 the town was taken. At this point the rebels had no food. In 1944 peace returned."
    assert [t.text for t in tag(text, "2009-12-19", mode="narrative")] == ["1943", "1944"]


@pytest.mark.parametrize("text, expected", [
    ("The reformers carried the day in the assembly.", []),
    ("Her argument won the day.", []),
    ("He left the day after the vote.", ["2017-09-28"]),
])
def test_carrying_the_day_is_no_day(text, expected):
    assert [t.value for t in tag(text, "2017-09-27")] == expected


def test_vocabulary_lookup_shortcut_equals_the_plain_normal_form():
    """``lookup`` tries the lower-cased text as a key before squashing its spacing and periods;
    it must find what the plain normal form finds (or raise KeyError as it does), on table keys
    written with other cases, spacing, periods and letters that change length when lower-cased."""
    import random

    from timeline.grammar import vocabulary as voc

    def plain(table, text):
        return table[voc._WS.sub(" ", text.strip().lower().rstrip("."))]

    tables = [voc.MONTHS, voc.WEEKDAYS, voc.UNITS, voc.SEASONS, voc.PARTS_OF_DAY, voc.AMOUNT_MODS, voc.VAGUE]
    rnd = random.Random(9)
    checked = 0
    for table in tables:
        keys = list(table)
        for _ in range(3000):
            text = rnd.choice(keys)
            for _ in range(rnd.randrange(3)):
                text = rnd.choice((str.upper, str.title, lambda t: t.replace(" ", rnd.choice(("  ", "\t", "\n "))),
                                   lambda t: rnd.choice((" ", "", "\t")) + t + rnd.choice((".", " ", "..", ". ", "")),
                                   lambda t: t.replace("i", "İ").replace("s", "ſ"), lambda t: t[:-1]))(text)
            try:
                expected = plain(table, text)
            except KeyError:
                with pytest.raises(KeyError):
                    voc.lookup(table, text)
                continue
            assert voc.lookup(table, text) == expected, (text, expected)
            checked += 1
    assert checked > 5000
