"""Tests for timeline.picture: the picture's contract (files, layout, what is and is not drawn)."""
from __future__ import annotations

import datetime as dt
import itertools

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg", force=False)

from matplotlib.text import Text  # noqa: E402

import importlib  # noqa: E402

tplot = importlib.import_module("timeline.picture")
from timeline.errors import TimelineError  # noqa: E402
from timeline.schema import COLUMNS, GRANULARITIES, STATUSES  # noqa: E402
from timeline.timex import interval  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------------------- building tables

def make_frame(events: list[dict]) -> pd.DataFrame:
    """A table with every schema column, in schema order, with the schema dtypes.

    Each event dict needs ``value``; ``doc_id``, ``published``, ``status``, ``label`` and
    ``title`` are optional. ``start``/``end``/``granularity`` come from the TIMEX3 value, as the
    pipeline derives them (vague values get NaT and granularity ``vague``).
    """
    rows = []
    for k, ev in enumerate(events):
        value = ev["value"]
        span = interval(value)
        start, end, gran = span if span else (pd.NaT, pd.NaT, "vague")
        doc = ev.get("doc_id", "doc1")
        rows.append({
            "doc_id": doc,
            "title": ev.get("title", f"Title of {doc}"),
            "source": "Wire",
            "url": f"https://example.org/{doc}",
            "published": pd.Timestamp(ev.get("published", "2017-09-27")),
            "sentence_index": k,
            # the label is drawn from the sentence, as the pipeline does
            "sentence": f"{ev.get('label', f'event {k}')}, on {value}.",
            "expression": ev.get("expression", value),
            "expr_start": 10 * k,
            "expr_end": 10 * k + 5,
            "type": "DATE",
            "value": value,
            "mod": "",
            "start": start,
            "end": end,
            "granularity": gran,
            "status": ev.get("status", "reported"),
            "label": ev.get("label", f"event {k}"),
        })
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for name, (dtype, _) in COLUMNS.items():
        if name == "granularity":
            df[name] = pd.Categorical(df[name], categories=GRANULARITIES)
        elif name == "status":
            df[name] = pd.Categorical(df[name], categories=STATUSES)
        elif name == "type":
            df[name] = pd.Categorical(df[name], categories=["DATE", "TIME"])
        else:
            df[name] = df[name].astype(dtype)
    return df


LABEL_WORDS = ["talks", "storm", "vote", "summit", "strike", "launch", "report", "hearing",
               "election", "ceasefire", "deal", "protest", "merger", "trial", "visit"]


def many_events(n: int, n_docs: int = 1, seed: int = 0) -> pd.DataFrame:
    """n events of mixed granularity and status around September 2017, over n_docs documents."""
    rng = np.random.default_rng(seed)
    base = dt.date(2017, 9, 1)
    events = []
    for k in range(n):
        kind = rng.choice(["day", "day", "day", "month", "week", "time", "quarter"])
        day = base + dt.timedelta(days=int(rng.integers(0, 60)))
        if kind == "day":
            value = day.isoformat()
        elif kind == "time":
            value = f"{day.isoformat()}T{int(rng.integers(0, 24)):02d}:00"
        elif kind == "month":
            value = f"{day.year}-{day.month:02d}"
        elif kind == "week":
            y, w, _ = day.isocalendar()
            value = f"{y}-W{w:02d}"
        else:
            value = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        words = " ".join(rng.choice(LABEL_WORDS, size=int(rng.integers(1, 5))))
        doc = f"doc{k % n_docs:03d}"
        events.append({
            "value": value, "doc_id": doc, "label": f"{words} {k}",
            "status": "planned" if day > dt.date(2017, 9, 27) else "reported",
            "published": f"2017-09-{20 + (k % n_docs) % 8:02d}",
        })
    return make_frame(events)


def labels(fig) -> list[Text]:
    return [a for a in fig.findobj(Text) if a.get_gid() == tplot.LABEL_GID and a.get_visible()]


def label_boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in labels(fig)]


def assert_readable(fig):
    boxes = label_boxes(fig)
    fb = fig.bbox
    # each label stays within its own panel (so it cannot run into the next panel of a broken axis)
    for t, b in zip(labels(fig), boxes):
        ab = t.axes.get_window_extent()
        assert ab.x0 - 0.5 <= b.x0 and b.x1 <= ab.x1 + 0.5, (t.get_text(), b, ab)
    for b in boxes:
        assert b.x0 >= fb.x0 - 0.5 and b.x1 <= fb.x1 + 0.5, (b, fb)
        assert b.y0 >= fb.y0 - 0.5 and b.y1 <= fb.y1 + 0.5, (b, fb)
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        overlap = min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5
        assert not overlap, f"labels {i} and {j} overlap: {a} {b}"
    return boxes


def panel_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible() and ax.axison]


# ---------------------------------------------------------------------------- files

def test_save_png_is_png_and_reproducible(tmp_path):
    df = many_events(20, n_docs=3)
    a, b = tmp_path / "a.png", tmp_path / "sub" / "b.png"
    tplot.save_png(df, a)
    tplot.save_png(df.copy(), b)
    data = a.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert data == b.read_bytes()
    assert b"Software" not in data and b"matplotlib" not in data.lower()
    # no temporary files left beside the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "sub"]


def test_save_png_replaces_existing_file(tmp_path):
    out = tmp_path / "t.png"
    out.write_bytes(b"old")
    tplot.save_png(make_frame([{"value": "2017-09-26"}]), out)
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_plot_returns_figure_and_draws_on_given_axes():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    got = tplot.plot(make_frame([{"value": "2017-09-26"}, {"value": "2017-08"}]), ax)
    assert got is fig
    assert ax in fig.axes and ax.axison
    assert_readable(fig)


# ---------------------------------------------------------------------------- layout

@pytest.mark.parametrize("n", [1, 10, 100, 500])
def test_labels_do_not_overlap_and_stay_inside(n):
    df = many_events(n, n_docs=max(1, n // 12), seed=n)
    fig = tplot.plot(df)
    boxes = assert_readable(fig)
    assert boxes, "no labels drawn"
    expected = min(n, tplot.MAX_LABELS)
    # most events that can be labelled are (a few may be shortened away in a narrow spot)
    assert len(boxes) >= 0.8 * expected
    assert len(boxes) <= tplot.MAX_LABELS


def test_labels_near_the_edges_stay_in_their_panel():
    # the latest and earliest events carry long labels; the 2011 panel is narrow
    long = "a rather long label that would run past the edge of the panel if placed blindly"
    df = make_frame([{"value": "2011-05-02", "label": long}]
                    + [{"value": f"2017-09-{d:02d}", "label": f"day {d}"} for d in range(2, 29, 3)]
                    + [{"value": "2017-09-30", "label": long}, {"value": "2017-09-01", "label": long}])
    fig = tplot.plot(df)
    assert len(panel_axes(fig)) == 2
    boxes = assert_readable(fig)
    assert len(boxes) == 12


def test_labels_readable_in_dense_single_day():
    # 40 events on one day: the layout must stack them, not pile them up
    df = make_frame([{"value": "2017-09-26", "label": f"Story number {k} about item {k + 1000} and {k + 2000}"}
                     for k in range(40)])
    fig = tplot.plot(df)
    boxes = assert_readable(fig)
    assert len(boxes) == 40


def test_most_reported_events_get_the_labels():
    # one event reported by 5 documents, among 200 single-source events
    df = many_events(200, n_docs=20, seed=3)
    shared = make_frame([{"value": "2017-09-20", "doc_id": f"doc{k:03d}", "label": "The big storm"}
                         for k in range(5)])
    fig = tplot.plot(pd.concat([df, shared], ignore_index=True))
    texts = [t.get_text() for t in labels(fig)]
    assert "The big storm (5 sources)" in texts
    assert len(texts) <= tplot.MAX_LABELS


def test_same_value_and_label_from_several_documents_is_one_event():
    df = make_frame([{"value": "2017-09-20", "doc_id": d, "label": "Storm hits!"} for d in "abc"]
                    + [{"value": "2017-09-20", "doc_id": "d", "label": "storm  hits"}])
    fig = tplot.plot(df)
    assert [t.get_text() for t in labels(fig)] == ["Storm hits! (4 sources)"]


# ---------------------------------------------------------------------------- what is drawn

def test_vague_rows_are_not_drawn():
    df = make_frame([{"value": "2017-09-26", "label": "dated one"},
                     {"value": "PAST_REF", "label": "vague one"},
                     {"value": "FUTURE_REF", "label": "vague two"}])
    assert df["start"].isna().sum() == 2
    fig = tplot.plot(df)
    texts = [t.get_text() for t in labels(fig)]
    assert texts == ["dated one"]
    everything = " ".join(t.get_text() for t in fig.findobj(Text))
    assert "2 vague mentions" in everything
    assert len(df) == 3          # the table itself is untouched


@pytest.mark.parametrize("df", [
    make_frame([]),
    make_frame([{"value": "PAST_REF"}]),
], ids=["no rows", "only vague"])
def test_empty_frame_gives_readable_figure(df, tmp_path):
    fig = tplot.plot(df)
    fig.canvas.draw()
    assert any("no dated events" in t.get_text() for t in fig.findobj(Text))
    assert labels(fig) == []
    tplot.save_png(df, tmp_path / "empty.png")
    assert (tmp_path / "empty.png").read_bytes().startswith(PNG_MAGIC)


def test_points_for_days_bars_for_periods_and_planned_styled_apart():
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    df = make_frame([{"value": "2017-09-26", "label": "day"},
                     {"value": "2017-09-25T14:00", "label": "hour"},
                     {"value": "2017-08", "label": "month"},
                     {"value": "2018-H1", "label": "half", "status": "planned"},
                     {"value": "2017-10-02", "label": "future day", "status": "planned"}])
    fig = tplot.plot(df)
    fig.canvas.draw()
    points = [l for ax in fig.axes for l in ax.lines if l.get_marker() == "o"]
    assert len(points) == 3
    hollow = [l for l in points if l.get_markerfacecolor() in ("white", "w")]
    assert len(hollow) == 1                          # the planned day
    bars = [p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 2
    assert sum(1 for b in bars if b.get_hatch()) == 1    # the planned half-year
    legend_texts = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert "planned period" in legend_texts and "reported date" in legend_texts
    assert "published 2017-09-27" in legend_texts
    assert any(isinstance(l, Line2D) and l.get_linestyle() == ":" for ax in fig.axes for l in ax.lines)


def test_years_apart_get_a_broken_axis_and_the_dense_week_spreads_out():
    week = [{"value": f"2017-09-{d:02d}", "label": f"event on the {d}th"} for d in range(20, 27)]
    week += [{"value": f"2017-09-{d:02d}", "label": f"second thing {d}"} for d in (21, 23, 25)]
    df = make_frame(week + [{"value": "2011", "label": "war began"},
                            {"value": "2018-H1", "label": "vote due", "status": "planned"}])
    fig = tplot.plot(df)
    assert_readable(fig)
    panels = panel_axes(fig)
    assert len(panels) >= 2
    import matplotlib.dates as mdates
    week_lo, week_hi = mdates.date2num(dt.datetime(2017, 9, 20)), mdates.date2num(dt.datetime(2017, 9, 27))
    covering = [ax for ax in panels if ax.get_xlim()[0] <= week_lo and ax.get_xlim()[1] >= week_hi]
    assert len(covering) == 1
    zoom = covering[0]
    # the 2017 events spread over more than a third of the figure width
    xs = [zoom.transData.transform((l.get_xdata()[0], 0))[0] for l in zoom.lines if l.get_marker() == "o"]
    assert len(xs) == 10
    assert max(xs) - min(xs) > fig.bbox.width / 3
    # the 2011 event is in another panel
    y2011 = mdates.date2num(dt.datetime(2011, 7, 1))
    assert any(ax.get_xlim()[0] <= y2011 <= ax.get_xlim()[1] for ax in panels if ax is not zoom)


def test_no_break_for_a_dense_span():
    df = make_frame([{"value": f"2017-09-{d:02d}"} for d in (1, 3, 20, 28)])
    assert len(panel_axes(tplot.plot(df))) == 1


def test_title_derived_or_given():
    one = make_frame([{"value": "2017-09-26", "title": "Storm Maria hits"}])
    many = many_events(12, n_docs=4)

    def title_of(fig):
        return [t.get_text() for t in fig.texts if t.get_fontweight() == "bold"]

    assert title_of(tplot.plot(one)) == ["Storm Maria hits"]
    assert title_of(tplot.plot(many)) == ["4 articles"]
    assert title_of(tplot.plot(many, title="My timeline")) == ["My timeline"]


def test_colour_by_document_with_capped_legend():
    df = many_events(300, n_docs=40, seed=5)
    fig = tplot.plot(df)
    legend_texts = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert any(t.startswith("other (") for t in legend_texts)
    assert sum(1 for t in legend_texts if t.startswith("Title of doc")) == tplot.MAX_COLOURS
    # one grey entry for the rest; no second "several documents" entry
    assert sum(1 for t in legend_texts if "documents" in t) == 1


def test_group_by_column():
    df = many_events(12, n_docs=4)
    df["source"] = pd.Series(["AP", "Reuters"] * 6, dtype="string")
    fig = tplot.plot(df, group_by="source")
    legend_texts = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert "AP" in legend_texts and "Reuters" in legend_texts
    with pytest.raises(TimelineError):
        tplot.plot(df, group_by="no_such_column")


def test_since_until_filter_by_overlap():
    df = make_frame([{"value": "2017-08", "label": "august"},
                     {"value": "2017-09-10", "label": "tenth"},
                     {"value": "2017-09-30", "label": "thirtieth"},
                     {"value": "2017-10-05", "label": "october"}])

    def shown(**kw):
        return sorted(t.get_text() for t in labels(tplot.plot(df, **kw)))

    assert shown(since="2017-09-01", until="2017-09-30") == ["tenth", "thirtieth"]
    assert shown(since=dt.date(2017, 8, 31), until=dt.date(2017, 9, 29)) == ["august", "tenth"]
    assert shown(until="2017-08-15") == ["august"]
    assert shown(since="2017-10") == ["october"]
    with pytest.raises(TimelineError):
        tplot.plot(df, since="not a date")


# ---------------------------------------------------------------------------- a corpus: long, uneven span

def corpus_like(seed: int = 7) -> pd.DataFrame:
    """Two dense periods years apart (1989, 1998-99), a sparse scatter between and before them,
    and lone outliers centuries away: the shape of the 256 TBAQ articles."""
    rng = np.random.default_rng(seed)
    events = []
    for k in range(200):
        year, month0 = (1989, 9) if k % 2 else (1998, 7)
        day = dt.date(year, month0, 1) + dt.timedelta(days=int(rng.integers(0, 120)))
        value = day.isoformat() if k % 5 else f"{day.year}-{day.month:02d}"
        events.append({"value": value, "doc_id": f"d{k % 60:02d}", "label": f"event {k}",
                       "published": f"{year}-{month0 + 2:02d}-{1 + k % 28:02d}"})
    for k, year in enumerate(list(range(1950, 1988, 3)) + list(range(1991, 1998, 2))):
        events.append({"value": str(year), "doc_id": f"d{k:02d}", "label": f"scatter {year}",
                       "published": "1998-09-01"})
    events += [{"value": "1000", "label": "the year 1000", "doc_id": "d00", "published": "1998-09-01"},
               {"value": "1898-02-15", "label": "the Maine sank", "doc_id": "d01", "published": "1998-09-01"}]
    return make_frame(events)


def test_long_uneven_span_gets_an_overview_and_the_dense_years_the_width(tmp_path):
    import matplotlib.dates as mdates
    df = corpus_like()
    fig = tplot.plot(df)
    assert_readable(fig)
    overview = [ax for ax in fig.axes if ax.get_gid() == tplot.OVERVIEW_GID]
    assert len(overview) == 1
    lo, hi = overview[0].get_xlim()
    assert lo <= mdates.date2num(dt.datetime(1000, 1, 1)) and hi >= mdates.date2num(dt.datetime(1998, 11, 1))
    panels = [ax for ax in panel_axes(fig) if ax.get_gid() != tplot.OVERVIEW_GID]
    # the two dense periods, each in its own panel spanning at most a few years
    assert len(panels) == 2
    for ax, year in zip(sorted(panels, key=lambda a: a.get_xlim()[0]), (1989, 1998)):
        a, b = ax.get_xlim()
        assert a <= mdates.date2num(dt.datetime(year, 10, 1)) <= b
        assert b - a < 4 * 365
        assert ax.get_position().width > 0.3       # a good share of the width each
    # no panel spent on a lone outlier; the footnote says where they are
    note = " ".join(t.get_text() for t in fig.texts)
    assert "top strip" in note and "appear only in the strip" in note
    # bounded height, and the same bytes twice
    assert fig.get_size_inches()[1] <= tplot.MAX_HEIGHT_IN
    tplot.save_png(df, tmp_path / "a.png")
    tplot.save_png(df.copy(), tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_overview_also_fits_into_a_given_axes():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(11, 9))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    tplot.plot(corpus_like(), ax)
    assert any(a.get_gid() == tplot.OVERVIEW_GID for a in fig.axes)
    assert_readable(fig)


def test_few_events_far_apart_keep_the_broken_axis():
    # under FOCUS_MIN_EVENTS a lone year still gets its own panel, not an overview
    df = make_frame([{"value": "2011-05-02", "label": "war"}]
                    + [{"value": f"2017-09-{d:02d}", "label": f"day {d}"} for d in range(2, 29, 3)])
    fig = tplot.plot(df)
    assert not any(a.get_gid() == tplot.OVERVIEW_GID for a in fig.axes)
    assert len(panel_axes(fig)) == 2


def _mark_distance(t, renderer):
    """Horizontal distance in pixels from a label's box to the nearest mark in its own lane."""
    from matplotlib.patches import Rectangle
    box = t.get_window_extent(renderer)
    ax, (_, y) = t.axes, t.get_position()
    best = np.inf
    for line in ax.lines:
        if line.get_marker() != "o" or not np.isclose(line.get_ydata()[0], y):
            continue
        x = ax.transData.transform((line.get_xdata()[0], y))[0]
        best = min(best, max(box.x0 - x, x - box.x1, 0.0))
    for r in ax.patches:
        if not isinstance(r, Rectangle) or not np.isclose(r.get_y() + r.get_height() / 2, y):
            continue
        x0 = ax.transData.transform((r.get_x(), y))[0]
        x1 = ax.transData.transform((r.get_x() + r.get_width(), y))[0]
        best = min(best, max(box.x0 - x1, x0 - box.x1, 0.0))
    return best


@pytest.mark.parametrize("make", [lambda: many_events(500, n_docs=41, seed=500), corpus_like],
                         ids=["500 in two months", "corpus"])
def test_each_label_sits_beside_its_own_mark(make):
    fig = tplot.plot(make())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = labels(fig)
    assert len(texts) >= 0.8 * tplot.MAX_LABELS
    # within a few points (mark half-width + gap) of a mark in the same lane
    for t in texts:
        assert _mark_distance(t, renderer) <= 12, t.get_text()
    # and the labelled lanes hold no unlabelled marks: one mark per label there
    for ax in {t.axes for t in texts}:
        lanes = {t.get_position()[1] for t in texts if t.axes is ax}
        marks = [l for l in ax.lines if l.get_marker() == "o" and l.get_ydata()[0] in lanes]
        n_lab = sum(1 for t in texts if t.axes is ax)
        assert len(marks) <= n_lab


def test_many_events_keep_a_bounded_height():
    fig = tplot.plot(many_events(500, n_docs=41, seed=1))
    assert fig.get_size_inches()[1] * fig.dpi <= 1600
    everything = " ".join(t.get_text() for t in fig.texts)
    assert "without labels drawn small" in everything


def test_many_publication_dates_are_ticks_not_lines():
    fig = tplot.plot(corpus_like())
    dotted = [l for ax in fig.axes for l in ax.lines if l.get_linestyle() == ":"]
    assert dotted == []
    legend_texts = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert any(t.startswith("published (") for t in legend_texts)


# ---------------------------------------------------------------------------- the calendar's edges

def test_events_in_year_1_and_year_9999_are_drawn_clipped_to_the_calendar(tmp_path):
    # matplotlib's dates run from year 1 to 9999: margins, limits and ticks stop there
    import matplotlib.dates as mdates
    df = make_frame([{"value": "0001", "label": "in the year 1"},
                     {"value": "0001-01-01", "label": "the first day"},
                     {"value": "9999", "label": "in 9999", "status": "planned"},
                     {"value": "99", "label": "the last century"}]
                    + [{"value": f"2017-09-{d:02d}", "label": f"day {d}"} for d in range(2, 29, 3)])
    fig = tplot.plot(df)
    boxes = assert_readable(fig)
    assert len(boxes) == len(df)
    lo, hi = mdates.date2num(dt.datetime(1, 1, 1)), mdates.date2num(dt.datetime(9999, 12, 31)) + 1
    panels = sorted(panel_axes(fig), key=lambda a: a.get_xlim()[0])
    assert len(panels) >= 3
    assert panels[0].get_xlim()[0] == lo and hi - 1e-3 < panels[-1].get_xlim()[1] < hi
    # the bars reaching the ends of the calendar run to the panel edge
    first = [r for r in panels[0].patches if np.isclose(r.get_x(), lo)]
    last = [r for r in panels[-1].patches if r.get_x() + r.get_width() > hi - 1e-3]
    assert first and len(last) == 2
    # the tick labels are four-digit years
    fig.canvas.draw()
    ticks = [t.get_text() for t in panels[0].get_xticklabels() if t.get_text()]
    assert ticks[0] == "0001", ticks
    out = tmp_path / "edges.png"
    tplot.save_png(df, out)
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_the_calendar_edges_in_an_overview():
    # a corpus also mentioning year 1 and year 9999: the overview strip spans the whole calendar
    import matplotlib.dates as mdates
    df = pd.concat([corpus_like(), make_frame([{"value": "0001", "label": "year 1", "doc_id": "d00"},
                                               {"value": "9999", "label": "year 9999", "doc_id": "d01"}])],
                   ignore_index=True)
    fig = tplot.plot(df)
    assert_readable(fig)
    overview = [ax for ax in fig.axes if ax.get_gid() == tplot.OVERVIEW_GID]
    assert len(overview) == 1
    lo, hi = overview[0].get_xlim()
    assert lo == mdates.date2num(dt.datetime(1, 1, 1))
    assert hi < mdates.date2num(dt.datetime(9999, 12, 31)) + 1
    assert "0001–9999" in " ".join(t.get_text() for t in fig.texts)
