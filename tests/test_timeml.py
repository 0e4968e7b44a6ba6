"""Writing TimeML: round trips through timeline.documents.read_timeml, escaping, and the TBAQ corpus."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from timeline.documents import read_timeml
from timeline.errors import TimelineError
from timeline.evaluate import evaluate
from timeline.timeml import render_timeml, tag_timeml_files, write_timeml
from timeline.timex import Timex

DCT = dt.date(2017, 9, 26)


def span(text: str, phrase: str, type_: str = "DATE", value: str = "2017-09-26", mod: str | None = None,
         nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Timex(start, start + len(phrase), phrase, type_, value, mod)


def fields(timexes) -> list[tuple]:
    def get(x, k):
        return x[k] if isinstance(x, dict) else getattr(x, k)
    return [tuple(get(x, k) for k in ("start", "end", "text", "type", "value", "mod")) for x in timexes]


def test_round_trip(tmp_path):
    text = "\nOn Tuesday the board met for three hours.\n\nIt meets again in early October.\n"
    timexes = [span(text, "early October", value="2017-10", mod="START"),
               span(text, "Tuesday"), span(text, "three hours", "DURATION", "PT3H")]
    path = tmp_path / "doc.tml"
    write_timeml(path, "doc-1", DCT, text, timexes)
    doc, back = read_timeml(path)
    assert doc.text == text
    assert doc.date == DCT and doc.id == "doc-1"
    assert fields(back) == fields(sorted(timexes, key=lambda x: x.start))
    assert [x["tid"] for x in back] == ["t1", "t2", "t3"]          # numbered in text order
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>')
    assert ('<DCT><TIMEX3 tid="t0" type="DATE" value="2017-09-26" temporalFunction="false" '
            'functionInDocument="CREATION_TIME">2017-09-26</TIMEX3></DCT>') in raw
    assert '<TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>' in raw   # no mod
    assert 'mod="START"' in raw


def test_escaping_keeps_text_character_for_character(tmp_path):
    text = 'AT&T said "1 < 2" & \'x > y\' ]]> on Q&A day,\r\nthen <b>Friday</b> &amp; more\ttabs'
    timexes = [span(text, "Q&A day", value='odd"<&>\'value'), span(text, "<b>Friday</b>", mod="A&B")]
    path = tmp_path / "esc.tml"
    write_timeml(path, "AT&T <1>", DCT, text, timexes)
    doc, back = read_timeml(path)
    assert doc.text == text                       # includes the CR, the tab and the literal "&amp;"
    assert doc.id == "AT&T <1>"
    assert fields(back) == fields(timexes)
    raw = path.read_text(encoding="utf-8")
    assert "&#13;" in raw and "]]&gt;" in raw and 'value="odd&quot;&lt;&amp;&gt;\'value"' in raw


def test_output_is_reproducible_and_written_atomically(tmp_path):
    text = "Tuesday"
    a = render_timeml("d", DCT, text, [span(text, "Tuesday")])
    assert a == render_timeml("d", DCT, text, [span(text, "Tuesday")])
    path = tmp_path / "d.tml"
    path.write_text("old", encoding="utf-8")
    write_timeml(path, "d", DCT, text, [span(text, "Tuesday")])
    assert path.read_text(encoding="utf-8") == a
    assert os.listdir(tmp_path) == ["d.tml"]      # no temporary file left behind
    write_timeml(path, "d", dt.datetime(2017, 9, 26, 12, 30), text, [])   # a datetime gives its date
    assert read_timeml(path)[0].date == DCT


def test_dicts_from_read_timeml_can_be_written_back(tmp_path):
    text = "On Tuesday."
    write_timeml(tmp_path / "a.tml", "a", DCT, text, [span(text, "Tuesday")])
    doc, timexes = read_timeml(tmp_path / "a.tml")
    write_timeml(tmp_path / "b.tml", "a", DCT, doc.text, timexes)
    assert (tmp_path / "a.tml").read_bytes() == (tmp_path / "b.tml").read_bytes()


@pytest.mark.parametrize("timexes, message", [
    ([Timex(3, 10, "Tuesday", "DATE", "x"), Timex(3, 13, "Tuesday at", "DATE", "x")], "overlapping"),
    ([Timex(3, 10, "Tuesday", "DATE", "x"), Timex(8, 13, "ay at", "DATE", "x")], "overlapping"),
    ([Timex(3, 3, "", "DATE", "x")], "empty or outside"),
    ([Timex(3, 99, "Tuesday", "DATE", "x")], "empty or outside"),
    ([Timex(3, 10, "Monday", "DATE", "x")], "does not match"),
    ([Timex(3, 10, "Tuesday", "DATE", "")], "has no value"),
])
def test_bad_timexes_cannot_be_written(tmp_path, timexes, message):
    path = tmp_path / "bad.tml"
    with pytest.raises(ValueError, match=message):
        write_timeml(path, "bad", DCT, "On Tuesday at noon.", timexes)
    assert os.listdir(tmp_path) == []


def test_text_xml_cannot_hold_is_refused(tmp_path):
    with pytest.raises(ValueError, match="XML 1.0"):
        write_timeml(tmp_path / "x.tml", "x", DCT, "bell\x07", [])


def test_tag_timeml_files_tags_the_gold_text(tmp_path):
    text = "\nTalks ended on Tuesday after three hours.\n"
    gold = tmp_path / "gold"
    gold.mkdir()
    write_timeml(gold / "a.tml", "a", DCT, text, [span(text, "Tuesday"), span(text, "three hours", "DURATION", "PT3H")])
    calls = []

    def tagger(t, date):
        calls.append(date)
        return [span(t, "Tuesday", value="2017-09-19")]

    out = tmp_path / "out"
    written = tag_timeml_files([gold], out, tagger=tagger)
    assert written == [out / "a.tml"] and calls == [DCT]
    doc, timexes = read_timeml(out / "a.tml")
    assert doc.text == text and doc.id == "a" and doc.date == DCT
    assert fields(timexes) == [(16, 23, "Tuesday", "DATE", "2017-09-19", None)]
    r = evaluate(gold, out)
    assert (r.gold, r.system, r.relaxed_gold, r.value_correct) == (2, 1, 1, 0)
    with pytest.raises(TimelineError, match="overwrite the input"):
        tag_timeml_files([gold / "a.tml"], gold, tagger=tagger)


def _shared() -> Path:
    env = os.environ.get("TIMELINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def test_tbaq_gold_round_trip_and_scores_100_against_itself(tmp_path):
    tbaq = _shared() / "corpora" / "TBAQ-cleaned"
    if not tbaq.is_dir():
        pytest.skip(f"TBAQ-cleaned corpus not found at {tbaq} (set TIMELINE_SHARED to the shared folder)")
    files = sorted(tbaq.rglob("*.tml"))
    assert files
    n_timexes = 0
    for f in files:
        doc, gold = read_timeml(f)
        out = tmp_path / f.relative_to(tbaq)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_timeml(out, doc.id, doc.date, doc.text, gold)
        doc2, gold2 = read_timeml(out)
        assert doc2.text == doc.text, f
        assert (doc2.id, doc2.date) == (doc.id, doc.date), f
        assert fields(gold2) == fields(gold), f
        n_timexes += len(gold)
    r = evaluate(tbaq, tmp_path)
    assert r.gold == r.system == n_timexes > 1000
    assert r.missing_system == []
    assert all(v == 100.0 for k, v in r.as_json_dict().items() if k not in ("gold", "system"))
    assert r.error_kinds() == {}
