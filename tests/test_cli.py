"""The command line: exit codes, stdout and stderr, files written."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.cli import main

DATA = Path(__file__).parent / "data"
SEED = DATA / "haftar.txt"
SEED_EXPECTED = [
    ("Tuesday", "2017-09-26", "DATE"), ("three hours", "PT3H", "DURATION"), ("2011", "2011", "DATE"),
    ("July", "2017-07", "DATE"), ("the first half of next year", "2018-H1", "DATE"),
    ("last month", "2017-08", "DATE"), ("Monday", "2017-09-25", "DATE"), ("recently", "PAST_REF", "DATE"),
    ("August", "2017-08", "DATE"), ("now", "PRESENT_REF", "DATE"),
]


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_tag_seed_from_stdin(capsys, monkeypatch):
    text = body(SEED)
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["tag", "-", "--date", "2017-09-27"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["value"], r["type"]) for r in rows] == SEED_EXPECTED
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        assert set(r) >= {"text", "start", "end", "type", "value", "mod"}


def test_tag_uses_header_date_and_file_offsets(capsys):
    assert main(["tag", str(SEED)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    raw = SEED.read_text(encoding="utf-8")
    assert all(raw[r["start"]:r["end"]] == r["text"] for r in rows)
    assert ("Tuesday", "2017-09-26") in [(r["text"], r["value"]) for r in rows]


def test_tag_without_date_is_a_usage_error(tmp_path, capsys):
    f = tmp_path / "plain.txt"
    f.write_text("They met on Tuesday.", encoding="utf-8")
    assert main(["tag", str(f)]) == 2
    err = capsys.readouterr().err
    assert "plain.txt" in err and "--date" in err and "Traceback" not in err


def test_bad_date_option_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["tag", "-", "--date", "27 Sept"])
    assert e.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_extract_writes_csv_and_png(tmp_path, capsys):
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out")]) == 0
    csv_path, png_path = tmp_path / "out" / "events.csv", tmp_path / "out" / "timeline.png"
    assert png_path.read_bytes().startswith(b"\x89PNG")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["value"] for r in rows][:3] == ["2011", "2017-07", "2017-08"]
    assert rows[0]["start"] == "2011-01-01" and rows[0]["end"] == "2012-01-01"
    assert "9 events from 1 document" in capsys.readouterr().err


def test_extract_csv_to_stdout(capsys):
    assert main(["extract", str(SEED), "--csv", "-"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9 and rows[0]["doc_id"] == "haftar"


def test_extract_missing_path_exits_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), "--csv", "-"]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "Traceback" not in err


def test_extract_keeps_good_documents_when_one_is_bad(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("date: 2017-09-27\n\nThey met on Monday.", encoding="utf-8")
    (tmp_path / "nodate.txt").write_text("title: x\n\nThey met on Monday.", encoding="utf-8")
    out = tmp_path / "events.csv"
    assert main(["extract", str(tmp_path), "--csv", str(out)]) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["doc_id"] for r in rows] == ["good"]
    err = capsys.readouterr().err
    assert "nodate.txt" in err and "--date" in err


def test_python_m_timeline_is_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "timeline", "tag", "-", "--date", "2017-09-27"],
                          input="He left on Tuesday.", capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["value"] == "2017-09-26"


def test_plot_redraws_from_csv(tmp_path):
    csv_path = tmp_path / "events.csv"
    assert main(["extract", str(SEED), "--csv", str(csv_path)]) == 0
    png = tmp_path / "again.png"
    assert main(["plot", str(csv_path), "--png", str(png), "--title", "Haftar"]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_tag_reads_cp1252_like_extract_with_a_warning(tmp_path, capsys):
    f = tmp_path / "win.txt"
    f.write_bytes("Talks in Paris ended on Tuesday, caf\xe9 owners said.".encode("cp1252"))
    assert main(["tag", str(f), "--date", "2017-09-27"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["value"] == "2017-09-26"
    assert "win.txt" in err and "cp1252" in err


def test_tag_binary_input_is_a_clear_error(tmp_path, capsys):
    f = tmp_path / "scan.txt"
    f.write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    assert main(["tag", str(f), "--date", "2017-09-27"]) != 0
    err = capsys.readouterr().err
    assert "scan.txt" in err and "binary" in err and "Traceback" not in err


def test_tag_auto_mode_says_what_it_picked(tmp_path, capsys):
    history = ("The war began in 1914. In 1915 the army advanced. By 1916 the front had settled. "
               "In 1917 the revolution came. The armistice was signed in 1918. In March, talks began.")
    f = tmp_path / "history.txt"
    f.write_text(history, encoding="utf-8")
    assert main(["tag", str(f), "--date", "2017-09-27", "--mode", "auto"]) == 0
    out, err = capsys.readouterr()
    assert "mode auto picked narrative" in err
    march = [json.loads(line) for line in out.splitlines() if json.loads(line)["text"] == "March"]
    assert march and march[0]["value"] == "1918-03"


def test_output_to_a_device_writes_no_manifest_beside_it(capsys):
    assert main(["extract", str(SEED), "--csv", os.devnull]) == 0
    assert not Path(os.devnull + ".manifest.json").exists()


def test_jobs_2_writes_the_same_csv_as_jobs_1(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "date": "2017-09-27",
                         "text": f"Talks {i} began on Monday and end in the first half of next year. "
                                 f"Story {i} was filed last month."}) for i in range(80)]
    src = tmp_path / "wire.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["extract", str(src), "--csv", str(one), "--jobs", "1", "--quiet"]) == 0
    assert main(["extract", str(src), "--csv", str(two), "--jobs", "2", "--quiet"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == 1 + 80 * 3


def test_negative_jobs_is_a_usage_error(capsys):
    assert main(["extract", str(SEED), "--csv", "-", "--jobs", "-1"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_csv_only_extract_does_not_load_pandas(tmp_path):
    # a CSV-only run streams its rows: loading pandas and numpy would be most of its start-up
    out = tmp_path / "events.csv"
    code = ("import sys; from timeline.cli import main; "
            f"rc = main(['extract', {str(SEED)!r}, '--date', '2017-09-27', '-q', '--csv', {str(out)!r}]); "
            "print(rc, 'pandas' in sys.modules, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False", "False"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted((r["expression"], r["value"]) for r in rows) == sorted((e, v) for e, v, t in SEED_EXPECTED if t == "DATE")
