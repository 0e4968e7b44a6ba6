"""Documents: read a corpus into :class:`Document` objects (text + publication date).

The entry point is :func:`iter_documents`, which takes files, folders and ``"-"`` (stdin) and
yields a :class:`Document` for every readable article and a :class:`Skipped` for every bad one.
A bad article never stops the run, so good articles are never lost; only a problem with the
invocation itself (a path that does not exist, a folder with no article files) raises
:class:`~timeline.errors.TimelineError`.

Formats, chosen by file extension (case-insensitive):

``.txt``
    An optional header block of ``key: value`` lines at the top, ended by the first blank line;
    the body is everything after that blank line, kept exactly. Keys are case-insensitive:
    ``title``, ``date`` (also ``published``, ``pubdate``), ``source``, ``url``, ``id`` and
    ``date-order`` (``DMY`` or ``MDY``, see :func:`parse_date`); other keys are ignored. The top
    lines count as a header only if they are all ``key: value`` lines and at least one key is a
    known one, so a first line such as ``WASHINGTON: The president said`` stays in the body.
    Without a header the whole file is the body. The id is the file stem unless an ``id:`` is given.
``.jsonl``
    One JSON object per line with ``text`` and ``date`` (optional ``id``, ``title``, ``source``,
    ``url``, ``date_order``). Blank lines are ignored; a missing id becomes ``{stem}-{line}``.
``.csv``
    A header row with ``text`` and ``date`` columns (optional ``id``, ``title``, ``source``,
    ``url``); quoted fields may hold newlines. A missing id becomes ``{stem}-{line}``.
``.tml``
    TimeML: see :func:`read_timeml`.
``.html``, ``.htm``
    A saved web page: the article's main text (no menus, ads or comments), its title, its
    canonical URL and its original publication date from the page's own metadata; see
    :mod:`timeline.html`. Needs the optional extra ``timeline[html]``: without it the page is
    skipped with "install timeline[html]" as the fix. Character offsets of a web page's events
    refer to the extracted text, not to the HTML source.

Files with other extensions are ignored inside folders, and read as ``.txt`` when named
explicitly. Folders are searched recursively in sorted order; hidden files and folders (names
starting with ``.``) are skipped. ``"-"`` reads stdin as ``.txt`` (id ``stdin``, path ``"-"``).

Text decoding: the bytes are read and a UTF-8 byte order mark is dropped. UTF-16 is read when the
file starts with a UTF-16 byte order mark. A TimeML file's declared encoding and a web page's
declared charset are honoured. Otherwise a file that is not valid UTF-8 is decoded as cp1252
(Windows Western European, the usual source of such files; the five bytes cp1252 leaves
undefined are read as Latin-1) *with a warning*: the document is processed and carries
:data:`CP1252_WARNING` in :attr:`Document.warnings`, which the CLI prints and writes to the
manifest. Decoding never fails (every byte means something in cp1252), so a guess is better than
losing the article, and the warning says how to make sure. JSON Lines and CSV files are read
a line at a time (one big file of many articles never sits in memory whole), and each line is
decoded on its own, so only the articles on lines that are not UTF-8 carry the warning. A file
with a NUL byte in its first 8 KB is binary and skipped (UTF-16 without a byte order mark looks binary too: save as UTF-8). Line ends are normalised: CRLF and lone CR become LF in the whole text (and in
JSON/CSV text fields), so character offsets into :attr:`Document.text` are plain LF offsets.

Publication dates: ``date=`` given to :func:`iter_documents` (the CLI's ``--date``) overrides every
header or field date. A document with no usable date and no ``date=`` is skipped with a message
saying to add a date or pass ``--date``; there is never a fallback to today.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import TimelineError

__all__ = ["Document", "Skipped", "iter_documents", "parse_date", "read_timeml", "ARTICLE_EXTENSIONS"]


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    date: dt.date          # publication date: the reference time of news text
    title: str = ""
    source: str = ""
    url: str = ""
    path: str = ""         # where it was read from ("-" for stdin), for error messages
    warnings: tuple[str, ...] = ()   # read, but with a caveat (e.g. not UTF-8): for the manifest


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article that could not be read: where it is and what to do about it."""
    path: str               # the file ("<stdin>" for stdin)
    reason: str             # what is wrong and how to fix it
    line: int | None = None  # 1-based line in the file, when the problem has one

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


#: Extensions read when searching a folder, and the reader for each.
ARTICLE_EXTENSIONS = (".csv", ".htm", ".html", ".jsonl", ".tml", ".txt")
HTML_EXTENSIONS = (".htm", ".html")

STDIN = "-"
_STDIN_NAME = "<stdin>"
_BINARY_PROBE = 8192
_NO_DATE_FIX = "add a 'date: YYYY-MM-DD' header line or pass --date"
#: The warning a document carries when its bytes were not UTF-8 and were read as cp1252.
CP1252_WARNING = ("not UTF-8: read as Windows-1252 (cp1252); if accented letters look wrong, "
                  "save the file as UTF-8")


# --------------------------------------------------------------------------------------------
# Dates

_DATE_ORDERS = ("DMY", "MDY")
_ISO_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC_RE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
# what may follow a numeric date: a time of day, optionally with seconds, zone or AM/PM
_TIME_TAIL_RE = re.compile(r"(?:[T ,]+\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?\s*(?:[AaPp]\.?[Mm]\.?)?"
                           r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Za-z]{2,5})?)?")
_DATEPARSER_SETTINGS = {
    # a date must name day, month and year: "September 27" or "Sept. 2017" is an error, and no
    # missing part is filled in from today
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    # no relative dates ("yesterday"), no Unix timestamps, no digit soup ("2017" as 2020-01-07)
    "PARSERS": ["custom-formats", "absolute-time"],
}


def _ymd(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric_date(text: str, order: str) -> tuple[dt.date | None, str | None] | None:
    """Read an all-digit date; None when ``text`` is not one (dateparser gets it)."""
    m = _ISO_RE.match(text) or _COMPACT_RE.fullmatch(text)
    if m:
        kind = "ymd"
    else:
        m = _NUMERIC_RE.match(text)
        if not m:
            if text.isdigit():
                return None, f"cannot read {text!r} as a date: write it like 2017-09-27"
            return None
        kind = "dmy"
    if not _TIME_TAIL_RE.fullmatch(text[m.end():]):
        return None  # e.g. "27.09.2017 (updated)": let dateparser judge
    if kind == "ymd":
        y, mo, d = (int(g) for g in m.groups())
    else:
        a, _, b, y_text = m.groups()
        if len(y_text) != 4:
            return None, (f"the date {text!r} has a two-digit year: write the year in full, "
                          f"e.g. 2017-09-27")
        a, b, y = int(a), int(b), int(y_text)
        if a > 12 >= b:          # only day-first makes sense
            d, mo = a, b
        elif b > 12 >= a:        # only month-first makes sense
            mo, d = a, b
        elif order == "MDY":
            mo, d = a, b
        else:
            d, mo = a, b
    date = _ymd(y, mo, d)
    if date is None:
        return None, f"the date {text!r} does not exist: check the day and month"
    return date, None


@functools.lru_cache(maxsize=4096)
def _parse_date_cached(text: str, order: str) -> tuple[dt.date | None, str | None]:
    text = " ".join(text.split())
    if not text:
        return None, "the date is empty: write it like 2017-09-27"
    numeric = _numeric_date(text, order)
    if numeric is not None:
        return numeric
    import dateparser  # slow to import: only when a non-numeric date is met

    settings = dict(_DATEPARSER_SETTINGS, DATE_ORDER=order)
    # English first (fast, and no guessing), then let dateparser detect the language
    parsed = (dateparser.parse(text, languages=["en"], settings=settings)
              or dateparser.parse(text, settings=settings))
    if parsed is None:
        return None, (f"cannot read the date {text!r} (it needs a day, a month and a year): "
                      f"write it like 2017-09-27 or 'September 27, 2017'")
    return parsed.date(), None


def _check_order(order: str, where: str) -> str:
    norm = order.strip().upper().replace("-", "").replace("/", "")
    if norm not in _DATE_ORDERS:
        raise TimelineError(f"{where}: unknown date order {order!r}: use DMY or MDY")
    return norm


def parse_date(text: str, *, where: str, order: str = "DMY") -> dt.date:
    """Parse a publication date written in any common way and return the calendar date.

    Accepted, for example: ``2017-09-27``, ``2017/09/27``, ``20170927``, ``27/09/2017``,
    ``27.09.2017``, ``Sept. 27, 2017``, ``27 September 2017``, ``Wednesday, September 27, 2017``,
    ``September 27, 2017 10:31 AM EDT``, ``2017-09-27T10:31:00Z``, ``Wed, 27 Sep 2017 10:31:00
    +0200``, and month names in other languages (``27 septembre 2017``).

    Conventions:

    * The date must name a day, a month and a year. Nothing is filled in: ``September 27`` and
      ``Sept. 2017`` are errors, relative dates (``yesterday``, ``today``) and bare numbers other
      than ``YYYYMMDD`` are errors, and there is never a fallback to today.
    * Numeric dates with the year last (``a/b/YYYY``, also with ``.`` or ``-``) are read
      day-first (DMY), as is usual outside the US, unless ``order="MDY"`` (a ``date-order: MDY``
      header). When only one reading is possible (``09/27/2017``: there is no month 27) that
      reading is used whatever the order. A two-digit year is an error.
    * A time of day and a time zone are allowed and ignored: the date is the one written, not
      converted to another zone.

    Results are cached, as corpora repeat the same dates. Raises :class:`TimelineError` naming
    ``where`` (e.g. ``"article.txt:2"``) and how to fix the date.
    """
    order = _check_order(order, where)
    date, reason = _parse_date_cached(text, order)
    if date is None:
        raise TimelineError(f"{where}: {reason}")
    return date


# --------------------------------------------------------------------------------------------
# Bytes to text

class _NotArticle(Exception):
    """A file that is not a readable article; the message is the Skipped reason."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _latin1_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    return err.object[err.start:err.end].decode("latin-1"), err.end


_LATIN1_FALLBACK = "timeline-latin1"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _check_binary(data: bytes) -> None:
    if b"\0" in data[:_BINARY_PROBE] and not data.startswith((codecs.BOM_UTF16_LE,
                                                               codecs.BOM_UTF16_BE)):
        raise _NotArticle("binary file, not an article: give a text, JSON Lines, CSV, TimeML "
                          "or HTML file (text files must be UTF-8)")


def _decode_warn(data: bytes, *, encoding: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Bytes to (text, warnings): BOM dropped, UTF-8 else cp1252 (with a warning), newlines
    normalised to LF."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _normalise_newlines(data.decode("utf-16")), ()
        except UnicodeDecodeError:
            raise _NotArticle("broken UTF-16 text: save the file as UTF-8") from None
    _check_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if encoding:
        try:
            return _normalise_newlines(data.decode(encoding)), ()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to the usual guesses
    try:
        return _normalise_newlines(data.decode("utf-8")), ()
    except UnicodeDecodeError:
        # bytes 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252: they are read as Latin-1
        text = data.decode("cp1252", errors=_LATIN1_FALLBACK)
        return _normalise_newlines(text), (CP1252_WARNING,)


def _decode(data: bytes, *, encoding: str | None = None) -> str:
    """Bytes to text (see :func:`_decode_warn`), the warnings dropped."""
    return _decode_warn(data, encoding=encoding)[0]


def decode_text(data: bytes, *, where: str) -> tuple[str, tuple[str, ...]]:
    """Decode an input the way the readers do (BOM dropped, UTF-8 else cp1252 with a warning,
    newlines as LF); a binary input raises :class:`TimelineError` naming ``where``."""
    try:
        return _decode_warn(data)
    except _NotArticle as e:
        raise TimelineError(f"{where}: {e.reason}") from None


def _unreadable(e: OSError, more: str = "") -> _NotArticle:
    return _NotArticle(f"cannot read the file ({e.strerror or e}): check it exists and you may "
                       f"read it{more}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise _unreadable(e) from None


# --------------------------------------------------------------------------------------------
# JSON Lines and CSV files are read a line at a time, so that one large file of many articles
# (a crawl, a year of a newspaper) never sits in memory whole.

_READ_BLOCK = 1 << 16


class _Lines:
    """The decoded lines of a JSON Lines or CSV file, read incrementally, each ending in LF.

    Lines are split at LF in the bytes, which UTF-8 never uses inside a character. Each line is
    decoded on its own: UTF-8, else cp1252 (counted in ``fallbacks``, so the records read from
    that line carry :data:`CP1252_WARNING`). CRLF and lone CR become LF, as in a whole file.
    A file that starts with a UTF-16 byte order mark is decoded whole (UTF-16 uses zero bytes
    inside characters, so it cannot be split in the bytes).
    """

    def __init__(self, path: Path):
        self.path = path
        self.fallbacks = 0          # lines read as cp1252 so far
        self._fh = None
        try:
            self._fh = open(path, "rb")
            self._head = self._fh.read(_BINARY_PROBE)
        except OSError as e:
            self.close()
            raise _unreadable(e) from None

    def is_blank(self) -> bool:
        """Nothing but white space (the whole file fits in the first block)."""
        return len(self._head) < _BINARY_PROBE and not self._head.strip()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __iter__(self) -> Iterator[str]:
        try:
            head = self._head
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                text, _ = _decode_warn(head + self._fh.read())
                yield from io.StringIO(text, newline="\n")
                return
            _check_binary(head)
            if head.startswith(codecs.BOM_UTF8):
                head = head[len(codecs.BOM_UTF8):]
            for raw in self._raw_lines(head):
                yield from self._decode(raw)
        except OSError as e:
            raise _unreadable(e, "; the rest of the file was not read") from None
        finally:
            self.close()

    def _raw_lines(self, head: bytes) -> Iterator[bytes]:
        parts: list[bytes] = []         # the pieces of a line that spans blocks
        block = head
        while block:
            start = 0
            while (end := block.find(b"\n", start) + 1) > 0:
                parts.append(block[start:end])
                yield b"".join(parts)
                parts.clear()
                start = end
            if start < len(block):
                parts.append(block[start:])
            block = self._fh.read(_READ_BLOCK)
        if parts:
            yield b"".join(parts)

    def _decode(self, raw: bytes) -> Iterator[str]:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("cp1252", errors=_LATIN1_FALLBACK)
            self.fallbacks += 1
        if "\r" not in line:
            yield line
            return
        parts = _normalise_newlines(line).split("\n")
        for part in parts[:-1]:
            yield part + "\n"
        if parts[-1]:
            yield parts[-1]


# --------------------------------------------------------------------------------------------
# Readers: (text, stem, dated) -> raw _Records, or a _NotArticle for a bad record and carry on.
# ``dated`` says --date was given. The caller applies --date, parses the date, checks duplicate
# ids and builds the Document.

@dataclass(slots=True)
class _Record:
    id: str
    text: str
    date_text: str | None
    date_line: int | None          # where the date (or the record) is, for messages
    order: str = "DMY"
    title: str = ""
    source: str = ""
    url: str = ""
    line: int | None = None         # the record's own line (JSONL/CSV), for messages
    id_fix: str = "give it a unique 'id'"
    no_date_fix: str = _NO_DATE_FIX


_HEADER_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,39})[ \t]*:[ \t]*(.*)")
_KNOWN_KEYS = {"title", "date", "published", "pubdate", "source", "url", "id", "date-order"}
_DATE_KEYS = ("date", "published", "pubdate")


def _split_header(text: str) -> tuple[dict[str, tuple[str, int]], str]:
    """Split a .txt article into ({key: (value, line)}, body)."""
    header: dict[str, tuple[str, int]] = {}
    pos = 0
    lineno = 0
    while pos < len(text):
        end = text.find("\n", pos)
        nxt = len(text) if end < 0 else end + 1
        line = text[pos:nxt].rstrip("\n")
        lineno += 1
        if not line.strip():
            if not header:
                break              # a blank first line: no header
            pos = nxt              # the blank line ends the header and is not part of the body
            break
        m = _HEADER_RE.fullmatch(line.strip())
        if not m:
            break                  # a text line: the header (if any) ends without a blank line
        key = m.group(1).lower().replace("_", "-")
        header.setdefault(key, (m.group(2).strip(), lineno))
        pos = nxt
    if not any(k in _KNOWN_KEYS for k in header):
        return {}, text            # not a header: "WASHINGTON: The president said ..."
    return header, text[pos:]


def _read_txt(text: str, stem: str, dated: bool) -> Iterator[_Record]:
    header, body = _split_header(text)
    if not body.strip():
        raise _NotArticle("empty article: the file has no text" +
                          (" after its header" if header else ""))
    date_text, date_line = None, None
    for key in _DATE_KEYS:
        if key in header and header[key][0]:
            date_text, date_line = header[key]
            break
    order_value, order_line = header.get("date-order", ("DMY", None))
    try:
        order = _check_order(order_value, "")
    except TimelineError:
        raise _NotArticle(f"unknown date-order {order_value!r}: use DMY or MDY", order_line) \
            from None

    def value(key: str) -> str:
        return header.get(key, ("", 0))[0]

    yield _Record(id=value("id") or stem, text=body, date_text=date_text, date_line=date_line,
                  order=order, title=value("title"), source=value("source"), url=value("url"),
                  id_fix="give it a unique 'id: ...' header line")


def _field(obj: dict, key: str, line: int) -> str:
    v = obj.get(key)
    if v is None:
        return ""
    if isinstance(v, (str, int)) and not isinstance(v, bool):
        return str(v).strip()
    raise _NotArticle(f"the {key!r} field is a {type(v).__name__}, not a string: "
                      f"write it as a string", line)


def _record_from_fields(fields: dict[str, str], stem: str, line: int, kind: str) -> _Record:
    text = _normalise_newlines(fields.get("text") or "")
    if not text.strip():
        raise _NotArticle(f"empty article: the 'text' {kind} is empty or missing", line)
    date_text = next((fields[k] for k in _DATE_KEYS if fields.get(k)), None)
    order = fields.get("date-order") or fields.get("date_order") or "DMY"
    try:
        order = _check_order(order, "")
    except TimelineError:
        raise _NotArticle(f"unknown date order {order!r}: use DMY or MDY", line) from None
    return _Record(id=fields.get("id") or f"{stem}-{line}", text=text, date_text=date_text,
                   date_line=line, line=line, order=order, title=fields.get("title", ""),
                   source=fields.get("source", ""), url=fields.get("url", ""),
                   id_fix=f"give it a unique 'id' {kind}",
                   no_date_fix=f"add a 'date' {kind} or pass --date")


def _read_jsonl(lines: Iterable[str], stem: str, dated: bool) -> Iterator[_Record | _NotArticle]:
    seen_any = False
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen_any = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield _NotArticle(f"broken JSON ({e.msg} at column {e.colno}): fix the line or "
                              f"remove it", lineno)
            continue
        if not isinstance(obj, dict):
            yield _NotArticle(f"expected a JSON object with 'text' and 'date', got a "
                              f"{type(obj).__name__}", lineno)
            continue
        try:
            keys = {k.lower(): k for k in obj if isinstance(k, str)}
            fields = {k: _field(obj, orig, lineno) for k, orig in keys.items()
                      if k in {"text", "id", "title", "source", "url", "date-order",
                               "date_order", *_DATE_KEYS}}
            yield _record_from_fields(fields, stem, lineno, "field")
        except _NotArticle as e:
            yield e
    if not seen_any:
        yield _NotArticle("empty article: the file has no JSON lines")


_CSV_FIELD_LIMIT = 2**31 - 1


def _read_csv(lines: Iterable[str], stem: str, dated: bool) -> Iterator[_Record | _NotArticle]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)   # articles are longer than the 128 KB default
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        while header is not None and not header:       # leading blank lines
            header = next(reader, None)
        if header is None:
            yield _NotArticle("empty article: the CSV file is empty")
            return
        columns = [c.strip().lower() for c in header]
        if "text" not in columns:
            found = ", ".join(repr(c) for c in header) or "none"
            yield _NotArticle(f"no 'text' column (found: {found}): name the article column "
                              f"'text' in the header row", reader.line_num)
            return
        if not dated and not any(k in columns for k in _DATE_KEYS):
            found = ", ".join(repr(c) for c in header)
            yield _NotArticle(f"no publication date: no 'date' column (found: {found}): add a "
                              f"'date' column or pass --date", reader.line_num)
            return
        prev = reader.line_num
        rows = 0
        for row in reader:
            start, prev = prev + 1, reader.line_num
            if not row:
                continue
            rows += 1
            if len(row) != len(columns):
                yield _NotArticle(f"the row has {len(row)} fields but the header has "
                                  f"{len(columns)}: quote fields that hold commas", start)
                continue
            fields = {k: v.strip() if k != "text" else v for k, v in zip(columns, row)}
            try:
                yield _record_from_fields(fields, stem, start, "column")
            except _NotArticle as e:
                yield e
        if rows == 0:
            yield _NotArticle("empty article: the CSV file has a header row but no rows")
    except csv.Error as e:
        yield _NotArticle(f"broken CSV ({e}): check the quoting; the rest of the file was not "
                          f"read", reader.line_num)


# --------------------------------------------------------------------------------------------
# TimeML

_XML_DECL_RE = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_TIMEX_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _creation_date(root: ET.Element) -> dt.date | None:
    dct = next((e for e in root.iter() if _local(e.tag) == "DCT"), None)
    candidates = []
    if dct is not None:
        candidates = [e for e in dct.iter() if _local(e.tag) == "TIMEX3"]
    candidates = ([e for e in candidates if e.get("functionInDocument") == "CREATION_TIME"]
                  or [e for e in root.iter() if _local(e.tag) == "TIMEX3"
                      and e.get("functionInDocument") == "CREATION_TIME"]
                  or candidates)
    for timex in candidates:
        m = _TIMEX_DATE_RE.match(timex.get("value") or "")
        if m:
            date = _ymd(*(int(g) for g in m.groups()))
            if date is not None:
                return date
        content = "".join(timex.itertext())
        if content.strip():
            date, _ = _parse_date_cached(content, "DMY")
            if date is not None:
                return date
    return None


def _plain_text(elem: ET.Element, out: list[str], length: int, timexes: list[dict]) -> int:
    """Append the character content of ``elem`` to ``out``; record TIMEX3 offsets."""
    if elem.text:
        out.append(elem.text)
        length += len(elem.text)
    for child in elem:
        start = length
        length = _plain_text(child, out, length, timexes)
        if _local(child.tag) == "TIMEX3":
            timexes.append({
                "start": start, "end": length, "text": None,  # filled in below
                "tid": child.get("tid"), "type": child.get("type"),
                "value": child.get("value"), "mod": child.get("mod"),
            })
        if child.tail:
            out.append(child.tail)
            length += len(child.tail)
    return length


_ENTITY_REFUSED = ("the file has a <!DOCTYPE [...]> declaring <!ENTITY> entities, which are not "
                   "read (entity expansion is unsafe): remove the declaration")


def _parse_xml(text: str) -> ET.Element:
    """Parse XML safely: entity declarations and external references are refused (defusedxml);
    a plain ``<!DOCTYPE TimeML SYSTEM "TimeML.dtd">`` is allowed and nothing is fetched."""
    try:
        import defusedxml
        from defusedxml.ElementTree import fromstring as safe_fromstring
    except ImportError:   # defusedxml is a dependency; without it refuse every DOCTYPE
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise _NotArticle(_ENTITY_REFUSED) from None
        safe_fromstring, defusedxml = ET.fromstring, None
    try:
        if defusedxml is None:
            return safe_fromstring(text)
        return safe_fromstring(text, forbid_dtd=False, forbid_entities=True,
                               forbid_external=True)
    except ET.ParseError as e:
        line = e.position[0] if getattr(e, "position", None) else None
        raise _NotArticle(f"broken XML ({e}): fix the markup", line) from None
    except Exception as e:
        if defusedxml is not None and isinstance(e, defusedxml.DefusedXmlException):
            raise _NotArticle(_ENTITY_REFUSED) from None
        raise


def _timeml(data: bytes, path_str: str, stem: str,
            date: dt.date | None) -> tuple[Document, list[dict]]:
    m = _XML_DECL_RE.match(data.lstrip(codecs.BOM_UTF8))
    text, warnings = _decode_warn(data, encoding=m.group(1).decode("ascii") if m else None)
    root = _parse_xml(text)
    text_elem = next((e for e in root.iter() if _local(e.tag) == "TEXT"), None)
    if text_elem is None:
        raise _NotArticle("no <TEXT> element: not a TimeML article")
    parts: list[str] = []
    timexes: list[dict] = []
    _plain_text(text_elem, parts, 0, timexes)
    plain = "".join(parts)
    if not plain.strip():
        raise _NotArticle("empty article: the <TEXT> element is empty")
    for t in timexes:
        t["text"] = plain[t["start"]:t["end"]]
    timexes.sort(key=lambda t: (t["start"], t["end"]))
    if date is None:
        date = _creation_date(root)
        if date is None:
            raise _NotArticle("no publication date: add a <DCT><TIMEX3 functionInDocument="
                              "\"CREATION_TIME\" value=\"YYYY-MM-DD\"> element or pass --date")
    docid = next((e for e in root.iter() if _local(e.tag) == "DOCID"), None)
    doc_id = "".join(docid.itertext()).strip() if docid is not None else ""
    return Document(id=doc_id or stem, text=plain, date=date, path=path_str,
                    warnings=warnings), timexes


def read_timeml(path: str | os.PathLike, *, date: dt.date | None = None
                ) -> tuple[Document, list[dict]]:
    """Read a TimeML (``.tml``) file: the document and its gold TIMEX3 annotations.

    The publication date is the ``value`` of the ``<TIMEX3 functionInDocument="CREATION_TIME">``
    inside ``<DCT>`` (its date part; ``date=`` overrides it). The text is the character content
    of the ``<TEXT>`` element with all tags removed, character for character (XML itself turns
    CRLF into LF). The id is the ``<DOCID>`` content, else the file stem; the title is empty.

    The list holds one dict per TIMEX3 inside ``<TEXT>``, in text order, with ``start`` and
    ``end`` (character offsets into the document text, so ``doc.text[start:end] == text``),
    ``text``, ``tid``, ``type``, ``value`` and ``mod`` (None when an attribute is absent).

    Files declaring entities (``<!ENTITY`` inside ``<!DOCTYPE [...]>``) or referring to external
    ones are refused (entity expansion is unsafe; parsed with defusedxml). A ``<!DOCTYPE>`` that
    only names a DTD is allowed; the DTD is never fetched.
    Raises :class:`TimelineError` naming the file and the fix when the file cannot be read.
    """
    p = Path(path)
    try:
        return _timeml(_read_bytes(p), str(path), p.stem, as_date(date))
    except _NotArticle as e:
        raise TimelineError(str(Skipped(str(path), e.reason, e.line))) from None


# --------------------------------------------------------------------------------------------
# Walking the inputs

_READERS = {".txt": _read_txt}
_LINE_READERS = {".jsonl": _read_jsonl, ".csv": _read_csv}


def as_date(date: dt.date | str | None, where: str = "--date") -> dt.date | None:
    """A publication date given by the user (``--date``, ``date=``): a date, a string read as
    :func:`parse_date` reads it (an error names ``where``), or None."""
    if date is None:
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    if isinstance(date, str):
        return parse_date(date, where=where)
    raise TypeError(f"date must be a datetime.date, a string or None, not {type(date).__name__}")


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _folder_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_EXTENSIONS:
                found.append(Path(dirpath, name))
    found.sort(key=lambda p: p.relative_to(folder).parts)
    return found


def _expand(paths: Iterable[str | os.PathLike]) -> list[str | Path]:
    """The files to read, in order ("-" for stdin). Raises TimelineError for a bad invocation."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str | Path] = []
    seen: set[Path] = set()
    for raw in paths:
        if str(raw) == STDIN:
            files.append(STDIN)
            continue
        p = Path(raw)
        if p.is_dir():
            found = _folder_files(p)
            if not found:
                exts = ", ".join(ARTICLE_EXTENSIONS)
                raise TimelineError(f"{raw}: no article files in this folder (files read: "
                                    f"{exts}; hidden files are skipped): point at a folder of "
                                    f"articles or name the files")
            candidates = found
        elif p.exists():
            candidates = [p]
        else:
            raise TimelineError(f"{raw}: no such file or folder: check the path")
        for f in candidates:
            try:
                key = f.resolve()
            except OSError:
                key = f.absolute()
            if key not in seen:            # the same file named twice is read once
                seen.add(key)
                files.append(f)
    if not files:
        raise TimelineError("no input: give files, folders or '-' for stdin")
    return files


def _read_stdin() -> bytes:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer.read()
    return stream.read().encode("utf-8")


def _html(data: bytes, doc_path: str, stem: str, date: dt.date | None) -> Document:
    from . import html

    _check_binary(data)
    try:
        page = html.read_page(data, fallback_warning=CP1252_WARNING)
    except html.PageError as e:
        raise _NotArticle(e.reason) from None
    doc_date = date or page.date
    if doc_date is None:
        raise _NotArticle("no publication date found in the page (looked for meta tags such "
                          "as article:published_time, JSON-LD datePublished, <time datetime> "
                          "and a date in the canonical URL): pass --date")
    return Document(id=stem, text=page.text, date=doc_date, title=page.title, url=page.url,
                    path=doc_path, warnings=page.warnings)


def _records(source: str | Path, date: dt.date | None
             ) -> Iterator[tuple[str, str, _Record | Document | _NotArticle, tuple[str, ...]]]:
    """Yield (display path, Document.path, record or Document or problem, warnings) for one
    input."""
    if source == STDIN:
        shown, doc_path, stem, ext = _STDIN_NAME, STDIN, "stdin", ".txt"
    else:
        shown = doc_path = str(source)
        stem, ext = source.stem, source.suffix.lower()
        if ext not in ARTICLE_EXTENSIONS:
            ext = ".txt"   # named explicitly with an unknown extension
    warnings: tuple[str, ...] = ()
    try:
        if ext in _LINE_READERS and source != STDIN:
            yield from _line_records(source, ext, stem, date, shown, doc_path)
            return
        data = _read_stdin() if source == STDIN else _read_bytes(source)
        if not data.strip():
            raise _NotArticle("empty article: the file is empty")
        if ext == ".tml":
            doc, _ = _timeml(data, doc_path, stem, date)
            yield shown, doc_path, doc, doc.warnings
            return
        if ext in HTML_EXTENSIONS:
            doc = _html(data, doc_path, stem, date)
            yield shown, doc_path, doc, doc.warnings
            return
        text, warnings = _decode_warn(data)
        if not text.strip():
            raise _NotArticle("empty article: the file is empty")
        for item in _READERS[ext](text, stem, date is not None):
            yield shown, doc_path, item, warnings
    except _NotArticle as e:
        yield shown, doc_path, e, warnings


def _line_records(source: Path, ext: str, stem: str, date: dt.date | None, shown: str,
                  doc_path: str) -> Iterator[tuple[str, str, _Record | _NotArticle, tuple[str, ...]]]:
    """:func:`_records` for a JSON Lines or CSV file, read a line at a time; a record carries
    the cp1252 warning when a line it was read from was not UTF-8."""
    lines = _Lines(source)
    try:
        if lines.is_blank():
            raise _NotArticle("empty article: the file is empty")
        seen = 0
        reader = _LINE_READERS[ext](lines, stem, date is not None)
        for item in reader:
            warned = lines.fallbacks > seen
            seen = lines.fallbacks
            yield shown, doc_path, item, (CP1252_WARNING,) if warned else ()
    finally:
        lines.close()


def _generate(files: list[str | Path], date: dt.date | None) -> Iterator[Document | Skipped]:
    ids: dict[str, str] = {}   # id -> where it was first used
    for source in files:
        for shown, doc_path, item, warnings in _records(source, date):
            if isinstance(item, _NotArticle):
                yield Skipped(shown, item.reason, item.line)
                continue
            if isinstance(item, Document):
                doc, line, id_fix = item, None, "give it a unique <DOCID>"
            else:
                line, id_fix = item.line, item.id_fix
                doc_date = date
                if doc_date is None:
                    if item.date_text is None:
                        yield Skipped(shown, f"no publication date: {item.no_date_fix}", item.line)
                        continue
                    doc_date, reason = _parse_date_cached(item.date_text, item.order)
                    if doc_date is None:
                        yield Skipped(shown, f"{reason}, or pass --date", item.date_line)
                        continue
                doc = Document(id=item.id, text=item.text, date=doc_date, title=item.title,
                               source=item.source, url=item.url, path=doc_path,
                               warnings=warnings)
            where = shown if line is None else f"{shown}:{line}"
            if doc.id in ids:
                yield Skipped(shown, f"duplicate id {doc.id!r}, first used by {ids[doc.id]}: "
                                     f"{id_fix}", line)
                continue
            ids[doc.id] = where
            yield doc


def iter_documents(paths: Iterable[str | os.PathLike] | str | os.PathLike,
                   date: dt.date | str | None = None) -> Iterator[Document | Skipped]:
    """Read articles from files, folders and ``"-"`` (stdin): a Document or a Skipped each.

    ``paths`` is a list of files, folders (searched recursively in sorted order for
    ``.csv``, ``.jsonl``, ``.tml`` and ``.txt`` files; hidden files skipped) and ``"-"`` for stdin
    (read as ``.txt``). ``date`` supplies or overrides the publication date of every document
    (the CLI's ``--date``).

    Every readable article yields a :class:`Document`, every bad one a :class:`Skipped` saying
    where it is, what is wrong and how to fix it; a bad article never stops the others. A second
    document with an id already seen is skipped. The paths are checked when this function is
    called: a path that does not exist, or a folder with no article files, raises
    :class:`TimelineError` before anything is read.
    """
    files = _expand(paths)
    return _generate(files, as_date(date))
