"""Running the extraction over a large corpus: streaming, in parallel, or on Dask.

:func:`run_extract` is what ``timeline extract`` runs. It reads documents one at a time, hands
them in chunks to the events stage (in this process, in a pool of worker processes, or on a Dask
cluster) and writes the event rows to the CSV as they come, so memory stays flat however large
the corpus is:

- **Order.** The CSV is ordered exactly as :func:`timeline.events.to_frame` orders the table (by
  start date, vague values last, then document id and position), byte for byte the same file as
  ``write_csv(to_frame(rows))``. Up to ``sort_rows`` rows are sorted in memory; beyond that each
  batch of ``sort_rows`` rows is sorted and written to a temporary file, and the files are merged
  into the CSV at the end (an external merge sort), so only one row per temporary file is held.
- **Parallel.** ``jobs=N`` runs the events stage in ``N`` worker processes on chunks of
  ``chunk_size`` documents, results taken in input order: the output is identical to ``jobs=1``.
  Documents are read (and skipped documents reported) in this process, in input order.
- **The picture.** :attr:`RunResult.frame` holds the events for the PNG: every row when there are
  at most ``keep_rows`` of them, else a uniform random sample of ``keep_rows`` rows (a fixed seed,
  so the same input gives the same sample), flagged by :attr:`RunResult.sampled`. A timeline of
  more events than that cannot be read anyway; draw parts of it with ``timeline plot --since``.
- **Progress** goes to stderr as one self-rewriting line when stderr is a terminal, the run has
  more than a few documents and ``quiet`` is false.
- **Dask.** ``engine="dask"`` runs the same events stage on a Dask cluster (``pip install
  'timeline[dask]'``): the documents are read here and sent in chunks to the workers, at most a
  few chunks per worker in flight, and the rows come back in input order into the same CSV
  writer, so the output is the same as the local engine's. ``scheduler`` is the address of a
  running scheduler (``tcp://host:8786``); without one a local cluster is started for the run.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import gc
import heapq
import io
import itertools
import operator
import os
import random
import sys
import tempfile
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .documents import Document, Skipped, as_date, iter_documents
from .errors import TimelineError
from .events import document_events, to_frame
from .exports import atomic_open, csv_lines
from .schema import COLUMNS

if TYPE_CHECKING:       # pandas is loaded only when a table is built (RunResult.frame, extract)
    import pandas as pd

__all__ = ["RunResult", "extract", "run_extract", "with_caveats", "DEFAULT_CHUNK_SIZE", "DEFAULT_SORT_ROWS", "DEFAULT_KEEP_ROWS"]

DEFAULT_CHUNK_SIZE = 32        # documents per task sent to a worker
DEFAULT_SORT_ROWS = 20_000     # rows sorted in memory before spilling to a temporary file
DEFAULT_KEEP_ROWS = 20_000     # rows kept for the picture
PROGRESS_AFTER = 20            # documents before a progress line is shown
ENGINES = ("local", "dask")


@dataclass
class RunResult:
    """What a run did. ``frame`` is the events table for the picture (see ``sampled``)."""
    documents: int = 0                 # documents read and processed
    skipped: int = 0                   # documents skipped (each reported through on_skip)
    events: int = 0                    # rows written to the CSV
    documents_with_events: int = 0     # documents that gave at least one row
    sampled: bool = False              # True when frame is a sample of the rows
    csv_written: bool = False          # the CSV was written (at least one document processed)
    seconds: float = 0.0
    skipped_messages: list[str] = field(default_factory=list)
    picture_rows: list[tuple] = field(default_factory=list, repr=False)   # the rows of frame
    _frame: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def frame(self) -> pd.DataFrame:
        """The rows for the picture (all, or a sample) as an events table, typed on first use
        (a run that draws nothing never builds it)."""
        if self._frame is None:
            self._frame = to_frame(dict(zip(_FIELDS, row)) for row in self.picture_rows)
        return self._frame


# ------------------------------------------------------------------------------- the work unit

def _chunk_events(chunk: list, mode: str) -> list:
    """Per item of a chunk: a document's event rows, each a tuple of the values in column
    order; a :class:`Skipped` as it is; or, when a document raises (a bug), a message saying
    so, so the other documents are kept. (Tuples: half the pickling of dicts, when this runs in
    a worker.)"""
    out: list = []
    for item in chunk:
        if isinstance(item, Skipped):
            out.append(item)
            continue
        try:
            out.append([_values(row) for row in document_events(item, mode=mode)])
        except (MemoryError, RecursionError):
            raise
        except Exception as e:
            out.append(f"internal error on document {item.id!r} ({type(e).__name__}: {e}): "
                       "please report it with this document")
    return out


_FIELDS = tuple(COLUMNS)
_values = operator.itemgetter(*_FIELDS)     # a row dict -> its values in column order
_START, _DOC_ID, _EXPR_START = (_FIELDS.index(name) for name in ("start", "doc_id", "expr_start"))


def _chunks(items: Iterable[Document | Skipped], size: int) -> Iterator[list]:
    """Chunks of ``size`` documents; skipped items ride along so that everything is reported in
    input order."""
    chunk: list = []
    documents = 0
    for item in items:
        chunk.append(item)
        if not isinstance(item, Skipped):
            documents += 1
            if documents >= size:
                yield chunk
                chunk, documents = [], 0
    if chunk:
        yield chunk


# ------------------------------------------------------------------------------ the CSV writer

_KEY_COLUMNS = 4   # vague?, start, doc_id, expr_start: the order of to_frame


def _sort_key(row: tuple) -> tuple:
    """What sorts a row like ``to_frame`` does: vague values last, then start (to the second, as
    the table keeps it), document id and position."""
    start = row[_START]
    if start is None:
        return True, _NO_START, str(row[_DOC_ID]), row[_EXPR_START]
    if start.microsecond:
        start = start.replace(microsecond=0)
    return False, start, str(row[_DOC_ID]), row[_EXPR_START]


_NO_START = dt.datetime.min


class _SortedCsv:
    """Takes event rows (value tuples) in any order and writes them as one CSV ordered like
    ``to_frame``, with the cells of :func:`timeline.exports.write_csv` (each row kept as its
    line of CSV, :func:`timeline.exports.csv_lines`, made for all the rows sorted at once)."""

    def __init__(self, sort_rows: int, tmpdir: str | None = None, escape_formulas: bool = True):
        self.sort_rows = max(1, sort_rows)
        self.escape_formulas = escape_formulas
        self.buffer: list[tuple[tuple, tuple]] = []     # (sort key, row) per row
        self.runs: list[str] = []
        self.tmpdir = tmpdir
        self._dir: tempfile.TemporaryDirectory | None = None

    def add(self, rows: list[tuple]) -> None:
        self.buffer.extend(zip(map(_sort_key, rows), rows))
        if len(self.buffer) >= self.sort_rows:
            self._spill()

    def _sorted(self) -> tuple[list[tuple], list[str]]:
        """The sort keys and the lines of CSV of the rows in the buffer, in order; the buffer is
        emptied."""
        rows = self.buffer
        self.buffer = []
        rows.sort(key=operator.itemgetter(0))     # stable: equal keys keep the input order
        keys = list(map(operator.itemgetter(0), rows))
        return keys, csv_lines(list(map(operator.itemgetter(1), rows)), escape_formulas=self.escape_formulas)

    def _spill(self) -> None:
        if not self.buffer:
            return
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="timeline-sort-", dir=self.tmpdir)
        path = os.path.join(self._dir.name, f"run{len(self.runs):05d}.csv")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for (vague, start, doc_id, position), line in zip(*self._sorted()):
                # keys as strings that sort the same way, then the row's line of CSV as one cell
                writer.writerow(("1" if vague else "0", "" if vague else start.isoformat(), doc_id,
                                 f"{position:015d}", line))
        self.runs.append(path)

    def write(self, target) -> None:
        """Write the CSV to ``target`` (a path, ``"-"`` for stdout, or an open text file)."""
        try:
            if self.runs:
                self._spill()
            if target == "-":
                self._write(sys.stdout)
            elif isinstance(target, io.TextIOBase):
                self._write(target)
            else:
                with atomic_open(target, "w", encoding="utf-8", newline="") as fh:
                    self._write(fh)
        finally:
            self.close()

    def _write(self, out) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_FIELDS)
        if not self.runs:
            _, lines = self._sorted()
            if lines:
                out.write("\n".join(lines) + "\n")
            return
        with contextlib.ExitStack() as stack:
            readers = [csv.reader(stack.enter_context(open(p, encoding="utf-8", newline="")))
                       for p in self.runs]
            merged = heapq.merge(*readers, key=lambda r: (r[0], r[1], r[2], r[3]))
            out.writelines(row[_KEY_COLUMNS] + "\n" for row in merged)

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
        self.buffer = []


# ------------------------------------------------------------------------------- the picture

class _Sample:
    """At most ``size`` rows: all of them, or a uniform sample (reservoir, fixed seed)."""

    def __init__(self, size: int | None):
        self.size = float("inf") if size is None else size
        self.rows: list[tuple] = []
        self.seen = 0
        self.random = random.Random(20170927)

    def add(self, rows: list[tuple]) -> None:
        for row in rows:
            self.seen += 1
            if len(self.rows) < self.size:
                self.rows.append(row)
            else:
                j = self.random.randrange(self.seen)
                if j < self.size:
                    self.rows[j] = row


# ------------------------------------------------------------------------------ progress line

class _Progress:
    """One line on stderr, rewritten at most 5 times a second: documents, events, rate."""

    def __init__(self, enabled: bool, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.start = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def update(self, documents: int, events: int, skipped: int, *, final: bool = False) -> None:
        if not self.enabled or documents < PROGRESS_AFTER:
            return
        now = time.perf_counter()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = documents / max(now - self.start, 1e-9)
        line = f"timeline: {documents:,} documents, {events:,} events"
        if skipped:
            line += f", {skipped:,} skipped"
        line += f" ({rate:,.0f} documents/s)"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _want_progress(progress: bool | None, quiet: bool) -> bool:
    if quiet or progress is False:
        return False
    if progress:
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# ------------------------------------------------------------------------------- the engines

def _local_results(chunks: Iterator[list], mode: str, jobs: int) -> Iterator[tuple[list, list]]:
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if jobs <= 1 or second is None:
        # one process: all the work here (also when the input fits in one chunk: a pool of
        # workers would cost more to start than it saves)
        for chunk in itertools.chain([first, second], chunks):
            if chunk is not None:
                yield chunk, _chunk_events(chunk, mode)
        return
    chunks = itertools.chain([first, second], chunks)
    import concurrent.futures as cf
    import functools
    import multiprocessing as mp

    # fork on Linux (fast: the workers inherit the compiled grammar and its plan); spawn elsewhere
    context = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    work = functools.partial(_chunk_events, mode=mode)
    if context.get_start_method() == "fork":
        from .tagger import prepare
        prepare()   # the rule plan, built (or loaded) once here: the workers inherit it
    gc.freeze()   # forked workers then share this process's objects without copying their pages
    try:
        with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            pending: deque = deque()
            limit = jobs * 4                      # chunks in flight: bounded, so memory is too
            for chunk in chunks:
                pending.append((chunk, pool.submit(work, chunk)))
                if len(pending) >= limit:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
    finally:
        gc.unfreeze()


def _dask_results(chunks: Iterator[list], mode: str, jobs: int,
                  scheduler: str | None) -> Iterator[tuple[list, list]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TimelineError("--engine dask needs Dask: pip install 'timeline[dask]'") from None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="30s"))
            except OSError as e:
                raise TimelineError(f"--scheduler {scheduler}: cannot connect ({e}); "
                                    "start one with `dask scheduler` or leave --scheduler out") from None
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, jobs), threads_per_worker=1, processes=jobs > 1,
                dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        pending: deque = deque()
        limit = workers * 4
        for chunk in chunks:
            pending.append((chunk, client.submit(_chunk_events, chunk, mode, pure=False)))
            if len(pending) >= limit:
                done, future = pending.popleft()
                yield done, future.result()
                future.release()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
            future.release()


def with_caveats(items: Iterable[Document | Skipped], report: Callable[[str], None]) -> Iterator:
    """``items`` as they are, calling ``report("PATH: caveat")`` once for each caveat of a file
    (:attr:`Document.warnings`, e.g. not UTF-8) as its first document is read: the command line
    prints them, the Python API warns."""
    seen: set = set()
    for item in items:
        if isinstance(item, Document):
            for w in item.warnings:
                message = f"{item.path or item.id}: {w}"
                if message not in seen:
                    seen.add(message)
                    report(message)
        yield item


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_extract(documents: Iterable[Document | Skipped], *, mode: str = "news",
                jobs: int | None = None, csv_path=None,
                on_skip: Callable[[Skipped], None] | None = None,
                on_document: Callable[[Document, int], None] | None = None,
                progress: bool | None = None, quiet: bool = False,
                engine: str = "local", scheduler: str | None = None,
                escape_formulas: bool = True,
                chunk_size: int = DEFAULT_CHUNK_SIZE, sort_rows: int = DEFAULT_SORT_ROWS,
                keep_rows: int | None = DEFAULT_KEEP_ROWS, tmpdir: str | None = None) -> RunResult:
    """Extract the events of ``documents`` (what :func:`timeline.documents.iter_documents`
    yields) and stream them to the CSV at ``csv_path``; return counts and the rows for the picture.

    ``mode``: ``news``/``narrative``/``auto`` as for :func:`timeline.events.document_events`.
    ``jobs``: worker processes (``None`` or ``0``: all cores; ``1``: this process only).
    ``csv_path``: a file, ``"-"`` for stdout, an open text file, or ``None`` for no CSV; the CSV
    is written only when at least one document was processed (``result.csv_written``), with
    ``escape_formulas`` as :func:`timeline.exports.write_csv`.

    Callbacks run in this process, in input order: ``on_skip(skipped)`` for each
    :class:`Skipped` item, and for a document that raised while processed (a bug: its message
    says so; the other documents go on); ``on_document(document, n_rows)`` for each document
    processed. An exception from a callback stops the run (nothing is written).

    ``progress``: ``None`` shows a progress line on stderr when it is a terminal, ``True``/
    ``False`` force it; ``quiet=True`` never shows it. ``engine``: ``"local"`` or ``"dask"``
    (``scheduler``: the address of a Dask scheduler; ``None`` starts a local cluster of ``jobs``
    workers). ``chunk_size`` documents go to a worker at a time; ``sort_rows`` rows are sorted
    in memory before the external merge sort starts; ``keep_rows`` rows at most are kept for the
    picture (``None``: all of them, in memory, for outputs that need the whole table).
    """
    if engine not in ENGINES:
        raise TimelineError(f"--engine {engine!r}: choose one of {', '.join(ENGINES)}")
    jobs = default_jobs() if jobs is None or jobs <= 0 else jobs
    started = time.perf_counter()
    result = RunResult()
    bar = _Progress(_want_progress(progress, quiet))
    sink = _SortedCsv(sort_rows, tmpdir, escape_formulas) if csv_path is not None else None
    sample = _Sample(keep_rows)
    docs_with_events = 0

    def skipped(item: Skipped) -> None:
        result.skipped += 1
        result.skipped_messages.append(str(item))
        if on_skip is not None:
            on_skip(item)

    chunks = _chunks(documents, max(1, chunk_size))
    if engine == "dask":
        results = _dask_results(chunks, mode, jobs, scheduler)
    else:
        results = _local_results(chunks, mode, jobs)
    try:
        for chunk, outs in results:
            for item, out in zip(chunk, outs):
                if isinstance(out, Skipped):
                    skipped(out)
                    continue
                if isinstance(out, str):
                    skipped(Skipped(item.path or str(item.id), out))
                    continue
                result.documents += 1
                if out:
                    docs_with_events += 1
                    result.events += len(out)
                    if sink is not None:
                        sink.add(out)
                    sample.add(out)
                if on_document is not None:
                    on_document(item, len(out))
            bar.update(result.documents, result.events, result.skipped)
        bar.update(result.documents, result.events, result.skipped, final=True)
        if sink is not None and result.documents:
            sink.write(csv_path)
            result.csv_written = True
    finally:
        bar.close()
        if sink is not None:
            sink.close()
    result.documents_with_events = docs_with_events
    result.picture_rows = sample.rows
    result.sampled = sample.seen > len(sample.rows)
    result.seconds = time.perf_counter() - started
    return result


# ------------------------------------------------------------------------------ the Python API

def extract(source, date: dt.date | str | None = None, *, mode: str = "news",
            jobs: int = 1) -> pd.DataFrame:
    """Read articles and return their dated events as a DataFrame (columns: :mod:`timeline.schema`,
    ordered by start date as the CSV is). This is ``timeline.extract``.

    ``source`` is a path (file or folder), a list of paths, a :class:`Document` or a list of
    them. ``date`` supplies or overrides the publication date (of documents given as such, too).
    ``mode``: ``news``/``narrative``/``auto``. ``jobs``: worker processes, as ``--jobs`` (``0``:
    all cores); the table is the same for any number.

    What the command line prints on stderr comes back as Python warnings, each once, and stays
    on the table: a document that cannot be read is skipped with a warning saying why and how
    to fix it (listed in ``df.attrs["skipped"]``); a document read with a caveat (not UTF-8, so
    read as cp1252) gives a warning naming its file (listed in ``df.attrs["warnings"]``). If no
    document can be read, :class:`TimelineError` says why.
    """
    date = as_date(date, where="date=")
    if jobs < 0:
        raise TimelineError(f"jobs={jobs}: give a number of processes, 1 or more (0: all cores)")
    if isinstance(source, Document):
        source = [source]
    elif isinstance(source, (str, os.PathLike)):
        source = [source]
    else:
        source = list(source)
    if all(isinstance(d, Document) for d in source):
        docs: Iterable = source if date is None else [dataclasses.replace(d, date=date) for d in source]
    else:
        docs = iter_documents(source, date=date)
    caveats: list[str] = []
    result = run_extract(with_caveats(docs, caveats.append), mode=mode, jobs=jobs or None, csv_path=None, quiet=True,
                         keep_rows=None)
    if result.skipped and not result.documents:
        raise TimelineError("no document could be read:\n" + "\n".join(result.skipped_messages))
    for message in caveats:
        warnings.warn(message, stacklevel=2)
    for message in result.skipped_messages:
        warnings.warn(f"skipped {message}", stacklevel=2)
    df = result.frame
    df.attrs["skipped"] = list(result.skipped_messages)
    df.attrs["warnings"] = caveats
    return df

