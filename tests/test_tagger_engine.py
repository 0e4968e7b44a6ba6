"""The fast matching engine of timeline.tagger gives exactly what the plain engine gives.

The plain engine (every rule's ``finditer`` over the whole text, longest non-overlapping match
kept, on equal length the earlier rule) is kept here as the reference. Whatever the grammar's
rules are, both must agree on every text: the TBAQ corpus, the seed article, and texts made to
stress the engine's assumptions (long runs of spaces or digits, case folding, edges).
"""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from timeline import tagger
from timeline.tagger import Mention, find_mentions

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("TIMELINE_SHARED", HERE.parent.parent / "shared"))
TBAQ = SHARED / "corpora" / "TBAQ-cleaned"


def reference_find_mentions(text: str) -> list[Mention]:
    """The plain engine: all rules over the whole text, longest first without overlaps."""
    if not tagger._TRIGGER.search(text):
        return []
    candidates = []
    for order, (rule, pattern) in enumerate(tagger._compiled()):
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


def _key(mentions):
    return [(m.start, m.end, m.text, m.rule.name, sorted(m.groups.items())) for m in mentions]


def _assert_same(text: str, where: str = "") -> None:
    expected, got = _key(reference_find_mentions(text)), _key(find_mentions(text))
    if expected != got:
        missing = [m for m in expected if m not in got][:5]
        extra = [m for m in got if m not in expected][:5]
        pytest.fail(f"{where}: engine differs from the reference; missing {missing}, extra {extra}")


def _tbaq_texts():
    from timeline.documents import Document, iter_documents
    if not TBAQ.is_dir():
        return []
    return [(d.path, d.text) for d in iter_documents([TBAQ]) if isinstance(d, Document)]


def _seed_texts():
    out = []
    for path in [HERE / "data" / "haftar.txt", HERE / "data" / "seed.txt", *sorted((SHARED / "seed").glob("*.txt"))]:
        if path.is_file():
            out.append((str(path), path.read_text(encoding="utf-8")))
    return out


def test_same_as_reference_on_tbaq_and_seed():
    texts = _tbaq_texts() + _seed_texts()
    if not texts:
        pytest.skip("no TBAQ corpus or seed here")
    for where, text in texts:
        _assert_same(text, where)


STRESS = [
    "",
    "2017",
    "They met on Tuesday.",
    "for three      years ago and the   first      half of next     year",         # long space runs
    "the 2016\t\t\t\t\t\tthird quarter; two\n\n\n\n\n\nweeks ago",
    "order 12345678901234567890 days; 99999999999 years; 3.14159265358979 hours later",  # long digits
    "supercalifragilisticexpialidociousnesses year-end aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa's end",
    "\u212aelvin: the \u017fummer of 2011, Y\u0130L the \u0131st of Jan\u0131uary, LAST WEEK, Last Month",
    "SEPT. 26, 2017 -- -- -- -- -- the following day, a year earlier, in 1998.",
    "Tuesday" * 50,
    "3 p.m. EDT Tuesday; 10:30 a.m. yesterday; 14:30 GMT; noon Tuesday; midnight",
    "nineteen ninety-one; the '90s; the mid-'80s; the late 19th century; FY2017; Q3 2016",
    "every two years, twice a year, three times a week, daily, annually — the past three years",
    "“Last year,” he said – ‘in the first half of next year’ – until the present day.",
]


@pytest.mark.parametrize("text", STRESS)
def test_same_as_reference_on_stress_texts(text):
    _assert_same(text, repr(text[:40]))


def test_same_as_reference_on_shuffled_fragments():
    """Random texts made of temporal phrases, words and separators, including long runs."""
    pieces = ["the", "last", "next", "year", "years", "month", "week", "day", "days", "ago", "early",
              "mid-", "2017", "1998", "12", "3", "Sept.", "September", "Tuesday", "Tue.", "morning",
              "a", "few", "several", "quarter", "half", "of", "in", "since", "Christmas", "fiscal",
              "'90s", "1990s", "p.m.", "10:30", "now", "recently", "per", "each", "time", "end",
              "-", "--", ",", ".", "’s", "'s", "\n", "\n\n", " " * 5, "\t", "0" * 12, "x" * 30]
    rng = random.Random(20170927)
    for _ in range(400):
        words = rng.choices(pieces, k=rng.randint(1, 60))
        text = "".join(w + rng.choice([" ", " ", " ", "", "  ", "\n", "    ", " \n\n\n\n ", " - - - "])
                       for w in words)
        _assert_same(text, repr(text[:60]))


def _rule_spans_whole(text: str) -> set:
    return {(order, m.span()) for order, (_, pattern) in enumerate(tagger._compiled())
            for m in pattern.finditer(text)}


def _rule_spans_windows(text: str) -> list:
    return [(order, m.span()) for order, _, m in tagger._rule_matches(text)]


@pytest.mark.parametrize("text", [
    "It took two days, three weeks and four months, then five years and six hours more.",
    "On Monday, Tuesday and Wednesday, and on Friday 3 May, Saturday 4 May and Sunday 5 May 1998.",
    "In 1990, 1991, 1992 and the 1990s; by March 1998, April 1998 and May 1998.",
    "He met at 3 p.m., at 4 p.m. and at 5:30 p.m. last week, two weeks ago and the week before.",
])
def test_window_matches_same_as_whole_text_rule_by_rule(text):
    """Matching each rule in windows gives, rule by rule, the matches ``finditer`` gives over the
    whole text, also where one window holds several matches of a rule (its search stops once a
    match ends past the window's last occurrence that passed the checks)."""
    got = _rule_spans_windows(text)
    assert len(got) == len(set(got))
    assert set(got) == _rule_spans_whole(text)


def test_window_matches_same_as_whole_text_on_dense_made_up_texts():
    rng = random.Random(11)
    pieces = ["two days", "three weeks", "a year", "Monday", "Tuesday", "May 1998", "1990s", "3 p.m.",
              "last week", "ago", "the", "and", ",", "for", "more", "over", "nearly", "this month", "the 1990s",
              "the first quarter", "next year", "later", "Friday 3 May", "in", "at", "was", "(1998)"]
    for _ in range(150):
        text = " ".join(rng.choices(pieces, k=rng.randint(1, 25)))
        assert set(_rule_spans_windows(text)) == _rule_spans_whole(text), text


def test_guard_tables_agree_with_re():
    """The byte tables of the guards mark exactly the ASCII characters of their class."""
    for guard in tagger._plan().guards:
        if guard.table is None:
            continue
        for c in range(128):
            assert bool(guard.table[c]) == bool(guard.single.fullmatch(chr(c))), (guard, c)


def _assert_long_runs_as_re_finds(guards, text):
    """``_long_runs`` names exactly the guards whose class ``re`` finds a long run of in ``text``,
    each with the spans of those runs."""
    runs = tagger._long_runs(guards, text)
    for g in guards:
        spans = [(m.start(), m.end()) for m in re.finditer(g.single.pattern + "+", text)
                 if m.end() - m.start() >= g.times]
        assert (g in runs) == bool(spans), (g, text)
        if spans:
            assert list(zip(runs[g].starts, runs[g].ends)) == spans, (g, text)


def test_long_runs_skipped_for_narrower_classes_are_the_runs_re_finds():
    """A guard whose class lies inside a wider one that found no run of its length is not searched
    (``[a-z]{25}`` after ``[\\w]{25}``); what ``_long_runs`` reports still names exactly the
    guards whose regex finds a run, each with the spans of its long runs."""
    guards = tuple(tagger._guard_for(source, times, True) for source, times in
                   [("[a-z]", 5), ("[\\w]", 5), ("[\\w]", 3), ("[\\d]", 4), ("[a-z]", 2), ("[\\s]", 2)])
    schedule = tagger._guard_schedule(guards)
    wider = {(g.search.pattern, w) for g, _, ws in schedule for w in ws}
    assert ("[a-z]{5}", (guards[1].table, 5)) in wider      # skipped when [\w]{5} finds nothing
    assert ("[a-z]{2}", (guards[1].table, 5)) not in wider  # a shorter run says nothing
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(["ab", "abcdef", "x", "12", "12345", " ", "  ", "-", "_", "\u00e9"])
                       for _ in range(rng.randint(0, 12)))
        _assert_long_runs_as_re_finds(guards, text)
    # a text of more distinct non-ASCII characters than are replaced one by one (translated instead)
    many = [chr(c) for c in range(0x3b1, 0x3b1 + 2 * tagger._FEW_STAND_INS)] + ["\u00e9", "\u2003", "\u0663"]
    for _ in range(100):
        text = "".join(rng.choice(["ab", "12345", " ", "  ", "_"] + many) for _ in range(rng.randint(20, 60)))
        _assert_long_runs_as_re_finds(guards, text)


def test_rules_run_whole_keep_their_matches_when_occurrences_are_filtered_first(monkeypatch):
    """``_rule_matches`` keeps a rule's occurrences that pass its checks or fragments before
    anything else, and drops the rule when none is left, also when a guard would run it over the
    whole text (every match holds such an occurrence). With every guard firing without saying
    where, each rule's matches must still be exactly those of ``finditer`` over the whole text."""
    plan = tagger._plan()
    monkeypatch.setattr(tagger, "_long_runs", lambda guards, text: dict.fromkeys(guards))
    assert sum(bool(rp.guards) for rp in plan.rules if rp.anchor is not None) > 20
    rng = random.Random(23)
    pieces = ["two days", "three weeks", "a year", "Monday", "Separately", "May 1998", "1990s", "3 p.m.",
              "last week", "ago", "the", "and", ",", "for", "1,200", "nearly", "this month", "the '90s",
              "the first quarter", "next year", "later", "Friday 3 May", "Janet", "at", "was", "(1998)"]
    texts = [" ".join(rng.choices(pieces, k=rng.randint(1, 25))) for _ in range(60)] + STRESS
    for text in texts:
        got = _rule_spans_windows(text)
        assert len(got) == len(set(got)) and set(got) == _rule_spans_whole(text), text


def test_lowered_keeps_offsets_and_case_insensitive_matches():
    sample = "".join(map(chr, range(0x20, 0x3000))) + "\u212a\u017f\u0130\u0131"
    low = tagger._lowered(sample)
    assert len(low) == len(sample)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        matches = {m.start() for m in re.finditer(f"(?i:{letter})", sample)}
        assert matches <= {i for i, ch in enumerate(low) if ch == letter}, letter


def test_rules_without_anchor_are_reported():
    """Not needed for correctness, but a rule without an anchor is run over the whole text, which
    is slow: say so (as a warning, not a failure)."""
    plan = tagger._plan()
    whole = [r.rule.name for r in plan.rules if r.anchor is None]
    if whole:
        import warnings
        warnings.warn(f"rules run over the whole text (no anchor found): {whole}")
    assert len(plan.rules) == len(tagger._compiled())


def test_overlaps_keep_longest_then_earliest_rule():
    ms = find_mentions("the first half of next year and last month")
    assert [m.text for m in ms] == ["the first half of next year", "last month"]


FRAGMENT_PATTERNS = [
    r"(?<![\w'-])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.|p\.m\.|am|pm)(?!\w))",
    r"(?<![\w-])(?:(?i:about|more\s+than)\s+)?(?P<n>\d+|(?i:two|three|a\s+few))[-\s]+(?P<u>(?i:days?|years?))(?![\w-])",
    r"(?<!\w)(?:(?i:early|late)[-\s]+)?(?P<mon>(?i:jan(?:uary|\.)?|march|may))(?:\s+(?P<y>\d{4}))?(?!\w)",
    r"(?:(?<=\s)|^)(?P<w>(?i:the\s+(?:past|next)\s+(?:\d+\s+)?(?:weeks?|months?)))\b",
    r"(?<![\w-])(?:\d{1,2}\s+)+(?i:june)\b",
]


@pytest.mark.parametrize("source", FRAGMENT_PATTERNS)
def test_fragments_keep_every_match_and_drop_some_occurrences(source):
    """Head and tail are necessary conditions: every match of the rule over the whole text contains
    an anchor occurrence that passes both; and on ordinary text they drop occurrences."""
    pattern = re.compile(source)
    plan, anchor = tagger._plan_rule(0, None, pattern)
    assert anchor is not None and plan.tail is not None and plan.head is not None, source
    strings, icase = anchor
    rng = random.Random(7)
    pieces = ["3", "12", "2017", "about", "more than", "two", "a few", "day", "days", "years", "Year",
              "American", "camp", "am", "a.m.", "PM", "early", "Late", "January", "Jan.", "march",
              "Mayor", "may", "the", "past", "next", "weeks", "month", "June", "-", "--", ":", ":30", "x"]
    dropped = 0
    for _ in range(300):
        text = "".join(w + rng.choice([" ", "", "  ", "-", "\n"]) for w in rng.choices(pieces, k=rng.randint(1, 30)))
        source_text = tagger._lowered(text) if icase else text
        occ = sorted({i for s in strings for i in range(len(text)) if source_text.startswith(s, i)})
        reverse = text[::-1]
        passing = [p for p in occ if plan.tail.match(text, p) and plan.head.match(reverse, len(text) - p)]
        dropped += len(occ) - len(passing)
        for m in pattern.finditer(text):
            assert any(m.start() <= p < m.end() for p in passing), (source, text, m.group())
    assert dropped > 0, source


def test_case_folds_cover_what_re_matches_ignoring_case():
    """Fragments spell ``(?i:k)`` as a class; the class must hold every character ``re`` matches."""
    everything = "".join(map(chr, range(0x110000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        matched = set(re.findall(f"(?i:{letter})", everything))
        assert matched <= set(tagger._FOLDS[letter]), (letter, matched - set(tagger._FOLDS[letter]))


def test_windows_cover_dropped_occurrences(monkeypatch):
    """An occurrence the tail drops ("ab" before "c") can sit at the end of a kept occurrence's
    window; the window must still reach past it, or matching inside the window would see the
    text end there and accept "ab" that the whole text refuses."""
    from timeline.grammar.rules import Rule
    rule = Rule("ab-not-c", "test", r"ab(?!c)")
    monkeypatch.setattr(tagger, "_compiled", lambda: [(rule, re.compile(rule.pattern))])
    tagger._plan.cache_clear()
    try:
        plan = tagger._plan()
        assert plan.rules[0].tail is not None
        for text in ["ab abc 2017", "abc ab abc 2017", "ab abab abc 1998"]:
            _assert_same(text, text)
            assert [m.start for m in find_mentions(text)] == [m.start() for m in re.finditer(r"ab(?!c)", text)]
    finally:
        tagger._plan.cache_clear()


def _plain_fragments(place):
    """The head and tail as first written: an alternation's union repeats, in each alternative,
    the whole rest of the rule (nothing factored out)."""
    if place and isinstance(place[0], tuple):
        parts = [_plain_fragments(p) for p in place]
        return "(?:" + "|".join(h for h, _ in parts) + ")", "(?:" + "|".join(t for _, t in parts) + ")"
    data, i, flags, outer = place
    head = tagger._fragment(data[:i], flags, True) + "".join(tagger._fragment(b, f, True) for (b, f), _ in outer)
    tail = tagger._fragment(data[i:], flags, False) + "".join(tagger._fragment(a, f, False) for _, (a, f) in outer)
    return head, tail


def _candidates_of(source: str, flags: int = 0) -> list:
    parsed = tagger._P.parse(source, flags)
    found: list = []
    try:
        tagger._candidates(parsed.data, parsed.state.flags, found)
    finally:
        tagger._EXPAND_MEMO.clear()
        tagger._WIDTH_MEMO.clear()
    return found


def _all_places():
    """(rule name, place) of every anchor candidate of the grammar that has fragments."""
    out = []
    for rule, pattern in tagger._compiled():
        out.extend((rule.name, a.place) for a in _candidates_of(pattern.pattern, pattern.flags) if a.place)
    return out


def _union_places():
    """(rule name, place) of every anchor candidate of the grammar that is an alternation's union."""
    return [(name, place) for name, place in _all_places() if isinstance(place[0], tuple)]


def test_factored_union_fragments_accept_what_the_plain_ones_accept():
    """Where the anchor is an alternation's union, the fragments write the rest of the rule once
    after the alternatives (:func:`tagger._union`); at every position of made-up texts they must
    accept exactly what the plain fragments (the rest repeated in each alternative) accept."""
    places = _union_places()
    assert len(places) > 10
    rng = random.Random(5)
    pieces = ["the", "past", "last", "three", "two", "a", "few", "years", "year", "days", "week", "weeks",
              "Sept.", "September", "May", "may", "Tuesday", "Tue.", "2017", "26", "1998", "of", "about",
              "more than", "Christmas", "Eve", "now", "in", "early", "late", "mid-", "-", ",", "'s", "\n"]
    texts = ["".join(w + rng.choice([" ", "", "  ", "-"]) for w in rng.choices(pieces, k=rng.randint(1, 25)))
             for _ in range(60)]
    checked = 0
    for name, place in places:
        plain = _plain_fragments(place)
        factored = tagger._fragments(place)
        assert factored is not None, name
        if factored == plain:
            continue
        assert len(factored[0]) <= len(plain[0]) and len(factored[1]) <= len(plain[1]), name
        (ph, pt), (fh, ft) = (tuple(map(re.compile, plain)), tuple(map(re.compile, factored)))
        for text in texts:
            reverse = text[::-1]
            for p in range(len(text) + 1):
                assert bool(pt.match(text, p)) == bool(ft.match(text, p)), (name, text, p)
                assert bool(ph.match(reverse, len(text) - p)) == bool(fh.match(reverse, len(text) - p)), (name, text, p)
                checked += 1
    assert checked > 0


def test_plan_does_not_depend_on_the_hash_seed():
    """The anchors and fragments chosen are the same whatever the string hash seed (ties between
    equally good anchors used to go by the order of a set)."""
    import subprocess
    import sys
    code = ("from timeline import tagger\n"
            "for r in tagger._plan().rules:\n"
            "    print(r.rule.name, r.anchor, r.before, r.after, r.head and r.head.pattern, r.tail and r.tail.pattern)\n")
    outs = []
    for seed in ("0", "1", "7"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                   check=True, cwd=HERE.parent).stdout)
    assert outs[0] and outs[0] == outs[1] == outs[2]


def test_trigger_check_finds_what_the_plain_trigger_finds():
    """find_mentions gives up early when neither a digit nor a trigger word is found; the two
    grouped searches on the lowered text must say so exactly when the plain case-insensitive
    alternation on the text does."""
    rng = random.Random(3)
    words = tagger._TRIGGER_WORDS.replace("q[1-4]", "q3").split("|")
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,'-\n\u212a\u017f\u0130\u0131é٣"
    texts = ["", "x", "At this time.", "q5 q0", "Q4", "٣", "\u212aelvin", "\u017feason"]
    for _ in range(3000):
        parts = ["".join(rng.choices(alphabet, k=rng.randint(0, 8))) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.3:
            w = rng.choice(words)
            parts.insert(rng.randrange(len(parts) + 1), w.upper() if rng.random() < 0.3 else w)
        if rng.random() < 0.2:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice("0123456789"))
        texts.append("".join(parts))
        texts.append(texts[-1].encode("ascii", "ignore").decode())     # _triggered reads ASCII texts apart
    found = ascii_found = 0
    for text in texts:
        low = tagger._lowered(text)
        expected = bool(tagger._TRIGGER.search(text))
        got = bool(tagger._TRIGGER_DIGIT.search(low) or tagger._TRIGGER_LOWER.search(low))
        assert got == expected, text
        assert tagger._triggered(low) is expected, text
        found += expected
        ascii_found += expected and text.isascii()
    assert 0 < found < len(texts) and 0 < ascii_found < sum(t.isascii() for t in texts)
    assert sum(bool(tagger._TRIGGER_DIGIT.search(t)) for t in texts if t.isascii()) > 100



def test_mentions_built_through_slots_equal_those_of_the_constructor():
    """find_mentions sets a Mention's slots directly instead of calling its frozen dataclass
    __init__: the object must be the one the constructor makes (equal, same hash, same fields,
    still frozen), and the mentions of a text come out in text order as with the plain sort."""
    rule = tagger._compiled()[0][0]
    made = object.__new__(tagger._MentionDraft)
    made.start, made.end, made.text, made.rule, made.groups = 3, 9, "Monday", rule, {"weekday": "Monday"}
    made.__class__ = Mention
    plain = Mention(3, 9, "Monday", rule, {"weekday": "Monday"})
    assert type(made) is Mention and made == plain and repr(made) == repr(plain)
    assert [getattr(made, f) for f in Mention.__slots__] == [getattr(plain, f) for f in Mention.__slots__]
    import pickle
    assert pickle.loads(pickle.dumps(made)) == plain
    with pytest.raises(AttributeError):
        made.start = 4
    text = "On Monday, 3 May 2004, at 5 pm, two weeks ago, he said that this year the quarter ended."
    got = find_mentions(text)
    assert [m.start for m in got] == sorted(m.start for m in got) and len(got) >= 4
    assert _key(got) == _key(reference_find_mentions(text))


def test_anchor_positions_same_as_comparing_each_string():
    """_positions looks the text at an occurrence up in a dict of the strings as written (where
    case matters) instead of comparing each with startswith: both must give every anchor set the
    same starts, on texts with anchor words in every case and characters that lower-case oddly."""
    plan = tagger._plan()
    entries = list(plan.scan.items())
    words = [k for k, _ in entries]
    assert any(cased for _, (_, cased) in entries)
    rng = random.Random(11)
    pieces = ["Mar", "MAR", "mar", "mAr", "May", "MAY", "AD", "A.D.", "ad", "BC", "Q3", "q3", "Fri.",
              "FRIDAY", "Friday", "Easter", "EASTER", "end", "-end", "\u0130", "\u0131", "\u017f",
              "\u212a", " ", " ", ", ", "-", "1998", "0"]
    texts = ["", "Mar", "On Friday, Mar. 3, AD 1998 Q3 -end"]
    for _ in range(400):
        parts = [rng.choice(pieces) if rng.random() < 0.6 else rng.choice(words) for _ in range(rng.randint(1, 25))]
        parts = [p.upper() if rng.random() < 0.15 else (p.title() if rng.random() < 0.15 else p) for p in parts]
        texts.append("".join(parts))
    for text in texts:
        lowered = tagger._lowered(text)
        expected: list[list[int]] = [[] for _ in range(plan.anchors)]
        for key, (plain, cased) in entries:
            i = lowered.find(key)
            while i >= 0:
                for index in plain:
                    expected[index].append(i)
                for exact, indexes in (cased or {}).items():
                    if text.startswith(exact, i):
                        for index in indexes:
                            expected[index].append(i)
                i = lowered.find(key, i + 1)
        for occ in expected:
            occ.sort()
        positions, active = tagger._positions(plan, text, lowered)
        assert positions == expected, text
        assert active == [i for i, occ in enumerate(expected) if occ]


def test_anchor_scan_of_ascii_texts_same_as_the_str_form():
    """_Scan.find runs a bytes automaton over an ASCII text (byte offsets are character offsets
    there) and the str automaton over any other: on made-up texts of both kinds it must give the
    str automaton's list (same occurrences, same order), which holds every occurrence of every
    key; the same after the scan is pickled (the plan cache keeps it so)."""
    import pickle
    scan = tagger._plan().scan
    loaded = pickle.loads(pickle.dumps(scan))
    rng = random.Random(13)
    pieces = [" ", ", ", "-", ".", "1998", "0", "\u0130", "\u017f", "\u2019", "é", "?", "\x1c"]
    texts = ["", "a", "o\u2019clock at 5 o'clock", "year-end 1998"]
    for _ in range(300):
        parts = [rng.choice(scan.keys) if rng.random() < 0.6 else rng.choice(pieces) for _ in range(rng.randint(1, 25))]
        text = "".join(parts)
        texts += [text, text.encode("ascii", "ignore").decode()]
    ascii_hits = 0
    for text in texts:
        lowered = tagger._lowered(text)
        plain = scan.automaton.find_matches_as_indexes(lowered, overlapping=True)
        assert scan.find(lowered) == plain == loaded.find(lowered), text
        every = sorted((k, i, i + len(key)) for k, key in enumerate(scan.keys)
                       for i in range(len(lowered)) if lowered.startswith(key, i))
        assert sorted(plain) == every, text
        ascii_hits += len(plain) if lowered.isascii() else 0
    assert ascii_hits > 1000 and sum(not t.isascii() for t in texts) > 100


def test_optional_groups_as_branches_match_what_the_repeat_form_matches(monkeypatch):
    """Fragments write an optional group as ``(?:X|)`` (lazy: ``(?:|X)``) instead of
    ``(?:X){0,1}``: at every position of made-up texts each fragment must give the same match
    (the same span) as the plain form."""
    rng = random.Random(11)
    pieces = ["the", "past", "last", "three", "two", "a", "few", "years", "year", "days", "week", "weeks",
              "Sept.", "September", "May", "may", "Tuesday", "Tue.", "2017", "26", "1998", "of", "about",
              "more than", "Christmas", "Eve", "now", "in", "early", "late", "mid-", "-", ",", "'s", "\n",
              "10:30", "a.m.", "p.m.", "o'clock", "morning", "quarter", "fiscal", "FY", "spring", "ago",
              "since", "until", "between", "and", "on", "at", "1st", "21st", "twenty-one", "hours", "minutes"]
    texts = ["".join(w + rng.choice([" ", "", "  ", "-"]) for w in rng.choices(pieces, k=rng.randint(1, 25)))
             for _ in range(40)]
    places = _all_places()
    new = [tagger._fragments(place) for _, place in places]
    monkeypatch.setattr(tagger, "_OPTIONAL_AS_BRANCH", False)
    old = [tagger._fragments(place) for _, place in places]
    changed = 0
    for (name, _), a, b in zip(places, new, old):
        if a == b or a is None:
            continue
        changed += 1
        (nh, nt), (oh, ot) = (tuple(map(re.compile, a)), tuple(map(re.compile, b)))
        for text in texts:
            reverse = text[::-1]
            for p in range(len(text) + 1):
                m, o = nt.match(text, p), ot.match(text, p)
                assert (m and m.span()) == (o and o.span()), (name, text, p)
                q = len(text) - p
                m, o = nh.match(reverse, q), oh.match(reverse, q)
                assert (m and m.span()) == (o and o.span()), (name, text, p)
    assert changed > 10


def test_each_anchor_set_gets_the_occurrences_of_its_own_strings_only():
    """A set's occurrences are the starts of its own strings (ignoring case where the set does),
    not those of a shorter string of another set: "year" must not count as an occurrence of
    "year-long", whose rule would then check its tail at every "year" of the text."""
    plan = tagger._plan()
    strings_of: dict[int, tuple] = {}
    for rp in plan.rules:
        if rp.anchor is not None:
            try:
                _, anchor = tagger._plan_rule(rp.order, rp.rule, rp.pattern)
            finally:
                tagger._EXPAND_MEMO.clear()
                tagger._WIDTH_MEMO.clear()
            strings_of[rp.anchor] = anchor
    assert len(strings_of) == plan.anchors
    # some set has a string that is a prefix of another set's string: the case this test is about
    assert any(s != t and t.startswith(s) for a, _ in strings_of.values() for b, _ in strings_of.values()
               if a != b for s in a for t in b)
    rng = random.Random(5)
    words = sorted({s for strings, _ in strings_of.values() for s in strings})
    pieces = [" ", " ", ", ", "-", "long", "-long", "s", "1998", "0", "Year", "YEAR", "\u0130", "\u017f"]
    texts = ["The year-long talks ended in a day-long session; years later, a decade-long wait."]
    for _ in range(300):
        parts = [rng.choice(words) if rng.random() < 0.5 else rng.choice(pieces) for _ in range(rng.randint(1, 20))]
        parts = [p.upper() if rng.random() < 0.15 else (p.title() if rng.random() < 0.15 else p) for p in parts]
        texts.append("".join(parts))
    for text in texts:
        lowered = tagger._lowered(text)
        positions, _ = tagger._positions(plan, text, lowered)
        for index, (strings, icase) in strings_of.items():
            where = lowered if icase else text
            expected = sorted({i for i in range(len(text)) for s in strings if where.startswith(s, i)})
            assert positions[index] == expected, (text, sorted(strings))


FIRST_TABLE_SOURCES = [
    r"[\s]+the",                    # a class repeated: its class begins every match
    r"(?:[\s]){1,}(?i:eht)|[\d]",   # alternatives
    r"(?:ab)?c",                    # an optional group: its first character or the next item's
    r"(?:x|)(?![\w'-])",            # nullable, but only before a non-word character (or none)
    r"(?=[a-c])[b-z]+|(?!\d)(?:)",  # one-character lookarounds before a consumed character or nothing
    r"(?i:k)e|\bq",                 # case folding (KELVIN SIGN is non-ASCII: "?" in the table)
    r"(?:(?=ab)|x)y",               # a longer lookahead counts as passing
    r"[^a\n]z|.{2,}",               # negated class, any character (not a line break)
    r"(?:\bx|)(?![\w'-])|a",        # \b and a multi-character lookahead: no code is sure
    r"(?:\b|y)(?![\w'-])",
    r"(?:(?!ab)|x)(?:(?=\s)|y)",
    r"(?>a|)a?(?!b)",               # an atomic group: its way through that consumes nothing may not be taken
]


def _ascii_before(text: str, p: int) -> int:
    """The code ``_rule_matches`` reads for the character before ``p``."""
    return (b"?" + text.encode("ascii", "replace"))[p]


@pytest.mark.parametrize("source", FIRST_TABLE_SOURCES)
def test_first_table_holds_every_character_a_match_can_begin_at(source):
    """Where ``_first_table`` gives 0 for a character, the regex matches no string beginning there;
    where it gives 2, it matches every such string: checked on random strings (ASCII, non-ASCII,
    empty) against re itself."""
    table = tagger._first_table(source)
    assert table is not None and 0 in table, source
    pattern = re.compile(source)
    rng = random.Random(3)
    alphabet = "abcyzqekxKthe \n\t'-9\u212a\u00e9?"
    for _ in range(4000):
        s = "".join(rng.choices(alphabet, k=rng.randint(0, 5)))
        code = _ascii_before(s, 1) if s else ord("?")
        if pattern.match(s):
            assert table[code], (source, s)
        else:
            assert table[code] != 2, (source, s)


def _prev_says(prev, third, text: str, p: int) -> int:
    """What a rule's ``prev`` rows (and ``third`` rows) say of the head at occurrence ``p``, read as
    ``_rule_matches`` reads them: 0 it fails, 2 it matches, 1 it must be asked."""
    c1, c2, c3 = (_ascii_before(text, p - k) if p - k > 0 else ord("?") for k in range(3))
    c = prev[c1][c2]
    return third[c1 << 7 | c2][c3] if c == 3 else c


def test_prev_tables_drop_only_occurrences_whose_head_fails():
    """Every rule with fragments: at every position of made-up texts where the rule's ``prev``
    rows (and ``third`` rows) give 0 for the characters before, the head fails (so skipping its
    calls, and the tail's, keeps every occurrence that passed them), and where they give 2, the
    head matches; the rows give both somewhere, and 0 after a character whose row also holds 1,
    and after two characters whose row holds 3."""
    plan = tagger._plan()
    rules = [rp for rp in plan.rules if rp.tail is not None]
    assert len(rules) > 40 and all(rp.prev is not None and len(rp.prev) == 128 for rp in rules)
    assert all(len(row) == 128 for rp in rules for row in [*rp.prev, *rp.third.values()])
    rng = random.Random(13)
    pieces = ["the", "past", "last", "three", "two", "a", "few", "years", "year", "days", "week", "Sunday",
              "Sept.", "September", "May", "may", "Tuesday", "Tue.", "2017", "26", "1998", "of", "about",
              "10:30", "a.m.", "pm", "o'clock", "noon", "morning", "quarter", "'90s", "FY", "ago", "early",
              "mid-", "-", ",", "'s", "\n", "coming", "future", "this", "that", "same", "\u00e9t\u00e9", "\u212a"]
    refused = sure = second = third = 0
    for _ in range(120):
        text = "".join(w + rng.choice([" ", "", "  ", "-", "\u2019"]) for w in rng.choices(pieces, k=rng.randint(1, 20)))
        reverse = text[::-1]
        for rp in rules:
            for p in range(len(text) + 1):
                c = _prev_says(rp.prev, rp.third, text, p)
                row = rp.prev[_ascii_before(text, p)]
                refused += c == 0
                sure += c == 2
                second += c == 0 and 1 in row
                third += c == 0 and row[_ascii_before(text, p - 1) if p else ord("?")] == 3
                if c != 1:
                    assert bool(rp.head.match(reverse, len(text) - p)) == (c == 2), (rp.rule.name, text, p)
    assert refused > 1000 and sure > 1000 and second > 1000 and third > 300


PAIR_SOURCES = [
    r"[\s]+(?i:eht)",                # a run of white space, then a word: "e" or more white space
    r"(?:[\s]){1,}(?:[nN](?i:o))?(?:[\s]){1,}(?:,)?(?:\d|[mM][aApP])",   # optional items between runs
    r"(?:ab|a\d|bc?)(?![\w'-])",      # alternatives: after "b" anything (it may end there)
    r"(?:x(?=y)|xz)q|[a-c]{2,3}",    # a lookaround counts as passing; a bounded repeat
    r"(?i:k)[a-c]|\bq\s",            # case folding (KELVIN SIGN is non-ASCII: "?" in the rows)
    r"(?>ab|a)c",                    # an atomic group read as a plain one
    r"[^a\n]z|.{2,}",                # negated class, any character (not a line break)
    r"\s+(?:eht|ta|ni)\b|\s+(?:[\d]){1,2}",    # third characters: "the", "at", "in", digits
]


@pytest.mark.parametrize("source", PAIR_SOURCES)
def test_pair_rows_refuse_only_what_no_match_begins_with(source):
    """Where ``_pair_rows`` gives 0 for two characters (or 3, and its third row 0 for the third),
    the regex matches no string beginning with them; each row gives what ``_first_table`` gives
    when that is 0 or 2: checked on random strings (ASCII, non-ASCII, short) against re itself."""
    first = tagger._first_table(source) or tagger._EVERY
    got = tagger._pair_rows(source, first)
    assert got is not None
    rows, third = got
    assert len(rows) == 128 and all(len(row) == 128 for row in third.values())
    assert any(first[c] == 1 and 0 in rows[c] for c in range(128)), source
    assert all(rows[c] == bytes([first[c]]) * 128 for c in range(128) if first[c] != 1)
    assert all(rows[k >> 7][k & 127] == 3 and 0 in row for k, row in third.items())
    assert sum(row.count(3) for row in rows) == len(third)
    pattern = re.compile(source)
    rng = random.Random(7)
    alphabet = "abcyzqekxKthe \n\t'-9,mMnNoai\u212a\u00e9?"
    for _ in range(8000):
        s = "".join(rng.choices(alphabet, k=rng.randint(0, 6)))
        # s is read as a head reads the reversed text: s[0] is the character before the occurrence
        c = _prev_says(rows, third, s[::-1], len(s))
        if pattern.match(s):
            assert c, (source, s)
        else:
            assert c != 2, (source, s)


def test_grouped_fragment_alternations_accept_what_the_plain_ones_accept(monkeypatch):
    """Heads and tails write an alternation as a trie on the first character item read
    (:func:`tagger._grouped_branch`): at every position of made-up texts each head and each tail
    must accept exactly where the plain form (the alternatives as written) accepts."""
    rng = random.Random(17)
    pieces = ["the", "past", "last", "three", "two", "a", "few", "years", "year", "days", "week", "weeks",
              "several", "couple", "of", "a couple of", "dozen", "hundred", "thousand", "twenty-one", "ninety",
              "seven", "eleven", "1/2", "2.5", "14", "more", "additional", "trading", "and a half", "half an",
              "over", "about", "nearly", "the latest", "Sept.", "May", "Tuesday", "2017", "1998", "early",
              "mid-", "-", ",", "'s", "\n", "10:30", "a.m.", "morning", "ago", "since", "on", "at", "21st",
              "Three", "TWO", "Several", "three hundred years", "Two Thousand days", "a few  weeks",
              "SEPT.", "Sept", "September", "June", "Jun.", "JULY", "Mar.", "March", "Thurs.", "Thu",
              "THURSDAY", "Mon.", "Monday", "today", "Tomorrow", "noon", "week of", "early", "end of"]
    texts = ["".join(w + rng.choice([" ", "", "  ", "-"]) for w in rng.choices(pieces, k=rng.randint(1, 25)))
             for _ in range(60)]
    made_up = [r"(?:ab\s+|cd\s+|e\s{2,}|(?i:few|two)\s)(?i:days)", r"(?:(?:x|yz)|(?i:q(?:x|yz)))-?2017",
               r"2017(?:\s+ab|\s+cd|\s{2,}e|\s(?i:few|two))\s", r"-?2017(?:(?:x|yz)|(?i:q(?:x|yz)))",
               r"2017(?>xy|x?xz|x)w"]      # an atomic group's ways kept in order: "x" would be taken before "xxz"
    places = _all_places() + [(source, a.place) for source in made_up for a in _candidates_of(source) if a.place]
    texts += ["ab days cd  days e  days e days x days", "Few days two\tDAYS yz-2017 x2017 QX2017 qyz-2017 qy2017",
              "2017 ab 2017  e 2017 Two 2017\tfew 2017x 2017-qyz 2017QX 2017xxzw 2017xw"]
    new = [tagger._fragments(place) for _, place in places]
    monkeypatch.setattr(tagger, "_GROUPED_BRANCHES", False)
    old = [tagger._fragments(place) for _, place in places]
    heads = tails = 0
    for (name, _), a, b in zip(places, new, old):
        assert (a is None) == (b is None), name
        if a is None or a == b:
            continue
        heads += a[0] != b[0]
        tails += a[1] != b[1]
        (nh, nt), (oh, ot) = (tuple(map(re.compile, a)), tuple(map(re.compile, b)))
        for text in texts:
            reverse = text[::-1]
            for q in range(len(text) + 1):
                assert bool(nh.match(reverse, q)) == bool(oh.match(reverse, q)), (name, text, len(text) - q)
                assert bool(nt.match(text, q)) == bool(ot.match(text, q)), (name, text, q)
    assert heads > 10 and tails > 10


def _mutated_example_texts(count: int, seed: int, ascii: bool = False) -> list[str]:
    """Made-up texts from the grammar's examples (each rule's, brackets dropped), joined at random
    and mutated: case changes, the letters that match an ASCII letter ignoring case (İ ı ſ K;
    not with ``ascii``), hyphens and extra white space for spaces, other digits."""
    from timeline.grammar.rules import RULES
    examples = sorted({e.replace("[", "").replace("]", "") for r in RULES for e in r.examples})
    folds = {"i": "\u0130\u0131I", "I": "\u0130\u0131i", "s": "\u017fS", "S": "\u017fs", "k": "\u212aK", "K": "\u212ak"}
    if ascii:
        examples = [e for e in examples if e.isascii()]
        folds = {c: "".join(x for x in f if x.isascii()) for c, f in folds.items()}
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        text = " ".join(rng.choices(examples, k=rng.randint(1, 3)))
        kind = rng.random()
        if kind < 0.15:
            text = text.upper()
        elif kind < 0.3:
            text = text.title()
        elif kind < 0.45:
            text = text.lower()
        out = []
        for ch in text:
            r = rng.random()
            if ch in folds and r < 0.15:
                ch = rng.choice(folds[ch])
            elif ch.isalpha() and r < 0.05:
                ch = ch.swapcase()
            elif ch == " " and r < 0.12:
                ch = rng.choice(["-", "  ", "\n", " - ", "\t", ""])
            elif ch.isdigit() and r < 0.2:
                ch = rng.choice("0123456789")
            elif r < 0.01:
                ch += rng.choice(["-", " ", "1", "s", "'s", ","])
            out.append(ch)
        texts.append("".join(out))
    return texts


def _fast_forms(flags: int = 0) -> list[tuple[str, re.Pattern, re.Pattern]]:
    """(rule name, its pattern, :func:`tagger._fast_source` of it compiled with ``flags``) for
    every rule."""
    return [(rule.name, pattern, re.compile(tagger._fast_source(pattern), flags)) for rule, pattern in tagger._compiled()]


def _assert_fast_forms_match_as_plain(forms, texts) -> tuple[int, int]:
    """Compares the forms at every position of the texts; gives the number of matches and of those
    holding a letter that is not ASCII."""
    matched = folded = 0
    for name, plain, fast in forms:
        assert fast.groupindex == plain.groupindex and fast.groups == plain.groups, name
        for text in texts:
            for p in range(len(text) + 1):
                m, f = plain.match(text, p), fast.match(text, p)
                assert (m and (m.span(), m.group(), list(m.groupdict().items()))) == \
                    (f and (f.span(), f.group(), list(f.groupdict().items()))), (name, text, p)
                matched += m is not None
                folded += m is not None and not m.group().isascii()
            for end in (len(text), len(text) // 2):
                assert [(m.span(), m.groupdict()) for m in plain.finditer(text, 0, end)] == \
                    [(m.span(), m.groupdict()) for m in fast.finditer(text, 0, end)], (name, text, end)
    return matched, folded


def test_fast_forms_match_exactly_what_the_rules_match():
    """Every rule is run with its fast form (:func:`tagger._fast_source`: letters ignoring case
    spelled as classes, optional groups as branches): at every position of made-up texts it must
    give the same match as the rule's own pattern (span, text and groups, in the same order)."""
    forms = _fast_forms()
    plan = tagger._plan()
    assert [rp.fast for rp in plan.rules] == [fast for _, _, fast in forms]
    assert sum(fast.pattern != plain.pattern for _, plain, fast in forms) == len(forms)
    matched, folded = _assert_fast_forms_match_as_plain(forms, _mutated_example_texts(200, 7))
    assert matched > 400 and folded > 20


def test_ascii_fast_forms_match_exactly_what_the_rules_match_on_ascii_texts():
    """On a text of ASCII characters only, the rules run with their fast forms compiled with
    ``re.ASCII``: at every position of made-up ASCII texts they must give the same match as the
    rule's own pattern."""
    forms = _fast_forms(tagger._C.SRE_FLAG_ASCII)
    assert [rp.fast_ascii for rp in tagger._plan().rules] == [fast for _, _, fast in forms]
    texts = _mutated_example_texts(200, 8, ascii=True)
    assert all(text.isascii() for text in texts)
    matched, _ = _assert_fast_forms_match_as_plain(forms, texts)
    assert matched > 400


def test_texts_with_other_characters_are_matched_with_the_unicode_forms():
    """A text with a character outside ASCII is matched with the fast forms compiled without
    ``re.ASCII``: next to a non-ASCII letter or digit (a word character for the rules, not for
    ``re.ASCII``) the ASCII forms would find matches the rules do not make."""
    texts = ["Depuis l'année1998 et é2017, ça dure trois ansé, Ωtwo years, two yearsΩ, ٣ days, 3٣ weeks.",
             "the mid-1990s, été 2016, naïvely today, ɐlast week, last weekɐ, in Mayé 2016 and May 2016."]
    differs = 0
    for text in texts:
        _assert_same(text, text)
        for rp in tagger._plan().rules:
            differs += [m.span() for m in rp.fast_ascii.finditer(text)] != [m.span() for m in rp.pattern.finditer(text)]
    assert differs > 0


def test_white_space_is_never_a_word_character():
    """The fast forms start with ``\\b`` after a lookbehind ending in white space (:func:`tagger._after_non_word`)."""
    everything = "".join(map(chr, range(0x110000)))
    assert not re.findall(r"(?=\s)\w", everything)


@pytest.mark.parametrize("source", [
    r"(?i:[^s]ay|[ds]ays?|[a-c]+x|\w[k-m]|é[ÉA]te)(?:\s+(?i:ago))??(?P<x>(?i:k)(a)|(?i:b))?",
    r"(?i)(?:the\s+)?(?P<n>\d+|a\s+few)\s*(?i:days?|weeks?)(?>\s+(?-i:ago))?(?=\W|$)",
    r"(?<![\w-])(?:(?:[Ss]ome|(?i:kilo))\s+)*?(?P<u>(?i:s)ec(?:ond)?s?)(?:\s+(?i:or)\s+(?P<v>\d{1,2}))?+",
    r"(?<!\s)(?<![\d-])(?:\d+(?:st|th)?|(?i:some))",
])
def test_fast_forms_of_made_up_patterns_match_as_the_patterns(source):
    """Constructs the grammar may not use (lazy and possessive repeats, atomic groups, global and
    turned-off flags, negated and non-ASCII classes ignoring case, unnamed groups): the fast form
    gives the same matches at every position of random texts."""
    plain = re.compile(source)
    forms = [(source, plain, re.compile(tagger._fast_source(plain)))]
    rng = random.Random(3)
    pieces = ["a", "few", "days", "Days", "day", "ſay", "say", "ay", "wEEKs", "ago", "AGO", "the", "The", "12",
              "3", "some", "Some", "kilo", "\u212aILO", "sec", "ſecond", "seconds", "or", "OR", "ka", "Ka", "b",
              "ccx", "é", "É", "ÉtE", "\u0130", "\u0131", "-", " ", "  ", "\n", "a few days", "THE 12 weeks ago",
              "12 DAY", "3weeks", "Some kilo ſecs or 3", "kilo  seconds", "days ago Kab"]
    texts = ["".join(w + rng.choice([" ", "", "  ", "-"]) for w in rng.choices(pieces, k=rng.randint(1, 12)))
             for _ in range(300)]
    matched, _ = _assert_fast_forms_match_as_plain(forms, texts)
    assert matched > 50


def test_ascii_forms_only_where_they_read_the_text_as_the_rules_do():
    """The rules' re.ASCII forms run on ASCII texts, but ASCII \\s leaves out the separators
    U+001C-U+001F that the rules' \\s matches: a text holding one must get the same mentions as
    the rules themselves find, and every other ASCII character is read alike by the two."""
    for c in map(chr, range(128)):
        for cls in (r"\s", r"\w", r"\d", r"\b.", r"(?i:k)"):
            same = bool(re.match(cls, c)) == bool(re.match(cls, c, re.ASCII))
            assert same or c in "\x1c\x1d\x1e\x1f", (cls, c)
    for sep in "\x1c\x1d\x1e\x1f":
        text = f"He left last{sep}week and will return on{sep}Tuesday,{sep}March 3, 2004."
        assert not tagger._narrow(text)
        _assert_same(text)
        assert any(m.text == f"last{sep}week" for m in find_mentions(text))
    assert tagger._narrow("He left last week.")


def test_narrow_is_the_search_for_a_non_ascii_character_or_a_separator():
    """_narrow tests the four separators with ``in``: on random texts of ASCII characters (the
    separators among them), a few non-ASCII ones too, it must say what the plain form says."""
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(128)] + ["\x1c", "\x1d", "\x1e", "\x1f"] * 8 + ["é", "\u2029", "\x85"]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(3000)]
    texts += ["plain text" * rng.randint(0, 3) + rng.choice(alphabet) for _ in range(500)]
    plain = [t.isascii() and tagger._ASCII_DIFFER.search(t) is None for t in texts]
    assert [tagger._narrow(t) for t in texts] == plain
    assert 500 < sum(plain) < len(texts) - 500
def test_long_runs_with_the_probe_are_those_without(monkeypatch):
    """_long_runs first searches one translation of the text into cell codes (_probes), with the
    class's other cells replaced by one code, and marks the text per table only where that finds
    a run: on made-up texts with long runs of every class (mixed case, digits, separators), it
    must report exactly what marking every table reports."""
    sets = [tagger._plan().guards,
            tuple(tagger._guard_for(source, times, True) for source, times in
                  [("[\\w]", 6), ("[a-z]", 4), ("[\\s]", 3), ("[\\u002d\\s]", 4), ("[\\d]", 3), ("[^a-z]", 5)])]
    rng = random.Random(13)
    pieces = ["ab", "Word", "Q3", "x_y", "1998", "12", "0", " ", "  ", "\n", "\t", "-", "--", " - ", ",", ".",
              "\u00e9", "\u2014", "\u2019", "\x1c", "longwordwithoutanybreakinsideit", "AbC12_dE" * 4]
    texts = ["", "a" * 30, "1" * 12, " " * 9, "- " * 5, "Ab1_" * 8]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    for guards in sets:
        fast = [tagger._long_runs(guards, text) for text in texts]
        monkeypatch.setattr(tagger, "_PROBE_FIRST", False)
        plain = [tagger._long_runs(guards, text) for text in texts]
        monkeypatch.setattr(tagger, "_PROBE_FIRST", True)
        for text, a, b in zip(texts, fast, plain):
            assert a.keys() == b.keys(), text
            for g in a:
                assert (a[g] is None) == (b[g] is None), text
                if a[g] is not None:
                    assert (a[g].starts, a[g].ends) == (b[g].starts, b[g].ends), text
        assert any(a for a in fast)
