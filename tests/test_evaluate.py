"""The TempEval-3 timex scorer on small hand-made gold/system pairs, numbers worked out by hand.

Each case writes gold and system ``.tml`` files with the same <TEXT> into tmp_path. Tokens are
``\\w+`` runs and single punctuation characters; a timex is the set of tokens it overlaps.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from timeline.errors import TimelineError
from timeline.evaluate import Report, evaluate, score_document, tokenize, value_shape
from timeline.timex import Timex

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n<DOCID>{doc_id}</DOCID>\n'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
        'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n')


def tml(body: str, dct: str = "1998-01-08", doc_id: str = "doc") -> str:
    return HEAD.format(doc_id=doc_id, dct=dct) + f"<TEXT>{body}</TEXT>\n</TimeML>\n"


def t(text: str, type_: str = "DATE", value: str = "1998-01-08", tid: str = "t1") -> str:
    return f'<TIMEX3 tid="{tid}" type="{type_}" value="{value}">{text}</TIMEX3>'


def pair(tmp_path: Path, gold_body: str, system_body: str, name: str = "a.tml", **kw) -> tuple[Path, Path]:
    gold, system = tmp_path / "gold", tmp_path / "system"
    for folder, body in ((gold, gold_body), (system, system_body)):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(tml(body, **kw), encoding="utf-8")
    return gold, system


def scores(report: Report) -> dict:
    return report.as_json_dict()


ALL_100 = dict(strict_p=100.0, strict_r=100.0, strict_f1=100.0, relaxed_p=100.0, relaxed_r=100.0,
               relaxed_f1=100.0, type_accuracy=100.0, type_f1=100.0, value_accuracy=100.0, value_f1=100.0)


def test_tokenize_words_and_single_punctuation():
    # "Jan." is two tokens, "8," two, "1998" one; spaces are not tokens
    assert tokenize("On Jan. 8, 1998") == [(0, 2), (3, 6), (6, 7), (8, 9), (9, 10), (11, 15)]
    assert tokenize("mid-1990s") == [(0, 3), (3, 4), (4, 9)]
    assert tokenize("   ") == []


def test_exact_match_scores_100(tmp_path):
    # gold = system = {"Thursday" DATE, "three days" DURATION}: 2/2 everywhere
    body = f"Talks ended {t('Thursday')} after {t('three days', 'DURATION', 'P3D', 't2')}."
    r = evaluate(*pair(tmp_path, body, body))
    assert scores(r) == {**ALL_100, "gold": 2, "system": 2}
    assert r.error_kinds() == {}
    assert "100.00" in r.format_text()


def test_span_one_token_shorter_is_relaxed_not_strict(tmp_path):
    # gold "three days" = tokens {three, days}; ours "days" = {days}: they share a token (relaxed
    # 1/1, P = R = F1 = 100) but the sets differ (strict 0/1: P = R = F1 = 0). Type and value agree.
    gold = f"It took {t('three days', 'DURATION', 'P3D')}."
    ours = f"It took three {t('days', 'DURATION', 'P3D')}."
    r = evaluate(*pair(tmp_path, gold, ours))
    assert scores(r) == {**ALL_100, "strict_p": 0.0, "strict_r": 0.0, "strict_f1": 0.0, "gold": 1, "system": 1}
    assert r.error_kinds() == {"span: strict mismatch (ours shorter)": 1}


def test_span_cutting_into_a_token_covers_the_whole_token(tmp_path):
    # ours covers "ree days": it overlaps the tokens "three" and "days", the same set as gold: strict
    gold = f"It took {t('three days', 'DURATION', 'P3D')}."
    ours = f"It took th{t('ree days', 'DURATION', 'P3D')}."
    r = evaluate(*pair(tmp_path, gold, ours))
    assert r.strict_f1 == 1.0 and r.relaxed_f1 == 1.0


def test_one_wrong_value_of_two(tmp_path):
    # both spans match strictly (P = R = F1 = 100, type 2/2 = 100); values: "Thursday" right,
    # "last month" gold 1997-12 vs ours 1997-11 -> value accuracy 1/2 = 50, value F1 = 100 x 0.5 = 50
    gold = f"{t('Thursday')} and {t('last month', value='1997-12', tid='t2')}"
    ours = f"{t('Thursday')} and {t('last month', value='1997-11', tid='t2')}"
    r = evaluate(*pair(tmp_path, gold, ours))
    assert scores(r) == {**ALL_100, "value_accuracy": 50.0, "value_f1": 50.0, "gold": 2, "system": 2}
    assert r.error_kinds() == {"value: gold YYYY-MM vs ours YYYY-MM, ours earlier": 1}
    assert 'value     "last month": gold 1997-12, ours 1997-11' in r.format_text()


def test_missed_timex(tmp_path):
    # gold 2, ours 1 (matching "Thursday"): P = 1/1 = 100, R = 1/2 = 50, F1 = 2*1*.5/1.5 = 66.67;
    # type/value accuracy 1/1 = 100, so type F1 = value F1 = 66.67
    gold = f"{t('Thursday')} for {t('a week', 'DURATION', 'P1W', 't2')}"
    ours = f"{t('Thursday')} for a week"
    r = evaluate(*pair(tmp_path, gold, ours))
    f1 = 66.67
    assert scores(r) == dict(strict_p=100.0, strict_r=50.0, strict_f1=f1, relaxed_p=100.0, relaxed_r=50.0,
                             relaxed_f1=f1, type_accuracy=100.0, type_f1=f1, value_accuracy=100.0,
                             value_f1=f1, gold=2, system=1)
    assert r.error_kinds() == {"missed DURATION": 1}
    assert 'missed    "a week" DURATION P1W' in r.format_text()


def test_spurious_timex(tmp_path):
    # gold 1, ours 2: P = 1/2 = 50, R = 1/1 = 100, F1 = 66.67
    gold = f"{t('Thursday')} at the summit"
    ours = f"{t('Thursday')} at the {t('summit', 'DATE', 'PRESENT_REF', 't2')}"
    r = evaluate(*pair(tmp_path, gold, ours))
    assert (r.relaxed_p, r.relaxed_r) == (0.5, 1.0)
    assert scores(r)["relaxed_f1"] == 66.67 and scores(r)["strict_f1"] == 66.67
    assert scores(r)["value_accuracy"] == 100.0
    assert r.error_kinds() == {"spurious DATE": 1}
    assert 'spurious  "summit" DATE PRESENT_REF' in r.format_text()


def test_files_without_timexes_give_zeros(tmp_path):
    # no gold, no system timexes: every denominator is 0, every score 0.0, nothing crashes
    r = evaluate(*pair(tmp_path, "Nothing dated here.", "Nothing dated here."))
    assert scores(r) == {**{k: 0.0 for k in ALL_100}, "gold": 0, "system": 0}
    assert "0.00" in r.format_text()
    assert Report().as_json_dict()["relaxed_f1"] == 0.0   # no documents at all


def test_dct_is_not_counted(tmp_path):
    # the DCT TIMEX3s (values differ between the files!) are outside <TEXT>: 1 gold, 1 system
    gold_dir, system_dir = tmp_path / "gold", tmp_path / "system"
    gold_dir.mkdir(), system_dir.mkdir()
    body = f"Talks ended {t('Thursday')}."
    (gold_dir / "a.tml").write_text(tml(body, dct="1998-01-08"), encoding="utf-8")
    (system_dir / "a.tml").write_text(tml(body, dct="2001-05-05"), encoding="utf-8")
    r = evaluate(gold_dir, system_dir)
    assert scores(r) == {**ALL_100, "gold": 1, "system": 1}


def test_different_text_raises_naming_the_file(tmp_path):
    gold, system = tmp_path / "gold", tmp_path / "system"
    pair(tmp_path, f"Talks ended {t('Thursday')}.", f"Talks ended {t('Thursday')}.")
    (system / "a.tml").write_text(tml(f"Talks closed {t('Thursday')}."), encoding="utf-8")
    with pytest.raises(TimelineError, match=r"a\.tml.*differs.*character 6"):
        evaluate(gold, system)


def test_counts_are_summed_over_files_before_dividing(tmp_path):
    # a.tml: 1 gold, found. b.tml: 3 gold, none found. Micro recall = 1/4 = 25 (macro would be 50);
    # precision = 1/1 = 100; F1 = 2*1*.25/1.25 = 40
    pair(tmp_path, f"{t('Thursday')}", f"{t('Thursday')}", name="a.tml")
    three = f"{t('Monday')}, {t('Tuesday', tid='t2')}, {t('Friday', tid='t3')}"
    gold, system = pair(tmp_path, three, "Monday, Tuesday, Friday", name="b.tml")
    r = evaluate(gold, system)
    assert (r.gold, r.system, r.relaxed_gold, r.relaxed_system) == (4, 1, 1, 1)
    assert scores(r)["relaxed_r"] == 25.0 and scores(r)["relaxed_p"] == 100.0
    assert scores(r)["relaxed_f1"] == 40.0


def test_missing_system_file_counts_as_finding_nothing(tmp_path):
    # gold a.tml (1 timex) has a system file, gold b.tml (1 timex) has none: R = 1/2
    gold, system = pair(tmp_path, f"{t('Thursday')}", f"{t('Thursday')}", name="a.tml")
    (gold / "b.tml").write_text(tml(f"{t('Friday')}"), encoding="utf-8")
    r = evaluate(gold, system)
    assert r.missing_system == ["b.tml"]
    assert scores(r)["relaxed_r"] == 50.0 and scores(r)["relaxed_p"] == 100.0
    assert "no system file" in r.format_text()


def test_system_file_found_by_name_when_layout_differs(tmp_path):
    gold, _ = pair(tmp_path, f"{t('Thursday')}", "", name="news/a.tml")
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "a.tml").write_text(tml(f"{t('Thursday')}"), encoding="utf-8")
    r = evaluate(gold, flat)
    assert r.missing_system == [] and r.relaxed_f1 == 1.0
    assert [d.name for d in r.documents] == ["news/a.tml"]


def test_one_system_span_over_two_gold_pairs_one_to_one(tmp_path):
    # gold "March 3" (tokens March, 3) and "1998" (token 1998); ours "March 3, 1998" covers both.
    # Relaxed: both gold matched (R 2/2), our one timex matched (P 1/1): F1 100. Strict: none.
    # One-to-one pairing: ours goes to "March 3" (2 shared tokens > 1); "1998" has no partner and
    # counts wrong for type and value: accuracy 1/2 = 50, type F1 = value F1 = 50.
    gold = f"{t('March 3', value='1998-03-03')}, {t('1998', value='1998', tid='t2')}"
    ours = f"{t('March 3, 1998', value='1998-03-03')}"
    r = evaluate(*pair(tmp_path, gold, ours))
    assert (r.relaxed_gold, r.relaxed_system, r.strict_gold) == (2, 1, 0)
    assert scores(r)["relaxed_f1"] == 100.0
    assert scores(r)["type_accuracy"] == 50.0 and scores(r)["value_f1"] == 50.0
    assert r.error_kinds()["span: several gold in one of ours"] == 1


def test_pairing_prefers_most_shared_tokens_then_exact_span():
    text = "on Monday March 3 1998"
    gold = [Timex(3, 22, "Monday March 3 1998", "DATE", "1998-03-03")]
    # two candidates: "Monday" (1 token) and "March 3 1998" (3 tokens): the larger overlap wins
    ours = [Timex(3, 9, "Monday", "DATE", "1998-03-02"), Timex(10, 22, "March 3 1998", "DATE", "1998-03-03")]
    d = score_document("x", text, gold, ours)
    assert (d.relaxed_gold, d.relaxed_system, d.value_correct) == (1, 2, 1)
    # equal overlap: the exact span wins over a longer one that starts earlier
    gold = [Timex(10, 17, "March 3", "DATE", "1998-03-03")]
    ours = [Timex(3, 17, "Monday March 3", "DATE", "XXXX"), Timex(10, 17, "March 3", "DATE", "1998-03-03")]
    d = score_document("x", text, gold, ours)
    assert d.value_correct == 1 and d.strict_gold == 1


def test_in_memory_tagger_used_without_system_dir(tmp_path):
    gold, _ = pair(tmp_path, f"Talks ended {t('Thursday')}.", "")
    seen = []

    def tagger(text, date):
        seen.append((text, date.isoformat()))
        i = text.index("Thursday")
        return [Timex(i, i + 8, "Thursday", "DATE", "1998-01-08")]

    r = evaluate(gold, tagger=tagger)
    assert seen == [("Talks ended Thursday.", "1998-01-08")]
    assert scores(r) == {**ALL_100, "gold": 1, "system": 1}


def test_type_error_and_error_kinds_in_text(tmp_path):
    gold = f"{t('a week', 'DURATION', 'P1W')} and {t('now', 'DATE', 'PRESENT_REF', 't2')}"
    ours = f"{t('a week', 'DATE', '1998-W02')} and {t('now', 'DATE', '1998-01-08', 't2')}"
    r = evaluate(*pair(tmp_path, gold, ours))
    kinds = r.error_kinds()
    assert kinds == {"type: gold DURATION vs ours DATE": 1,
                     "value: gold PnW vs ours YYYY-Www": 1,
                     "value: gold PRESENT_REF vs ours YYYY-MM-DD": 1}
    text = r.format_text(max_errors_per_doc=1)
    assert "most frequent mistakes:" in text and "... and 2 more" in text
    assert math.isclose(r.type_accuracy, 0.5) and r.value_accuracy == 0.0


def test_no_gold_files_is_an_error(tmp_path):
    (tmp_path / "gold").mkdir()
    with pytest.raises(TimelineError, match="no .tml files"):
        evaluate(tmp_path / "gold", tmp_path / "gold")


@pytest.mark.parametrize("value, shape", [
    ("1998-01-08", "YYYY-MM-DD"), ("1998-01", "YYYY-MM"), ("1998", "YYYY"), ("1998-Q3", "YYYY-Qn"),
    ("1998-H1", "YYYY-Hn"), ("1998-SU", "YYYY-season"), ("1998-W02-WE", "YYYY-Www-WE"),
    ("1998-01-08TEV", "YYYY-MM-DDTpod"), ("1998-01-08T15:00", "YYYY-MM-DDThh:mm"),
    ("XXXX-XX-08", "XXXX-XX-DD"), ("19", "CC"), ("199", "DDD"), ("199X", "DDDX"),
    ("PT3H", "PTnH"), ("PXY", "PXY"), ("FUTURE_REF", "FUTURE_REF"), ("", "(none)"),
])
def test_value_shape(value, shape):
    assert value_shape(value) == shape


def test_cli_eval_mode_tags_the_gold_texts_in_that_mode(tmp_path, capsys):
    """``timeline eval GOLD --mode narrative`` reads April after 1940 as April 1940; news mode reads
    it against the publication date. With a system folder, --mode is a usage error (exit 2)."""
    import json

    from timeline.cli import main
    body = f"The army landed in {t('1940', value='1940')}. In {t('April', value='1940-04', tid='t2')} it attacked."
    gold, system = pair(tmp_path, body, body)
    got = {}
    for mode in ("news", "narrative"):
        assert main(["eval", str(gold), "--json", "--mode", mode]) == 0
        got[mode] = json.loads(capsys.readouterr().out)
    assert got["narrative"]["value_accuracy"] == 100.0
    assert got["news"]["value_accuracy"] == 50.0
    assert main(["eval", str(gold), str(system), "--mode", "narrative"]) == 2
    assert "--mode applies only" in capsys.readouterr().err
