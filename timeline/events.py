"""Events: each clause that a DATE or TIME expression anchors becomes a row.

:func:`document_events` turns one document into row dicts; :func:`to_frame` types them into the
DataFrame described by :mod:`timeline.schema`. (``timeline.extract`` of the Python API runs both
over a corpus: :func:`timeline.runner.extract`.)
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .documents import Document
from .schema import CATEGORIES, COLUMNS, TYPES
from .sentences import SentenceIndex
from .tagger import tag
from .tense import FUTURE, PAST, tense_at
from .timex import Timex, interval

if TYPE_CHECKING:
    import pandas as pd

EVENT_TYPES = tuple(TYPES)
_VAGUE_STATUS = {"PRESENT_REF": "ongoing", "FUTURE_REF": "planned", "PAST_REF": "reported"}
LABEL_WIDTH = 60


def status_of(timex: Timex, span: tuple[dt.datetime, dt.datetime] | None, published: dt.date, text: str,
              tenses: dict | None = None) -> str:
    """Reported (past), ongoing or planned (future), from the interval against the
    publication date; on the publication date itself the clause's tense decides."""
    return _status(timex, span, *_publication_day(published), text, tenses)


def _publication_day(published: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The publication date as a half-open interval of instants."""
    pub_start = dt.datetime.combine(published, dt.time())
    # the day after, or the end of time when published on 9999-12-31
    pub_end = pub_start + dt.timedelta(days=1) if published < dt.date.max else dt.datetime.max
    return pub_start, pub_end


def _status(timex: Timex, span: tuple[dt.datetime, dt.datetime] | None, pub_start: dt.datetime,
            pub_end: dt.datetime, text: str, tenses: dict | None) -> str:
    """:func:`status_of`, the publication day given as its interval (made once per document)."""
    if span is None:
        return _VAGUE_STATUS.get(timex.value, "reported")
    start, end = span[0], span[1]
    if end <= pub_start:
        return "reported"
    if start >= pub_end:
        return "planned"
    key = (timex.start, timex.end)
    if tenses is not None and key in tenses:
        tense = tenses[key]     # read already by the resolver
    else:
        tense = tense_at(text, timex.start, timex.end)
    if tense == FUTURE:
        return "planned"
    if tense == PAST:
        return "reported"
    return "ongoing"


_LEAD_IN = re.compile(r"(?i:\b(?:on|in|at|since|by|during|until|till|from|before|after|of|for|as of|early|late)\s*)$")


_CLAUSE_BREAK = re.compile(r"\s*(?:(?<!\d)[,;]|[,;](?!\d)|:(?=\s))\s*|\s+[-–—]\s+|\s+and\s+(?=(?:the|he|she|it|they|we|a|an|his|her|their)\b)")


def label_of(sentence: str, expression: str, width: int = LABEL_WIDTH) -> str:
    """A short label: the clause holding the temporal expression, without the expression (and
    the preposition that introduced it), or the whole sentence when that clause says too little;
    cut at a word boundary.

    >>> label_of("Haftar met Italy's defense minister in Rome on Tuesday.", "Tuesday")
    "Haftar met Italy's defense minister in Rome"
    >>> label_of("At talks in Paris in July, the two men, rivals, agreed to elections in the first half of next year.", "the first half of next year")
    'agreed to elections'
    """
    i = sentence.find(expression)
    if i < 0:
        return _shorten(sentence, width)
    before, after = sentence[:i], sentence[i + len(expression):]
    cut_before = _last_break(before)
    clause_start = cut_before.end() if cut_before else 0
    cut_after = _first_break(after)
    clause_end = cut_after.start() if cut_after else len(after)
    clause = _join(before[clause_start:], after[:clause_end])
    if len(clause.split()) >= 3 and len(sentence) > width:
        return _shorten(clause, width)
    return _shorten(_join(before, after), width)


# every clause break holds one of the cores , ; : - – — and
_IN_BREAK = frozenset(",;:-–—and")                     # and is made of these and white space
_LAST_CORE = re.compile(r"(?s:.*)([,;:\-–—]|and)")      # the last core (match up to an end)
_ANY_CORE = re.compile(r"[,;:\-–—]|and")                # the first core (search)
_SPACES = re.compile(r"\s*")
_LOOKAHEAD = 8   # the lookaheads of _CLAUSE_BREAK read at most this far past a match


def _last_break(text: str) -> re.Match | None:
    """The last match of ``_CLAUSE_BREAK.finditer(text)``. A match holds a core and is made of
    break characters and white space only: the scan starts at the last character before the
    last core that no match can hold (the scan from there gives the same matches), and stops a
    few characters past that core (no match starts after it); when it finds nothing, the same
    from the core before."""
    limit = len(text)
    while True:
        last_core = _LAST_CORE.match(text, 0, limit)
        if last_core is None:
            return None
        k = last_core.start(1)
        q = k
        while q > 0 and (text[q - 1] in _IN_BREAK or text[q - 1].isspace()):
            q -= 1
        end = _SPACES.match(text, last_core.end()).end() + _LOOKAHEAD
        last = None
        for found in _CLAUSE_BREAK.finditer(text, q, end):
            if found.start() > k:      # past the last core: cut short by ``end``, not a match
                break
            last = found
        if last is not None or q == 0:
            return last
        limit = q - 1


def _first_break(text: str) -> re.Match | None:
    """``_CLAUSE_BREAK.search(text)``, started where it can first match: a match holds a core,
    so none starts before the white space and break characters just before the first core."""
    first_core = _ANY_CORE.search(text)    # the leftmost match: the least text.find(core)
    if first_core is None:
        return None
    q = first_core.start()
    while q > 0 and (text[q - 1] in _IN_BREAK or text[q - 1].isspace()):
        q -= 1
    return _CLAUSE_BREAK.search(text, q)


def _join(before: str, after: str) -> str:
    before = before.rstrip()
    # only the end can hold the preposition: search a short tail, not the whole clause
    tail = len(before) - 16
    m = _LEAD_IN.search(before, tail if tail > 0 else 0)
    if m and (m.start() == 0 or not before[m.start() - 1].isalnum()):
        before = before[:m.start()]
    return before.rstrip() + " " + after.lstrip()


_SPACE_PUNCT = re.compile(r"\s\s*([,.;:!?])")   # \s\s*, not \s+: see sentences._END
_GROUP_1 = operator.itemgetter(1)                # match[1]: what r"\1" puts in


def _shorten(text: str, width: int) -> str:
    words = " ".join(text.split()).strip(" ,;:-–—\"“”'’")
    # group 1 by a function, not the template r"\1", which re parses again on each call
    words = _SPACE_PUNCT.sub(_GROUP_1, words).rstrip(".")
    if len(words) <= width:
        return words
    return words[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def document_events(doc: Document, *, mode: str = "news") -> list[dict]:
    """The event rows of one document: one per DATE or TIME expression, in text order."""
    tenses: dict = {}
    timexes = [t for t in tag(doc.text, doc.date, mode=mode, _tenses=tenses) if t.type in EVENT_TYPES]
    if not timexes:
        return []
    sentences = SentenceIndex(doc.text)
    pub_start, pub_end = _publication_day(doc.date)
    published = pub_start
    vague = (None, None, "vague")
    rows = []
    for t in timexes:
        idx = sentences.index_of(t.start)
        sentence = sentences.sentence(idx)
        label = label_of(sentence, " ".join(t.text.split()))
        if _is_dateline(label) and idx + 1 < len(sentences.spans):
            # a dateline ("NAIROBI, Aug. 7 (Xinhua) --") dates the sentence after it
            idx += 1
            sentence = sentences.sentence(idx)
            label = label_of(sentence, "")
        span = interval(t.value)
        start, end, granularity = span or vague
        rows.append({
            "doc_id": doc.id, "title": doc.title, "source": doc.source, "url": doc.url,
            "published": published, "sentence_index": idx, "sentence": sentence,
            "expression": t.text, "expr_start": t.start, "expr_end": t.end,
            "type": t.type, "value": t.value, "mod": t.mod or "",
            "start": start, "end": end, "granularity": granularity,
            "status": _status(t, span, pub_start, pub_end, doc.text, tenses),
            "label": label,
        })
    return rows


_WORDS = re.compile(r"[a-z][a-z]+")   # not [a-z]{2,}: see sentences._END


def _is_dateline(label: str) -> bool:
    """A sentence that is nothing but a place and a date says nothing of its own."""
    return len(_WORDS.findall(label)) < 2


def to_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Type event rows into the schema's DataFrame, ordered by start date (vague values last),
    then document and position."""
    import pandas as pd     # here, not at the top: a run that writes only the CSV never loads it

    df = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for name, (dtype, _) in COLUMNS.items():
        if dtype.startswith("datetime64"):
            df[name] = pd.to_datetime(df[name]).astype(dtype) if len(df) else df[name].astype(dtype)
        elif dtype == "category":
            df[name] = pd.Categorical(df[name], categories=CATEGORIES[name])
        else:
            df[name] = df[name].astype(dtype)
    df = df.sort_values(["start", "doc_id", "expr_start"], na_position="last", kind="stable")
    return df.reset_index(drop=True)
