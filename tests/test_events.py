"""The event table: rows, columns, types, intervals, status and labels."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline.documents import Document
from timeline.events import document_events, label_of, status_of, to_frame
from timeline.schema import COLUMNS
from timeline.timex import Timex, interval

DATA = Path(__file__).parent / "data"
SEED = DATA / "haftar.txt"


@pytest.fixture(scope="module")
def seed_df():
    return timeline.extract(SEED)


def test_seed_rows_are_the_dated_expressions(seed_df):
    # durations ("three hours") are not events; the nine DATE mentions are
    assert list(seed_df["expression"]) == [
        "2011", "July", "last month", "August", "Monday", "Tuesday",
        "the first half of next year", "recently", "now"]
    assert "three hours" not in set(seed_df["expression"])


def test_columns_and_dtypes(seed_df):
    assert list(seed_df.columns) == list(COLUMNS)
    for name, (dtype, _) in COLUMNS.items():
        assert str(seed_df[name].dtype) == dtype, name


def test_intervals_keep_granularity(seed_df):
    row = seed_df.set_index("expression").loc["last month"]
    assert row["value"] == "2017-08"
    assert row["start"] == pd.Timestamp("2017-08-01") and row["end"] == pd.Timestamp("2017-09-01")
    assert row["granularity"] == "month"
    half = seed_df.set_index("expression").loc["the first half of next year"]
    assert (half["start"], half["end"], half["granularity"]) == (pd.Timestamp("2018-01-01"), pd.Timestamp("2018-07-01"), "half")


def test_vague_values_stay_with_empty_interval(seed_df):
    vague = seed_df[seed_df["value"].isin(["PAST_REF", "PRESENT_REF"])]
    assert len(vague) == 2
    assert vague["start"].isna().all() and vague["end"].isna().all()
    assert set(vague["granularity"]) == {"vague"}
    assert list(seed_df.index[seed_df["start"].isna()]) == [7, 8]   # sorted last


def test_status_reported_planned_ongoing(seed_df):
    by = seed_df.set_index("expression")["status"]
    assert by["Tuesday"] == "reported"
    assert by["the first half of next year"] == "planned"
    assert by["now"] == "ongoing"


def test_status_on_publication_day_follows_tense():
    pub = dt.date(2017, 9, 27)
    text = "The minister will speak today."
    t = Timex(24, 29, "today", "DATE", "2017-09-27")
    assert status_of(t, interval("2017-09-27")[:2], pub, text) == "planned"
    text = "The minister spoke today."
    t = Timex(19, 24, "today", "DATE", "2017-09-27")
    assert status_of(t, interval("2017-09-27")[:2], pub, text) == "reported"


def test_sorted_by_start(seed_df):
    starts = seed_df["start"].dropna()
    assert starts.is_monotonic_increasing


def test_sentence_and_offsets_point_into_the_text(seed_df):
    doc_text = SEED.read_text(encoding="utf-8").split("\n\n", 1)[1]
    for row in seed_df.itertuples():
        assert doc_text[row.expr_start:row.expr_end] == row.expression
        assert row.expression in row.sentence


def test_label_drops_the_expression_and_its_preposition():
    assert label_of("Haftar met the minister in Rome on Tuesday.", "Tuesday") == "Haftar met the minister in Rome"
    long = "At talks in Paris in July, the two men, old rivals, agreed to hold elections in the first half of next year."
    assert label_of(long, "the first half of next year") == "agreed to hold elections"
    assert len(label_of("word " * 40 + "on Monday", "Monday")) <= 61


def test_extract_from_documents_and_date_override():
    doc = Document(id="d1", text="Talks resumed on Monday.", date=dt.date(2017, 9, 27))
    df = timeline.extract([doc])
    assert list(df["value"]) == ["2017-09-25"]
    df2 = timeline.extract(SEED, date="2018-01-10")
    assert df2.set_index("expression").loc["last month", "value"] == "2017-12"


def test_empty_frame_has_schema():
    df = to_frame([])
    assert list(df.columns) == list(COLUMNS) and len(df) == 0


def test_document_without_dates_has_no_events():
    doc = Document(id="x", text="Nothing temporal here at all.", date=dt.date(2017, 9, 27))
    assert document_events(doc) == []


def test_dateline_takes_its_label_from_the_next_sentence():
    doc = Document(id="x", date=dt.date(1998, 8, 8),
                   text="NAIROBI, August 7 (Xinhua) --\nTwo bombs exploded outside U.S. embassies in Kenya and Tanzania.")
    row = document_events(doc)[0]
    assert row["expression"] == "August 7"
    assert row["label"].startswith("Two bombs exploded")


def test_label_does_not_break_inside_numbers_or_clock_times():
    assert label_of("More than 5,000 people were hurt on Friday.", "Friday") == "More than 5,000 people were hurt"
    assert label_of("The blast came at 10:35 a.m. on Friday.", "Friday").startswith("The blast came at 10:35")


def test_dateline_date_and_the_lead_sentence_merge():
    from timeline.merge import merge_events
    doc = Document(id="x", date=dt.date(1998, 8, 8),
                   text="HAVANA, August 7 (Xinhua) --\nThe Cuban government Friday condemned the two bomb explosions.")
    df = timeline.extract([doc])
    assert list(df["sentence_index"]) == [1, 1]
    assert len(merge_events(df)) == 1


def test_calendar_edges_have_intervals():
    assert interval("9999-12-31")[2] == "day"
    assert interval("9999-12-31")[0] == dt.datetime(9999, 12, 31)
    assert interval("0001-01-01")[:2] == (dt.datetime(1, 1, 1), dt.datetime(1, 1, 2))


def test_a_day_with_unknown_digits_falls_in_the_known_period():
    """'the next day' after 'in October 1998' is 1998-10-XX: plotted over October, not lost as
    vague; after a bare year, over the year. Not-a-month values get no interval."""
    assert interval("1998-10-XX") == (dt.datetime(1998, 10, 1), dt.datetime(1998, 11, 1), "month")
    assert interval("1940-XX-XX") == (dt.datetime(1940, 1, 1), dt.datetime(1941, 1, 1), "year")
    for value in ("XXXX-XX-XX", "1998-13-XX", "1998-13", "1998-00", "1998-10-XX-XX"):
        assert interval(value) is None, value


def test_periods_at_the_end_of_the_calendar_have_intervals():
    for value in ("9999-Q4", "9999-H2", "9999-WI", "9999-12", "999"):
        start, end, _ = interval(value)
        assert start < end and end.year == 9999, value


def test_last_clause_break_is_the_last_match_of_a_full_scan():
    """_last_break scans only near the last break character; it must give the match a scan of
    the whole text gives, also where a hyphen, 'and' or a comma between digits is no break."""
    import random

    from timeline.events import _CLAUSE_BREAK, _last_break

    def full_scan(text):
        matches = list(_CLAUSE_BREAK.finditer(text))
        return matches[-1].span() if matches else None

    pieces = [" ", "  ", "\n", ",", ";", ":", "-", "–", "—", "and", "the", "he", "they", "their",
              "it", "a", "an", "1", "x", "d", "n", "hand", "well-known", "1,000"]
    texts = ["He left; x\nand\n and:ythehe", "Rebels, who hold the east and the south",
             "A well-known and widely read U.S.-based paper", "1,000 and 2,000", "", "and"]
    rng = random.Random(7)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in texts:
        found = _last_break(text)
        assert (found.span() if found else None) == full_scan(text), repr(text)


def test_first_clause_break_is_the_first_match_of_a_full_search():
    """_first_break starts its search just before the first break character (one regex
    search for it); it must give the match a search of the whole text gives."""
    import random

    from timeline.events import _CLAUSE_BREAK, _first_break

    pieces = [" ", "  ", "\n", ",", ";", ":", "-", "–", "—", "and", "the", "he", "they", "their",
              "it", "a", "an", "1", "x", "d", "n", "hand", "well-known", "1,000", "an d"]
    rng = random.Random(11)
    texts = ["", "and", "x", ", the", "1,000 and the rest"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in texts:
        found, full = _first_break(text), _CLAUSE_BREAK.search(text)
        assert (found.span() if found else None) == (full.span() if full else None), repr(text)


def test_shorten_removes_space_before_punctuation_as_the_template_does():
    """_shorten substitutes group 1 with a function; the template r"\\1" gives the same text."""
    import random
    import re

    from timeline.events import _SPACE_PUNCT, _shorten

    def plain(text, width):
        words = " ".join(text.split()).strip(" ,;:-–—\"“”'’")
        words = re.sub(_SPACE_PUNCT.pattern, r"\1", words).rstrip(".")
        if len(words) <= width:
            return words
        return words[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    pieces = [" ", "  ", "\t", "\n", ",", ".", ";", ":", "!", "?", "-", "'", "“", "word", "a", "x y"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        width = rng.randint(1, 30)
        assert _shorten(text, width) == plain(text, width), repr(text)
