"""The tense of the clause around a temporal expression (``timeline.tense``)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from timeline import tense
from timeline.tense import FUTURE, PAST, PRESENT, tense_at


def _at(sentence: str):
    """The tense around the ``[...]`` span of ``sentence``."""
    start = sentence.index("[")
    end = sentence.index("]") - 1
    text = sentence.replace("[", "").replace("]", "")
    return tense_at(text, start, end)


@pytest.mark.parametrize("sentence, expected", [
    ("He will visit Rome on [Tuesday].", FUTURE),
    ("He'll visit Rome on [Tuesday].", FUTURE),
    ("The minister is to visit Rome on [Tuesday].", FUTURE),
    ("The company plans to report results on [Tuesday].", FUTURE),
    ("The report is expected to be released [Tuesday].", FUTURE),
    ("Elections are due to be held in [March].", FUTURE),
    ("He would meet the minister on [Friday], aides said.", FUTURE),
    ("Talks could resume as soon as [Monday].", FUTURE),
    ("Elections will be held in [March].", FUTURE),
    ("He met the minister on [Tuesday].", PAST),
    ("The minister said [Friday] that the talks would resume.", PAST),
    ("Officials announced [Monday] that the plant will close.", PAST),
    ("The plant was closed in [November].", PAST),
    ("The bomb may have exploded on [Tuesday].", PAST),
    ("Prices have risen since [March].", PAST),
    ("Shares fell [Friday], traders said.", PAST),
    ("The trial is in [March].", PRESENT),
    ("On [Tuesday].", None),
    # a period after an abbreviation ends no sentence
    ("In [January], a week after the Roe vs. Wade ruling, a bomb killed a guard.", PAST),
    ("In [January], a bomb in Birmingham, Ala. killed a guard.", PAST),
    # a multiword cue ends at a word boundary: "was told" is not "was to"
    ("Smith was told [Wednesday] by aides that he had lost.", PAST),
    # an -ed word after a determiner is an adjective, not the verb
    ("The split would be paid on a still unspecified date in [January].", FUTURE),
    ("The new pact is effective [June 1].", FUTURE),
    ("The team planned to leave on [Thursday].", FUTURE),
    ("The offer had been due to expire [Friday].", PAST),
    ("The offer had been scheduled to expire [Friday].", PAST),
    # "ahead of" points to what is still to come, even in a past clause
    ("Traders had sold stocks ahead of the [weekend].", FUTURE),
    # a participle with "by" after its noun is no verb of the clause: "markets untouched by"
    ("The carrier will almost double its routes to Asia by [August] in search of markets untouched by the slump.",
     FUTURE),
])
def test_tense_at(sentence, expected):
    assert _at(sentence) == expected


def test_the_sentence_bounds_the_search():
    # the future of the next sentence does not leak into this one
    assert _at("He arrived on [Monday]. He will leave next week.") == PAST


def test_strategies_exist():
    text = "He will visit Rome on Tuesday."
    i = text.index("Tuesday")
    old = tense.STRATEGY
    try:
        for strategy in ("nearest", "tiers"):
            tense.STRATEGY = strategy
            assert tense_at(text, i, i + 7) == FUTURE
        tense.STRATEGY = "none"
        assert tense_at(text, i, i + 7) is None
    finally:
        tense.STRATEGY = old


SHARED = Path(os.environ.get("TIMELINE_SHARED") or Path(__file__).resolve().parents[2] / "shared")
TBAQ = SHARED / "corpora" / "TBAQ-cleaned"


@pytest.mark.skipif(not TBAQ.is_dir(), reason=f"TBAQ-cleaned not found at {TBAQ} (set TIMELINE_SHARED)")
def test_nearest_cue_beats_tiers_and_no_tense_on_tbaq():
    """The measurement behind the default: value F1 on TBAQ with each way of reading the tense."""
    from timeline.evaluate import evaluate

    old = tense.STRATEGY
    scores = {}
    try:
        for strategy in ("nearest", "tiers", "none"):
            tense.STRATEGY = strategy
            scores[strategy] = evaluate(TBAQ).as_json_dict()["value_f1"]
    finally:
        tense.STRATEGY = old
    assert scores["nearest"] >= scores["tiers"] >= scores["none"], scores


# ---------------------------------------------------------------- the fast reader against the plain one

def _plain_clause(text, start, end):
    """The sentence bounds as first written: every sentence end within 400 characters before the
    expression found forwards, the last one kept."""
    left = max(0, start - 400)
    for m in reversed(list(tense._SENTENCE_END.finditer(text, left, start))):
        if m.group() == "." and tense._ABBREVIATION.search(text, max(0, m.start() - 8), m.end()):
            continue
        left = m.end()
        break
    for m in tense._SENTENCE_END.finditer(text, end, end + 400):
        if m.group() == "." and tense._ABBREVIATION.search(text, max(0, m.start() - 8), m.end()):
            continue
        return left, m.start()
    return left, min(len(text), end + 400)


# The words of a clause as first written: a plain alternation, tried at every position.
_PLAIN_TOKEN = re.compile(r"\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in tense._MULTI)
                          + r")(?![\w'’-])|[A-Za-z][\w'’-]*|['’]ll")


def _plain_nearest(text, start, end):
    """The nearest-cue reading as first written: the whole clause before the expression is split
    into words, every check is a plain regex search."""
    left, right = _plain_clause(text, start, end)
    if tense._SOON_AS.search(text[max(left, start - 20):start]):
        return FUTURE
    if tense._SINCE.search(text[max(left, start - 12):start]):
        return PAST
    best = None
    words_left = list(_PLAIN_TOKEN.finditer(text, left, start))
    for side, seq in ((-1, reversed(words_left)), (1, _PLAIN_TOKEN.finditer(text, end, right))):
        for i, m in enumerate(seq):
            cue = tense._cue(m.group())
            if cue is None:
                continue
            tier, tns = cue
            if tns == FUTURE and (tense._MODAL_PERFECT.match(text, m.start())
                                  or tense._HAD_BEEN.search(text, max(left, m.start() - 25), m.start())):
                tns = PAST
            if tier == 2 and side > 0 and tense._BY_AFTER.match(text, m.end()):
                continue
            if tier == 2 and tense._DETERMINER_BEFORE.search(text, max(left, m.start() - 30), m.start()):
                continue
            if tier == 2:
                for w in reversed(_PLAIN_TOKEN.findall(text, max(left, m.start() - 30), m.start())[-3:]):
                    if w.lower() in ("have", "has", "had", "'ve", "’ve"):
                        tier, tns = 1, PAST
                        break
                    aux = tense._cue(w)
                    if aux and aux[0] == 1:
                        tier, tns = 1, aux[1]
                        break
            penalty = {1: 0, 2: 0, 3: 1}[tier] + (1 if side > 0 else 0)
            if tier == 3 and side > 0 and "," in text[end:m.start()]:
                penalty += 2
            cand = (i + penalty, tier, tns)
            if best is None or cand < best:
                best = cand
            break
    return best[2] if best else None


# Made-up word soup dense in what the shortcuts must get right: cues and multiword cues split by
# odd white space, abbreviations and initials before periods, sentence marks at the edges,
# determiners and -ly words before -ed words, "had" before future markers, letters that match
# ASCII ones only ignoring case (long s, dotted capital I), punctuation glued to words.
_SOUP = ("is", "to", "expected", "are", "due", "plans", "going", "was", "were", "has", "been", "had", "Had",
         "have", "be", "held", "will", "would", "may", "said", "says", "met", "agreed", "closed",
         "the", "The", "a", "its", "hİs", "ſome", "newly", "still", "quietly", "so", "by", "Mr.",
         "U.S.", "Ala.", "J.", "vs.", "Inc.", "on", "in", "Tuesday", "March", "as", "soon", "since",
         "ago", "he'll", "’ll", "won't", "effective", "ahead", "of", "until", "postponed", "set",
         "meeting", "shares", "rose", "officials", "told", "announced", "united", "exceed",
         "(", ")", ",", '"', "-", "--", ".", ";", ":", "!", "?", "'", "’", "3", "1990s", "x.",
         "\n", "\n\n", "  ", "\t", "Mrs.", "Calif.", "Sept.", "Sep.", "v.", "xMr.", "éMr.", "Massachusetts.",
         "aS", "ſince", "AGO", "\xa0", "\x1c")


def _soup(rnd, words):
    out = []
    for _ in range(words):
        w = rnd.choice(_SOUP)
        out.append(w)
        out.append(rnd.choice((" ", " ", " ", "", "  ", "\n", " \t")))
    return "".join(out)


def test_fast_reading_equals_plain_reading_on_random_text():
    import random

    rnd = random.Random(7)
    checked = 0
    for _ in range(400):
        text = _soup(rnd, rnd.randrange(5, 160))
        for _ in range(12):
            start = rnd.randrange(len(text))
            end = min(len(text), start + rnd.randrange(1, 12))
            assert tense._clause(text, start, end) == _plain_clause(text, start, end), (text, start, end)
            assert tense._tense_nearest(text, start, end) == _plain_nearest(text, start, end), (text, start, end)
            checked += 1
    assert checked == 4800


@pytest.mark.parametrize("sentence", [
    "The vote is. [Tuesday] it was held.",                 # a mark right before the expression
    "The vote.[Tuesday] it was held.",
    "Mr. Smith met them on [Tuesday].",
    "He met the U.S. envoy; the talks are expected\n to resume [Tuesday].",
    "It is expected  to be held on [Tuesday].",
    "They had been due to meet [Tuesday].",
    "Had been due to meet [Tuesday].",
    "The Prime Minister HAD already scheduled talks for [Tuesday].",
    "The ſtill newly revised plan is due [Tuesday].",
    "A hİs closed door on [Tuesday].",
    "He said, \"the meeting closed\" on [Tuesday].",
    "[Tuesday] was quiet.",
    "x.[Tuesday]",
])
def test_fast_reading_equals_plain_reading_at_the_edges(sentence):
    start = sentence.index("[")
    end = sentence.index("]") - 1
    text = sentence.replace("[", "").replace("]", "")
    assert tense._clause(text, start, end) == _plain_clause(text, start, end)
    assert tense._tense_nearest(text, start, end) == _plain_nearest(text, start, end)


def test_abbreviation_shortcut_equals_the_plain_search():
    """``_abbreviation_at`` skips the ``_ABBREVIATION`` search when the word before the period
    cannot end a match; it must answer as the plain search does, on every period of word soup
    and after every listed abbreviation, alone, glued to letters, initials or other characters."""
    import random

    rnd = random.Random(17)
    texts = [_soup(rnd, rnd.randrange(1, 80)) for _ in range(500)]
    for word in sorted(tense._ABBREVIATION_WORDS):
        for before in ("", " ", "x", "X", "é", "3", ".", "A.", "(", "Mr"):
            texts.append(f"{before}{word}. {before}{word.upper()}. {word.lower()}.")
    checked = 0
    for text in texts:
        for p, ch in enumerate(text):
            if ch == ".":
                plain = tense._ABBREVIATION.search(text, max(0, p - 8), p + 1) is not None
                assert tense._abbreviation_at(text, p) == plain, (text, p)
                checked += 1
    assert checked > 3000


def test_words_are_read_as_the_plain_alternation_reads_them():
    """``_TOKEN`` (one leading character class, lookbehinds) finds the same words, with the same
    spans, as the plain alternation, from any start and up to any end, on word soup and on every
    multiword cue glued to letters, digits, apostrophes and hyphens on either side."""
    import random

    rnd = random.Random(11)
    texts = [_soup(rnd, rnd.randrange(1, 80)) for _ in range(300)]
    for cue in tense._MULTI:
        for before in ("", " ", "x", "X", "3", "_", "'", "’", "-", "é", "\n"):
            for after in ("", " ", "s", "3", "'", "’", "-", ".", "\t"):
                texts.append(f"{before}{cue}{after} {cue.upper()} {cue.replace(' ', '  ')}")
                texts.append(f"{before}{cue.replace(' ', chr(10))}{after}'ll")
    for text in texts:
        for _ in range(4):
            lo = rnd.randrange(len(text) + 1)
            hi = rnd.randrange(lo, len(text) + 1)
            expected = [m.span() for m in _PLAIN_TOKEN.finditer(text, lo, hi)]
            assert [m.span() for m in tense._TOKEN.finditer(text, lo, hi)] == expected, (text, lo, hi)
        assert tense._TOKEN.findall(text) == _PLAIN_TOKEN.findall(text), text


def test_words_before_are_the_clause_words_read_backwards():
    """``_words_before`` reads back from the expression a stretch at a time; it must give the
    words the plain forward reading of the whole clause gives, in reverse, with the same spans."""
    import random

    rnd = random.Random(13)
    for _ in range(600):
        text = _soup(rnd, rnd.randrange(1, 60))
        for _ in range(6):
            start = rnd.randrange(len(text) + 1)
            left = rnd.randrange(start + 1)
            expected = [m.span() for m in reversed(list(_PLAIN_TOKEN.finditer(text, left, start)))]
            assert [m.span() for m in tense._words_before(text, left, start)] == expected, (text, left, start)


def test_cue_table_gives_what_cue_gives():
    """``_CUES`` (a dict filled from ``_cue`` on a miss) answers as ``_cue`` does, on a miss and
    on a hit, for cues of every tier, words that are none, and multiword cues with odd spacing."""
    words = [*tense._TIER1, *tense._REPORTING, *tense._IRREGULAR_PAST, *tense._NOT_PAST, "Met", "Agreed",
             "agreed", "he'll", "x", "is  to", "is\nto", "Said", "quietly", "ſaid"]
    tense._CUES.clear()
    for w in words * 2:
        assert tense._CUES[w] == tense._cue(w), w


def test_word_class_spelled_out_is_the_word_class():
    """``_W`` lists ASCII letters and digits before ``\\w`` (so ``re`` decides them from a bitmap):
    the class must hold exactly the characters ``\\w`` holds, alone and in the negated forms used."""
    spelled, plain = re.compile(f"[{tense._W}]"), re.compile(r"\w")
    barrier, plain_barrier = tense._BARRIER_REVERSED, re.compile(r"[^\w\s'’-]")
    for code in list(range(0x3100)) + [0xFEFF, 0xFF10, 0xFF21, 0x1D400, 0x10FFFF]:
        c = chr(code)
        assert bool(spelled.fullmatch(c)) == bool(plain.fullmatch(c)), hex(code)
        assert bool(barrier.fullmatch(c)) == bool(plain_barrier.fullmatch(c)), hex(code)
