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


def test_csv_lines_are_the_csv_modules_lines_for_the_cells():
    """csv_lines quotes cells itself, a column at a time (the csv module's writer reads every
    character one at a time); it must give the lines csv.writer writes for csv_cells, for
    cells with commas, quotes, line breaks (\\n and \\r), formula starts, missing values and
    values of other types, in batches of rows where some columns need no change and some do."""
    import io
    import random

    import numpy as np

    from timeline.exports import csv_cells, csv_lines
    from timeline.schema import COLUMNS

    pieces = ["", "a", "Mr. Smith", " ", ",", "\"", "\"\"", "\n", "\r", "\r\n", "\t", "=", "+", "-", "@",
              "'", "é", "’", "1,000", "x\x00y", "\u2028", ";"]
    rng = random.Random(3)

    def text():
        pick = rng.random()
        if pick < 0.05:
            return None
        if pick < 0.08:
            return float("nan")
        if pick < 0.1:
            return rng.choice([7, 2.5, pd.NA])
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))

    dates = [None, dt.datetime(2017, 9, 27), dt.datetime(1, 1, 1), dt.datetime(2017, 9, 26, 10, 35),
             dt.datetime(2017, 9, 26, 10, 35, 7, 500), dt.datetime.max, pd.Timestamp("2001-02-03 04:05")]
    ints = [0, 7, -3, 10**12, True, np.int64(42)]
    categories = ["DATE", "TIME", "day", "vague", "reported", "planned", "", None, "other, \"odd\""]
    kinds = [dtype for dtype, _ in COLUMNS.values()]

    def value(dtype):
        if dtype.startswith("datetime64"):
            return rng.choice(dates)
        if dtype == "int64":
            return rng.choice(ints)
        if dtype == "category":
            return rng.choice(categories)
        return text()

    plain = {"DATE", "reported", "day", "", "a", "Mr. Smith", dt.datetime(2017, 9, 27), 7}

    def batch():
        # mostly plain values, so that whole columns take the quick way, with a few odd ones
        odd = rng.random() < 0.5
        return [tuple(value(dtype) if odd and rng.random() < 0.3 else
                      rng.choice([v for v in plain if _fits(v, dtype)]) for dtype in kinds)
                for _ in range(rng.randint(0, 8))]

    lines = set()
    for _ in range(3000):
        rows = batch()
        for escape in (True, False):
            expected = []
            for row in rows:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerow(csv_cells(row, escape_formulas=escape))
                expected.append(out.getvalue()[:-1])
            got = csv_lines(rows, escape_formulas=escape)
            assert got == expected, rows
            lines.update(got)
    assert len(lines) > 5000


def _fits(value, dtype):
    if dtype.startswith("datetime64"):
        return isinstance(value, dt.datetime)
    if dtype == "int64":
        return type(value) is int
    if dtype == "category":
        return value in ("DATE", "reported", "day")
    return type(value) is str


def test_missing_cells_are_what_pandas_calls_missing():
    # exports._missing stands in for pandas.isna where pandas is not loaded: the same answer
    import numpy as np

    from timeline.exports import _missing

    values = [None, float("nan"), np.nan, pd.NaT, np.datetime64("NaT"), pd.NA, "", "x", 0, 1.5,
              dt.datetime(2017, 9, 27), pd.Timestamp("2017-09-27"), np.datetime64("2017-09-27")]
    for value in values:
        assert _missing(value) == bool(pd.isna(value)), value
    for value in values:    # the branch taken when pandas is not loaded, for what can exist then
        if value is not pd.NA and not isinstance(value, (pd.Timestamp, type(pd.NaT))):
            assert (value is None or bool(value != value)) == bool(pd.isna(value)), value
