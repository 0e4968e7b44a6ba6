"""The catalogue of bad input, end to end through the command line.

Each case runs ``timeline extract`` (``timeline.cli.main``) on a small input and checks what the
user sees: the one-line message on stderr (the file, the line where there is one, what to do),
the exit status (0 all processed, 1 some skipped, 2 usage error) and that nothing is lost: every
document is in the manifest, processed or skipped with its reason. The reader details are tested
in ``test_documents.py``; this file is the user-visible contract, and the README's catalogue.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from timeline.cli import main

OK, PARTIAL, USAGE = 0, 1, 2
GOOD = "date: 2017-09-27\n\nThey met on Tuesday and will meet again next month.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["extract", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def lines_about(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


def said(err: str, kind: str) -> list[str]:
    """The stderr lines of one kind: "skipped", "warning" or "error"."""
    return [line for line in err.splitlines() if line.startswith(f"timeline: {kind}")]


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def extract_one(tmp_path, capsys, name: str, content, *extra) -> tuple[int, str, dict]:
    """Run extract on one bad file beside one good one; return (code, stderr, manifest)."""
    write(tmp_path / "in" / "good.txt", GOOD)
    f = write(tmp_path / "in" / name, content)
    code, _, err = run(capsys, tmp_path / "in" / "good.txt", f, "--out", tmp_path / "out", *extra)
    return code, err, manifest_of(tmp_path / "out")


def assert_skipped(code, err, manifest, name, *words, line=None):
    """One-line message naming the file (and line), with every word; good.txt still processed."""
    assert code == PARTIAL, err
    (msg,) = [m for m in said(err, "skipped") if name in m]
    where = f"{name}:{line}: " if line else f"{name}: "
    assert where in msg, msg
    for w in words:
        assert w in msg, (w, msg)
    assert "Traceback" not in err
    statuses = {Path(d["path"]).name: d["status"] for d in manifest["documents"]}
    assert statuses["good.txt"] == "processed" and statuses[name] == "skipped"
    assert manifest["totals"]["skipped"] == 1
    return msg


# ------------------------------------------------------------------------------------------
# Dates: missing, empty, unparsable; in a header, a JSONL field, a CSV column

@pytest.mark.parametrize("name,content,words,line", [
    ("nodate.txt", "title: X\n\nThey met on Tuesday.\n", ["no publication date", "date:", "--date"], None),
    ("emptydate.txt", "date:\ntitle: X\n\nThey met on Tuesday.\n", ["no publication date", "--date"], None),
    ("baddate.txt", "title: X\ndate: soonish\n\nThey met.\n", ["'soonish'", "2017-09-27", "--date"], 2),
    ("feb30.txt", "date: 2017-02-30\n\nThey met.\n", ["does not exist", "--date"], 1),
    ("noyear.txt", "date: September 27\n\nThey met.\n", ["'September 27'", "--date"], 1),
    ("nodate.jsonl", '{"text": "They met on Tuesday."}\n', ["no publication date", "'date' field", "--date"], 1),
    ("emptydate.jsonl", '{"text": "They met.", "date": ""}\n', ["no publication date", "--date"], 1),
    ("baddate.jsonl", '{"text": "They met.", "date": "27/09/17"}\n', ["two-digit year", "--date"], 1),
    ("nodatecol.csv", "text,title\nThey met.,X\n", ["no publication date", "'date' column", "--date"], 1),
    ("emptydate.csv", "text,date\nThey met.,\n", ["no publication date", "--date"], 2),
    ("baddate.csv", "text,date\nThey met.,Sept. 2017\n", ["'Sept. 2017'", "--date"], 2),
])
def test_missing_empty_or_unparsable_date(tmp_path, capsys, name, content, words, line):
    code, err, manifest = extract_one(tmp_path, capsys, name, content)
    assert_skipped(code, err, manifest, name, *words, line=line)


def test_date_option_rescues_undated_documents(tmp_path, capsys):
    f = write(tmp_path / "nodate.txt", "title: X\n\nThey met on Tuesday.\n")
    code, _, err = run(capsys, f, "--date", "2017-09-27", "--csv", tmp_path / "e.csv")
    assert code == OK and "1 event from 1 document" in err


def test_malformed_date_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["extract", "x.txt", "--date", "27 Sept"])
    assert e.value.code == USAGE
    assert "YYYY-MM-DD" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------
# Files: empty, binary, encodings, BOM, CRLF, unreadable, missing

@pytest.mark.parametrize("name,content", [
    ("empty.txt", b""), ("blank.txt", b"\n \n\t\n"), ("header-only.txt", b"date: 2017-09-27\n\n"),
    ("empty.jsonl", b"\n\n"), ("empty.csv", b""), ("header-only.csv", b"text,date\n"),
    ("empty.tml", b""), ("bom-only.txt", b"\xef\xbb\xbf"),
])
def test_empty_file(tmp_path, capsys, name, content):
    code, err, manifest = extract_one(tmp_path, capsys, name, content)
    assert_skipped(code, err, manifest, name, "empty article")


@pytest.mark.parametrize("name", ["photo.txt", "data.jsonl", "sheet.csv", "doc.tml", "page.html"])
def test_binary_file(tmp_path, capsys, name):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    code, err, manifest = extract_one(tmp_path, capsys, name, png)
    assert_skipped(code, err, manifest, name, "binary file, not an article", "UTF-8")


def test_non_utf8_is_read_as_cp1252_with_a_warning(tmp_path, capsys):
    body = "date: 2017-09-27\n\n\u201cCaf\u00e9\u201d talks on Tuesday \u2013 in Rome.\n"
    f = write(tmp_path / "win.txt", body.encode("cp1252"))
    code, _, err = run(capsys, f, "--out", tmp_path / "out")
    assert code == OK, err                          # processed: a warning is not a skip
    (msg,) = said(err, "warning")
    assert msg.startswith("timeline: warning: ") and "not UTF-8" in msg and "cp1252" in msg
    assert "save the file as UTF-8" in msg
    assert "1 with a warning" in err.splitlines()[-1]
    (doc,) = manifest_of(tmp_path / "out")["documents"]
    assert doc["status"] == "processed" and "cp1252" in doc["warnings"][0]
    rows = rows_of(tmp_path / "out" / "events.csv")
    assert "\u201cCaf\u00e9\u201d" in rows[0]["sentence"]


def test_non_utf8_jsonl_warns_once_per_file(tmp_path, capsys):
    lines = [json.dumps({"text": f"Caf\u00e9 {i} on Tuesday.", "date": "2017-09-27"},
                        ensure_ascii=False) for i in range(5)]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines).encode("cp1252"))
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK and len(said(err, "warning")) == 1
    assert "5 with warnings" in err


@pytest.mark.parametrize("name,content", [
    ("bom.txt", b"\xef\xbb\xbf" + GOOD.encode()),
    ("bom.jsonl", b"\xef\xbb\xbf" + json.dumps({"text": "They met on Tuesday.", "date": "2017-09-27"}).encode()),
    ("bom.csv", b"\xef\xbb\xbftext,date\nThey met on Tuesday.,2017-09-27\n"),
    ("utf16.txt", GOOD.encode("utf-16")),
])
def test_byte_order_mark_is_read(tmp_path, capsys, name, content):
    f = write(tmp_path / name, content)
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK, err
    (row,) = [r for r in rows_of(tmp_path / "e.csv") if r["expression"] == "Tuesday"]
    assert row["value"] == "2017-09-26" and "\ufeff" not in row["sentence"]


def test_crlf_line_ends(tmp_path, capsys):
    crlf = "date: 2017-09-27\r\ntitle: T\r\n\r\nFirst line.\r\nThey met on Tuesday.\r\n"
    f = write(tmp_path / "crlf.txt", crlf)
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK, err
    (row,) = rows_of(tmp_path / "e.csv")
    text = "First line.\nThey met on Tuesday.\n"      # offsets are into the LF text
    assert text[int(row["expr_start"]):int(row["expr_end"])] == "Tuesday"
    assert row["title"] == "T"


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    # running as root, chmod 000 does not stop reading: simulate the permission error
    real = Path.read_bytes

    def deny(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    code, err, manifest = extract_one(tmp_path, capsys, "secret.txt", GOOD)
    assert_skipped(code, err, manifest, "secret.txt", "cannot read the file",
                   "Permission denied", "you may read it")


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "nope.txt", "--csv", tmp_path / "e.csv")
    assert code == USAGE
    assert err.strip() == f"timeline: error: {tmp_path / 'nope.txt'}: no such file or folder: check the path"
    assert not (tmp_path / "e.csv").exists()


# ------------------------------------------------------------------------------------------
# Records: a broken JSONL line among good ones, a CSV without text, duplicate ids

def test_jsonl_broken_line_among_good_ones(tmp_path, capsys):
    good = [json.dumps({"id": f"n{i}", "text": "They met on Tuesday.", "date": "2017-09-27"})
            for i in range(4)]
    f = write(tmp_path / "feed.jsonl", "\n".join([good[0], good[1], '{"text": "oops', good[2], good[3]]))
    code, _, err = run(capsys, f, "--out", tmp_path / "out")
    assert code == PARTIAL
    (msg,) = said(err, "skipped")
    assert msg.startswith(f"timeline: skipped {f}:3: broken JSON") and "fix the line" in msg
    assert [r["doc_id"] for r in rows_of(tmp_path / "out" / "events.csv")] == ["n0", "n1", "n2", "n3"]
    docs = manifest_of(tmp_path / "out")["documents"]
    assert [(d["id"], d["line"], d["status"]) for d in docs] == [
        ("n0", None, "processed"), ("n1", None, "processed"), (None, 3, "skipped"),
        ("n2", None, "processed"), ("n3", None, "processed")]


def test_csv_without_text_column(tmp_path, capsys):
    code, err, manifest = extract_one(tmp_path, capsys, "sheet.csv",
                                      "body,date\nThey met on Tuesday.,2017-09-27\n")
    assert_skipped(code, err, manifest, "sheet.csv", "no 'text' column", "'body'",
                   "name the article column 'text'", line=1)


def test_two_documents_with_the_same_id(tmp_path, capsys):
    a = write(tmp_path / "a.txt", "id: story-1\n" + GOOD)
    b = write(tmp_path / "b.txt", "id: story-1\n" + GOOD)
    code, _, err = run(capsys, a, b, "--out", tmp_path / "out")
    assert code == PARTIAL
    (msg,) = said(err, "skipped")
    assert msg == (f"timeline: skipped {b}: duplicate id 'story-1', first used by {a}: "
                   f"give it a unique 'id: ...' header line")
    assert {r["doc_id"] for r in rows_of(tmp_path / "out" / "events.csv")} == {"story-1"}


# ------------------------------------------------------------------------------------------
# Folders

def test_folder_without_article_files_is_a_usage_error(tmp_path, capsys):
    write(tmp_path / "in" / "notes.md", "hello")
    write(tmp_path / "in" / ".hidden.txt", GOOD)
    code, _, err = run(capsys, tmp_path / "in", "--out", tmp_path / "out")
    assert code == USAGE
    assert "no article files in this folder" in err and ".txt" in err and ".html" in err
    assert not (tmp_path / "out" / "events.csv").exists()


def test_folder_with_no_readable_article(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", "no date here\n")
    write(tmp_path / "in" / "b.jsonl", "not json\n")
    write(tmp_path / "out" / "events.csv", "old,good\n")
    code, _, err = run(capsys, tmp_path / "in", "--out", tmp_path / "out")
    assert code == PARTIAL
    assert len(said(err, "skipped")) == 2
    assert "none of the 2 documents could be read" in err.splitlines()[-1]
    # the old outputs are not replaced by empty ones; the manifest says why
    assert (tmp_path / "out" / "events.csv").read_text() == "old,good\n"
    assert manifest_of(tmp_path / "out")["totals"] == {
        "documents": 2, "processed": 0, "skipped": 2, "events": 0, "warnings": 0}


# ------------------------------------------------------------------------------------------
# Outputs: a folder, not writable, atomic

def test_output_path_is_a_folder(tmp_path, capsys):
    (tmp_path / "events.csv").mkdir()
    f = write(tmp_path / "a.txt", GOOD)
    code, _, err = run(capsys, f, "--csv", tmp_path / "events.csv")
    assert code == USAGE
    assert err.strip() == (f"timeline: error: {tmp_path / 'events.csv'}: is a folder; give a "
                           f"file name for the output")


def test_out_is_a_file(tmp_path, capsys):
    f = write(tmp_path / "a.txt", GOOD)
    code, _, err = run(capsys, f, "--out", f)
    assert code == USAGE and "is a file, not a folder" in err


def test_output_not_writable(tmp_path, capsys, monkeypatch):
    import tempfile

    f = write(tmp_path / "a.txt", GOOD)
    locked = tmp_path / "locked"

    def refuse(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == locked:
            raise PermissionError(13, "Permission denied")
        return real(*args, dir=dir, **kwargs)

    real = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run(capsys, f, "--csv", locked / "events.csv")
    assert code == USAGE
    assert err.strip() == (f"timeline: error: {locked / 'events.csv'}: cannot write here "
                           f"(Permission denied); choose another output path")


def test_interrupted_write_leaves_the_old_file_intact(tmp_path):
    import pandas as pd

    from timeline.exports import atomic_open, write_csv

    target = write(tmp_path / "events.csv", "old,content\n1,2\n")
    with pytest.raises(RuntimeError):
        with atomic_open(target, "w", encoding="utf-8") as fh:
            fh.write("new,half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old,content\n1,2\n"

    class Boom(pd.DataFrame):
        def to_csv(self, fh, *args, **kwargs):
            fh.write("doc_id,title\nhalf a row")
            raise OSError(28, "No space left on device")

    df = Boom({"doc_id": ["x"]})
    import timeline.exports as exports
    original = exports.csv_frame
    exports.csv_frame = lambda d, **kw: Boom(d)
    try:
        with pytest.raises(OSError):
            write_csv(df, target)
    finally:
        exports.csv_frame = original
    assert target.read_text() == "old,content\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]   # no temporary file left


# ------------------------------------------------------------------------------------------
# TimeML and HTML: malformed, entity bombs

TML = textwrap.dedent("""\
    <?xml version="1.0" ?>
    <TimeML>
    <DOCID>doc1</DOCID>
    <DCT><TIMEX3 tid="t0" type="DATE" value="2017-09-27" functionInDocument="CREATION_TIME">September 27, 2017</TIMEX3></DCT>
    <TEXT>They met on <TIMEX3 tid="t1" type="DATE" value="2017-09-26">Tuesday</TIMEX3>.</TEXT>
    </TimeML>
    """)


def test_malformed_timeml(tmp_path, capsys):
    code, err, manifest = extract_one(tmp_path, capsys, "broken.tml", TML.replace("</TEXT>", ""))
    msg = assert_skipped(code, err, manifest, "broken.tml", "broken XML", "fix the markup", line=6)
    assert "mismatched tag" in msg


def test_timeml_with_external_doctype_is_read(tmp_path, capsys):
    tml = TML.replace("<TimeML>", '<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>')
    f = write(tmp_path / "dtd.tml", tml)
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK, err


def _bomb_subset(levels: int = 10) -> str:
    ents = "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10}">' for i in range(1, levels))
    return f'[<!ENTITY e0 "lol">{ents}]'


@pytest.mark.parametrize("name,content", [
    ("bomb.tml", TML.replace("<TimeML>", f"<!DOCTYPE TimeML {_bomb_subset()}>\n<TimeML>")
                    .replace(">Tuesday<", ">&e9;<")),
    ("bomb.html", f"<!DOCTYPE html {_bomb_subset()}><html><head><meta name='date' "
                  f"content='2017-09-27'></head><body><p>&e9; on Tuesday.</p></body></html>"),
    ("external.tml", TML.replace("<TimeML>", '<!DOCTYPE TimeML [<!ENTITY x SYSTEM '
                                             '"file:///etc/passwd">]>\n<TimeML>')
                        .replace(">Tuesday<", ">&x;<")),
])
def test_entity_expansion_is_refused(tmp_path, capsys, name, content):
    if name.endswith(".html"):
        pytest.importorskip("trafilatura")
    code, err, manifest = extract_one(tmp_path, capsys, name, content)
    assert_skipped(code, err, manifest, name, "entit", "unsafe", "remove the declaration")


def test_html_without_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    page = "<html><head><meta name='date' content='2017-09-27'></head><body><p>Hi.</p></body></html>"
    code, err, manifest = extract_one(tmp_path, capsys, "page.html", page)
    assert_skipped(code, err, manifest, "page.html", "install timeline[html]")


# ------------------------------------------------------------------------------------------
# Size and edges

def test_50_mb_single_line_document(tmp_path, capsys):
    """A 50 MB article on one line completes and finds its dates (a hang guard, not a timing)."""
    prose = ("The ministers met in Rome on Tuesday and agreed to keep talking. The envoy said "
             "that the negotiations had been difficult, that both sides had made concessions, "
             "and that the draft would be shared with parliament, the army and the regional "
             "councils before it was signed. Officials from both delegations declined to comment "
             "on the details of the draft, citing the sensitivity of the talks, but diplomats who "
             "were briefed on them described the mood as cautious and the gaps as wide. ")
    n = 50_000_000 // len(prose) + 1
    f = tmp_path / "huge.txt"
    with f.open("w", encoding="utf-8") as fh:
        fh.write("date: 2017-09-27\n\n")
        fh.write(prose * n)                       # one line, no newline at all
    assert f.stat().st_size > 50_000_000
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK, err
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        first = next(reader)
        assert (first["expression"], first["value"]) == ("Tuesday", "2017-09-26")
        count = 1 + sum(1 for _ in reader)
    assert count == n                              # every Tuesday found
    assert err.splitlines()[-1].startswith(f"timeline: {n} events from 1 document")


EDGE_TEXT = ("In the year 1 and in 0001 they wrote; in 9999 and in the 3000s they will. On Feb 30, "
             "2017 nothing happened, nor on 30 February 2016 or on 2017-02-30. Yesterday, last "
             "year, next year, next month, next week, next decade and next century came.\n")


EDGE_DATES = ["0001-01-01", "0001-01-02", "2017-09-27", "9999-01-01", "9999-12-31"]


@pytest.mark.parametrize("date", EDGE_DATES)
def test_dates_at_the_edges(tmp_path, capsys, date):
    f = write(tmp_path / "edge.txt", EDGE_TEXT)
    code, _, err = run(capsys, f, "--date", date, "--csv", tmp_path / "e.csv")
    assert code == OK, err                        # no internal error on any document
    rows = rows_of(tmp_path / "e.csv")
    assert rows and not any(r["value"].endswith(("-02-30", "-02-31")) for r in rows)
    for r in rows:                                # four-digit years in the CSV
        for col in ("published", "start", "end"):
            assert r[col] == "" or len(r[col].split("-")[0]) == 4, r


@pytest.mark.parametrize("date", EDGE_DATES)
def test_dates_at_the_edges_picture(tmp_path, capsys, date):
    f = write(tmp_path / "edge.txt", EDGE_TEXT)
    code, _, err = run(capsys, f, "--date", date, "--png", tmp_path / "e.png")
    assert code == OK, err
    assert (tmp_path / "e.png").read_bytes().startswith(b"\x89PNG")


def test_edge_values_have_sane_intervals():
    import datetime as dt

    from timeline.timex import interval

    for value in ["0001", "0001-01", "0001-01-01", "0001-W01", "0001-Q1", "0001-H1", "0001-WI",
                  "9999", "9999-12", "9999-12-31", "9999-W52", "9999-Q4", "9999-H2", "9999-WI",
                  "9999-12-31T23:59", "9999-12-31TNI", "999", "99", "00", "000", "0000",
                  "10000", "2017-02-30", "2017-13", "2017-W54", "2017-02-29"]:
        span = interval(value)                     # never raises
        if span is not None:
            start, end, _ = span
            assert dt.datetime(1, 1, 1) <= start < end, value
    assert interval("2017-02-30") is None and interval("2017-02-29") is None


# ------------------------------------------------------------------------------------------
# Nothing lost: the manifest, the summary, --strict

def test_manifest_accounts_for_every_document(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "b.txt", "no date\n")
    write(tmp_path / "in" / "c.jsonl", json.dumps({"text": "On Monday.", "date": "2017-09-27"})
          + "\n{bad\n" + json.dumps({"text": "Nothing dated here.", "date": "2017-09-27"}) + "\n")
    code, _, err = run(capsys, tmp_path / "in", "--out", tmp_path / "out", "--mode", "news")
    assert code == PARTIAL
    m = manifest_of(tmp_path / "out")
    assert m["command"] == "extract" and m["options"]["mode"] == "news"
    assert m["options"]["paths"] == [str(tmp_path / "in")] and m["options"]["strict"] is False
    docs = m["documents"]
    assert [(Path(d["path"]).name, d["status"]) for d in docs] == [
        ("a.txt", "processed"), ("b.txt", "skipped"), ("c.jsonl", "processed"),
        ("c.jsonl", "skipped"), ("c.jsonl", "processed")]
    assert all(d["reason"] for d in docs if d["status"] == "skipped")
    rows = rows_of(tmp_path / "out" / "events.csv")
    assert sum(d["events"] for d in docs) == len(rows) == m["totals"]["events"]
    assert m["totals"] == {"documents": 5, "processed": 3, "skipped": 2, "events": len(rows),
                           "warnings": 0}
    assert m["outputs"] == [str(tmp_path / "out" / "events.csv"), str(tmp_path / "out" / "timeline.png")]
    last = err.splitlines()[-1]
    assert last == (f"timeline: {len(rows)} events from 3 documents, 2 skipped; wrote "
                    f"{tmp_path / 'out' / 'events.csv'}, {tmp_path / 'out' / 'timeline.png'}, "
                    f"{tmp_path / 'out' / 'manifest.json'}")


def test_manifest_beside_the_csv_and_none_for_stdout(tmp_path, capsys):
    f = write(tmp_path / "a.txt", GOOD)
    assert run(capsys, f, "--csv", tmp_path / "x" / "ev.csv")[0] == OK
    assert json.loads((tmp_path / "x" / "ev.manifest.json").read_text())["totals"]["processed"] == 1
    code, out, err = run(capsys, f, "--csv", "-")
    assert code == OK and out.startswith("doc_id,") and "manifest" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "x"]


def test_manifest_is_reproducible(tmp_path, capsys):
    f = write(tmp_path / "a.txt", GOOD)
    run(capsys, f, "--csv", tmp_path / "e.csv")
    first = (tmp_path / "e.manifest.json").read_bytes()
    run(capsys, f, "--csv", tmp_path / "e.csv")
    assert (tmp_path / "e.manifest.json").read_bytes() == first


def test_strict_stops_at_the_first_bad_document(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "b.txt", "no date\n")
    write(tmp_path / "in" / "c.txt", GOOD)
    out = tmp_path / "out"
    assert run(capsys, tmp_path / "in" / "a.txt", "--out", out)[0] == OK
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, stdout, err = run(capsys, tmp_path / "in", "--out", out, "--strict")
    assert code == PARTIAL
    lines = err.splitlines()
    assert lines[0].startswith(f"timeline: skipped {tmp_path / 'in' / 'b.txt'}: no publication date")
    assert lines[-1] == ("timeline: error: --strict: stopped at the first bad document; "
                         "nothing written")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # old outputs intact
    code, stdout, _ = run(capsys, tmp_path / "in", "--csv", "-", "--strict")
    assert code == PARTIAL and stdout == ""
    assert run(capsys, tmp_path / "in" / "a.txt", tmp_path / "in" / "c.txt", "--csv", "-",
               "--strict")[0] == OK


def test_all_good_exits_0_with_summary(tmp_path, capsys):
    f = write(tmp_path / "a.txt", GOOD)
    code, _, err = run(capsys, f, "--csv", tmp_path / "e.csv")
    assert code == OK
    assert err.splitlines() == [f"timeline: 2 events from 1 document; wrote {tmp_path / 'e.csv'}, "
                                f"{tmp_path / 'e.manifest.json'}"]


def test_stdin_without_date(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"They met on Tuesday.\n")))
    code, _, err = run(capsys, "-", "--csv", "-")
    assert code == PARTIAL
    assert "timeline: skipped <stdin>: no publication date" in err and "--date" in err


def test_cli_in_a_subprocess_exit_codes(tmp_path):
    """The real command: exit status as the shell sees it, no traceback."""
    write(tmp_path / "good.txt", GOOD)
    write(tmp_path / "bad.txt", "undated\n")
    cmd = [sys.executable, "-m", "timeline", "extract", str(tmp_path), "--csv", str(tmp_path / "o.csv")]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == PARTIAL and "Traceback" not in done.stderr
    assert "1 skipped" in done.stderr.splitlines()[-1]
