"""Tests for timeline.documents: the corpus readers."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest

from timeline.documents import (
    CP1252_WARNING,
    ARTICLE_EXTENSIONS, Document, Skipped, iter_documents, parse_date, read_timeml,
)
from timeline.errors import TimelineError

SEP27 = dt.date(2017, 9, 27)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read(*paths, date=None) -> list[Document | Skipped]:
    return list(iter_documents([str(p) for p in paths], date=date))


def docs_of(items) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def skipped_of(items) -> list[Skipped]:
    return [x for x in items if isinstance(x, Skipped)]


def only_doc(items) -> Document:
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def only_skip(items) -> Skipped:
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


# ------------------------------------------------------------------------------------------
# parse_date

@pytest.mark.parametrize("text", [
    "2017-09-27", "2017/09/27", "20170927", "Sept. 27, 2017", "Sep 27 2017", "27 September 2017",
    "September 27, 2017", "September 27, 2017 10:31 AM", "September 27, 2017 10:31 AM EDT",
    "Wednesday, September 27, 2017", "27/09/2017", "27.09.2017", "27-09-2017",
    "2017-09-27T10:31:00Z", "2017-09-27T23:59:00-05:00", "Wed, 27 Sep 2017 10:31:00 +0200",
    "  27   September 2017 ", "27 septembre 2017",
])
def test_parse_date_common_forms(text):
    assert parse_date(text, where="x") == SEP27


def test_parse_date_slashes_are_day_first_unless_mdy():
    assert parse_date("03/04/2017", where="x") == dt.date(2017, 4, 3)
    assert parse_date("03/04/2017", where="x", order="MDY") == dt.date(2017, 3, 4)
    # only one reading possible: used whatever the order
    assert parse_date("09/27/2017", where="x") == SEP27
    assert parse_date("27/09/2017", where="x", order="MDY") == SEP27


@pytest.mark.parametrize("text", [
    "", "September 27", "Sept. 2017", "2017", "1506508260", "yesterday", "today", "tomorrow",
    "not a date", "13/13/2017", "Feb 30, 2017", "27/09/17",
])
def test_parse_date_rejects_incomplete_or_invented(text):
    with pytest.raises(TimelineError) as e:
        parse_date(text, where="news/a.txt:3")
    msg = str(e.value)
    assert msg.startswith("news/a.txt:3: ")
    assert "2017-09-27" in msg or "check the day" in msg  # says how to write it


def test_parse_date_never_uses_today():
    # a date without a year must not become this year's date
    with pytest.raises(TimelineError):
        parse_date(dt.date.today().strftime("%B %d"), where="x")


def test_parse_date_bad_order():
    with pytest.raises(TimelineError, match="DMY or MDY"):
        parse_date("2017-09-27", where="x", order="YDM")


def test_parse_date_is_cached():
    from timeline import documents
    documents._parse_date_cached.cache_clear()
    parse_date("Sept. 27, 2017", where="a")
    parse_date("Sept. 27, 2017", where="b")
    info = documents._parse_date_cached.cache_info()
    assert info.hits == 1 and info.misses == 1


# ------------------------------------------------------------------------------------------
# .txt

def test_txt_header_and_exact_body(tmp_path):
    body = "  First paragraph, indented.\n\nSecond one.  \n\n-- \nSubscribe now!\n\n"
    f = write(tmp_path / "story.txt",
              "Title: Storm hits\nDATE: Sept. 27, 2017\nsource: Wire\nURL: https://x.org/a?b=1\n"
              "\n" + body)
    doc = only_doc(read(f))
    assert doc == Document(id="story", text=body, date=SEP27, title="Storm hits", source="Wire",
                           url="https://x.org/a?b=1", path=str(f))


@pytest.mark.parametrize("key,value", [
    ("date", "2017-09-27"), ("Date", "27 September 2017"), ("published", "September 27, 2017"),
    ("pubdate", "20170927"), ("date", "September 27, 2017 10:31 AM"), ("date", "27/09/2017"),
])
def test_txt_header_date_forms(tmp_path, key, value):
    f = write(tmp_path / "a.txt", f"{key}: {value}\n\nText.\n")
    assert only_doc(read(f)).date == SEP27


def test_txt_date_order_header(tmp_path):
    f = write(tmp_path / "us.txt", "date: 03/04/2017\ndate-order: MDY\n\nText.\n")
    g = write(tmp_path / "eu.txt", "date: 03/04/2017\n\nText.\n")
    assert [d.date for d in read(f, g)] == [dt.date(2017, 3, 4), dt.date(2017, 4, 3)]


def test_txt_id_header(tmp_path):
    f = write(tmp_path / "a.txt", "id: reuters-42\ndate: 2017-09-27\n\nText.\n")
    assert only_doc(read(f)).id == "reuters-42"


def test_txt_without_header_is_all_body(tmp_path):
    text = "WASHINGTON: The president said on Sept. 27, 2017 that...\n\nMore.\n"
    f = write(tmp_path / "a.txt", text)
    doc = only_doc(read(f, date=SEP27))
    assert doc.text == text and doc.title == ""


def test_txt_header_ends_at_first_text_line(tmp_path):
    f = write(tmp_path / "a.txt", "date: 2017-09-27\nThe body starts here.\n")
    doc = only_doc(read(f))
    assert doc.text == "The body starts here.\n" and doc.date == SEP27


def test_txt_unknown_header_keys_ignored(tmp_path):
    f = write(tmp_path / "a.txt", "Author: Jo\ndate: 2017-09-27\n\nText.\n")
    doc = only_doc(read(f))
    assert doc.text == "Text.\n" and doc.date == SEP27


def test_date_argument_overrides_header(tmp_path):
    f = write(tmp_path / "a.txt", "date: 2001-01-01\n\nText.\n")
    bad = write(tmp_path / "b.txt", "date: not a date\n\nText.\n")
    items = read(f, bad, date=SEP27)
    assert [d.date for d in docs_of(items)] == [SEP27, SEP27]
    assert read(f, date="27 September 2017")[0].date == SEP27   # a string works too
    assert read(f, date=dt.datetime(2017, 9, 27, 10, 31))[0].date == SEP27
    assert type(read(f, date=dt.datetime(2017, 9, 27, 10, 31))[0].date) is dt.date


def test_no_date_is_skipped_with_file_name_and_fix(tmp_path):
    f = write(tmp_path / "nodate.txt", "title: X\n\nText.\n")
    s = only_skip(read(f))
    assert s.path == str(f) and s.line is None
    assert str(s).startswith(f"{f}: no publication date")
    assert "date:" in s.reason and "--date" in s.reason


def test_bad_header_date_skipped_with_line(tmp_path):
    f = write(tmp_path / "bad.txt", "title: X\ndate: September 27\n\nText.\n")
    s = only_skip(read(f))
    assert s.line == 2 and str(s).startswith(f"{f}:2: ")
    assert "September 27" in s.reason and "--date" in s.reason


def test_bad_document_does_not_stop_good_ones(tmp_path):
    write(tmp_path / "a.txt", "date: 2017-09-27\n\nGood A.\n")
    write(tmp_path / "b.txt", "no date here\n")
    write(tmp_path / "c.txt", "date: 2017-09-28\n\nGood C.\n")
    items = read(tmp_path)
    assert [type(x).__name__ for x in items] == ["Document", "Skipped", "Document"]
    assert [d.id for d in docs_of(items)] == ["a", "c"]


# ------------------------------------------------------------------------------------------
# Encodings, newlines, binary, empty

def test_bom_is_stripped(tmp_path):
    f = write(tmp_path / "bom.txt", b"\xef\xbb\xbfdate: 2017-09-27\n\nText.\n")
    doc = only_doc(read(f))
    assert doc.text == "Text.\n" and doc.date == SEP27


def test_crlf_and_cr_become_lf(tmp_path):
    f = write(tmp_path / "crlf.txt", b"date: 2017-09-27\r\ntitle: T\r\n\r\nLine 1\r\nLine 2\rLine 3\r\n")
    doc = only_doc(read(f))
    assert doc.text == "Line 1\nLine 2\nLine 3\n" and doc.title == "T" and doc.date == SEP27


def test_cp1252_fallback(tmp_path):
    f = write(tmp_path / "win.txt", "date: 2017-09-27\n\n\u201cCaf\u00e9\u201d \u2013 ok\n".encode("cp1252"))
    assert only_doc(read(f)).text == "\u201cCaf\u00e9\u201d \u2013 ok\n"
    # bytes undefined in cp1252 are still read (as Latin-1), not an error
    g = write(tmp_path / "odd.txt", b"date: 2017-09-27\n\nA\x81B\xe9\n")
    assert only_doc(read(g)).text == "A\x81B\u00e9\n"


def test_utf16_with_bom_is_text(tmp_path):
    f = write(tmp_path / "u16.txt", "date: 2017-09-27\n\nCaf\u00e9\n".encode("utf-16"))
    assert only_doc(read(f)).text == "Caf\u00e9\n"


def test_binary_is_skipped(tmp_path):
    f = write(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    s = only_skip(read(f))
    assert "binary file, not an article" in s.reason and s.path == str(f)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"date: 2017-09-27\n\n", b"\xef\xbb\xbf"])
def test_empty_is_skipped(tmp_path, content):
    f = write(tmp_path / "empty.txt", content)
    assert "empty article" in only_skip(read(f, date=SEP27)).reason


def test_unreadable_file_is_skipped(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: file permissions are not enforced")
    f = write(tmp_path / "secret.txt", "date: 2017-09-27\n\nText.\n")
    g = write(tmp_path / "ok.txt", "date: 2017-09-27\n\nText.\n")
    f.chmod(0)
    try:
        items = read(f, g)
    finally:
        f.chmod(0o644)
    assert "Permission denied" in items[0].reason and items[0].path == str(f)
    assert isinstance(items[1], Document)


def test_os_errors_are_skipped(tmp_path, monkeypatch):
    write(tmp_path / "ok.txt", "date: 2017-09-27\n\nText.\n")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items = read(tmp_path)
    assert isinstance(items[0], Skipped) and items[0].path == str(tmp_path / "dangling.txt")
    assert "No such file or directory" in items[0].reason
    assert isinstance(items[1], Document)

    real = Path.read_bytes

    def deny(self):
        if self.name == "ok.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    s = only_skip(read(tmp_path / "ok.txt"))
    assert "Permission denied" in s.reason


# ------------------------------------------------------------------------------------------
# Ids

def test_duplicate_ids_second_is_skipped(tmp_path):
    a = write(tmp_path / "a.txt", "id: same\ndate: 2017-09-27\n\nFirst.\n")
    b = write(tmp_path / "b.txt", "id: same\ndate: 2017-09-27\n\nSecond.\n")
    items = read(a, b)
    assert items[0].text == "First.\n"
    s = items[1]
    assert isinstance(s, Skipped) and s.path == str(b)
    assert "'same'" in s.reason and str(a) in s.reason and "unique" in s.reason


def test_duplicate_id_across_formats_names_line(tmp_path):
    j = write(tmp_path / "a.jsonl", json.dumps({"id": "x", "text": "T", "date": "2017-09-27"}) + "\n")
    t = write(tmp_path / "b.txt", "id: x\ndate: 2017-09-27\n\nText.\n")
    s = read(j, t)[1]
    assert isinstance(s, Skipped) and f"{j}:1" in s.reason


def test_same_file_twice_read_once(tmp_path):
    f = write(tmp_path / "a.txt", "date: 2017-09-27\n\nText.\n")
    assert len(read(f, tmp_path, f)) == 1


# ------------------------------------------------------------------------------------------
# .jsonl

def test_jsonl_fields_and_broken_line(tmp_path):
    lines = [
        json.dumps({"id": "one", "text": "First.", "date": "2017-09-27", "title": "T1",
                    "source": "S", "url": "https://u"}),
        "",
        '{"text": "broken, "date": "2017-09-27"}',
        json.dumps({"text": "Third\r\nline.", "date": "Sept. 28, 2017"}),
        json.dumps({"text": "No date."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "", "date": "2017-09-27"}),
        json.dumps({"text": "Numeric id.", "date": 20170927, "id": 7}),
    ]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read(f)
    docs = docs_of(items)
    assert [(d.id, d.text, d.date) for d in docs] == [
        ("one", "First.", SEP27), ("feed-4", "Third\nline.", dt.date(2017, 9, 28)),
        ("7", "Numeric id.", SEP27)]
    assert (docs[0].title, docs[0].source, docs[0].url, docs[0].path) == ("T1", "S", "https://u", str(f))
    skips = {s.line: s for s in skipped_of(items)}
    assert sorted(skips) == [3, 5, 6, 7]
    assert "broken JSON" in skips[3].reason and str(skips[3]).startswith(f"{f}:3: ")
    assert "no publication date" in skips[5].reason and "--date" in skips[5].reason
    assert "empty article" in skips[7].reason


def test_jsonl_date_override(tmp_path):
    f = write(tmp_path / "f.jsonl", json.dumps({"text": "A", "date": "2001-01-01"}) + "\n"
              + json.dumps({"text": "B"}) + "\n")
    assert [d.date for d in read(f, date=SEP27)] == [SEP27, SEP27]


# ------------------------------------------------------------------------------------------
# .csv

def test_csv_quoted_multiline_text(tmp_path):
    f = write(tmp_path / "news.csv",
              'ID,Date,Title,text\n'
              'a1,2017-09-27,"Storm, again","Line one,\nline two ""quoted""\n\nend"\n'
              '\n'
              ',27/09/2017,,Short\n'
              'a3,,,No date\n'
              'a4,2017-09-27,too,many,fields\n'
              'a5,Sept. 2017,,Month only\n')
    items = read(f)
    docs = docs_of(items)
    assert [(d.id, d.text, d.date, d.title) for d in docs] == [
        ("a1", 'Line one,\nline two "quoted"\n\nend', SEP27, "Storm, again"),
        ("news-7", "Short", SEP27, "")]   # line 7: the quoted newlines count, line 6 is blank
    skips = {s.line: s.reason for s in skipped_of(items)}
    assert sorted(skips) == [8, 9, 10]
    assert "no publication date" in skips[8]
    assert "fields" in skips[9]
    assert "Sept. 2017" in skips[10]


def test_csv_skipped_row_reports_its_first_line(tmp_path):
    f = write(tmp_path / "rows.csv", 'text,date\n"one\ntwo\nthree",\n"ok",2017-09-27\n')
    items = read(f)
    assert items[0].line == 2 and "no publication date" in items[0].reason
    assert items[1].id == "rows-5" and items[1].text == "ok"


def test_csv_without_text_column(tmp_path):
    f = write(tmp_path / "bad.csv", "body,date\nHello,2017-09-27\n")
    s = only_skip(read(f))
    assert "'text'" in s.reason and "'body'" in s.reason and "'date'" in s.reason


def test_csv_without_date_column_needs_date(tmp_path):
    f = write(tmp_path / "nodate.csv", "text,title\nHello,A\nWorld,B\n")
    s = only_skip(read(f))   # one message for the file, not one per row
    assert "no publication date" in s.reason and "'date' column" in s.reason
    assert "--date" in s.reason and s.line == 1
    assert [d.text for d in read(f, date=SEP27)] == ["Hello", "World"]


def test_csv_long_field(tmp_path):
    long = "word " * 60_000
    f = write(tmp_path / "long.csv", f'text,date\n"{long}",2017-09-27\n')
    assert only_doc(read(f)).text == long


def test_jsonl_and_csv_are_read_a_line_at_a_time(tmp_path):
    """A big file of many articles is never held whole: reading every document of a 16 MB
    file allocates at most a few articles' worth of memory at once."""
    import tracemalloc

    body = "They met on Tuesday and talked for hours. " * 240          # ~10 KB an article
    n = 1600
    jl = tmp_path / "big.jsonl"
    with open(jl, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"a{i}", "text": f"{i} {body}", "date": "2017-09-27"}) + "\n")
    cv = tmp_path / "big.csv"
    with open(cv, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,date,text\n")
        for i in range(n):
            fh.write(f'a{i},2017-09-27,"{i} {body}\n""quoted"" second line"\n')
    for path in (jl, cv):
        size = path.stat().st_size
        tracemalloc.start()
        count = 0
        for item in iter_documents([path]):
            assert isinstance(item, Document), item
            assert item.text.startswith(f"{count} They met")
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == n
        assert peak < size / 8, f"{path.name}: peak {peak:,} bytes for a {size:,}-byte file"


def test_jsonl_lines_are_decoded_each_on_its_own(tmp_path):
    """One cp1252 line does not turn the UTF-8 lines of the same file into mojibake, and only
    the article read from it carries the warning."""
    good = json.dumps({"id": "u", "text": "Caf\u00e9 owners met on Tuesday.", "date": "2017-09-27"},
                      ensure_ascii=False).encode("utf-8")
    bad = json.dumps({"id": "w", "text": "Caf\u00e9 \u2013 on Monday.", "date": "2017-09-27"},
                     ensure_ascii=False).encode("cp1252")
    f = write(tmp_path / "mixed.jsonl", good + b"\n" + bad + b"\n" + good.replace(b'"u"', b'"v"'))
    docs = docs_of(read(f))
    assert [(d.id, d.text, bool(d.warnings)) for d in docs] == [
        ("u", "Caf\u00e9 owners met on Tuesday.", False),
        ("w", "Caf\u00e9 \u2013 on Monday.", True),
        ("v", "Caf\u00e9 owners met on Tuesday.", False)]
    assert docs[1].warnings == (CP1252_WARNING,)


def test_jsonl_line_longer_than_a_read_block(tmp_path):
    """Lines are joined across the blocks the file is read in, whatever their length; a
    multi-byte character split between two blocks survives."""
    texts = ["\u00e9" * n + " on Tuesday." for n in (1, 65_535, 200_001, 3)]
    f = write(tmp_path / "long.jsonl", "\n".join(
        json.dumps({"text": t, "date": "2017-09-27"}, ensure_ascii=False) for t in texts).encode())
    docs = docs_of(read(f))
    assert [d.text for d in docs] == texts and not any(d.warnings for d in docs)


def test_unreadable_jsonl_is_skipped_with_the_fix_and_the_rest_is_read(tmp_path, monkeypatch):
    """A JSON Lines file that cannot be opened is reported with what to check; the other
    files of the run are still read."""
    import timeline.documents as documents

    bad = write(tmp_path / "a.jsonl", json.dumps({"text": "A.", "date": "2017-09-27"}))
    good = write(tmp_path / "b.jsonl", json.dumps({"text": "B.", "date": "2017-09-27"}))
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if Path(path) == bad:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(documents, "open", refusing_open, raising=False)
    items = read(bad, good)
    assert [d.text for d in docs_of(items)] == ["B."]
    (skip,) = skipped_of(items)
    assert skip.path == str(bad) and "cannot read the file (Permission denied)" in skip.reason
    assert "you may read it" in skip.reason


def test_jsonl_and_csv_with_carriage_returns_only(tmp_path):
    """Old Mac line ends (CR alone) still separate the records."""
    jl = write(tmp_path / "mac.jsonl", "\r".join(
        json.dumps({"text": f"Text {i}.", "date": "2017-09-27"}) for i in range(3)))
    assert [d.text for d in docs_of(read(jl))] == ["Text 0.", "Text 1.", "Text 2."]
    cv = write(tmp_path / "mac.csv", 'text,date\r"Two\rlines.",2017-09-27\rOne.,2017-09-28\r')
    assert [(d.text, d.date.day) for d in docs_of(read(cv))] == [("Two\nlines.", 27), ("One.", 28)]


# ------------------------------------------------------------------------------------------
# TimeML

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>WSJ900101-0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1990-01-01" temporalFunction="false" functionInDocument="CREATION_TIME">January 1, 1990</TIMEX3></DCT>
<TITLE>Ignored title</TITLE>
<TEXT>
Shares <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> &amp; fell <TIMEX3 tid="t1" type="DATE" value="1989-12-29" temporalFunction="true" functionInDocument="NONE">last Friday</TIMEX3>, and will <SIGNAL sid="s1">until</SIGNAL> <TIMEX3 tid="t2" type="DATE" value="1990" mod="END" functionInDocument="NONE">the end of the year</TIMEX3>.
</TEXT>
<TLINK lid="l1" relType="BEFORE" timeID="t1" relatedToTime="t0"/>
</TimeML>
"""


def test_timeml_dct_text_and_gold(tmp_path):
    f = write(tmp_path / "wsj.tml", TML)
    doc, timexes = read_timeml(f)
    assert doc.id == "WSJ900101-0001" and doc.date == dt.date(1990, 1, 1) and doc.title == ""
    assert doc.text == ("\nShares rose & fell last Friday, and will until the end of the year.\n")
    assert [t["tid"] for t in timexes] == ["t1", "t2"]
    t1, t2 = timexes
    assert t1 == {"start": 20, "end": 31, "text": "last Friday", "tid": "t1", "type": "DATE",
                  "value": "1989-12-29", "mod": None}
    assert doc.text[t1["start"]:t1["end"]] == "last Friday"
    assert doc.text[t2["start"]:t2["end"]] == t2["text"] == "the end of the year"
    assert t2["mod"] == "END"
    # the same document through iter_documents
    assert only_doc(read(f)) == doc


def test_timeml_date_override_and_docid_fallback(tmp_path):
    f = write(tmp_path / "nodoc.tml", TML.replace("<DOCID>WSJ900101-0001</DOCID>", ""))
    assert only_doc(read(f, date=SEP27)).date == SEP27
    assert only_doc(read(f)).id == "nodoc"


def test_timeml_dct_value_unusable_falls_back_to_its_text(tmp_path):
    f = write(tmp_path / "dct.tml", TML.replace('value="1990-01-01"', 'value="XXXX"'))
    assert only_doc(read(f)).date == dt.date(1990, 1, 1)   # from "January 1, 1990"


def test_timeml_without_dct_is_skipped(tmp_path):
    start, end = TML.index("<DCT>"), TML.index("</DCT>") + len("</DCT>")
    f = write(tmp_path / "nodct.tml", TML[:start] + TML[end:])
    s = only_skip(read(f))
    assert "no publication date" in s.reason and "--date" in s.reason
    with pytest.raises(TimelineError, match="nodct.tml"):
        read_timeml(f)
    assert read_timeml(f, date=SEP27)[0].date == SEP27


def test_timeml_declared_encoding(tmp_path):
    latin = TML.replace('<?xml version="1.0" ?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'
                        ).replace("Shares", "Caf\u00e9 shares").replace("\n", "\r\n")
    f = write(tmp_path / "latin.tml", latin.encode("latin-1"))
    doc, timexes = read_timeml(f)
    assert doc.text.startswith("\nCaf\u00e9 shares rose") and "\r" not in doc.text
    assert all(doc.text[t["start"]:t["end"]] == t["text"] for t in timexes)


def test_timeml_entities_refused(tmp_path):
    bomb = TML.replace('<?xml version="1.0" ?>',
                       '<?xml version="1.0" ?>\n<!DOCTYPE TimeML [<!ENTITY a "aaaaaaaaaa">]>')
    f = write(tmp_path / "bomb.tml", bomb)
    assert "DOCTYPE" in only_skip(read(f)).reason
    with pytest.raises(TimelineError, match="DOCTYPE"):
        read_timeml(f)


def test_timeml_broken_xml_skipped(tmp_path):
    f = write(tmp_path / "broken.tml", TML.replace("</TEXT>", ""))
    g = write(tmp_path / "good.tml", TML.replace("WSJ900101-0001", "good"))
    items = read(f, g)
    assert isinstance(items[0], Skipped) and "broken XML" in items[0].reason
    assert items[1].id == "good"


def _shared_corpora() -> Path:
    env = os.environ.get("TIMELINE_SHARED")
    base = Path(env) if env else Path(__file__).resolve().parents[2] / "shared"
    return base / "corpora"


def test_timeml_real_corpus_offsets():
    folder = _shared_corpora() / "TBAQ-cleaned"
    if not folder.is_dir():
        pytest.skip(f"TBAQ-cleaned corpus not found at {folder} (set TIMELINE_SHARED to the "
                    f"folder holding corpora/)")
    files = sorted(folder.rglob("*.tml"))
    assert len(files) == 256
    items = list(iter_documents([str(f) for f in files]))
    assert all(isinstance(x, Document) for x in items), skipped_of(items)[:3]
    assert len({d.id for d in items}) == 256
    n = 0
    for f in files:
        doc, timexes = read_timeml(f)
        assert isinstance(doc.date, dt.date)
        for t in timexes:
            assert t["text"] and doc.text[t["start"]:t["end"]] == t["text"], (f, t)
            n += 1
    assert n > 1000


# ------------------------------------------------------------------------------------------
# Paths, folders, stdin

def test_folder_recursive_sorted_hidden_and_other_extensions(tmp_path):
    write(tmp_path / "b" / "z.txt", "date: 2017-09-27\n\nZ\n")
    write(tmp_path / "b" / "a.txt", "date: 2017-09-27\n\nA\n")
    write(tmp_path / "a.jsonl", json.dumps({"id": "j", "text": "J", "date": "2017-09-27"}) + "\n")
    write(tmp_path / "c.TXT", "date: 2017-09-27\n\nC\n")
    write(tmp_path / ".hidden.txt", "date: 2017-09-27\n\nH\n")
    write(tmp_path / ".git" / "x.txt", "date: 2017-09-27\n\nG\n")
    write(tmp_path / "notes.md", "date: 2017-09-27\n\nM\n")
    write(tmp_path / "photo.png", b"\x89PNG\x00")
    assert [d.id for d in read(tmp_path)] == ["j", "a", "z", "c"]


def test_unknown_extension_named_explicitly_is_txt(tmp_path):
    f = write(tmp_path / "notes.md", "date: 2017-09-27\n\nM\n")
    doc = only_doc(read(f))
    assert doc.text == "M\n" and doc.id == "notes"


def test_missing_path_raises_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(TimelineError, match="nope.txt"):
        iter_documents([str(missing)])   # raised at call time, before reading


def test_folder_without_articles_raises(tmp_path):
    write(tmp_path / "readme.md", "hello")
    write(tmp_path / ".hidden.txt", "date: 2017-09-27\n\nH\n")
    with pytest.raises(TimelineError) as e:
        list(iter_documents([tmp_path]))
    msg = str(e.value)
    assert str(tmp_path) in msg
    assert all(ext in msg for ext in ARTICLE_EXTENSIONS)


def test_no_paths_raises():
    with pytest.raises(TimelineError):
        iter_documents([])


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin(monkeypatch, tmp_path):
    _stdin(monkeypatch, "title: Piped\ndate: 27 September 2017\n\nCaf\u00e9 text.\r\n".encode())
    f = write(tmp_path / "a.txt", "date: 2017-09-27\n\nFile.\n")
    items = list(iter_documents(["-", str(f)]))
    assert items[0] == Document(id="stdin", text="Caf\u00e9 text.\n", date=SEP27, title="Piped",
                                path="-")
    assert items[1].text == "File.\n"


def test_stdin_without_date(monkeypatch):
    _stdin(monkeypatch, b"Just text.\n")
    s = only_skip(list(iter_documents(["-"])))
    assert s.path == "<stdin>" and "--date" in s.reason
    _stdin(monkeypatch, b"Just text.\n")
    assert only_doc(list(iter_documents(["-"], date=SEP27))).text == "Just text.\n"


def test_skipped_str():
    assert str(Skipped("a.jsonl", "broken JSON", 3)) == "a.jsonl:3: broken JSON"
    assert str(Skipped("a.txt", "empty article")) == "a.txt: empty article"
