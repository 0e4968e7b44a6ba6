"""``timeline.extract``, the Python API: what the command line says on stderr comes back as
warnings and on the table, and ``jobs`` gives the same table."""
from __future__ import annotations

import datetime as dt
import json
import warnings

import pandas as pd
import pytest

import timeline
from timeline.documents import CP1252_WARNING, Document

ARTICLES = [
    "Talks resumed on Monday. The ministers met again last month and will meet in July.",
    "The strike began on Sept. 3, 2017, and ended two days later.",
    "Prices rose 3% in the first half of next year, the bank said on Tuesday.",
]


def _write_jsonl(path, texts, date="2017-09-27"):
    with open(path, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"a{i}", "date": date, "text": text}) + "\n")


def test_jobs_give_the_same_table(tmp_path):
    path = tmp_path / "news.jsonl"
    _write_jsonl(path, ARTICLES * 20)         # enough documents for more than one chunk
    one = timeline.extract(path)
    two = timeline.extract(path, jobs=2)
    assert len(one) >= 3 * 20
    pd.testing.assert_frame_equal(one, two)


def test_a_file_read_as_cp1252_warns_once_naming_the_file(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\xe9 owners met on Monday and again on Tuesday.".encode("cp1252"))
    with pytest.warns(UserWarning) as caught:
        df = timeline.extract(path, date="2017-09-27")
    messages = [str(w.message) for w in caught]
    assert messages == [f"{path}: {CP1252_WARNING}"]
    assert df.attrs["warnings"] == messages
    assert set(df["value"]) == {"2017-09-25", "2017-09-26"}


def test_a_bad_document_is_skipped_with_a_warning_and_the_others_kept(tmp_path):
    good = tmp_path / "good.jsonl"
    _write_jsonl(good, ARTICLES[:1])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "It rained on Monday."}\n', encoding="utf-8")   # no date
    with pytest.warns(UserWarning, match="bad.jsonl") as caught:
        df = timeline.extract([good, bad])
    assert len(caught) == 1
    assert len(df.attrs["skipped"]) == 1 and "bad.jsonl" in df.attrs["skipped"][0]
    assert "2017-09-25" in set(df["value"])


def test_nothing_readable_is_an_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "It rained on Monday."}\n', encoding="utf-8")
    with pytest.raises(timeline.TimelineError, match="no document could be read"):
        timeline.extract(bad)


def test_date_overrides_documents_given_as_such():
    doc = Document(id="d", text="Talks resumed on Monday.", date=dt.date(2017, 9, 27))
    assert list(timeline.extract(doc)["value"]) == ["2017-09-25"]
    assert list(timeline.extract(doc, date="2018-01-10")["value"]) == ["2018-01-08"]


def test_a_clean_run_warns_nothing(tmp_path):
    path = tmp_path / "news.jsonl"
    _write_jsonl(path, ARTICLES)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = timeline.extract(path)
    assert df.attrs["warnings"] == [] and df.attrs["skipped"] == []


def test_bad_arguments_say_what_to_write():
    with pytest.raises(timeline.TimelineError, match="date=.*write it like 2017-09-27"):
        timeline.extract([], date="next Tuesday-ish")
    with pytest.raises(timeline.TimelineError, match="jobs=-1"):
        timeline.extract([], jobs=-1)
