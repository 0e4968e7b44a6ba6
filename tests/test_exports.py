"""CSV, JSON Lines and the other table exports."""
import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline.cli import main
from timeline.documents import Document
from timeline.exports import read_csv, write_csv, write_jsonl

SEED = Path(__file__).parent / "data" / "haftar.txt"


def test_csv_round_trip_preserves_every_event(tmp_path):
    df = timeline.extract(SEED)
    path = tmp_path / "events.csv"
    write_csv(df, path)
    back = read_csv(path)
    pd.testing.assert_frame_equal(back, df)


def test_csv_round_trip_keeps_clock_times(tmp_path):
    df = timeline.extract([Document(id="t", date=dt.date(2017, 9, 27), text="The vote closed at 3 p.m. Tuesday.")])
    assert df.loc[0, "start"] == pd.Timestamp("2017-09-26 15:00")
    write_csv(df, tmp_path / "e.csv")
    pd.testing.assert_frame_equal(read_csv(tmp_path / "e.csv"), df)


def test_formula_cells_are_escaped_and_read_back(tmp_path):
    doc = Document(id="=cmd|' /C calc'!A0", title="+SUM(A1:A9)", source="@evil", date=dt.date(2017, 9, 27),
                   text="-2 dead on Monday as =HYPERLINK(x) spread.")
    df = timeline.extract([doc])
    path = tmp_path / "e.csv"
    write_csv(df, path)
    with path.open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    for col in ("doc_id", "title", "source", "sentence"):
        assert row[col][0] == "'", col
    assert not row["expression"].startswith("'")
    back = read_csv(path)
    assert back.loc[0, "doc_id"] == doc.id and back.loc[0, "title"] == doc.title


def test_formula_escape_can_be_turned_off(tmp_path):
    df = timeline.extract([Document(id="=x", date=dt.date(2017, 9, 27), text="It fell on Monday.")])
    write_csv(df, tmp_path / "e.csv", escape_formulas=False)
    assert "\n=x," in (tmp_path / "e.csv").read_text(encoding="utf-8")


def test_jsonl_has_one_object_per_event(tmp_path):
    df = timeline.extract(SEED)
    write_jsonl(df, tmp_path / "e.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(df)
    assert rows[0]["start"] == "2011-01-01" and rows[-1]["start"] is None and rows[-1]["value"] == "PRESENT_REF"


def test_cli_writes_every_format(tmp_path):
    out = {k: tmp_path / k for k in ("e.csv", "e.jsonl", "tjs.csv", "tjs.json", "merged.csv")}
    assert main(["extract", str(SEED), "--csv", str(out["e.csv"]), "--jsonl", str(out["e.jsonl"]),
                 "--timelinejs-csv", str(out["tjs.csv"]), "--timelinejs-json", str(out["tjs.json"]),
                 "--merged", str(out["merged.csv"])]) == 0
    assert json.loads(out["tjs.json"].read_text(encoding="utf-8"))["events"]
    assert out["tjs.csv"].read_text(encoding="utf-8").startswith("Year,Month,Day,Time,End Year")
    assert len(pd.read_csv(out["merged.csv"])) == 9


def test_two_outputs_to_stdout_is_a_usage_error(capsys):
    assert main(["extract", str(SEED), "--csv", "-", "--jsonl", "-"]) == 2
    assert "stdout" in capsys.readouterr().err


def test_read_csv_names_missing_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(timeline.TimelineError, match="bad.csv.*missing columns"):
        read_csv(bad)


def test_writing_to_a_device_does_not_replace_it(tmp_path):
    import os
    import stat
    df = timeline.extract(SEED)
    write_csv(df, os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_csv(df, fifo)
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got[0].startswith("doc_id,")
