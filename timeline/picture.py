"""The timeline picture: one PNG view of the event table.

:func:`plot` draws the DataFrame of :mod:`timeline.schema` as a horizontal timeline and returns the
matplotlib Figure (so it shows in a notebook); :func:`save_png` writes it to a file, byte for byte
the same for the same table.

What the picture shows
----------------------
* **Marks.** Day-level and finer events (``day``, ``time``, ``part of day``) are points: a day on
  its date tick (midnight, where the axis names it), a time at its minute, a part of day at its
  middle. Coarser ones (week, weekend, month, season, quarter, half, year, decade, century) are
  bars spanning their half-open interval. Vague values (``PAST_REF``; NaT ``start``) are not drawn;
  a footnote counts them.
* **Status.** Reported events are filled, ongoing ones half-filled (points) or dotted (bars),
  planned ones hollow (points) or hatched with a dashed edge (bars). A legend explains the styles
  present. Publication dates are dotted vertical lines (ticks when there are many), named in the legend
  ("published 2017-09-27", or the number and range of dates when there are several).
* **Colour** is the document (or the ``group_by`` column). The nine largest groups get their own
  colour and legend entry; the rest share grey, listed as one entry "other (N documents)", so the
  legend stays short.
* **Same event, several sources.** Rows with the same TIMEX3 value and largely the same words
  (the clusters of :mod:`timeline.merge`) are one event, drawn once in the colour of the group that
  mentions it most; its label says how many documents report it ("(3 sources)").

Layout (deterministic, no iteration over a renderer)
----------------------------------------------------
* **Panels / broken axis (few events).** Events years apart would squash the rest into a blob, so
  the time axis is cut where the calendar is empty: the events' intervals (plus the publication
  dates) are merged into clusters, and the largest empty gap is cut while it is at least 30 % of
  the span of the part it lies in and at least 30 days long, up to four panels. Panels sit side
  by side, each with its own date locator/formatter (ConciseDateFormatter), and the breaks are
  marked with diagonal slashes on the axis line. Panel widths follow the number of events in
  them, with a floor wide enough for the panel's longest label (within limits), so a lone 2011
  event still gets a readable panel. Very long events (over 400 days, e.g. decades) that overlap
  shorter ones do not widen a panel: their bars are clipped at the panel edges.
* **Overview + zoom (many events over a long, uneven span).** A corpus (say 256 articles from
  1989 and 1998-2000 that also mention 1000, 1898 and 1946) has a sparse scatter of events
  around its dense periods; gap cutting alone then either spends panels on lone years or
  squashes the dense years into a corner. From :data:`FOCUS_MIN_EVENTS` events on, the dense
  part is found directly: the shortest (at most three) stretches of calendar that hold 90 % of
  the events (a small dynamic programme, see :func:`_densest_runs`), widened to whole event
  intervals and to near neighbours, and merged when close. When those stretches together are
  at most half the whole span, they become the panels, and a thin **overview strip** above them
  shows the whole span on one linear axis: every event as a tick (dates) or a thin bar
  (periods), publication dates as small triangles, the zoomed ranges shaded and joined to their
  panels by lines. Nothing is hidden and nothing is distorted: every drawn axis is linear, the
  strip shows where the zoom is and what lies outside it, and the footnote counts the events
  that appear only in the strip. We chose this over a broken axis with many small panels
  (which gives lone outliers the same space as the dense years) and over a non-linear axis
  (which a reader cannot measure against).
* **Lanes.** Labelled events are placed first, in start order, each in the first lane (top to
  bottom) where its mark *and its label* fit without touching anything already there; only
  labelled marks share these lanes, so a label always sits right beside its own mark (inside
  its bar when the bar is wide enough, else right of the mark, else left of it, else shortened
  with "…" to the widest room) with no other mark between them. Label widths are measured with
  the Agg text engine in points and the panels are laid out in points too, so the same table
  always gives the same layout and no two labels overlap; labels never cross a panel edge.
  Labels sit on a pale ground so grid and publication lines do not cut through the words. The
  figure is 12 in wide and grows 14 pt per lane, up to :data:`MAX_HEIGHT_IN` (16 in).
* **Many events.** At most :data:`MAX_LABELS` (60) events are labelled. With more, the labels go
  to the most-reported ones (most distinct documents, then most mentions, then the finest
  granularity, then spread evenly over time). The rest are small marks (same shapes and styles)
  packed densely into a compact grey **strip** under the labelled lanes, at most
  :data:`STRIP_MAX_LANES` lanes of 5 pt; identical marks (same interval, status and colour) are
  drawn once, and past the last lane marks overlap. The strip keeps the height bounded (about
  1350 px for 1400 events) while still showing where every event is. Labelling the
  most-reported events keeps the stories several outlets carry readable, which is what a reader
  of a multi-article timeline looks for first.
* **Publication dates.** Up to :data:`PUB_LINES_MAX` of them are dotted lines across the panels;
  more (a corpus) would hatch the whole picture, so each is a small triangle on the panel's top
  edge (and in the overview strip) instead.
* **The calendar's edges.** matplotlib draws dates from year 1 to year 9999 only, so panel
  margins, the overview strip and the tick ranges stop there: an event in year 1 or year 9999
  sits at its panel's edge (a point there is drawn whole, a bar reaching 9999-12-31 or starting
  at 0001-01-01 runs to the edge), and years before 1000 are written with four digits ("0001").

``plot(df, ax)`` fits the whole picture (panels, ticks, legends, footnote) into that Axes' box: its
first panel is ``ax`` itself, further panels (and the overview strip) are added beside it, and the
number of lanes follows the box height (events that do not fit a labelled lane go to the strip).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib import transforms

from timeline import timex
from timeline.errors import TimelineError
from timeline.merge import cluster_ids

__all__ = ["plot", "save_png", "MAX_LABELS", "MAX_LANES", "MAX_HEIGHT_IN", "LABEL_GID", "OVERVIEW_GID"]

MAX_LABELS = 60          # labelled events at most; the rest are marks only
MAX_LANES = 90           # lanes in a figure we size ourselves
MAX_PANELS = 4           # broken-axis panels at most
MAX_COLOURS = 9          # groups with their own colour; the rest are "other"
LABEL_GID = "event-label"
OVERVIEW_GID = "overview"

DPI = 100
FIG_WIDTH_IN = 12.0
LANE_PT = 14.0           # height of one lane
LABEL_SIZE = 8.0
TICK_SIZE = 8.0
NOTE_SIZE = 7.5
MARKER_PT = 7.0          # marker diameter
BAR_FRAC = 0.62          # bar height as a fraction of the lane
STRIP_LANE_PT = 5.0      # height of one lane of the strip of unlabelled marks
STRIP_MARKER_PT = 4.0    # their marker diameter
STRIP_SEP_PT = 6.0       # space between the labelled lanes and the strip
STRIP_MAX_LANES = 10     # strip lanes at most; past that unlabelled marks overlap
MAX_HEIGHT_IN = 16.0     # a figure we size ourselves is at most this tall
OVERVIEW_IN = 0.3        # the overview strip's height ...
OVERVIEW_TICK_IN = 0.2   # ... its tick labels (above it) ...
OVERVIEW_GAP_IN = 0.3    # ... and the space for the lines joining it to the panels
GAP_PT = 4.0             # space between a mark and its label, and between neighbours
EDGE_PT = 3.0            # labels keep this far from a panel edge
MAX_LABEL_CHARS = 60
SPLIT_RATIO = 0.30       # a gap is cut when it is this much of its part's span ...
SPLIT_MIN_DAYS = 30.0    # ... and at least this long
LONG_DAYS = 400.0        # events longer than this do not widen panels they overlap
FOCUS_MIN_EVENTS = 40    # with this many events, a long sparse span gets an overview + zoom
FOCUS_SHARE = 0.90       # the zoomed ranges hold at least this share of the events ...
FOCUS_RUNS = 3           # ... in at most this many stretches of calendar ...
FOCUS_MAX_FRACTION = 0.5 # ... and are used when together at most this much of the whole span
FOCUS_ABSORB = 0.15      # a range takes in events within this fraction of its length

POINT_GRANULARITIES = {"day", "time", "part of day"}
_REQUIRED = ["doc_id", "title", "published", "start", "end", "granularity", "status", "label",
             "value", "expression"]
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#bcbd22", "#17becf"]
_OTHER = "#8c8c8c"
_ZOOM_COLOUR = "#fbe3a0"       # the zoomed ranges in the overview strip
_ZOOM_EDGE = "#d99a00"
_PUB_COLOUR = "#555555"
PUB_LINES_MAX = 12       # more publication dates than this are ticks along the top, not lines


# --------------------------------------------------------------------------------------------
# public API


def plot(df: pd.DataFrame, ax=None, *, title: str | None = None, group_by: str | None = None,
         since=None, until=None) -> Figure:
    """Draw the event table as a timeline and return the Figure.

    ``ax``: draw into this Axes' box (split into panels when the axis is broken); by default a new
    Figure sized to the content is made (no pyplot state is touched). ``title``: the heading;
    by default the document title when there is one document, else "N articles". ``group_by``: the
    column that picks the colour (default ``doc_id``). ``since`` / ``until``: dates (``date``,
    ``datetime``, ``Timestamp`` or ISO string) keeping only events whose interval overlaps them;
    ``until`` given as a date includes that whole day.
    """
    _check_columns(df, group_by)
    heading = title if title is not None else _default_title(df)
    lo, hi = _parse_bound(since, "since"), _parse_bound(until, "until", end=True)
    dated, n_vague = _select(df, lo, hi)
    pubs = _pub_dates(df, lo, hi)
    events = _merge_events(dated, group_by or "doc_id")
    groups = _colour_groups(events)
    groups["names"] = _group_names(dated, group_by)

    if events.empty:
        return _draw_empty(ax, heading, n_vague)

    events["kind"] = [_kind(g, s, e) for g, s, e in zip(events["granularity"], events["start"], events["end"])]
    panels, overview = _make_panels(events, pubs)
    if ax is None:
        fig = Figure(figsize=(FIG_WIDTH_IN, 4.0), dpi=DPI)
        FigureCanvasAgg(fig)
        frame = None
    else:
        fig = ax.figure
        frame = ax
    _layout_and_draw(fig, frame, events, panels, overview, pubs, groups, heading, n_vague, group_by)
    return fig


def save_png(df: pd.DataFrame, path, **kwargs) -> None:
    """Write :func:`plot` of ``df`` to ``path`` as a PNG, atomically and reproducibly.

    The same table gives the same bytes: fixed size and dpi, no software or date metadata. The
    file is written next to ``path`` under a temporary name and then renamed over it.
    """
    if kwargs.get("ax") is not None:
        raise TimelineError("save_png draws its own figure; do not pass ax= (use plot() instead)")
    kwargs.pop("ax", None)
    fig = plot(df, **kwargs)
    from timeline.exports import atomic_open

    with atomic_open(path, "wb") as fh:
        fig.savefig(fh, format="png", dpi=DPI, metadata={"Software": None},
                    facecolor="white", edgecolor="white")


# --------------------------------------------------------------------------------------------
# the table -> events


def _check_columns(df: pd.DataFrame, group_by: str | None) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TimelineError(f"plot needs a pandas DataFrame of events, got {type(df).__name__}")
    need = list(_REQUIRED) + ([group_by] if group_by else [])
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise TimelineError(
            f"the event table lacks column(s) {', '.join(missing)}; build it with "
            "timeline.events.to_frame (columns in timeline/schema.py)")


def _parse_bound(value, name: str, end: bool = False):
    """A ``since``/``until`` bound as a Timestamp. A string in TIMEX3 calendar form (``2017``,
    ``2017-09``, ``2017-09-30``, ``2018-H1``) or a ``date`` covers its whole period: ``since``
    takes its start, ``until`` its (exclusive) end. Anything else is parsed by pandas."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = value.isoformat()
    if isinstance(value, str):
        span = timex.interval(value.strip())
        if span is not None:
            return pd.Timestamp(span[1] if end else span[0])
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise TimelineError(f"{name}={value!r} is not a date; give an ISO date like 2017-09-01") from exc
    if ts is pd.NaT:
        raise TimelineError(f"{name}={value!r} is not a date; give an ISO date like 2017-09-01")
    if ts.tzinfo is not None:
        ts = ts.tz_convert(None)
    return ts


def _default_title(df: pd.DataFrame) -> str:
    docs = df["doc_id"].dropna().unique()
    if len(docs) == 0:
        return "timeline"
    if len(docs) == 1:
        titles = df["title"].dropna().astype(str)
        titles = titles[titles.str.strip() != ""]
        text = titles.iloc[0] if len(titles) else str(docs[0])
        return _shorten(text, 110)
    return f"{len(docs)} articles"


def _select(df: pd.DataFrame, lo, hi) -> tuple[pd.DataFrame, int]:
    start = pd.to_datetime(df["start"])
    end = pd.to_datetime(df["end"])
    dated = start.notna()
    n_vague = int((~dated).sum())
    out = df.loc[dated].copy()
    out["start"] = start[dated]
    # an interval without an end is treated as one day long
    out["end"] = end[dated].fillna(start[dated] + pd.Timedelta(days=1))
    out["end"] = out["end"].where(out["end"] > out["start"], out["start"] + pd.Timedelta(seconds=1))
    if lo is not None:
        out = out[out["end"] > lo]
    if hi is not None:
        out = out[out["start"] < hi]
    return out, n_vague


def _pub_dates(df: pd.DataFrame, lo, hi) -> list[pd.Timestamp]:
    pubs = pd.to_datetime(df["published"]).dropna()
    if lo is not None:
        pubs = pubs[pubs >= lo]
    if hi is not None:
        pubs = pubs[pubs < hi]
    return sorted(pd.Timestamp(p) for p in pubs.unique())




def _merge_events(dated: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """One row per drawn event: rows with the same value and the same label key merge."""
    cols = ["key", "start", "end", "granularity", "status", "text", "group", "sources", "mentions"]
    if dated.empty:
        return pd.DataFrame(columns=cols)
    d = pd.DataFrame({
        "doc_id": dated["doc_id"].astype("string").fillna(""),
        "value": dated["value"].astype("string").fillna(""),
        "start": dated["start"],
        "end": dated["end"],
        "granularity": dated["granularity"].astype("string").fillna(""),
        "status": dated["status"].astype("string").fillna("reported"),
        "published": pd.to_datetime(dated["published"]),
        "group": dated[group_col].astype("string").fillna("").astype(str),
    })
    text = dated["label"].astype("string").fillna("").str.strip()
    expr = dated["expression"].astype("string").fillna("").str.strip()
    text = text.where(text != "", expr).where(lambda s: s != "", d["value"])
    d["text"] = text.astype(str)
    # an event with no value (should not happen) keys on its interval
    d["vkey"] = d["value"].where(d["value"] != "", d["start"].astype(str) + "/" + d["end"].astype(str))
    # the same event in several documents: same value, largely the same words (timeline.merge)
    clusters = cluster_ids(dated.assign(value=d["vkey"].values)) if len(dated) else []
    d["key"] = d["vkey"] + "\x00" + pd.Series([f"{c:08d}" for c in clusters], index=d.index, dtype="string")
    # the latest report decides the status (it is the most current one)
    d = d.sort_values(["key", "published", "doc_id"], ascending=[True, False, True], kind="mergesort")

    rows = []
    for key, g in d.groupby("key", sort=True):
        first = g.iloc[0]
        counts = g["group"].value_counts()
        top = counts.max()
        group = sorted(counts[counts == top].index)[0]
        rows.append({
            "key": key, "start": g["start"].min(), "end": g["end"].max(),
            "granularity": first["granularity"], "status": first["status"],
            "text": first["text"], "group": group,
            "sources": int(g["doc_id"].nunique()), "mentions": int(len(g)),
        })
    ev = pd.DataFrame(rows, columns=cols)
    ev = ev.sort_values(["start", "end", "key"], kind="mergesort").reset_index(drop=True)
    return ev


def _group_names(dated: pd.DataFrame, group_by: str | None) -> dict:
    """Legend names: the document title (else its id) per document, or the group_by value."""
    if group_by or dated.empty:
        return {}
    ids = dated["doc_id"].astype("string").fillna("").astype(str)
    titles = dated["title"].astype("string").fillna("").astype(str).str.strip()
    names = {}
    for doc, title in zip(ids, titles):
        if title and doc not in names:
            names[doc] = title
    return names


def _colour_groups(events: pd.DataFrame) -> dict:
    """Group -> colour for the largest groups; everything else is grey."""
    if events.empty:
        return {"colours": {}, "order": [], "others": []}
    counts = events["group"].value_counts()
    order = sorted(counts.index, key=lambda g: (-counts[g], g))
    if len(order) <= MAX_COLOURS + 1 and len(order) <= len(_PALETTE) + 1:
        # all fit (a tenth group may take grey without needing an "other" entry)
        named = order[:len(_PALETTE)] if len(order) <= len(_PALETTE) else order[:MAX_COLOURS]
    else:
        named = order[:MAX_COLOURS]
    colours = {g: _PALETTE[i] for i, g in enumerate(named)}
    others = [g for g in order if g not in colours]
    return {"colours": colours, "order": named, "others": others}


# --------------------------------------------------------------------------------------------
# panels (the broken axis)


@dataclass
class _Panel:
    lo: float                       # shown range in matplotlib date numbers (days)
    hi: float
    members: list = field(default_factory=list)   # event indices whose home is this panel
    width_pt: float = 0.0
    lanes: list = field(default_factory=list)     # labelled lanes: per lane, occupied (a, b) in pt
    strip: list = field(default_factory=list)     # strip lanes for unlabelled marks, the same


# matplotlib's dates run from year 1 to year 9999: every x we hand it (limits, margins, marks,
# tick ranges) is kept within [_X_MIN, _X_MAX]; an interval ending at 9999-12-31 (or the exclusive
# end just past it) ends at _X_MAX, a fraction of a second short of year 10000.
_X_MIN = float(mdates.date2num(dt.datetime(1, 1, 1)))
_X_MAX = float(mdates.date2num(dt.datetime(9999, 12, 31))) + 1.0 - 1e-6


def _clamp(x: float) -> float:
    return min(max(float(x), _X_MIN), _X_MAX)


def _num(ts) -> float:
    """A date as a matplotlib date number, clamped to matplotlib's range (years 1-9999)."""
    ts = pd.Timestamp(ts)
    try:
        x = float(mdates.date2num(ts.to_pydatetime()))
    except (ValueError, OverflowError):      # past datetime's range (year 10000 in datetime64)
        x = (ts - pd.Timestamp(mdates.get_epoch())) / pd.Timedelta(days=1)
    return _clamp(x)


def _ymd(ts) -> str:
    """YYYY-MM-DD with a four-digit year (strftime drops the zeros of year 1)."""
    ts = pd.Timestamp(ts)
    return f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}"


def _clusters(spans: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _make_panels(events: pd.DataFrame, pubs: list[pd.Timestamp]) -> tuple[list[_Panel], tuple | None]:
    """The panels, and the overview range ``(lo, hi)`` when the panels are a zoom (else None)."""
    s = np.array([_num(t) for t in events["start"]])
    e = np.array([_num(t) for t in events["end"]])
    long = (e - s) > LONG_DAYS
    short_spans = [(a, b) for a, b, lg in zip(s, e, long) if not lg]
    anchors = [(_num(p), _num(p)) for p in pubs]
    if short_spans:
        base = _clusters(short_spans)
        # a long event overlapping none of the short ones must be in the picture on its own
        for i in np.flatnonzero(long):
            if not any(s[i] < hi and e[i] > lo for lo, hi in base):
                long[i] = False

    overview = None
    ranges = _focus_ranges(s, e, long, pubs) if len(events) >= FOCUS_MIN_EVENTS else None
    if ranges is not None:
        pub_x = [_num(p) for p in pubs]
        overview = (min([s.min()] + pub_x), max([e.max()] + pub_x))
        segments = [[[lo, hi]] for lo, hi in ranges]
    else:
        spans = [(a, b) for a, b, lg in zip(s, e, long) if not lg]
        # publication dates anchor a panel only when near the events (within the events' span)
        if spans:
            lo_all = min(a for a, _ in spans)
            hi_all = max(b for _, b in spans)
            width = max(hi_all - lo_all, 1.0)
            anchors = [x for x in anchors if lo_all - width <= x[0] <= hi_all + width]
        segments = _split(_clusters(spans + anchors))

    panels = []
    for seg in segments:
        lo, hi = seg[0][0], seg[-1][1]
        span = max(hi - lo, 1.0)
        mid = (lo + hi) / 2
        lo, hi = mid - span / 2, mid + span / 2
        pad = max(0.04 * span, 0.5)
        # the margin stops at the ends of matplotlib's calendar (a year-1 or year-9999 event)
        panels.append(_Panel(_clamp(lo - pad), _clamp(hi + pad)))

    for i in range(len(events)):
        ov = [min(e[i], p.hi) - max(s[i], p.lo) for p in panels]
        best = int(np.argmax(ov))
        if ov[best] <= 0:
            if overview is not None:       # outside the zoom: shown in the overview only
                continue
            # cannot happen for short events; be safe: nearest panel
            best = int(np.argmin([min(abs(s[i] - p.hi), abs(e[i] - p.lo)) for p in panels]))
        panels[best].members.append(i)
    return panels, overview


def _split(clusters: list[list[float]]) -> list[list[list[float]]]:
    """Cut the largest empty gaps (relative to the part they lie in) into panels."""
    segments = [clusters]
    while len(segments) < MAX_PANELS:
        best = None
        for si, seg in enumerate(segments):
            if len(seg) < 2:
                continue
            span = seg[-1][1] - seg[0][0]
            for ci in range(len(seg) - 1):
                gap = seg[ci + 1][0] - seg[ci][1]
                ratio = gap / span if span > 0 else 0.0
                if gap >= SPLIT_MIN_DAYS and ratio >= SPLIT_RATIO and (best is None or ratio > best[0]):
                    best = (ratio, si, ci)
        if best is None:
            break
        _, si, ci = best
        seg = segments[si]
        segments[si:si + 1] = [seg[:ci + 1], seg[ci + 1:]]
    return segments


def _focus_ranges(s: np.ndarray, e: np.ndarray, long: np.ndarray, pubs) -> list[tuple[float, float]] | None:
    """The zoomed ranges for a corpus with many events, or None when a zoom would not help.

    The ranges are the shortest stretches of calendar (at most FOCUS_RUNS) holding FOCUS_SHARE
    of the events (by their midpoints; very long events do not count), widened to whole event
    intervals and to near neighbours, and merged where the gap between them is small. They are
    used only when together they are at most FOCUS_MAX_FRACTION of the whole span.
    """
    short = ~long
    if short.sum() < FOCUS_MIN_EVENTS:
        return None
    ss, ee = s[short], e[short]
    mid = (ss + ee) / 2
    x, w = np.unique(mid, return_counts=True)
    runs = _densest_runs(x, w.astype(float), FOCUS_RUNS, FOCUS_SHARE)
    # widen each run to the whole intervals of the events it holds, then to near neighbours
    ranges = []
    for a, b in runs:
        inside = (mid >= a) & (mid <= b)
        ranges.append([float(ss[inside].min()), float(ee[inside].max())])
    for _ in range(20):
        changed = False
        for r in ranges:
            reach = FOCUS_ABSORB * max(r[1] - r[0], 1.0)
            near = (ss >= r[0] - reach) & (ee <= r[1] + reach) & ((ss < r[0]) | (ee > r[1]))
            if near.any():
                r[0], r[1] = min(r[0], float(ss[near].min())), max(r[1], float(ee[near].max()))
                changed = True
        if not changed:
            break
    ranges.sort()
    merged: list[list[float]] = []
    for r in ranges:
        if merged and r[0] - merged[-1][1] < SPLIT_RATIO * (max(r[1], merged[-1][1]) - merged[-1][0]):
            merged[-1][1] = max(merged[-1][1], r[1])
        else:
            merged.append(list(r))
    pub_x = [_num(p) for p in pubs]
    whole = max([e.max()] + pub_x) - min([s.min()] + pub_x)
    if sum(b - a for a, b in merged) > FOCUS_MAX_FRACTION * whole:
        return None
    return [(a, b) for a, b in merged]


def _densest_runs(x: np.ndarray, w: np.ndarray, k_max: int, share: float) -> list[tuple[float, float]]:
    """At most ``k_max`` intervals over the sorted points ``x`` (weights ``w``) that hold at least
    ``share`` of the weight with the least total length.

    Solved by its Lagrangian: minimise length + lambda * (weight left out) with a small dynamic
    programme over the points (states: inside run k / between runs after run k), for a grid of
    lambdas at once; the smallest lambda whose solution holds enough weight is taken.
    """
    m = len(x)
    if m == 1:
        return [(float(x[0]), float(x[0]))]
    total = float(w.sum())
    span = float(x[-1] - x[0])
    lam = np.geomspace(max(span, 1.0) / total / 1000.0, max(span, 1.0) * 2.0, 64)
    K = k_max
    inf = np.inf
    IN = np.full((K + 1, lam.size), inf)
    OUT = np.full((K + 1, lam.size), inf)
    cIN = np.zeros((K + 1, lam.size))
    cOUT = np.zeros((K + 1, lam.size))
    OUT[0] = lam * w[0]
    IN[1] = 0.0
    cIN[1] = w[0]
    started = np.zeros((m, K + 1, lam.size), dtype=bool)    # IN[k] at i began a run at i
    closed = np.zeros((m, K + 1, lam.size), dtype=bool)     # OUT[k] at i came from IN[k]
    for i in range(1, m):
        d = x[i] - x[i - 1]
        nIN, ncIN = np.full_like(IN, inf), np.zeros_like(cIN)
        nOUT, ncOUT = np.full_like(OUT, inf), np.zeros_like(cOUT)
        for k in range(1, K + 1):
            cont, new = IN[k] + d, OUT[k - 1]
            st = new < cont
            nIN[k] = np.where(st, new, cont)
            ncIN[k] = np.where(st, cOUT[k - 1], cIN[k]) + w[i]
            started[i, k] = st
        for k in range(K + 1):
            fin = IN[k] < OUT[k] if k else np.zeros(lam.size, dtype=bool)
            nOUT[k] = np.where(fin, IN[k], OUT[k]) + lam * w[i]
            ncOUT[k] = np.where(fin, cIN[k], cOUT[k])
            closed[i, k] = fin
        IN, OUT, cIN, cOUT = nIN, nOUT, ncIN, ncOUT
    # the best final state per lambda: (cost, covered, is_in, k)
    states = [(IN[k], cIN[k], True, k) for k in range(1, K + 1)] + [(OUT[k], cOUT[k], False, k) for k in range(K + 1)]
    costs = np.vstack([c for c, _, _, _ in states])
    pick = np.argmin(costs, axis=0)
    cov = np.array([states[p][1][j] for j, p in enumerate(pick)])
    ok = np.flatnonzero(cov >= share * total - 1e-9)
    j = int(ok[0]) if ok.size else lam.size - 1
    _, _, is_in, k = states[int(pick[j])]
    runs: dict[int, list[float]] = {}
    for i in range(m - 1, -1, -1):
        if is_in:
            r = runs.setdefault(k, [x[i], x[i]])
            r[0] = x[i]
            if i and started[i, k, j]:
                is_in, k = False, k - 1
        elif i and closed[i, k, j]:
            is_in = True
    return sorted((float(a), float(b)) for a, b in runs.values())


# --------------------------------------------------------------------------------------------
# text measurement (Agg, in points)


@functools.lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    return RendererAgg(10, 10, 72)          # 72 dpi: one pixel is one point


@functools.lru_cache(maxsize=8192)
def _text_width_pt(text: str, size: float = LABEL_SIZE) -> float:
    w, _, _ = _renderer().get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    # a margin for hinting differences at other dpis
    return w * 1.04 + 1.0


def _fit(text: str, room: float) -> str | None:
    """The longest prefix of ``text`` (with an ellipsis) whose width fits ``room`` points."""
    if _text_width_pt(text) <= room:
        return text
    lo, hi, best = 1, len(text) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        cand = text[:mid].rstrip() + "…"
        if _text_width_pt(cand) <= room:
            best, lo = cand, mid + 1
        else:
            hi = mid - 1
    if best is None or len(best) < 5:
        return None
    return best


def _shorten(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------
# which events get labels, and the lanes


_FINENESS = {g: k for k, g in enumerate(["time", "part of day", "day", "weekend", "week", "month",
                                          "season", "quarter", "half", "year", "decade", "century"])}
_BAR_GRANS = {"weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century"}


def _kind(gran: str, start, end) -> str:
    if gran in POINT_GRANULARITIES:
        return "point"
    if gran in _BAR_GRANS:
        return "bar"
    return "point" if (end - start) <= pd.Timedelta(days=1) else "bar"


def _spread(m: int) -> list[int]:
    """Positions 0..m-1 ordered so that every prefix is spread evenly (van der Corput order)."""
    bits = max(1, (m - 1).bit_length())
    return sorted(range(m), key=lambda p: (int(format(p, f"0{bits}b")[::-1], 2), p))


def _choose_labelled(events: pd.DataFrame, candidates: list[int]) -> set[int]:
    """The events that get a label: all candidates when few, else the MAX_LABELS most-reported.

    Most-reported = most distinct documents, then most mentions, then finest granularity; ties
    are broken by spreading the choice evenly over time (events are in start order).
    """
    cands = sorted(candidates)
    if len(cands) <= MAX_LABELS:
        return set(cands)
    src, men = events["sources"].to_numpy(), events["mentions"].to_numpy()
    gran = events["granularity"].to_numpy()
    key = {i: (-int(src[i]), -int(men[i]), _FINENESS.get(gran[i], 99)) for i in cands}
    order: list[int] = []
    for k in sorted(set(key.values())):
        tied = [i for i in cands if key[i] == k]
        order.extend(tied[p] for p in _spread(len(tied)))
        if len(order) >= MAX_LABELS:
            break
    return set(order[:MAX_LABELS])


def _label_text(events: pd.DataFrame, i: int) -> str:
    text = _shorten(events.at[i, "text"], MAX_LABEL_CHARS)
    if events.at[i, "sources"] > 1:
        text += f" ({events.at[i, 'sources']} sources)"
    return text


@dataclass
class _Placed:
    idxs: list[int]                    # the events drawn by this mark (several for merged marks)
    panel: int
    lane: int
    kind: str
    mark: tuple[float, float]          # drawn extent in points from the panel's left edge
    label: str | None = None
    label_x: float = 0.0               # anchor in points from the panel's left edge
    ha: str = "left"
    strip: bool = False                # an unlabelled mark in the compact strip


def _label_options(kind: str, mark: tuple[float, float], text: str, width: float):
    """Candidate (label text, anchor pt, ha, occupied extent) in order of preference."""
    a, b = mark
    w = _text_width_pt(text)
    opts = []
    if kind == "bar" and (b - a) >= w + 2 * GAP_PT:
        opts.append((text, (a + b) / 2, "center", (a, b)))
    if b + GAP_PT + w <= width - EDGE_PT:
        opts.append((text, b + GAP_PT, "left", (a, b + GAP_PT + w)))
    if a - GAP_PT - w >= EDGE_PT:
        opts.append((text, a - GAP_PT, "right", (a - GAP_PT - w, b)))
    if not opts:   # nowhere whole: shorten it into the widest room
        right = width - EDGE_PT - (b + GAP_PT)
        left = a - GAP_PT - EDGE_PT
        inside = (b - a) - 2 * GAP_PT if kind == "bar" else -1.0
        room = max(right, left, inside)
        short = _fit(text, room) if room > 0 else None
        if short:
            sw = _text_width_pt(short)
            if room == inside:
                opts.append((short, (a + b) / 2, "center", (a, b)))
            elif room == right:
                opts.append((short, b + GAP_PT, "left", (a, b + GAP_PT + sw)))
            else:
                opts.append((short, a - GAP_PT, "right", (a - GAP_PT - sw, b)))
    return opts


def _free(lane: list, a: float, b: float, gap: float = GAP_PT) -> bool:
    for (x0, x1) in lane:
        if a < x1 + gap and b > x0 - gap:
            return False
    return True


def _mark_extent(events: pd.DataFrame, i: int, p: _Panel, marker: float = MARKER_PT) -> tuple[float, float]:
    scale = p.width_pt / (p.hi - p.lo)
    s, e = _num(events.at[i, "start"]), _num(events.at[i, "end"])
    if events.at[i, "kind"] == "point":
        # a day sits on its date tick (midnight); a part of day at its middle; a time at itself
        at = (s + e) / 2 if events.at[i, "granularity"] == "part of day" else s
        x = (at - p.lo) * scale
        return (x - marker / 2 - 1, x + marker / 2 + 1)
    a = (max(s, p.lo) - p.lo) * scale
    b = (min(e, p.hi) - p.lo) * scale
    if b - a < 3.0:
        c = (a + b) / 2
        a, b = c - 1.5, c + 1.5
    return (a, b)


def _assign_lanes(events: pd.DataFrame, panels: list[_Panel], labelled: set[int],
                  max_lanes: int, strip_lanes: int, colour_of) -> list[_Placed]:
    """Labelled events get lanes of their own (mark and label side by side, nothing else in
    the way); every other event goes to the compact strip under them."""
    for p in panels:
        p.lanes, p.strip = [], []
    home = {i: pi for pi, p in enumerate(panels) for i in p.members}
    placed: list[_Placed] = []
    unlabelled = [i for i in sorted(home) if i not in labelled]
    # labelled events first, in start order, so they claim their room
    for i in sorted(labelled):
        p = panels[home[i]]
        mark = _mark_extent(events, i, p)
        done = False
        for label, anchor, ha, occ in _label_options(events.at[i, "kind"], mark,
                                                     _label_text(events, i), p.width_pt):
            for li in range(max_lanes):
                if li == len(p.lanes):
                    p.lanes.append([])
                if _free(p.lanes[li], *occ):
                    p.lanes[li].append(occ)
                    placed.append(_Placed([i], home[i], li, events.at[i, "kind"], mark, label, anchor, ha))
                    done = True
                    break
            if done:
                break
        if not done:
            unlabelled.append(i)
    # the rest: small marks packed into the strip; identical marks (same interval, status and
    # colour) are drawn once
    same: dict[tuple, list[int]] = {}
    for i in sorted(unlabelled):
        k = (home[i], events.at[i, "start"], events.at[i, "end"], events.at[i, "kind"],
             _style_for(events.at[i, "status"]), colour_of(i))
        same.setdefault(k, []).append(i)
    for (pi, *_), idxs in sorted(same.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[1][0])):
        p = panels[pi]
        mark = _mark_extent(events, idxs[0], p, STRIP_MARKER_PT)
        lane = None
        for li in range(strip_lanes):
            if li == len(p.strip):
                p.strip.append([])
            if _free(p.strip[li], *mark, gap=0.5):
                lane = li
                break
        if lane is None:   # full: overlap in the least crowded lane
            lane = min(range(len(p.strip)),
                       key=lambda li: (sum(1 for q in p.strip[li] if q[0] < mark[1] and q[1] > mark[0]), li))
        p.strip[lane].append(mark)
        placed.append(_Placed(idxs, pi, lane, events.at[idxs[0], "kind"], mark, strip=True))
    return placed


def _panel_widths(events, panels, labelled, usable_in: float) -> np.ndarray:
    """Panel widths in inches: shares by event count, with a floor that fits the widest label."""
    n = len(panels)
    if n == 1:
        return np.array([usable_in])
    counts = np.array([len(p.members) for p in panels], dtype=float)
    floors = np.empty(n)
    for k, p in enumerate(panels):
        need = max([_text_width_pt(_label_text(events, i)) for i in p.members if i in labelled] or [0.0])
        need_in = (need + 2 * GAP_PT + 2 * EDGE_PT + MARKER_PT + 4) / 72.0
        floors[k] = min(max(need_in, 0.10 * usable_in), 0.30 * usable_in) if counts[k] else 0.06 * usable_in
    fixed = np.zeros(n, dtype=bool)
    while True:
        rest = usable_in - floors[fixed].sum()
        free_counts = np.where(fixed, 0.0, counts)
        total = free_counts.sum()
        share = rest * free_counts / total if total else np.zeros(n)
        newly = ~fixed & (share < floors)
        if not newly.any() or total == 0:
            widths = np.where(fixed, floors, share)
            if total == 0:
                widths = np.where(fixed, floors, rest / max(1, (~fixed).sum()))
            return widths * (usable_in / widths.sum())
        fixed |= newly


# --------------------------------------------------------------------------------------------
# drawing


def _style_for(status) -> str:
    return status if status in ("reported", "ongoing", "planned") else "reported"


def _draw_point(ax, x, y, colour, status, size=MARKER_PT, clip=True):
    kw = dict(marker="o", markersize=size, markeredgecolor=colour,
              markeredgewidth=1.3 if size >= MARKER_PT else 0.9, linestyle="none", zorder=3,
              clip_on=clip)
    if status == "planned":
        ax.plot([x], [y], markerfacecolor="white", **kw)
    elif status == "ongoing":
        ax.plot([x], [y], markerfacecolor=colour, fillstyle="left", markerfacecoloralt="white", **kw)
    else:
        ax.plot([x], [y], markerfacecolor=colour, **kw)


def _draw_bar(ax, a, b, y, colour, status, h=BAR_FRAC):
    lw = 1.0 if h >= BAR_FRAC else 0.7
    if status == "planned":
        ax.barh(y, b - a, left=a, height=h, facecolor="white", edgecolor=colour,
                hatch="////" if h >= BAR_FRAC else None, linestyle="--", linewidth=lw, zorder=2)
    elif status == "ongoing":
        ax.barh(y, b - a, left=a, height=h, facecolor=matplotlib.colors.to_rgba(colour, 0.25),
                edgecolor=colour, hatch="...." if h >= BAR_FRAC else None, linestyle=":",
                linewidth=lw, zorder=2)
    else:
        ax.barh(y, b - a, left=a, height=h, facecolor=matplotlib.colors.to_rgba(colour, 0.45),
                edgecolor=colour, linewidth=lw, zorder=2)


def _legend_handles(present, pubs, groups, group_by):
    style = []
    for kind in ("point", "bar"):
        for st in ("reported", "ongoing", "planned"):
            if (kind, st) not in present:
                continue
            label = f"{st} {'date' if kind == 'point' else 'period'}"
            if kind == "point":
                kw = dict(marker="o", markersize=MARKER_PT, markeredgecolor="#333333",
                          markeredgewidth=1.3, linestyle="none")
                if st == "planned":
                    h = Line2D([], [], markerfacecolor="white", **kw)
                elif st == "ongoing":
                    h = Line2D([], [], markerfacecolor="#333333", fillstyle="left",
                               markerfacecoloralt="white", **kw)
                else:
                    h = Line2D([], [], markerfacecolor="#333333", **kw)
            elif st == "planned":
                h = Patch(facecolor="white", edgecolor="#333333", hatch="////", linestyle="--")
            elif st == "ongoing":
                h = Patch(facecolor=(0.2, 0.2, 0.2, 0.25), edgecolor="#333333", hatch="....")
            else:
                h = Patch(facecolor=(0.2, 0.2, 0.2, 0.45), edgecolor="#333333")
            style.append((h, label))
    if pubs:
        if len(pubs) == 1:
            text = f"published {_ymd(pubs[0])}"
        else:
            text = f"published ({len(pubs)} dates, {_ymd(pubs[0])} – {_ymd(pubs[-1])})"
        if len(pubs) <= PUB_LINES_MAX:
            h = Line2D([], [], color=_PUB_COLOUR, linestyle=":", linewidth=1.2)
        else:
            h = Line2D([], [], color=_PUB_COLOUR, linestyle="none", marker="v", markersize=5)
        style.append((h, text))

    colour = []
    what = "documents" if not group_by else "groups"
    if len(groups["order"]) + len(groups["others"]) > 1:
        for g in groups["order"]:
            colour.append((Patch(facecolor=groups["colours"][g], edgecolor="none"),
                           _shorten(_group_name(groups, g), 42)))
        if len(groups["others"]) == 1:
            colour.append((Patch(facecolor=_OTHER, edgecolor="none"),
                           _shorten(_group_name(groups, groups["others"][0]), 42)))
        elif groups["others"]:
            colour.append((Patch(facecolor=_OTHER, edgecolor="none"),
                           f"other ({len(groups['others'])} {what})"))
    return style, colour


def _group_name(groups, g):
    return groups["names"].get(g) or (g if g else "(none)")


class _DateLocator(mdates.AutoDateLocator):
    """AutoDateLocator that never hands matplotlib a tick outside its calendar (years 1-9999)."""

    def __call__(self):
        vmin, vmax = sorted(_clamp(v) for v in self.axis.get_view_interval())
        ticks = self.get_locator(mdates.num2date(vmin, self.tz), mdates.num2date(vmax, self.tz))()
        return np.asarray([t for t in ticks if _X_MIN <= t <= _X_MAX])

    def nonsingular(self, vmin, vmax):
        vmin, vmax = super().nonsingular(vmin, vmax)
        return _clamp(vmin), _clamp(vmax)


class _DateFormatter(mdates.ConciseDateFormatter):
    """ConciseDateFormatter writing years before 1000 with four digits ("0001", not "1"), as
    the rest of the timeline does (strftime drops the leading zeros)."""

    def format_ticks(self, values):
        labels = super().format_ticks(values)
        out = []
        for v, text in zip(values, labels):
            year = mdates.num2date(_clamp(v)).year
            out.append(f"{year:04d}" if year < 1000 and text == str(year) else text)
        return out

    def get_offset(self):
        # the offset ("2017-Sep", "1-Jan-02") always starts with the year
        return re.sub(r"^\d{1,3}(?!\d)", lambda m: f"{int(m.group()):04d}", super().get_offset())


def _date_axis(ax, width_pt: float, size: float = TICK_SIZE, offset: bool = True):
    ax.xaxis_date()
    loc = _DateLocator(minticks=2, maxticks=max(3, int(width_pt / 55)))
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(_DateFormatter(loc, show_offset=offset))
    ax.tick_params(axis="x", labelsize=size)
    ax.xaxis.get_offset_text().set_fontsize(size)


def _layout_and_draw(fig, frame, events, panels, overview, pubs, groups, heading, n_vague, group_by):
    n_panels = len(panels)
    gap_in = 0.2
    shown = sorted(i for p in panels for i in p.members)
    n_outside = len(events) - len(shown)
    labelled = _choose_labelled(events, shown)
    fw, fh = fig.get_size_inches()
    if frame is None:
        left_in, width_in = 0.25, FIG_WIDTH_IN - 0.5
    else:   # the whole picture (panels, ticks, legends, note) goes into the given Axes' box
        box = frame.get_position()
        left_in, width_in = box.x0 * fw, box.width * fw
    usable_w = width_in - gap_in * (n_panels - 1)

    def colour_of(i):
        return groups["colours"].get(events.at[i, "group"], _OTHER)

    # legend sizes are known before placement: every event in a panel is drawn
    present = {(events.at[i, "kind"], _style_for(events.at[i, "status"])) for i in shown}
    n_groups = len(groups["order"]) + len(groups["others"])
    n_style = len(present) + (1 if pubs else 0)
    n_colour = 0 if n_groups <= 1 else len(groups["order"]) + (1 if groups["others"] else 0)
    style_cols = max(1, min(7, n_style, int(width_in // 1.6)))
    colour_cols = max(1, min(3, int(width_in // 3.3)))
    tick_in, leg_row_in = 0.5, 0.21
    style_h = math.ceil(n_style / style_cols) * leg_row_in + 0.1 if n_style else 0.0
    colour_h = math.ceil(n_colour / colour_cols) * leg_row_in + 0.32 if n_colour else 0.0
    note_h = 0.3      # grows below once the note is known
    ov_h = OVERVIEW_TICK_IN + OVERVIEW_IN + OVERVIEW_GAP_IN if overview else 0.0
    title_in = 0.55
    strip_lanes = STRIP_MAX_LANES
    if frame is None:
        fixed = title_in + ov_h + tick_in + style_h + colour_h + note_h + 0.12
        room_pt = (MAX_HEIGHT_IN - fixed) * 72
        max_lanes = max(3, min(MAX_LANES, int(room_pt // LANE_PT)))
    else:
        axes_h = max(box.height * fh - (tick_in + style_h + colour_h + note_h + ov_h),
                     0.25 * box.height * fh)
        room_pt = axes_h * 72
        strip_lanes = max(1, min(STRIP_MAX_LANES, int(room_pt * 0.2 // STRIP_LANE_PT)))
        max_lanes = max(1, int(room_pt // LANE_PT))

    widths_in = _panel_widths(events, panels, labelled, usable_w)
    for p, w in zip(panels, widths_in):
        p.width_pt = w * 72.0

    placed = _assign_lanes(events, panels, labelled, max_lanes, strip_lanes, colour_of)
    if any(pl.strip for pl in placed):
        # the strip needs room: fewer labelled lanes when the size is bounded
        strip_pt = STRIP_SEP_PT + strip_lanes * STRIP_LANE_PT
        lanes2 = max(1, int((room_pt - strip_pt) // LANE_PT))
        if lanes2 < max_lanes and max(len(p.lanes) for p in panels) > lanes2:
            placed = _assign_lanes(events, panels, labelled, lanes2, strip_lanes, colour_of)
    n_lanes = max(1, max(len(p.lanes) for p in panels))
    n_strip = max([len(p.strip) for p in panels] + [0])
    if n_strip:
        rows = n_lanes
        off = 0.0
        strip_top = n_lanes - 0.5 + STRIP_SEP_PT / LANE_PT     # in lane units
        rows_units = rows + (STRIP_SEP_PT + n_strip * STRIP_LANE_PT + 2) / LANE_PT
    else:
        rows = max(n_lanes, 3)
        off = (rows - n_lanes) / 2.0
        rows_units = rows

    style_items, colour_items = _legend_handles(present, pubs, groups, group_by)

    n_labelled = sum(1 for pl in placed if pl.label is not None)
    n_strip_events = sum(len(pl.idxs) for pl in placed if pl.strip)
    notes = []
    if n_strip_events:
        notes.append(f"{n_strip_events} events without labels drawn small under the labelled ones "
                     f"(labels on the {n_labelled} most-reported)")
    if overview:
        olo, ohi = overview
        notes.append(f"top strip: all {len(events)} events, {mdates.num2date(olo).year:04d}–"
                     f"{mdates.num2date(ohi).year:04d}; the shaded ranges are enlarged below"
                     + (f" ({n_outside} events outside them appear only in the strip)" if n_outside else ""))
    elif n_panels > 1:
        notes.append("time axis broken at empty stretches (//)")
    if n_vague:
        notes.append(f"{n_vague} vague mention{'s' if n_vague != 1 else ''} (e.g. PAST_REF) not drawn")
    note = _wrap_note(notes, width_in * 72)

    axes_h = rows_units * LANE_PT / 72.0
    if frame is None:
        note_h = 0.3 + 0.14 * note.count("\n") if note else 0.0
        if not colour_items:
            colour_h = 0.0
        height = title_in + ov_h + axes_h + tick_in + style_h + colour_h + note_h + 0.12
        fig.set_size_inches(FIG_WIDTH_IN, height)
        bottom_in = height - title_in - ov_h - axes_h
    else:
        bottom_in = box.y0 * fh + box.height * fh - ov_h - axes_h

    fw, fh = fig.get_size_inches()
    axes = []
    x_in = left_in
    for k, w in enumerate(widths_in):
        rect = [x_in / fw, bottom_in / fh, w / fw, axes_h / fh]
        if k == 0 and frame is not None:
            ax = frame
            ax.set_position(rect)
        else:
            ax = fig.add_axes(rect)
        axes.append(ax)
        x_in += w + gap_in

    for k, (ax, p) in enumerate(zip(axes, panels)):
        ax.set_xlim(p.lo, p.hi)
        ax.set_ylim(rows_units - 0.5 - off, -0.5 - off)
        ax.set_yticks([])
        for side in ("top", "left", "right"):
            ax.spines[side].set_visible(False)
        ax.set_facecolor("white")
        _date_axis(ax, p.width_pt)
        ax.grid(axis="x", color="#e8e8e8", linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)
        if n_strip:
            ax.axhspan(strip_top - 0.1, rows_units - 0.5, color="#f3f3f3", linewidth=0, zorder=0.5)
        xs = [x for x in (_num(pub) for pub in pubs) if p.lo <= x <= p.hi]
        if len(pubs) <= PUB_LINES_MAX:
            for x in xs:
                ax.axvline(x, color=_PUB_COLOUR, linestyle=":", linewidth=1.2, zorder=1)
        elif xs:   # many: a tick each along the top edge, so they do not hatch the labels
            tr = transforms.offset_copy(transforms.blended_transform_factory(ax.transData, ax.transAxes),
                                        fig=fig, y=3.5, units="points")
            ax.plot(xs, [1.0] * len(xs), linestyle="none", marker="v", markersize=5,
                    color=_PUB_COLOUR, transform=tr, clip_on=False, zorder=5)
        if overview is None:
            # the break: slashes on the axis line at the inner edges
            slash = dict(marker=[(-1, -1.6), (1, 1.6)], markersize=9, linestyle="none",
                         color="#333333", mec="#333333", mew=1.2, clip_on=False, transform=ax.transAxes)
            if k > 0:
                ax.plot([0], [0], **slash)
            if k < n_panels - 1:
                ax.plot([1], [0], **slash)

    strip_unit = STRIP_LANE_PT / LANE_PT
    for pl in placed:
        ax, p = axes[pl.panel], panels[pl.panel]
        i = pl.idxs[0]
        colour = colour_of(i) if pl.strip else groups["colours"].get(events.at[i, "group"], _OTHER)
        status = _style_for(events.at[i, "status"])
        scale = (p.hi - p.lo) / p.width_pt
        if pl.strip:
            y = strip_top + (pl.lane + 0.5) * strip_unit
            size, h = STRIP_MARKER_PT, 0.75 * strip_unit
        else:
            y, size, h = pl.lane, MARKER_PT, BAR_FRAC
        if pl.kind == "point":
            x = p.lo + (pl.mark[0] + pl.mark[1]) / 2 * scale
            # a point on the very first or last day of the calendar sits on the panel edge (there
            # is no room for a margin beyond it): drawn whole rather than cut in half
            edge = min(x - p.lo, p.hi - x) < (size / 2 + 1) * scale
            _draw_point(ax, x, y, colour, status, size, clip=not edge)
        else:
            s, e = _num(events.at[i, "start"]), _num(events.at[i, "end"])
            a, b = p.lo + pl.mark[0] * scale, p.lo + pl.mark[1] * scale
            # long bars run off the panel edge (clipped by the axes)
            _draw_bar(ax, s if s < p.lo else a, e if e > p.hi else b, y, colour, status, h)
        if pl.label is not None:
            tr = transforms.blended_transform_factory(ax.transAxes, ax.transData)
            t = ax.text(pl.label_x / p.width_pt, y, pl.label, transform=tr, ha=pl.ha,
                        va="center", fontsize=LABEL_SIZE, color="#111111", zorder=4, clip_on=False)
            # a pale ground keeps the words legible over grid, publication lines and hatching
            alpha = 0.9 if (pl.ha == "center" and status != "reported") else 0.75
            t.set_bbox(dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=alpha))
            t.set_gid(LABEL_GID)

    if overview:
        top_in = bottom_in + axes_h + ov_h - OVERVIEW_TICK_IN
        _draw_overview(fig, events, pubs, panels, axes, overview,
                       (left_in, top_in - OVERVIEW_IN, width_in, OVERVIEW_IN))

    fig.patch.set_facecolor("white")
    fw, fh = fig.get_size_inches()
    if frame is None:
        fig.text(left_in / fw, 1 - 0.3 / fh, heading, ha="left", va="center", fontsize=12,
                 fontweight="bold")
    else:
        (fig.axes[-1] if overview else axes[0]).set_title(heading, loc="left", fontsize=11)
    y_in = bottom_in - tick_in
    if style_items:
        fig.legend([h for h, _ in style_items], [t for _, t in style_items], loc="upper left",
                   bbox_to_anchor=(left_in / fw, y_in / fh), ncol=style_cols, fontsize=8,
                   frameon=False, handlelength=2.2, borderaxespad=0, borderpad=0.1,
                   columnspacing=1.6)
        y_in -= style_h
    if colour_items:
        fig.legend([h for h, _ in colour_items], [t for _, t in colour_items], loc="upper left",
                   bbox_to_anchor=(left_in / fw, y_in / fh), ncol=colour_cols, fontsize=8,
                   frameon=False, title=("colour: document" if not group_by else f"colour: {group_by}"),
                   title_fontsize=8, alignment="left", borderaxespad=0, borderpad=0.1,
                   columnspacing=1.6)
        y_in -= colour_h
    if note:
        fig.text(left_in / fw, (y_in - 0.08) / fh, note, ha="left", va="top", fontsize=NOTE_SIZE,
                 color="#555555", wrap=False)


def _wrap_note(parts: list[str], width_pt: float) -> str:
    """The footnote: its parts joined with "; ", broken into lines that fit ``width_pt``."""
    lines: list[str] = []
    for part in parts:
        for word in part.split(" "):
            cand = f"{lines[-1]} {word}" if lines and lines[-1] else word
            if lines and _text_width_pt(cand, NOTE_SIZE) <= width_pt:
                lines[-1] = cand
            else:
                lines.append(word)
        if lines:
            lines[-1] += ";"
    return "\n".join(lines).rstrip(";")


def _draw_overview(fig, events, pubs, panels, axes, overview, rect_in):
    """The whole span as a thin strip: every event a tick (points) or a thin bar (periods), the
    publication dates as small triangles, the zoomed ranges shaded and joined to their panels."""
    fw, fh = fig.get_size_inches()
    x0, y0, w, h = rect_in
    ov = fig.add_axes([x0 / fw, y0 / fh, w / fw, h / fh])
    ov.set_gid(OVERVIEW_GID)
    lo, hi = overview
    pad = max(0.01 * (hi - lo), 1.0)
    ov.set_xlim(_clamp(lo - pad), _clamp(hi + pad))
    ov.set_ylim(0, 1)
    ov.set_yticks([])
    for side in ("left", "right", "bottom"):
        ov.spines[side].set_visible(False)
    ov.spines["top"].set_color("#999999")
    ov.xaxis.tick_top()
    _date_axis(ov, w * 72, size=7, offset=False)
    ov.tick_params(axis="x", length=2, pad=1, colors="#444444")
    ov.set_facecolor("#fafafa")
    per_pt = (hi - lo + 2 * pad) / (w * 72)
    for p in panels:      # at least 4 pt wide, so a short range is still seen in a long span
        grow = max(0.0, 4 * per_pt - (p.hi - p.lo)) / 2
        ov.axvspan(_clamp(p.lo - grow), _clamp(p.hi + grow), facecolor=_ZOOM_COLOUR,
                   edgecolor=_ZOOM_EDGE, linewidth=0.8, zorder=0.5)
    s = np.array([_num(t) for t in events["start"]])
    e = np.array([_num(t) for t in events["end"]])
    pt = (events["kind"] == "point").to_numpy()
    if pt.any():
        ov.vlines(s[pt], 0.08, 0.5, colors="#333333", linewidth=0.8, alpha=0.7, zorder=2)
    if (~pt).any():
        ends = np.minimum(np.maximum(e[~pt], s[~pt] + pad / 20), _X_MAX)
        ov.hlines(np.full((~pt).sum(), 0.68), s[~pt], ends,
                  colors="#333333", linewidth=3, alpha=0.3, zorder=2)
    if pubs:
        ov.plot([_num(p) for p in pubs], [0.9] * len(pubs), linestyle="none", marker="v",
                markersize=3.5, color=_PUB_COLOUR, zorder=3)
    # join each shaded range to its panel
    for p, ax in zip(panels, axes):
        fa = ov.transData.transform([(p.lo, 0), (p.hi, 0)])
        ab = ax.get_position()
        for (xd, yd), xf in zip(fa, (ab.x0, ab.x1)):
            xo, yo = fig.transFigure.inverted().transform((xd, yd))
            fig.add_artist(Line2D([xo, xf], [yo, ab.y1], transform=fig.transFigure,
                                  color=_ZOOM_EDGE, alpha=0.6, linewidth=0.8, zorder=0))
    return ov


def _draw_empty(ax, heading, n_vague) -> Figure:
    if ax is None:
        fig = Figure(figsize=(FIG_WIDTH_IN, 2.2), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes([0.02, 0.05, 0.96, 0.7])
        fig.text(0.02, 0.88, heading, ha="left", va="center", fontsize=12, fontweight="bold")
    else:
        fig = ax.figure
        ax.set_title(heading, loc="left", fontsize=11)
    ax.set_axis_off()
    msg = "no dated events"
    if n_vague:
        msg += f"\n({n_vague} vague mention{'s' if n_vague != 1 else ''} such as PAST_REF, not drawn)"
    ax.text(0.5, 0.5, msg, ha="center", va="center", fontsize=11, color="#444444",
            transform=ax.transAxes)
    fig.patch.set_facecolor("white")
    return fig
