"""Normalised values that hang on a rule of English or of news-date resolution (timeline.resolver).

Each test is on made-up sentences and fails without the rule it names.
"""
from __future__ import annotations

import pytest

from timeline.tagger import tag


def _values(text: str, date: str = "2017-09-27", mode: str = "news") -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, date, mode=mode)]


@pytest.mark.parametrize("text, mode, expected", [
    # the anchor named a month: the day counted from it is a day of that month, not its first
    ("In October 2016 the clinic was attacked. The mayor spoke that same day.", "news",
     [("October 2016", "2016-10"), ("that same day", "2016-10-XX")]),
    # the anchor named a year only
    ("The fort fell in 1702. The garrison marched out the next day.", "narrative",
     [("1702", "1702"), ("the next day", "1702-XX-XX")]),
    # before Christ: the unknown parts stay unknown, the era stays
    ("In 479 BC the Greeks won at Plataea. The fleet won at Mycale that same day.", "narrative",
     [("479 BC", "BC0479"), ("that same day", "BC0479-XX-XX")]),
    # an anchor that named its day still gives a day
    ("The fort fell on 3 May 1702. The garrison marched out the next day.", "narrative",
     [("3 May 1702", "1702-05-03"), ("the next day", "1702-05-04")]),
])
def test_a_day_counted_from_a_month_or_year_keeps_the_day_unknown(text, mode, expected):
    assert _values(text, "2017-09-27", mode) == expected


@pytest.mark.parametrize("phrase, value", [
    ("the first hours", "PTXH"), ("the last days", "PXD"), ("the final years", "PXY"),
    ("the following days", "PXD"),
    ("the first hour", "PT1H"),      # a singular unit stays one
])
def test_a_plural_unit_without_a_number_is_an_unknown_amount(phrase, value):
    found = [(t.type, t.value) for t in tag(f"Many were killed in {phrase} of the siege.", "2017-09-27")]
    assert found == [("DURATION", value)]


@pytest.mark.parametrize("text, value", [
    # no tense to read: a day after "until" or "by" is a deadline ahead (Wednesday 2017-09-27)
    ("The agency has given the family until 9 a.m. Tuesday to sign the papers.", "2017-10-03T09:00"),
    ("The offer runs until Monday.", "2017-10-02"),
    ("Bids are due by Friday.", "2017-09-29"),
    # a past tense still looks back
    ("The strike lasted until Monday.", "2017-09-25"),
])
def test_a_day_after_until_with_no_tense_is_ahead(text, value):
    assert [v for _, v in _values(text)] == [value]


def test_a_date_in_a_plan_does_not_move_a_history_on():
    # a year named for what would happen ("a campaign planned for 1976") is not the time of the story
    text = ("On 10 March 1975 the army attacked the town, which would open the road for a campaign "
            "in 1976. The garrison surrendered on 11 March.")
    found = _values(text, "2009-12-19", "narrative")
    assert found == [("10 March 1975", "1975-03-10"), ("1976", "1976"), ("11 March", "1975-03-11")], found


def test_the_end_of_a_span_does_not_move_a_history_on():
    # "lasted until ... February 1945" runs ahead of the story, which then goes on in 1944
    text = ("The army took the city on October 20, 1944. The siege of the capital lasted until the fall "
            "of the citadel in February 1945. By the start of July, the northern front had collapsed.")
    found = _values(text, "2009-12-19", "narrative")
    assert found[-1] == ("the start of July", "1944-07"), found


def test_the_start_of_a_span_since_does_not_move_a_history_on():
    # "since 513 BC" looks back from the story, which stays in 492 BC
    text = ("In 492 BC the general subdued Thrace, which had been a province since 513 BC. "
            "The following year, the king sent envoys.")
    found = _values(text, "2009-12-19", "narrative")
    assert found[-1] == ("The following year", "BC0491"), found


def test_remembered_day_equals_the_three_plain_patterns():
    """``_remember`` reads a value with one pattern; it must keep the day that trying a day
    (and anything after it), a month alone and a year alone in turn keeps, on random values
    (read again and again, so that the days kept by value are checked too)."""
    import datetime as dt
    import random
    import re

    from timeline.resolver import Context, _remember

    plain = ((re.compile(r"^(\d{4})-(\d{2})-(\d{2})"), lambda m: dt.date(int(m[1]), int(m[2]), int(m[3]))),
             (re.compile(r"^(\d{4})-(\d{2})$"), lambda m: dt.date(int(m[1]), int(m[2]), 1)),
             (re.compile(r"^(\d{4})$"), lambda m: dt.date(int(m[1]), 1, 1)))
    rnd = random.Random(5)
    parts = ("1998", "2017", "0000", "-", "-", "09", "00", "13", "31", "30", "XX", "Q3", "W05", "T10:00",
             "TMO", "1", "12", "-WE", "BC", "\n", "x")
    checked = 0
    for _ in range(20000):
        value = "".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 6)))
        expected = None
        for pattern, build in plain:
            if m := pattern.match(value):
                try:
                    expected = build(m)
                except ValueError:
                    pass
                break
        ctx = Context(text="", dct=dt.date(2017, 9, 27))
        _remember(ctx, value)
        assert ctx.last == expected, value
        assert ctx.last_value == (value if expected else None), value
        checked += expected is not None
    assert checked > 500


def test_make_timex_builds_what_the_constructor_builds():
    """make_timex sets a Timex's slots directly instead of calling the frozen dataclass's
    __init__: the object must be the one the constructor makes (equal, same hash and repr, same
    fields in order) and still frozen."""
    import dataclasses
    import pickle

    from timeline.timex import Timex, make_timex

    for args in [(3, 9, "Monday", "DATE", "2017-09-25", None, "weekday"),
                 (0, 11, "two years", "DURATION", "P2Y", "APPROX", "duration")]:
        made, plain = make_timex(*args), Timex(*args)
        assert type(made) is Timex
        assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
        assert pickle.loads(pickle.dumps(made)) == plain
        assert dataclasses.astuple(made) == args
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.value = "2018"


def test_quarter_shortcut_equals_the_plain_match():
    """``_quarter_of`` skips the ``_QUARTERLIKE`` match on values without "-Q"; it must find
    what the plain match finds, on random values."""
    import random

    from timeline.resolver import _QUARTERLIKE, _quarter_of

    rnd = random.Random(3)
    parts = ("-", "Q", "-Q", "Q1", "Q4", "Q5", "1", "4", "X", "W05", "\n", "q")
    found = 0
    for _ in range(20000):
        value = rnd.choice(("1998", "2017", "")) + "".join(rnd.choice(parts) for _ in range(rnd.randrange(4)))
        plain = _QUARTERLIKE.match(value)
        fast = _quarter_of(value)
        assert (fast and fast.groups()) == (plain and plain.groups()), value
        found += plain is not None
    assert found > 100


class _ReadCounter(dict):
    """A tense table that counts the reads made of it."""
    reads = 0

    def __contains__(self, key):
        self.reads += 1
        return super().__contains__(key)


def _context_with_tense(ref, tense, text="x", mode="news"):
    """A Context whose one mention, over all of ``text``, reads ``tense``."""
    from timeline.grammar.rules import RULES
    from timeline.resolver import Context
    from timeline.tagger import Mention

    ctx = Context(text=text, dct=ref, mode=mode)
    ctx.mention = Mention(0, 1, text[:1], RULES[0], {})
    ctx.tenses = _ReadCounter({(0, 1): tense})
    return ctx


def _plain_infer_year(ctx, month, day=None):
    """_infer_year as first written (news mode, no shared year): the tense read every time."""
    import datetime as dt

    from timeline.resolver import _DAY_SLACK, _MONTH_SLACK
    from timeline.tense import FUTURE, PAST

    ref = ctx.ref
    base = ref if day else dt.date(ref.year, ref.month, 15)
    dist = {}
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if 1 <= y <= 9999:
            try:
                target = dt.date(y, month, day or 15)
            except ValueError:
                target = dt.date(y, month, 28)
            dist[y] = (target - base).days
    cands = sorted((abs(d), y) for y, d in dist.items())
    best = cands[0][1]
    t = ctx.tense()
    if t in (PAST, FUTURE):
        want = -1 if t == PAST else 1
        if dist[best] * want < 0 and (day is None and dist[best] != 0 or day is not None):
            other = [y for _, y in cands if dist[y] * want > 0]
            if other:
                alt = min(other, key=lambda y: abs(dist[y]))
                if abs(dist[alt]) - abs(dist[best]) <= (_DAY_SLACK if day else _MONTH_SLACK):
                    return alt
    return best


def test_infer_year_equals_the_plain_form_and_skips_reads():
    """_infer_year reads the tense only when it can change the year: on random dates and every
    tense it must give the year the plain form (which always reads it) gives, and skip reads."""
    import datetime as dt
    import random

    from timeline.resolver import _infer_year
    from timeline.tense import FUTURE, PAST, PRESENT

    rnd = random.Random(11)
    skipped = changed = 0
    for _ in range(6000):
        ref = dt.date.fromordinal(rnd.choice((rnd.randrange(1, 800), rnd.randrange(729000, 740000),
                                              rnd.randrange(3652000, 3652059))))
        month, day = rnd.randrange(1, 13), rnd.choice((None, None, rnd.randrange(0, 32)))
        years = set()
        for tense in (PAST, FUTURE, PRESENT, None):
            fast_ctx, plain_ctx = _context_with_tense(ref, tense), _context_with_tense(ref, tense)
            year = _infer_year(fast_ctx, month, day)
            assert year == _plain_infer_year(plain_ctx, month, day), (ref, month, day, tense)
            years.add(year)
            skipped += fast_ctx.tenses.reads == 0
        changed += len(years) > 1
    assert skipped > 4000 and changed > 500, (skipped, changed)


def _plain_weekday_date(ctx, weekday):
    """_weekday_date as first written, for a bare weekday: the tense read every time."""
    import datetime as dt

    from timeline.resolver import _DEADLINE_LEFT, _POSSESSIVE

    ref = ctx.ref
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    d = ctx.direction()
    m = ctx.mention
    if m is not None and ctx.tense() is None and _DEADLINE_LEFT.search(ctx.text, max(0, m.start - 12), m.start):
        d = 1
    if m is not None and _POSSESSIVE.match(ctx.text[m.end:m.end + 3]):
        d = -1
    if d > 0:
        return ref + dt.timedelta(days=ahead)
    if d == 0:
        return ref + dt.timedelta(days=ahead) if ahead < back else ref - dt.timedelta(days=back)
    return ref - dt.timedelta(days=back)


def test_weekday_date_equals_the_plain_form_and_skips_reads():
    """A bare weekday on the reference date's own weekday, or followed by "'s", is found without
    reading the tense: on random dates, texts and tenses the day must be the plain form's."""
    import datetime as dt
    import random

    from timeline.grammar.rules import RULES
    from timeline.resolver import _weekday_date
    from timeline.tagger import Mention
    from timeline.tense import FUTURE, PAST, PRESENT

    rnd = random.Random(12)
    skipped = 0
    for _ in range(4000):
        ref = dt.date.fromordinal(rnd.randrange(736000, 737000))
        left, right = rnd.choice(("", "until ", "He met ", "by  ")), rnd.choice(("", "'s talks", "’s", " s", "."))
        text = left + "Friday" + right
        for tense in (PAST, FUTURE, PRESENT, None):
            wd = rnd.randrange(7)
            fast_ctx, plain_ctx = _context_with_tense(ref, tense), _context_with_tense(ref, tense)
            for ctx in (fast_ctx, plain_ctx):
                ctx.text = text
                ctx.mention = Mention(len(left), len(left) + 6, "Friday", RULES[0], {})
                ctx.tenses = type(ctx.tenses)({(len(left), len(left) + 6): tense})
            assert _weekday_date(fast_ctx, wd) == _plain_weekday_date(plain_ctx, wd), (ref, text, wd, tense)
            skipped += fast_ctx.tenses.reads == 0
    assert skipped > 3000, skipped


def test_squash_equals_the_regex_on_every_white_space_character():
    """``squash`` skips the regex on printable text without a double space: every character that
    the regex counts as white space, but the plain space, must be unprintable; and on random
    texts it must give what the regex gives."""
    import random
    import re

    from timeline.grammar.vocabulary import squash

    ws = re.compile(r"\s+")
    spaces = [chr(c) for c in range(0x110000) if ws.fullmatch(chr(c))]
    assert len(spaces) > 20 and all(not c.isprintable() for c in spaces if c != " ")
    rnd = random.Random(13)
    parts = ["a", "last", "Week", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "-", "3", "é", "\x00", ""]
    for _ in range(20000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randrange(6)))
        assert squash(text) == ws.sub(" ", text), repr(text)


def test_only_the_kinds_said_can_look_back():
    """resolve_all asks _looks_back only about kinds in _MAY_LOOK_BACK: every rule whose pattern
    has a group that _looks_back looks for must be of such a kind, and so must the kinds it tests."""
    import inspect
    import re

    from timeline.grammar.rules import RULES
    from timeline.resolver import _LOOK_BACK_GROUPS, _MAY_LOOK_BACK, _looks_back

    for rule in RULES:
        if set(re.compile(rule.pattern).groupindex) & set(_LOOK_BACK_GROUPS):
            assert rule.kind in _MAY_LOOK_BACK, rule.name
    source = inspect.getsource(_looks_back)
    assert set(re.findall(r'kind == "(\w+)"', source)) <= _MAY_LOOK_BACK
    assert set(re.findall(r'"(\w+)" in g\b', source)) == set(_LOOK_BACK_GROUPS)


def test_year_and_day_texts_kept_equal_the_formatting():
    """``_yr`` and ``_day_value`` keep the texts they made, by year and by day: asked again and
    again on random years (floats and out-of-range ones too) and days (datetimes too), they must
    give what the plain formatting gives, or raise what it raises."""
    import datetime as dt
    import random

    from timeline.resolver import _day_value, _yr

    def plain_year(y):
        if not 1 <= y <= 9999:
            raise OverflowError
        return f"{y:04d}"

    rnd = random.Random(14)
    for _ in range(30000):
        y = rnd.choice((rnd.randrange(-5, 10005), rnd.randrange(1990, 2000), rnd.randrange(1990, 2000) + 0.5,
                        float(rnd.randrange(1990, 2000)), True, False))
        try:
            expected = plain_year(y)
        except (OverflowError, ValueError) as e:
            with pytest.raises(type(e)):
                _yr(y)
        else:
            assert _yr(y) == expected, y
        d = dt.date.fromordinal(rnd.choice((rnd.randrange(1, 3652059), rnd.randrange(736000, 736100))))
        if rnd.random() < 0.2:
            d = dt.datetime.combine(d, dt.time(rnd.randrange(24)))
        assert _day_value(d) == d.isoformat(), d


def test_left_context_patterns_read_backwards_equal_the_forward_search():
    """_MONTH_LEFT and _COMPARED_WITH are matched once on the reversed window instead of searched
    at each position: on random texts (with the letters that match others ignoring case) each
    must find a match exactly when the forward search does."""
    import random

    from timeline.resolver import _COMPARED_WITH, _MONTH_LEFT, _MONTH_LEFT_REVERSED, _compared_with

    rnd = random.Random(15)
    tokens = ["in", "IN", "within", "since", "May", "the", "The", "its", "an", "a", "compared", "with", "to",
              "than", "from", "after", "versus", "vs.", "VS.", "vs", "up", "x", "_", "3", "ſince", "aſter",
              "\u212a", "İn", "ı", " ", " ", "  ", "\n", "\t", "\u00a0", "-", ",", ".", "second"]
    found = [0, 0]
    for _ in range(40000):
        text = "".join(rnd.choice(tokens) + rnd.choice(("", " ", " ")) for _ in range(rnd.randrange(1, 14)))
        left = text[-rnd.randrange(1, 25):]
        month = _MONTH_LEFT.search(left) is not None
        assert (_MONTH_LEFT_REVERSED.match(left[::-1]) is not None) == month, repr(left)
        start = rnd.randrange(len(text) + 1)
        compared = _COMPARED_WITH.search(text, max(0, start - 40), start) is not None
        assert _compared_with(text, start) == compared, (repr(text), start)
        found[0] += month
        found[1] += compared
    # a keyword that starts just before, at, or just after the 40 characters searched
    for keyword in ("after", "from", "than", "compared with", "versus", "vs."):
        for before in (" ", "x", "_"):
            for filler in range(1, 36):
                text = "z" * 45 + before + keyword + " its " + "y" * filler + " "
                for start in range(len(text) - 45, len(text) + 1):
                    compared = _COMPARED_WITH.search(text, max(0, start - 40), start) is not None
                    assert _compared_with(text, start) == compared, (text, start)
                    found[1] += compared
    assert min(found) > 1000, found
