"""Web pages (.html/.htm): the main text, the title, the original publication date; no network."""
from __future__ import annotations

import datetime as dt
import socket
import sys
from pathlib import Path

import pytest

from timeline.documents import Document, Skipped, iter_documents

pytest.importorskip("trafilatura")
pytest.importorskip("htmldate")

from timeline.html import INSTALL_FIX, PageError, read_page  # noqa: E402

HTML = Path(__file__).parent / "data" / "html"
SEP27 = dt.date(2017, 9, 27)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: pages are never fetched."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def read(*paths, date=None):
    return list(iter_documents([str(p) for p in paths], date=date))


@pytest.mark.parametrize("name,title", [
    ("meta_published.html", "Haftar meets Italian minister"),   # article:published_time
    ("jsonld.html", "Haftar in Rome"),                           # JSON-LD datePublished
    ("time_element.html", "Haftar and the minister"),            # <time datetime>
    ("url_date.html", "Haftar visits Rome"),                     # canonical URL /2017/09/27/
])
def test_page_date_title_and_main_text(name, title):
    (doc,) = read(HTML / name)
    assert isinstance(doc, Document), doc
    assert doc.date == SEP27
    assert doc.title == title
    assert doc.id == Path(name).stem and doc.path == str(HTML / name)
    assert "Khalifa Haftar met Italy's defense minister in Rome on Tuesday" in doc.text
    assert "first half of next year" in doc.text
    # menus, ads, comments and footers are not the article
    for junk in ("Sport since 1998", "Subscribe today", "Reader42", "I disagree", "Copyright 2016"):
        assert junk not in doc.text, junk


def test_original_date_not_last_modified():
    # both pages also state a later modification date (2017-10-02, 2017-10-05)
    assert read(HTML / "meta_published.html")[0].date == SEP27
    assert read(HTML / "jsonld.html")[0].date == SEP27


def test_canonical_url_is_kept():
    doc = read(HTML / "url_date.html")[0]
    assert doc.url == "https://news.example.com/world/2017/09/27/haftar-rome.html"


def test_page_without_date_is_skipped_and_date_option_supplies_it():
    (s,) = read(HTML / "no_date.html")
    assert isinstance(s, Skipped)
    assert "no publication date" in s.reason and "--date" in s.reason
    (doc,) = read(HTML / "no_date.html", date=SEP27)
    assert doc.date == SEP27 and doc.title == "An undated page"


def test_date_option_overrides_page_date():
    assert read(HTML / "meta_published.html", date="2001-01-01")[0].date == dt.date(2001, 1, 1)


def test_events_offsets_refer_to_extracted_text():
    from timeline.events import document_events

    doc = read(HTML / "meta_published.html")[0]
    rows = document_events(doc)
    assert {r["value"] for r in rows} >= {"2017-09-26", "2017-07", "2018-H1", "2017-08"}
    for r in rows:
        assert doc.text[r["expr_start"]:r["expr_end"]] == r["expression"]


def test_folder_reads_html_and_htm(tmp_path):
    page = (HTML / "jsonld.html").read_bytes()
    (tmp_path / "a.htm").write_bytes(page)
    (tmp_path / "b.HTML").write_bytes(page.replace(b"Haftar in Rome", b"Other"))
    assert [d.id for d in read(tmp_path)] == ["a", "b"]


@pytest.mark.parametrize("head,expected", [
    ('<meta name="pubdate" content="20170927">', SEP27),
    ('<meta name="date" content="2017-09-27">', SEP27),
    ('<meta itemprop="datePublished" content="2017-09-27">', SEP27),
    ('<meta property="og:published_time" content="2017-09-27T08:00:00Z">', SEP27),
    ('<meta name="DC.date.issued" content="2017-09-27">', SEP27),
])
def test_other_metadata_forms(head, expected):
    page = (f"<html><head><title>T</title>{head}</head><body><article><p>They met on "
            f"Tuesday in Rome and talked for hours.</p></article></body></html>").encode()
    assert read_page(page).date == expected


def test_short_page_is_still_an_article():
    page = read_page(b"<html><head><title>Brief</title></head><body><p>They met on Tuesday."
                     b"</p></body></html>")
    assert page.text.strip() == "They met on Tuesday." and page.title == "Brief"


def test_page_with_no_text_is_skipped(tmp_path):
    f = tmp_path / "empty.html"
    f.write_bytes(b"<html><head><title>Nothing</title></head><body><script>var x = 1;"
                  b"</script><img src='a.png'></body></html>")
    (s,) = read(f, date=SEP27)
    assert isinstance(s, Skipped) and "no article text" in s.reason


def test_declared_charset_and_cp1252_fallback():
    body = "<p>\u201cCaf\u00e9\u201d talks on Tuesday, officials said in Rome.</p>"
    latin = f'<html><head><meta charset="iso-8859-1"></head><body>{body}</body></html>'
    page = read_page(latin.replace("\u201c", '"').replace("\u201d", '"').encode("latin-1"))
    assert "Caf\u00e9" in page.text and page.warnings == ()
    undeclared = f"<html><head></head><body>{body}</body></html>".encode("cp1252")
    page = read_page(undeclared, fallback_warning="W")
    assert "\u201cCaf\u00e9\u201d" in page.text and page.warnings == ("W",)


def test_entity_bomb_refused_quickly(tmp_path):
    ents = "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    bomb = (f'<!DOCTYPE html [<!ENTITY e0 "lol">{ents}]><html><body><p>&e9; on Tuesday'
            f'</p></body></html>')
    with pytest.raises(PageError, match="entit"):
        read_page(bomb.encode())
    f = tmp_path / "bomb.html"
    f.write_text(bomb)
    (s,) = read(f, date=SEP27)
    assert isinstance(s, Skipped) and "unsafe" in s.reason


def test_page_that_looks_like_a_url_is_not_fetched(tmp_path):
    # htmldate downloads a string starting with "http": we only ever hand it a parsed tree
    f = tmp_path / "link.html"
    f.write_text("http://example.com/2017/09/27/story")
    items = read(f, date=SEP27)
    assert len(items) == 1   # read or skipped, but no network (the fixture would fail)


def test_without_the_extra_pages_are_skipped_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "trafilatura", None)   # import fails
    (s,) = read(HTML / "meta_published.html")
    assert isinstance(s, Skipped) and "install timeline[html]" in s.reason
    assert INSTALL_FIX in s.reason
    # other formats are not affected
    t = tmp_path / "a.txt"
    t.write_text("date: 2017-09-27\n\nText.\n")
    assert isinstance(read(t)[0], Document)
