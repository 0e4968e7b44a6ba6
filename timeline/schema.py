"""The event table's columns: the contract between the pipeline, the exports and the plot.

One row per dated mention (a DATE or TIME expression anchoring a clause). The DataFrame built by
:func:`timeline.events.to_frame` has exactly these columns, in this order, with these dtypes.
"""

# name -> (pandas dtype, meaning)
COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "document id (file stem, or the `id` field of JSONL/CSV input)"),
    "title": ("string", "document title, empty when unknown"),
    "source": ("string", "publisher, empty when unknown"),
    "url": ("string", "document URL, empty when unknown"),
    "published": ("datetime64[s]", "publication date of the document (the reference time in news)"),
    "sentence_index": ("int64", "0-based index of the sentence the expression dates (a dateline dates the sentence after it)"),
    "sentence": ("string", "the sentence text, whitespace collapsed"),
    "expression": ("string", "the temporal expression as written"),
    "expr_start": ("int64", "character offset of the expression in the document text"),
    "expr_end": ("int64", "character offset one past the expression's end"),
    "type": ("category", "TIMEX3 type: DATE or TIME (durations and sets are not events)"),
    "value": ("string", "TIMEX3 value, e.g. 2017-08, 2018-H1, PAST_REF"),
    "mod": ("string", "TIMEX3 modifier (START, MID, END, APPROX, BEFORE, ...), empty when none"),
    "start": ("datetime64[s]", "start of the interval the value covers; empty for vague values"),
    "end": ("datetime64[s]", "end of that interval (exclusive); empty for vague values"),
    "granularity": ("category", "century, decade, year, half, season, quarter, month, week, weekend, day, part of day, time, or vague"),
    "status": ("category", "reported (past), ongoing (present) or planned (future)"),
    "label": ("string", "a short label for the picture"),
}

GRANULARITIES = ["time", "part of day", "day", "weekend", "week", "month", "season", "quarter",
                 "half", "year", "decade", "century", "vague"]
STATUSES = ["reported", "ongoing", "planned"]
TYPES = ["DATE", "TIME"]
# the categories of each category column, in order
CATEGORIES: dict[str, list[str]] = {"type": TYPES, "granularity": GRANULARITIES, "status": STATUSES}
