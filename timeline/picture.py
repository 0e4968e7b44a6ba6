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
  present. Publication dates are dotted vertical lines, named in the legend
  ("published 2017-09-27", or the number and range of dates when there are several).
* **Colour** is the document (or the ``group_by`` column). The nine largest groups get their own
  colour and legend entry; the rest share grey, listed as "other (N ...)", so the legend stays short.
* **Same event, several sources.** Rows with the same TIMEX3 value and largely the same words
  (the clusters of :mod:`timeline.merge`) are one event, drawn once in the colour of the group that
  mentions it most; its label says how many documents report it ("(3 sources)").

Layout (deterministic, no iteration over a renderer)
----------------------------------------------------
* **Panels / broken axis.** Events years apart would squash the rest into a blob, so the time axis
  is cut where the calendar is empty: the events' intervals (plus the publication dates) are merged
  into clusters, and the largest empty gap is cut while it is at least 30 % of the span of the
  part it lies in and at least 30 days long, up to four panels. Panels sit side by side, each with
  its own date locator/formatter (ConciseDateFormatter), and the breaks are marked with diagonal
  slashes on the axis line. Panel widths follow the number of events in them, with a floor wide
  enough for the panel's longest label (within limits), so a lone 2011 event still gets a readable
  panel. Very long events (over 400 days, e.g. decades)
  that overlap shorter ones do not widen a panel: their bars are clipped at the panel edges.
* **Lanes.** Labelled events are placed first, in start order, each in the first lane (top to
  bottom) where its mark *and its label* fit without touching anything already there. Label
  widths are measured with the Agg text engine in points and the panels are laid out in points
  too, so the same table always gives the same layout and no two labels overlap. A label goes
  inside its bar when the bar is wide enough, else right of the mark, else left of it, else it is
  shortened with "…" to the widest room; labels never cross a panel edge. Labels sit on a pale
  ground so grid and publication lines do not cut through the words. The figure is 12 in wide and
  grows 14 pt per lane.
* **Many events.** At most :data:`MAX_LABELS` (60) events are labelled. With more, the labels go
  to the most-reported ones (most distinct documents, then most mentions, then the finest
  granularity, then spread evenly over time) and the rest are drawn as marks only, packed into
  the free space after the labelled ones; identical unlabelled marks (same interval, same status)
  are drawn once, dark grey when they stand for several groups. A footnote says how many events
  are unlabelled. Labelling the most-reported events keeps the stories several outlets carry
  readable, which is what a reader of a multi-article timeline looks for first; a lane cap
  (:data:`MAX_LANES`) keeps the figure bounded, and past it unlabelled marks may share space
  with other marks but keep off labels where they can.

``plot(df, ax)`` fits the whole picture (panels, ticks, legends, footnote) into that Axes' box: its
first panel is ``ax`` itself, further panels are added beside it, and the number of lanes follows
the box height (events that do not fit a labelled lane become marks).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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

__all__ = ["plot", "save_png", "MAX_LABELS", "MAX_LANES", "LABEL_GID"]

MAX_LABELS = 60          # labelled events at most; the rest are marks only
MAX_LANES = 90           # lanes in a figure we size ourselves
MAX_PANELS = 4           # broken-axis panels at most
MAX_COLOURS = 9          # groups with their own colour; the rest are "other"
LABEL_GID = "event-label"

DPI = 100
FIG_WIDTH_IN = 12.0
LANE_PT = 14.0           # height of one lane
LABEL_SIZE = 8.0
TICK_SIZE = 8.0
MARKER_PT = 7.0          # marker diameter
BAR_FRAC = 0.62          # bar height as a fraction of the lane
GAP_PT = 4.0             # space between a mark and its label, and between neighbours
EDGE_PT = 3.0            # labels keep this far from a panel edge
MAX_LABEL_CHARS = 60
SPLIT_RATIO = 0.30       # a gap is cut when it is this much of its part's span ...
SPLIT_MIN_DAYS = 30.0    # ... and at least this long
LONG_DAYS = 400.0        # events longer than this do not widen panels they overlap

POINT_GRANULARITIES = {"day", "time", "part of day"}
_REQUIRED = ["doc_id", "title", "published", "start", "end", "granularity", "status", "label",
             "value", "expression"]
_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#bcbd22", "#17becf"]
_OTHER = "#8c8c8c"
_MIXED = "#3a3a3a"            # an unlabelled mark standing for events of several groups
_PUB_COLOUR = "#555555"


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
    panels = _make_panels(events, pubs)
    if ax is None:
        fig = Figure(figsize=(FIG_WIDTH_IN, 4.0), dpi=DPI)
        FigureCanvasAgg(fig)
        frame = None
    else:
        fig = ax.figure
        frame = ax
    _layout_and_draw(fig, frame, events, panels, pubs, groups, heading, n_vague, group_by)
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
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format="png", dpi=DPI, metadata={"Software": None},
                        facecolor="white", edgecolor="white")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)     # mkstemp makes 0600; give the usual mode
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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
    lanes: list = field(default_factory=list)     # per lane: list of (a, b, is_label)


def _num(ts) -> float:
    return float(mdates.date2num(pd.Timestamp(ts).to_pydatetime()))


def _clusters(spans: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _make_panels(events: pd.DataFrame, pubs: list[pd.Timestamp]) -> list[_Panel]:
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
    spans = [(a, b) for a, b, lg in zip(s, e, long) if not lg]
    # publication dates anchor a panel only when near the events (within the events' span)
    if spans:
        lo_all = min(a for a, _ in spans)
        hi_all = max(b for _, b in spans)
        width = max(hi_all - lo_all, 1.0)
        anchors = [x for x in anchors if lo_all - width <= x[0] <= hi_all + width]
    clusters = _clusters(spans + anchors)

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

    panels = []
    for seg in segments:
        lo, hi = seg[0][0], seg[-1][1]
        span = max(hi - lo, 1.0)
        mid = (lo + hi) / 2
        lo, hi = mid - span / 2, mid + span / 2
        pad = max(0.04 * span, 0.5)
        panels.append(_Panel(lo - pad, hi + pad))

    for i in range(len(events)):
        ov = [min(e[i], p.hi) - max(s[i], p.lo) for p in panels]
        best = int(np.argmax(ov))
        if ov[best] <= 0:   # cannot happen for short events; be safe: nearest panel
            best = int(np.argmin([min(abs(s[i] - p.hi), abs(e[i] - p.lo)) for p in panels]))
        panels[best].members.append(i)
    return panels


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


def _choose_labelled(events: pd.DataFrame) -> set[int]:
    """The events that get a label: all when few, else the MAX_LABELS most-reported.

    Most-reported = most distinct documents, then most mentions, then finest granularity; ties
    are broken by spreading the choice evenly over time (events are in start order).
    """
    n = len(events)
    if n <= MAX_LABELS:
        return set(range(n))
    key = list(zip(-events["sources"].to_numpy(), -events["mentions"].to_numpy(),
                   [_FINENESS.get(g, 99) for g in events["granularity"]]))
    order: list[int] = []
    for k in sorted(set(key)):
        tied = [i for i in range(n) if key[i] == k]
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


def _free(lane: list, a: float, b: float, labels_only: bool = False) -> bool:
    for (x0, x1, is_label) in lane:
        if labels_only and not is_label:
            continue
        if a < x1 + GAP_PT and b > x0 - GAP_PT:
            return False
    return True


def _mark_extent(events: pd.DataFrame, i: int, p: _Panel) -> tuple[float, float]:
    scale = p.width_pt / (p.hi - p.lo)
    s, e = _num(events.at[i, "start"]), _num(events.at[i, "end"])
    if events.at[i, "kind"] == "point":
        # a day sits on its date tick (midnight); a part of day at its middle; a time at itself
        at = (s + e) / 2 if events.at[i, "granularity"] == "part of day" else s
        x = (at - p.lo) * scale
        return (x - MARKER_PT / 2 - 1, x + MARKER_PT / 2 + 1)
    a = (max(s, p.lo) - p.lo) * scale
    b = (min(e, p.hi) - p.lo) * scale
    if b - a < 3.0:
        c = (a + b) / 2
        a, b = c - 1.5, c + 1.5
    return (a, b)


def _assign_lanes(events: pd.DataFrame, panels: list[_Panel], labelled: set[int],
                  max_lanes: int) -> list[_Placed]:
    home = {i: pi for pi, p in enumerate(panels) for i in p.members}
    placed: list[_Placed] = []
    unlabelled = [i for i in range(len(events)) if i not in labelled]
    # labelled events first, in start order, so they claim their room
    for i in range(len(events)):
        if i not in labelled:
            continue
        p = panels[home[i]]
        mark = _mark_extent(events, i, p)
        done = False
        for label, anchor, ha, occ in _label_options(events.at[i, "kind"], mark,
                                                     _label_text(events, i), p.width_pt):
            for li in range(max_lanes):
                if li == len(p.lanes):
                    p.lanes.append([])
                if _free(p.lanes[li], *occ):
                    p.lanes[li].append((occ[0], occ[1], True))
                    placed.append(_Placed([i], home[i], li, events.at[i, "kind"], mark, label, anchor, ha))
                    done = True
                    break
            if done:
                break
        if not done:
            unlabelled.append(i)
    # the rest: marks only; identical marks (same interval and status) are drawn once
    same: dict[tuple, list[int]] = {}
    for i in sorted(unlabelled):
        k = (home[i], events.at[i, "start"], events.at[i, "end"], events.at[i, "kind"],
             _style_for(events.at[i, "status"]))
        same.setdefault(k, []).append(i)
    for (pi, *_), idxs in sorted(same.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[1][0])):
        p = panels[pi]
        mark = _mark_extent(events, idxs[0], p)
        occ = (mark[0] + GAP_PT - 1, mark[1] - GAP_PT + 1)      # marks may sit 1 pt apart
        lane = None
        for li in range(max_lanes):
            if li == len(p.lanes):
                p.lanes.append([])
            if _free(p.lanes[li], *occ):
                lane = li
                break
        if lane is None:   # full: share with marks, keep off labels where possible
            clear = [li for li in range(len(p.lanes)) if _free(p.lanes[li], *mark, labels_only=True)]
            cands = clear or list(range(len(p.lanes)))
            lane = min(cands, key=lambda li: (sum(1 for q in p.lanes[li] if q[0] < mark[1] and q[1] > mark[0]), li))
        p.lanes[lane].append((occ[0], occ[1], False))
        placed.append(_Placed(idxs, pi, lane, events.at[idxs[0], "kind"], mark))
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


def _draw_point(ax, x, y, colour, status):
    kw = dict(marker="o", markersize=MARKER_PT, markeredgecolor=colour, markeredgewidth=1.3,
              linestyle="none", zorder=3)
    if status == "planned":
        ax.plot([x], [y], markerfacecolor="white", **kw)
    elif status == "ongoing":
        ax.plot([x], [y], markerfacecolor=colour, fillstyle="left", markerfacecoloralt="white", **kw)
    else:
        ax.plot([x], [y], markerfacecolor=colour, **kw)


def _draw_bar(ax, a, b, y, colour, status):
    h = BAR_FRAC
    if status == "planned":
        ax.barh(y, b - a, left=a, height=h, facecolor="white", edgecolor=colour, hatch="////",
                linestyle="--", linewidth=1.0, zorder=2)
    elif status == "ongoing":
        ax.barh(y, b - a, left=a, height=h, facecolor=matplotlib.colors.to_rgba(colour, 0.25),
                edgecolor=colour, hatch="....", linewidth=1.0, zorder=2)
    else:
        ax.barh(y, b - a, left=a, height=h, facecolor=matplotlib.colors.to_rgba(colour, 0.45),
                edgecolor=colour, linewidth=1.0, zorder=2)


def _legend_handles(present, pubs, groups, group_by, mixed):
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
            text = f"published {pubs[0]:%Y-%m-%d}"
        else:
            text = f"published ({len(pubs)} dates, {pubs[0]:%Y-%m-%d} – {pubs[-1]:%Y-%m-%d})"
        style.append((Line2D([], [], color=_PUB_COLOUR, linestyle=":", linewidth=1.2), text))

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
        if mixed:
            colour.append((Patch(facecolor=_MIXED, edgecolor="none"),
                           f"several {what} (unlabelled marks)"))
    return style, colour


def _group_name(groups, g):
    return groups["names"].get(g) or (g if g else "(none)")


def _mark_colour(events, idxs, groups) -> tuple[str, bool]:
    gs = {events.at[i, "group"] for i in idxs}
    if len(gs) == 1:
        return groups["colours"].get(gs.pop(), _OTHER), False
    cols = {groups["colours"].get(g, _OTHER) for g in gs}
    return (cols.pop(), False) if len(cols) == 1 else (_MIXED, True)


def _layout_and_draw(fig, frame, events, panels, pubs, groups, heading, n_vague, group_by):
    n_panels = len(panels)
    gap_in = 0.2
    labelled = _choose_labelled(events)
    fw, fh = fig.get_size_inches()
    if frame is None:
        left_in, width_in = 0.25, FIG_WIDTH_IN - 0.5
    else:   # the whole picture (panels, ticks, legends, note) goes into the given Axes' box
        box = frame.get_position()
        left_in, width_in = box.x0 * fw, box.width * fw
    usable_w = width_in - gap_in * (n_panels - 1)

    # legend sizes are known before placement: every event is drawn, so its style is present
    present = {(k, _style_for(st)) for k, st in zip(events["kind"], events["status"])}
    n_groups = len(groups["order"]) + len(groups["others"])
    n_style = len(present) + (1 if pubs else 0)
    n_colour = 0 if n_groups <= 1 else len(groups["order"]) + (1 if groups["others"] else 0) + 1
    style_cols = max(1, min(7, n_style, int(width_in // 1.6)))
    colour_cols = max(1, min(3, int(width_in // 3.3)))
    tick_in, leg_row_in = 0.5, 0.21
    style_h = math.ceil(n_style / style_cols) * leg_row_in + 0.1 if n_style else 0.0
    colour_h = math.ceil(n_colour / colour_cols) * leg_row_in + 0.32 if n_colour else 0.0
    note_h = 0.3
    if frame is None:
        max_lanes = MAX_LANES
    else:
        axes_h = max(box.height * fh - (tick_in + style_h + colour_h + note_h), 0.25 * box.height * fh)
        max_lanes = max(1, int(axes_h * 72 // LANE_PT))

    widths_in = _panel_widths(events, panels, labelled, usable_w)
    for p, w in zip(panels, widths_in):
        p.width_pt = w * 72.0

    placed = _assign_lanes(events, panels, labelled, max_lanes)
    n_lanes = max(1, max(len(p.lanes) for p in panels))
    rows = max(n_lanes, 3)

    colours = {id(pl): _mark_colour(events, pl.idxs, groups) for pl in placed}
    mixed = any(m for _, m in colours.values())
    style_items, colour_items = _legend_handles(present, pubs, groups, group_by, mixed)

    n_labelled = sum(1 for pl in placed if pl.label is not None)
    notes = []
    if n_labelled < len(events):
        notes.append(f"{len(events) - n_labelled} of {len(events)} events drawn as marks only "
                     f"(labels on the {n_labelled} most-reported; identical marks drawn once)")
    if n_vague:
        notes.append(f"{n_vague} vague mention{'s' if n_vague != 1 else ''} (e.g. PAST_REF) not drawn")
    if n_panels > 1:
        notes.append("time axis broken at empty stretches (//)")
    note = "; ".join(notes)

    if frame is None:
        title_in = 0.55
        axes_h = rows * LANE_PT / 72.0
        if not note:
            note_h = 0.0
        if not colour_items:
            colour_h = 0.0
        height = title_in + axes_h + tick_in + style_h + colour_h + note_h + 0.12
        fig.set_size_inches(FIG_WIDTH_IN, height)
        bottom_in = height - title_in - axes_h
    else:
        bottom_in = box.y0 * fh + box.height * fh - axes_h

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

    off = (rows - n_lanes) / 2.0
    for k, (ax, p) in enumerate(zip(axes, panels)):
        ax.set_xlim(p.lo, p.hi)
        ax.set_ylim(rows - 0.5 - off, -0.5 - off)
        ax.set_yticks([])
        for side in ("top", "left", "right"):
            ax.spines[side].set_visible(False)
        ax.set_facecolor("white")
        ax.xaxis_date()
        loc = mdates.AutoDateLocator(minticks=2, maxticks=max(3, int(p.width_pt / 55)))
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc, show_offset=True))
        ax.tick_params(axis="x", labelsize=TICK_SIZE)
        ax.xaxis.get_offset_text().set_fontsize(TICK_SIZE)
        ax.grid(axis="x", color="#e8e8e8", linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)
        for pub in pubs:
            x = _num(pub)
            if p.lo <= x <= p.hi:
                ax.axvline(x, color=_PUB_COLOUR, linestyle=":", linewidth=1.2, zorder=1)
        # the break: slashes on the axis line at the inner edges
        slash = dict(marker=[(-1, -1.6), (1, 1.6)], markersize=9, linestyle="none",
                     color="#333333", mec="#333333", mew=1.2, clip_on=False, transform=ax.transAxes)
        if k > 0:
            ax.plot([0], [0], **slash)
        if k < n_panels - 1:
            ax.plot([1], [0], **slash)

    for pl in placed:
        ax, p = axes[pl.panel], panels[pl.panel]
        i = pl.idxs[0]
        colour, _ = colours[id(pl)]
        status = _style_for(events.at[i, "status"])
        scale = (p.hi - p.lo) / p.width_pt
        if pl.kind == "point":
            _draw_point(ax, p.lo + (pl.mark[0] + pl.mark[1]) / 2 * scale, pl.lane, colour, status)
        else:
            s, e = _num(events.at[i, "start"]), _num(events.at[i, "end"])
            a, b = p.lo + pl.mark[0] * scale, p.lo + pl.mark[1] * scale
            # long bars run off the panel edge (clipped by the axes)
            _draw_bar(ax, s if s < p.lo else a, e if e > p.hi else b, pl.lane, colour, status)
        if pl.label is not None:
            tr = transforms.blended_transform_factory(ax.transAxes, ax.transData)
            t = ax.text(pl.label_x / p.width_pt, pl.lane, pl.label, transform=tr, ha=pl.ha,
                        va="center", fontsize=LABEL_SIZE, color="#111111", zorder=4, clip_on=False)
            # a pale ground keeps the words legible over grid, publication lines and hatching
            alpha = 0.9 if (pl.ha == "center" and status != "reported") else 0.75
            t.set_bbox(dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=alpha))
            t.set_gid(LABEL_GID)

    fig.patch.set_facecolor("white")
    fw, fh = fig.get_size_inches()
    if frame is None:
        fig.text(left_in / fw, 1 - 0.3 / fh, heading, ha="left", va="center", fontsize=12,
                 fontweight="bold")
    else:
        axes[0].set_title(heading, loc="left", fontsize=11)
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
                   frameon=False, title=("document" if not group_by else group_by),
                   title_fontsize=8, alignment="left", borderaxespad=0, borderpad=0.1,
                   columnspacing=1.6)
        y_in -= colour_h
    if note:
        fig.text(left_in / fw, (y_in - 0.08) / fh, note, ha="left", va="top", fontsize=7.5,
                 color="#555555", wrap=False)


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
