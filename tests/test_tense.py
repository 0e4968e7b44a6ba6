"""The tense of the clause around a temporal expression (``timeline.tense``)."""
from __future__ import annotations

import os
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
