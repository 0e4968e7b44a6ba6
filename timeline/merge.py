"""The merged multi-article table: one row per distinct event, with the sources that carry it.

Two mentions are the same event when they have the same TIMEX3 value and largely the same words:
the Jaccard overlap of the content words of their sentences is at least ``threshold`` (0.5 by
default; stop words and the temporal expression itself do not count). Mentions are clustered
greedily in table order, each joining the first cluster of its value that it matches. The
picture uses the same clusters to draw a reported-many-times event once.
The per-mention table stays the primary output (it loses nothing); this one is derived from it.
"""
from __future__ import annotations

import re

import pandas as pd

STOP_WORDS = frozenset(
    "a an the and or but of to in on at by for from with as is are was were be been has have had "
    "it its this that these those he she they we you i his her their our said says will would "
    "not no than then there which who whom what when where while after before over into about".split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")

MERGED_COLUMNS = ["event_id", "value", "start", "end", "granularity", "status", "label",
                  "sources", "source_count", "doc_ids", "mentions", "first_published", "sentence"]


def content_words(sentence: str, expression: str = "") -> frozenset[str]:
    """The words that carry a sentence's meaning, lower-cased, without the temporal expression."""
    if expression:
        sentence = sentence.replace(expression, " ")
    return frozenset(w for w in (m.lower() for m in _WORD.findall(sentence)) if w not in STOP_WORDS)


def similarity(a: frozenset, b: frozenset) -> float:
    """Jaccard overlap of two word sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def cluster_ids(df: pd.DataFrame, *, threshold: float = 0.5) -> list[int]:
    """For each row, the number of its event: rows of the same value whose sentences share at
    least ``threshold`` of their content words get the same number (greedy, in table order)."""
    ids: list[int] = []
    by_value: dict[str, list[tuple[int, frozenset]]] = {}
    count = 0
    for value, sentence, expression in zip(df["value"], df["sentence"], df["expression"]):
        words = content_words(str(sentence), str(expression))
        home = next((cid for cid, w in by_value.get(value, []) if similarity(words, w) >= threshold), None)
        if home is None:
            home = count
            count += 1
            by_value.setdefault(value, []).append((home, words))
        ids.append(home)
    return ids


def merge_events(df: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Collapse mentions of the same event across articles into one row each.

    ``sources`` lists the distinct sources (the ``source`` column, else the title, else the
    document id), ``doc_ids`` the documents, ``mentions`` how many rows were merged. The status
    and label come from the most recently published mention. Rows keep the order of the input.
    """
    groups: dict[int, list] = {}
    for cid, row in zip(cluster_ids(df, threshold=threshold), df.itertuples(index=False)):
        groups.setdefault(cid, []).append(row)
    clusters = [{"rows": rows} for _, rows in sorted(groups.items())]
    out = []
    for i, c in enumerate(clusters):
        rows = c["rows"]
        latest = max(rows, key=lambda r: (r.published, r.doc_id))
        sources, docs = [], []
        for r in rows:
            name = r.source or r.title or r.doc_id
            if name not in sources:
                sources.append(name)
            if r.doc_id not in docs:
                docs.append(r.doc_id)
        out.append({
            "event_id": i + 1, "value": latest.value, "start": latest.start, "end": latest.end,
            "granularity": latest.granularity, "status": latest.status, "label": latest.label,
            "sources": "; ".join(sources), "source_count": len(docs), "doc_ids": "; ".join(docs),
            "mentions": len(rows), "first_published": min(r.published for r in rows),
            "sentence": latest.sentence,
        })
    merged = pd.DataFrame(out, columns=MERGED_COLUMNS)
    if len(merged):
        for col in ("start", "end", "first_published"):
            merged[col] = merged[col].astype(df[col].dtype if col != "first_published" else df["published"].dtype)
        merged["granularity"] = pd.Categorical(merged["granularity"], categories=df["granularity"].cat.categories)
        merged["status"] = pd.Categorical(merged["status"], categories=df["status"].cat.categories)
    return merged
