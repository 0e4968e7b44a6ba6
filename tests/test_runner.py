"""timeline.runner: streaming, parallel and Dask runs give exactly the plain extraction's output."""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest

from timeline.documents import Document, Skipped, iter_documents
from timeline.errors import TimelineError
from timeline.events import document_events, to_frame
from timeline.exports import write_csv
from timeline.runner import RunResult, _Progress, run_extract

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("TIMELINE_SHARED", HERE.parent.parent / "shared"))
TBAQ = SHARED / "corpora" / "TBAQ-cleaned"

TEXTS = [
    "Haftar met Italy's defense minister in Rome on Tuesday. He will visit Paris next month.",
    "The company said third-quarter profit rose 12% from a year earlier. It expects growth in 2018.",
    "No dates here at all, just words.",
    "Elections are planned for the first half of next year, officials said on Sept. 26, 2017.",
    "Since the 2011 overthrow, the country has been in turmoil; talks resumed last week.",
    "=cmd|' /C calc'!A0 happened yesterday at 3 p.m., and \"quoted, text\"\nwith a line break today.",
]


def _documents(n: int = 60) -> list[Document]:
    base = dt.date(2017, 9, 27)
    return [Document(id=f"d{i:03d}", text=TEXTS[i % len(TEXTS)], date=base - dt.timedelta(days=i % 9),
                     title=f"title {i}") for i in range(n)]


def _corpus() -> list[Document]:
    docs = _documents()
    if TBAQ.is_dir():
        docs += [d for d in iter_documents([TBAQ]) if isinstance(d, Document)][:40]
    return docs


def _plain_csv(docs) -> str:
    rows = [r for d in docs for r in document_events(d)]
    out = io.StringIO()
    write_csv(to_frame(rows), out)
    return out.getvalue()


def _run_csv(docs, **kwargs) -> tuple[str, RunResult]:
    out = io.StringIO()
    result = run_extract(iter(docs), csv_path=out, quiet=True, **kwargs)
    return out.getvalue(), result


def test_same_csv_as_plain_extraction():
    docs = _corpus()
    got, result = _run_csv(docs, jobs=1)
    assert got == _plain_csv(docs)
    assert result.documents == len(docs) and result.skipped == 0
    assert result.events == sum(len(document_events(d)) for d in docs) > 0


def test_external_merge_sort_gives_the_same_bytes(tmp_path):
    docs = _corpus()
    got, _ = _run_csv(docs, jobs=1, sort_rows=7, tmpdir=str(tmp_path))
    assert got == _plain_csv(docs)
    assert list(tmp_path.iterdir()) == []          # temporary runs removed


def test_csv_file_written_atomically(tmp_path):
    docs = _documents(12)
    target = tmp_path / "out" / "events.csv"
    run_extract(iter(docs), csv_path=str(target), jobs=1, quiet=True, sort_rows=5)
    assert target.read_text(encoding="utf-8") == _plain_csv(docs)


def test_jobs_2_same_output_same_order():
    docs = _corpus()
    one, r1 = _run_csv(docs, jobs=1, chunk_size=3)
    two, r2 = _run_csv(docs, jobs=2, chunk_size=3)
    assert one == two
    assert (r1.documents, r1.events, r1.documents_with_events) == (r2.documents, r2.events, r2.documents_with_events)
    assert r1.frame.equals(r2.frame)


def test_picture_frame_is_the_table_or_a_bounded_sample():
    docs = _documents(30)
    rows = [r for d in docs for r in document_events(d)]
    _, result = _run_csv(docs, jobs=1)
    assert not result.sampled
    assert result.frame.equals(to_frame(rows))
    _, small = _run_csv(docs, jobs=1, keep_rows=5)
    assert small.sampled and len(small.frame) == 5
    _, again = _run_csv(docs, jobs=1, keep_rows=5)
    assert again.frame.equals(small.frame)            # the same sample every time


def test_skipped_reported_in_order_and_counted():
    docs = _documents(5)
    stream = [docs[0], Skipped("a.txt", "no publication date: add a date"), docs[1],
              Skipped("b.jsonl", "bad JSON", line=3), *docs[2:]]
    seen = []
    _, result = _run_csv(stream, jobs=1, on_skip=seen.append)
    assert [str(s) for s in seen] == ["a.txt: no publication date: add a date", "b.jsonl:3: bad JSON"]
    assert result.skipped == 2 and result.documents == 5


def test_all_skipped_writes_no_csv(tmp_path):
    target = tmp_path / "events.csv"
    result = run_extract(iter([Skipped("a.txt", "empty article")]), csv_path=str(target), quiet=True)
    assert (result.documents, result.skipped, result.csv_written) == (0, 1, False)
    assert not target.exists()


def test_callbacks_in_input_order_with_jobs():
    docs = _documents(70)
    stream = []
    for i, d in enumerate(docs):
        stream.append(d)
        if i % 9 == 0:
            stream.append(Skipped(f"bad{i}.txt", "no publication date"))
    for jobs in (1, 2):
        seen = []
        run_extract(iter(stream), jobs=jobs, chunk_size=4, quiet=True,
                    on_skip=lambda s: seen.append(s.path),
                    on_document=lambda d, n: seen.append((d.id, n)))
        expected = [s.path if isinstance(s, Skipped) else (s.id, len(document_events(s))) for s in stream]
        assert seen == expected, jobs


def test_a_document_that_raises_is_skipped_and_the_rest_kept(monkeypatch):
    import timeline.runner as runner
    real = runner.document_events

    def flaky(doc, mode="news"):
        if doc.id == "d003":
            raise ValueError("boom")
        return real(doc, mode=mode)

    monkeypatch.setattr(runner, "document_events", flaky)
    seen = []
    result = run_extract(iter(_documents(8)), jobs=1, quiet=True, on_skip=seen.append)
    assert result.documents == 7 and result.skipped == 1
    assert "internal error on document 'd003' (ValueError: boom)" in str(seen[0])


def test_escape_formulas_off():
    docs = _documents(12)
    escaped, _ = _run_csv(docs, jobs=1)
    plain, _ = _run_csv(docs, jobs=1, escape_formulas=False, sort_rows=3)
    assert "'=cmd" in escaped and "'=cmd" not in plain and '=cmd' in plain


def test_keep_all_rows():
    docs = _documents(30)
    _, result = _run_csv(docs, jobs=1, keep_rows=None)
    assert not result.sampled and len(result.frame) == result.events


def test_no_csv_still_counts_and_frames():
    result = run_extract(iter(_documents(6)), csv_path=None, jobs=1, quiet=True)
    assert result.events == len(result.frame) > 0


def test_unknown_engine():
    with pytest.raises(TimelineError, match="engine"):
        run_extract(iter([]), engine="spark", quiet=True)


def test_progress_line_only_when_asked():
    stream = io.StringIO()
    bar = _Progress(True, stream)
    bar.update(5, 3, 0, final=True)
    assert stream.getvalue() == ""                    # a handful of documents: no line
    bar.update(500, 300, 2, final=True)
    bar.close()
    assert "500 documents, 300 events, 2 skipped" in stream.getvalue()
    silent = io.StringIO()
    quiet = _Progress(False, silent)
    quiet.update(500, 300, 0, final=True)
    quiet.close()
    assert silent.getvalue() == ""


def test_dask_engine_same_rows_as_local():
    pytest.importorskip("distributed")
    docs = _corpus()
    local, r_local = _run_csv(docs, jobs=1, chunk_size=8)
    on_dask, r_dask = _run_csv(docs, jobs=1, chunk_size=8, engine="dask")
    assert on_dask.splitlines() == local.splitlines()  # row for row
    assert r_dask.events == r_local.events and r_dask.documents == r_local.documents


def _row(doc_id, start, end, **extra) -> dict:
    row = {"doc_id": doc_id, "title": "", "source": "", "url": "", "published": dt.datetime(2017, 9, 27),
           "sentence_index": 0, "sentence": "It happened.", "expression": "then", "expr_start": 0,
           "expr_end": 4, "type": "DATE", "value": "2017", "mod": "", "start": start, "end": end,
           "granularity": "year" if start else "vague", "status": "reported", "label": "It happened"}
    row.update(extra)
    return row


def test_streamed_csv_matches_the_table_on_edge_values(monkeypatch, tmp_path):
    """The runner writes cells and orders rows itself (no DataFrame): the same bytes as
    write_csv(to_frame(rows)) for values the corpus rarely holds."""
    import timeline.runner as runner
    rows = [
        _row("b", dt.datetime(9999, 1, 1), dt.datetime.max, value="9999", expr_start=7),
        _row("a", None, None, value="PAST_REF", status="planned"),
        _row("=cmd()", dt.datetime(1, 1, 1), dt.datetime(101, 1, 1), granularity="century", title=None,
             label="+1, \"quoted\"\nand a new line", sentence="-x; @y", mod="APPROX"),
        _row("a", dt.datetime(2017, 9, 26, 10, 35), dt.datetime(2017, 9, 26, 10, 36), type="TIME",
             granularity="time", status="ongoing", url="\ttab", expr_start=12),
        _row("a", dt.datetime(2017, 9, 26, 10, 35, 0, 500), dt.datetime(2017, 9, 27), expr_start=3),
        _row("'q", dt.datetime(2017, 9, 26), dt.datetime(2017, 9, 27), source="@home"),
        _row("b", None, None, value="FUTURE_REF", expr_start=2),
        _row("a", dt.datetime(2017, 9, 26), dt.datetime(2017, 9, 27), expr_start=3),   # a tie: input order
    ]
    docs = _documents(len(rows))
    by_id = {d.id: [row] for d, row in zip(docs, rows)}
    monkeypatch.setattr(runner, "document_events", lambda doc, mode="news": by_id[doc.id])
    for escape in (True, False):
        expected = io.StringIO()
        write_csv(to_frame(rows), expected, escape_formulas=escape)
        for sort_rows in (100, 3):
            got, _ = _run_csv(docs, jobs=1, sort_rows=sort_rows, escape_formulas=escape, tmpdir=str(tmp_path))
            assert got == expected.getvalue(), (escape, sort_rows)
