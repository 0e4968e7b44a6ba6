"""Outputs: views of the events DataFrame (CSV now; other formats beside it).

Files are written atomically: to a temporary file in the same folder, then renamed over the
target, so an interrupted run never leaves a truncated file in place of a good one.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import operator
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TimelineError
from .schema import CATEGORIES, COLUMNS

# numpy and pandas are imported by the functions that take or make a DataFrame, not here: the
# streaming CSV of `timeline extract --csv` needs neither, and loading them is most of start-up
if TYPE_CHECKING:
    import pandas as pd

# Text columns a spreadsheet could run as a formula when a cell starts with = + - @.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("doc_id", "title", "source", "url", "sentence", "expression", "label")


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the folder of ``path`` (created if needed), or a clear error."""
    if path.is_dir():
        raise TimelineError(f"{path}: is a folder; give a file name for the output")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        reason = e.strerror or str(e)
        raise TimelineError(f"{path}: cannot write here ({reason}); choose another output path") from None


def _is_special(path: Path) -> bool:
    """A device or pipe (``/dev/null``): written directly, never renamed over."""
    return path.exists() and not path.is_file() and not path.is_dir()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", **kwargs):
    """Open a temporary file beside ``path``; on success rename it to ``path``.

    A crash or Ctrl-C leaves the old file whole and no temporary file behind. A target that is
    not a regular file (``/dev/null``, a named pipe) is opened and written directly: renaming
    over it would replace the device with a file.
    """
    path = Path(path)
    if _is_special(path):
        with open(path, mode, **kwargs) as fh:
            yield fh
        return
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)     # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_writable(path: str | os.PathLike) -> None:
    """Check, before any work is done, that ``path`` can be written: not a folder, and its
    folder exists (it is created) and takes a new file. Raises :class:`TimelineError`."""
    path = Path(path)
    if _is_special(path):
        return
    fd, tmp = _temp_beside(path)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _missing(value) -> bool:
    """``pandas.isna`` of one cell. Without pandas loaded no pandas missing value can exist, and
    the others (None, float NaN, numpy's NaT) are None or unequal to themselves."""
    if value is None:
        return True
    pd = sys.modules.get("pandas")
    if pd is not None:
        return bool(pd.isna(value))
    return bool(value != value)


def _cell_date(ts) -> str:
    if _missing(ts):
        return ""
    # not strftime("%Y"): it writes the year 1 as "1", not "0001"
    day = f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"
    if ts.hour == 0 and ts.minute == 0 and ts.second == 0:
        return day
    return f"{day}T{ts.hour:02d}:{ts.minute:02d}"


def _date_cells(column: pd.Series) -> list[str]:
    """:func:`_cell_date` for a whole column at once (naive datetimes; others cell by cell)."""
    import numpy as np

    if not isinstance(column.dtype, np.dtype) or column.dtype.kind != "M":
        return [_cell_date(ts) for ts in column]
    values = column.to_numpy()
    missing = np.isnat(values)
    seconds = values.astype("datetime64[s]")
    days = values.astype("datetime64[D]")
    midnight = seconds == days
    out = np.where(midnight, np.datetime_as_string(days), np.datetime_as_string(values.astype("datetime64[m]")))
    out = np.where(missing, "", out)
    return out.tolist()


def _escape_formula(text) -> str:
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_frame(df: pd.DataFrame, *, escape_formulas: bool = True) -> pd.DataFrame:
    """The DataFrame as the CSV shows it: ISO dates, empty cells for missing values."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = _date_cells(out[col])
    if escape_formulas:
        for col in TEXT_COLUMNS:
            if col in out.columns:
                out[col] = out[col].map(_escape_formula, na_action="ignore")
    return out


def _text_cell(value) -> str:
    return "" if _missing(value) else str(value)


# a corpus repeats its dates (the publication date of each row, the days of its week)
_date_cell = functools.lru_cache(maxsize=4096)(_cell_date)


def _column_indexes(escape_formulas: bool) -> dict:
    kinds: dict = {"date": [], "int": [], "category": [], "text": []}
    for i, (name, (dtype, _)) in enumerate(COLUMNS.items()):
        if dtype.startswith("datetime64"):
            kinds["date"].append(i)
        elif dtype == "int64":
            kinds["int"].append(i)
        elif dtype == "category":
            kinds["category"].append((i, frozenset(CATEGORIES[name])))
        else:
            kinds["text"].append((i, escape_formulas and name in TEXT_COLUMNS))
    return kinds


_COLUMN_INDEXES = {escape: _column_indexes(escape) for escape in (True, False)}


def csv_cells(row, *, escape_formulas: bool = True) -> list:
    """One event row (its values in :data:`timeline.schema.COLUMNS` order, as
    :func:`timeline.events.document_events` makes them) as :func:`write_csv` writes it: the same
    cells (integers left for the ``csv`` module to write), without building a DataFrame, so that
    rows can be streamed to the CSV."""
    kinds = _COLUMN_INDEXES[escape_formulas]
    cells = list(row)
    for i in kinds["date"]:
        value = cells[i]
        cells[i] = "" if value is None else _date_cell(value)
    for i in kinds["int"]:
        if type(cells[i]) is not int:
            cells[i] = int(cells[i])
    for i, categories in kinds["category"]:
        if cells[i] not in categories:
            cells[i] = ""
    for i, escape in kinds["text"]:
        value = cells[i]
        if type(value) is not str:
            value = cells[i] = _text_cell(value)
        if escape and value.startswith(FORMULA_PREFIXES):
            cells[i] = "'" + value
    return cells


_FORMULA_FIRST = frozenset(FORMULA_PREFIXES)       # each prefix is one character
_FIRST = operator.itemgetter(slice(0, 1))           # a string's first character, "" for ""


def _column_plan(escape_formulas: bool) -> list[tuple]:
    """Per column: (kind, categories or whether formulas are escaped)."""
    plan: list[tuple] = []
    for name, (dtype, _) in COLUMNS.items():
        if dtype.startswith("datetime64"):
            plan.append(("date", None))
        elif dtype == "int64":
            plan.append(("int", None))
        elif dtype == "category":
            plan.append(("category", frozenset(CATEGORIES[name])))
        else:
            plan.append(("text", escape_formulas and name in TEXT_COLUMNS))
    return plan


_COLUMN_PLAN = {escape: _column_plan(escape) for escape in (True, False)}


def csv_lines(rows, *, escape_formulas: bool = True) -> list[str]:
    """:func:`csv_cells` of each row as its line of CSV (without the line end): the line the
    ``csv`` module writes for them (quoted where a cell holds a comma or a quote).

    Made a column at a time: a column whose cells all have the usual type and need no formula
    escape or quotes is taken as it is, checked with a few calls over the whole column (the
    module's writer tests each character of each cell, and cell-by-cell Python costs as much).
    A row with a line break in a cell is left to the ``csv`` module."""
    if not rows:
        return []
    columns = []
    for values, (kind, extra) in zip(zip(*rows), _COLUMN_PLAN[escape_formulas]):
        if kind == "text":
            if not _ONLY_STR.issuperset(map(type, values)):
                values = [value if type(value) is str else _text_cell(value) for value in values]
            if extra and not _FORMULA_FIRST.isdisjoint(map(_FIRST, values)):
                values = ["'" + value if value[:1] in _FORMULA_FIRST else value for value in values]
            joined = "".join(values)
            if '"' in joined:
                values = ['"' + value.replace('"', '""') + '"' if '"' in value or "," in value else value
                          for value in values]
            elif "," in joined:
                values = ['"' + value + '"' if "," in value else value for value in values]
        elif kind == "date":
            values = map(_date_cell, values)        # None -> ""
        elif kind == "int":
            values = map(str, values if _ONLY_INT.issuperset(map(type, values)) else map(int, values))
        elif not extra.issuperset(values):          # a category outside the column's list
            values = [value if value in extra else "" for value in values]
        columns.append(values)
    lines = list(map(",".join, zip(*columns)))
    joined = "".join(lines)
    if "\n" in joined or "\r" in joined:
        for i, line in enumerate(lines):
            if "\n" in line or "\r" in line:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerow(csv_cells(rows[i], escape_formulas=escape_formulas))
                lines[i] = out.getvalue()[:-1]
    return lines


_ONLY_STR = frozenset([str])
_ONLY_INT = frozenset([int])


def write_csv(df: pd.DataFrame, target: str | os.PathLike | io.TextIOBase, *, escape_formulas: bool = True) -> None:
    """Write the events as UTF-8 CSV with a header row; ``"-"`` writes to stdout."""
    table = csv_frame(df, escape_formulas=escape_formulas)
    if target == "-":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif isinstance(target, io.TextIOBase):
        table.to_csv(target, index=False, lineterminator="\n")
    else:
        with atomic_open(target, "w", encoding="utf-8", newline="") as fh:
            table.to_csv(fh, index=False, lineterminator="\n")


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` back into a typed events DataFrame."""
    import pandas as pd

    from .events import to_frame

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise TimelineError(f"{path}: cannot read as an events CSV ({e}); write it with `timeline extract --csv`") from None
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise TimelineError(f"{path}: not an events CSV, missing columns {', '.join(missing)}; "
                            "write it with `timeline extract --csv`")
    for col in TEXT_COLUMNS:
        raw[col] = raw[col].map(lambda s: s[1:] if s.startswith("'") and s[1:2] in FORMULA_PREFIXES else s)
    rows = raw.to_dict("records")
    for r in rows:
        for col, (dtype, _) in COLUMNS.items():
            if dtype.startswith("datetime64"):
                r[col] = pd.Timestamp(r[col]) if r[col] else None
            elif dtype == "int64":
                r[col] = int(r[col])
    return to_frame(rows)


def _write_text(text: str, target: str | os.PathLike) -> None:
    if str(target) == "-":
        sys.stdout.write(text)
        return
    with atomic_open(target, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def write_jsonl(df: pd.DataFrame, target: str | os.PathLike) -> None:
    """One JSON object per event, ISO dates, empty values as null; ``"-"`` writes to stdout."""
    table = csv_frame(df, escape_formulas=False).astype(object)
    table = table.where(table != "", None)
    _write_text(table.to_json(orient="records", lines=True, force_ascii=False), target)


def write_timelinejs_csv(df: pd.DataFrame, target: str | os.PathLike, *, escape_formulas: bool = True) -> None:
    """The TimelineJS spreadsheet (18 columns, see :mod:`timeline.timelinejs`)."""
    from .timelinejs import csv_frame as tjs_frame

    table = tjs_frame(df)
    if escape_formulas:
        for col in ("Headline", "Text", "Display Date", "Group"):
            table[col] = table[col].map(_escape_formula)
    _write_text(table.to_csv(index=False, lineterminator="\n"), target)


def write_timelinejs_json(df: pd.DataFrame, target: str | os.PathLike, *, title: str | None = None) -> None:
    """The TimelineJS JSON object (``events``, ``title``, ``scale``)."""
    from .timelinejs import dumps

    _write_text(dumps(df, title=title) + "\n", target)


def write_merged_csv(df: pd.DataFrame, target: str | os.PathLike, *, escape_formulas: bool = True) -> None:
    """The merged multi-article table (see :mod:`timeline.merge`) as CSV."""
    import pandas as pd

    from .merge import merge_events

    merged = merge_events(df)
    for col in merged.columns:
        if pd.api.types.is_datetime64_any_dtype(merged[col]):
            merged[col] = _date_cells(merged[col])
    if escape_formulas:
        for col in ("label", "sources", "doc_ids", "sentence"):
            merged[col] = merged[col].map(_escape_formula, na_action="ignore")
    _write_text(merged.to_csv(index=False, lineterminator="\n"), target)
