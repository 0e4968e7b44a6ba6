"""Knight Lab TimelineJS: the events as its spreadsheet (CSV) and its JSON.

The layout follows ``shared/reference/timelinejs.md``: 18 spreadsheet columns in a fixed order;
a month-level event leaves Day empty; a period (a quarter, a half, a year span) fills the End
columns with its last included day, month or year; an event without an end leaves them empty,
never zero. Vague values (``PAST_REF``) have no date and are left out.
"""
from __future__ import annotations

import html
import json

import pandas as pd

CSV_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
]

# Which calendar fields an event of a granularity shows, at its start and its end.
_FIELDS = {
    "time": ("ymdt", ""), "part of day": ("ymd", ""), "day": ("ymd", ""),
    "weekend": ("ymd", "ymd"), "week": ("ymd", "ymd"), "month": ("ym", ""),
    "season": ("ym", "ym"), "quarter": ("ym", "ym"), "half": ("ym", "ym"),
    "year": ("y", ""), "decade": ("y", "y"), "century": ("y", "y"),
}
_HALF = {1: "H1", 7: "H2"}


def display_date(row) -> str:
    """A date as a reader would write it: "26 September 2017", "August 2017", "Q3 2017"."""
    start, end, g, value = row["start"], row["end"], row["granularity"], row["value"]
    if g == "time":
        return start.strftime("%-d %B %Y, %H:%M")
    if g in ("day", "part of day"):
        return start.strftime("%-d %B %Y")
    if g in ("week", "weekend"):
        last = end - pd.Timedelta(days=1)
        return f"{start.strftime('%-d %B')} – {last.strftime('%-d %B %Y')}"
    if g == "month":
        return start.strftime("%B %Y")
    if g == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if g == "half":
        return f"{_HALF.get(start.month, 'H?')} {start.year}"
    if g == "season":
        return {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}.get(value[-2:], "") + f" {start.year}"
    if g == "decade":
        return f"{start.year}s"
    if g == "century":
        return f"{start.year}s"
    return str(start.year)


def _parts(ts: pd.Timestamp, fields: str) -> dict:
    out = {"year": ts.year}
    if "m" in fields:
        out["month"] = ts.month
    if "d" in fields:
        out["day"] = ts.day
    if "t" in fields:
        out["hour"], out["minute"] = ts.hour, ts.minute
    return out


def _end_parts(row, fields: str) -> dict | None:
    if not fields:
        return None
    # the last included unit: the interval's end is exclusive
    end = row["end"]
    if "d" in fields:
        last = end - pd.Timedelta(days=1)
    elif "m" in fields:
        last = (end - pd.Timedelta(days=1)).replace(day=1)
    else:
        last = end - pd.Timedelta(days=1)
    return _parts(last, fields)


def _dated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["start"].notna()]


def _text(row) -> str:
    source = " · ".join(str(x) for x in (row["title"], row["source"]) if isinstance(x, str) and x)
    return html.escape(row["sentence"]) + (f"<br><small>{html.escape(source)}</small>" if source else "")


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The TimelineJS spreadsheet as a DataFrame of strings, one row per dated event."""
    rows = []
    for _, row in _dated(df).iterrows():
        start_fields, end_fields = _FIELDS.get(row["granularity"], ("y", ""))
        start = _parts(row["start"], start_fields)
        end = _end_parts(row, end_fields) or {}
        rows.append({
            "Year": str(start["year"]), "Month": str(start.get("month", "")),
            "Day": str(start.get("day", "")),
            "Time": f"{start['hour']:02d}:{start['minute']:02d}" if "hour" in start else "",
            "End Year": str(end.get("year", "")), "End Month": str(end.get("month", "")),
            "End Day": str(end.get("day", "")), "End Time": "",
            "Display Date": display_date(row), "Headline": row["label"], "Text": _text(row),
            "Media": "", "Media Credit": "", "Media Caption": "", "Media Thumbnail": "",
            "Type": "", "Group": row["title"] or row["doc_id"], "Background": "",
        })
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def to_json(df: pd.DataFrame, *, title: str | None = None) -> dict:
    """The TimelineJS JSON object: ``events`` (and ``title``), ``scale`` human."""
    events = []
    for i, row in _dated(df).iterrows():
        start_fields, end_fields = _FIELDS.get(row["granularity"], ("y", ""))
        event = {
            "start_date": {**_parts(row["start"], start_fields), "display_date": display_date(row)},
            "text": {"headline": row["label"], "text": _text(row)},
            "group": row["title"] or row["doc_id"],
            "unique_id": f"{row['doc_id']}-{row['expr_start']}",
        }
        end = _end_parts(row, end_fields)
        if end:
            event["end_date"] = end
        events.append(event)
    out = {"events": events, "scale": "human"}
    if title:
        out["title"] = {"text": {"headline": title, "text": ""}}
    return out


def dumps(df: pd.DataFrame, *, title: str | None = None) -> str:
    return json.dumps(to_json(df, title=title), ensure_ascii=False, indent=1)
