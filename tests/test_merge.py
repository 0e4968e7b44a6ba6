"""Merging the same event reported by several articles."""
import datetime as dt

import timeline
from timeline.documents import Document
from timeline.merge import content_words, merge_events, similarity

DCT = dt.date(2017, 9, 27)


def docs():
    return [
        Document(id="a", source="Arab News", date=DCT,
                 text="Haftar met Italy's defense minister in Rome on Tuesday. Elections are planned for next year."),
        Document(id="b", source="Reuters", date=DCT,
                 text="Libya's Haftar met the Italian defense minister in Rome on Tuesday, officials said."),
        Document(id="c", source="AP", date=DCT,
                 text="A ferry sank off Crete on Tuesday."),
    ]


def test_duplicated_event_across_two_articles_is_merged():
    df = timeline.extract(docs())
    merged = merge_events(df)
    tuesday = merged[merged["value"] == "2017-09-26"]
    assert len(tuesday) == 2                              # the meeting and the ferry
    meeting = tuesday[tuesday["source_count"] == 2].iloc[0]
    assert meeting["sources"] == "Arab News; Reuters"
    assert meeting["doc_ids"] == "a; b" and meeting["mentions"] == 2
    ferry = tuesday[tuesday["source_count"] == 1].iloc[0]
    assert ferry["sources"] == "AP"
    assert len(merged) == len(df) - 1                     # only the one duplicate collapsed


def test_same_words_different_dates_stay_apart():
    df = timeline.extract([
        Document(id="a", date=DCT, text="Haftar met the minister in Rome on Tuesday."),
        Document(id="b", date=DCT, text="Haftar met the minister in Rome on Monday."),
    ])
    assert len(merge_events(df)) == 2


def test_similarity_measure():
    a = content_words("Haftar met Italy's defense minister in Rome on Tuesday", "Tuesday")
    assert "tuesday" not in a and "the" not in a and "haftar" in a
    assert similarity(a, a) == 1.0
    assert similarity(frozenset(), frozenset()) == 0.0
