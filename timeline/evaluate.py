"""Score TIMEX3 tagging against gold TimeML: the TempEval-3 Task A timex measures.

Definitions (the numbers of :func:`evaluate`):

* **Tokens.** The plain text inside ``<TEXT>`` is split into tokens: maximal runs of word
  characters (``\\w+``: letters, digits, underscore) and every other non-space character on its
  own. A timex is the set of tokens that overlap its character span (a span that touches only part
  of a token still covers that token). Only timexes inside ``<TEXT>`` count; the DCT does not.
* **Matching.** A gold and a system timex match *relaxed* when they share a token and *strict* when
  their token sets are equal. A gold timex is matched when some system timex matches it, and a
  system timex is matched when some gold timex matches it (as in the TempEval-3 scorer), so the
  matched-gold and matched-system counts can differ when one span overlaps several.
* **P/R/F1.** Recall = matched gold / all gold, precision = matched system / all system, F1 their
  harmonic mean. Counts are summed over all files before dividing (micro average). A zero
  denominator gives 0.0.
* **Attributes.** Type (value) accuracy = share of relaxed-matched gold timexes whose ``type``
  (``value``) string equals that of their system partner; type F1 = relaxed F1 x type accuracy,
  value F1 = relaxed F1 x value accuracy. Partners are paired one-to-one, greedily: among all
  overlapping (gold, system) pairs take the one with the most shared tokens first, ties broken by
  an exact (strict) match, then the smaller union of tokens, then the earliest gold, then the
  earliest system timex; repeat with the timexes still free. A gold timex that overlaps only
  system timexes already paired to other gold timexes (one system span swallowed several gold
  ones) is matched but has no partner, and counts as wrong in both accuracies: a single system
  timex carries a single value.

Both sides must have the same text: a system file whose ``<TEXT>`` differs from the gold one raises
:class:`~timeline.errors.TimelineError`, since tokens could not be aligned. A gold file with no
system file counts as a system that found nothing (the report says which).

Besides the numbers, :class:`Report` lists each document's mistakes and counts them by coarse kind
(:meth:`Report.error_kinds`), e.g. ``missed DURATION`` or ``value: gold YYYY-MM-DD vs ours YYYY-MM``,
so the most frequent kinds point at what to fix first.
"""
from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import read_timeml
from .errors import TimelineError
from .timeml import default_tagger

TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the tokens of ``text``.

    >>> tokenize("On Jan. 8, 1998")
    [(0, 2), (3, 6), (6, 7), (8, 9), (9, 10), (11, 15)]
    """
    return [m.span() for m in TOKEN.finditer(text)]


@dataclass(frozen=True, slots=True)
class Mention:
    """A timex on one side of the comparison, with its tokens as the range ``[lo, hi)``."""
    start: int
    end: int
    text: str
    type: str
    value: str
    lo: int
    hi: int

    @property
    def n_tokens(self) -> int:
        return max(0, self.hi - self.lo)

    def overlap(self, other: Mention) -> int:
        return max(0, min(self.hi, other.hi) - max(self.lo, other.lo))

    def union(self, other: Mention) -> int:
        return max(self.hi, other.hi) - min(self.lo, other.lo)

    def same_tokens(self, other: Mention) -> bool:
        return self.n_tokens > 0 and (self.lo, self.hi) == (other.lo, other.hi)


def _get(t: Any, name: str, default: Any = None) -> Any:
    if isinstance(t, dict):
        return t.get(name, default)
    return getattr(t, name, default)


def mentions(text: str, timexes: Iterable[Any], tokens: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Turn Timex objects or timex dicts (``start``, ``end``, ``type``, ``value``) into mentions."""
    tokens = tokenize(text) if tokens is None else tokens
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    out = []
    for t in timexes:
        s, e = int(_get(t, "start")), int(_get(t, "end"))
        lo = bisect.bisect_right(ends, s)      # first token ending after the span starts
        hi = bisect.bisect_left(starts, e)     # first token starting at or after the span ends
        out.append(Mention(s, e, text[s:e], str(_get(t, "type") or ""), str(_get(t, "value") or ""),
                           lo, max(lo, hi)))
    out.sort(key=lambda m: (m.start, m.end))
    return out


# --- coarse error kinds ------------------------------------------------------------------------

_VAGUE = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
_DATE_REST = [
    (re.compile(r"-W(\d\d|XX)"), lambda m: "-Www" if m[1].isdigit() else "-WXX"),
    (re.compile(r"-Q(\d|X)"), lambda m: "-Qn" if m[1].isdigit() else "-QX"),
    (re.compile(r"-H(\d|X)"), lambda m: "-Hn" if m[1].isdigit() else "-HX"),
    (re.compile(r"-(SP|SU|FA|WI)"), lambda m: "-season"),
    (re.compile(r"-WE"), lambda m: "-WE"),
    (re.compile(r"-(\d\d|XX)-(\d\d|XX)"),
     lambda m: ("-MM" if m[1].isdigit() else "-XX") + ("-DD" if m[2].isdigit() else "-XX")),
    (re.compile(r"-(\d\d|XX)"), lambda m: "-MM" if m[1].isdigit() else "-XX"),
    (re.compile(r"T(MO|MI|AF|EV|NI|DT)"), lambda m: "Tpod"),
    (re.compile(r"T\d\d:\d\d(:\d\d)?"), lambda m: "Thh:mm" + (":ss" if m[1] else "")),
    (re.compile(r"T\d\d"), lambda m: "Thh"),
]


def value_shape(value: str) -> str:
    """The granularity pattern of a TIMEX3 value, for grouping errors.

    >>> [value_shape(v) for v in ["1998-01-08", "1998-W02", "XXXX-07", "P3D", "PAST_REF", "199X"]]
    ['YYYY-MM-DD', 'YYYY-Www', 'XXXX-MM', 'PnD', 'PAST_REF', 'DDDX']
    """
    if not value:
        return "(none)"
    if value in _VAGUE:
        return value
    if value.startswith("P"):
        return re.sub(r"\d+(?:\.\d+)?", "n", value)
    if re.fullmatch(r"\d\d", value):
        return "CC"
    if m := re.fullmatch(r"\d\d\d(X?)", value):
        return "DDD" + m[1]
    m = re.match(r"(\d{4}|XXXX)", value)
    if not m:
        return re.sub(r"\d+", "n", value)
    shape = "YYYY" if m[1].isdigit() else "XXXX"
    rest = value[4:]
    while rest:
        for pattern, repl in _DATE_REST:
            if pm := pattern.match(rest):
                shape += repl(pm)
                rest = rest[pm.end():]
                break
        else:
            shape += re.sub(r"\d+", "n", rest)
            break
    return shape


def _value_kind(gold: str, ours: str) -> str:
    gs, os_ = value_shape(gold), value_shape(ours)
    if gs != os_:
        return f"value: gold {gs} vs ours {os_}"
    if gs.startswith("P"):
        return f"value: gold {gs} vs ours {os_}, other amount"
    # same calendar shape: ISO strings of one shape sort in time order
    return f"value: gold {gs} vs ours {os_}, ours {'earlier' if ours < gold else 'later'}"


def _span_kind(g: Mention, s: Mention) -> str:
    if s.lo <= g.lo and s.hi >= g.hi:
        how = "ours longer"
    elif s.lo >= g.lo and s.hi <= g.hi:
        how = "ours shorter"
    else:
        how = "shifted"
    return f"span: strict mismatch ({how})"


@dataclass(frozen=True, slots=True)
class Mistake:
    """One error in one document: ``kind`` is the coarse category, ``detail`` the readable line."""
    position: int
    kind: str
    detail: str


@dataclass
class DocumentScore:
    """Counts and mistakes for one document."""
    name: str
    gold: int = 0
    system: int = 0
    strict_gold: int = 0
    strict_system: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type_correct: int = 0
    value_correct: int = 0
    system_missing: bool = False
    mistakes: list[Mistake] = field(default_factory=list)


_COUNTS = ("gold", "system", "strict_gold", "strict_system", "relaxed_gold", "relaxed_system",
           "type_correct", "value_correct")


def _q(text: str) -> str:
    return '"' + " ".join(text.split()) + '"'


def score_document(name: str, text: str, gold: Iterable[Any], system: Iterable[Any],
                   system_missing: bool = False) -> DocumentScore:
    """Score one document's system timexes against its gold ones (both over the same ``text``)."""
    tokens = tokenize(text)
    g_list = mentions(text, gold, tokens)
    s_list = mentions(text, system, tokens)
    r = DocumentScore(name, gold=len(g_list), system=len(s_list), system_missing=system_missing)

    overlapping = [(gi, si) for gi, g in enumerate(g_list) for si, s in enumerate(s_list)
                   if g.overlap(s) > 0]
    g_rel = {gi for gi, _ in overlapping}
    s_rel = {si for _, si in overlapping}
    g_strict = {gi for gi, si in overlapping if g_list[gi].same_tokens(s_list[si])}
    s_strict = {si for gi, si in overlapping if g_list[gi].same_tokens(s_list[si])}
    r.relaxed_gold, r.relaxed_system = len(g_rel), len(s_rel)
    r.strict_gold, r.strict_system = len(g_strict), len(s_strict)

    # one-to-one greedy pairing for the attribute comparison (see the module docstring)
    def rank(pair):
        g, s = g_list[pair[0]], s_list[pair[1]]
        return (-g.overlap(s), not g.same_tokens(s), g.union(s), g.start, g.end, s.start, s.end)

    partner: dict[int, int] = {}
    taken: set[int] = set()
    for gi, si in sorted(overlapping, key=rank):
        if gi not in partner and si not in taken:
            partner[gi] = si
            taken.add(si)

    mistakes = r.mistakes
    for gi, g in enumerate(g_list):
        if gi not in g_rel:
            mistakes.append(Mistake(g.start, f"missed {g.type}", f"missed    {_q(g.text)} {g.type} {g.value}"))
            continue
        if gi not in partner:
            mistakes.append(Mistake(g.start, "span: several gold in one of ours",
                                    f"span      gold {_q(g.text)} {g.type} {g.value} shares our timex "
                                    "with another gold timex"))
            continue
        s = s_list[partner[gi]]
        ours = "" if s.text == g.text else f" {_q(s.text)}"
        if gi not in g_strict:
            mistakes.append(Mistake(g.start, _span_kind(g, s),
                                    f"span      gold {_q(g.text)}, ours {_q(s.text)}"))
        if g.type == s.type:
            r.type_correct += 1
        else:
            mistakes.append(Mistake(g.start, f"type: gold {g.type} vs ours {s.type}",
                                    f"type      {_q(g.text)}: gold {g.type} {g.value}, ours{ours} {s.type} {s.value}"))
        if g.value == s.value:
            r.value_correct += 1
        else:
            mistakes.append(Mistake(g.start, _value_kind(g.value, s.value),
                                    f"value     {_q(g.text)}: gold {g.value}, ours{ours} {s.value}"))
    for si, s in enumerate(s_list):
        if si not in s_rel:
            mistakes.append(Mistake(s.start, f"spurious {s.type}", f"spurious  {_q(s.text)} {s.type} {s.value}"))
    mistakes.sort(key=lambda m: m.position)
    return r


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """The scores over a set of documents. Metrics are fractions in [0, 1]; JSON and text show %."""
    documents: list[DocumentScore] = field(default_factory=list)
    unmatched_system_files: list[str] = field(default_factory=list)   # system files with no gold

    def _sum(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.documents)

    # counts
    gold = property(lambda self: self._sum("gold"))
    system = property(lambda self: self._sum("system"))
    strict_gold = property(lambda self: self._sum("strict_gold"))
    strict_system = property(lambda self: self._sum("strict_system"))
    relaxed_gold = property(lambda self: self._sum("relaxed_gold"))
    relaxed_system = property(lambda self: self._sum("relaxed_system"))
    type_correct = property(lambda self: self._sum("type_correct"))
    value_correct = property(lambda self: self._sum("value_correct"))

    @property
    def missing_system(self) -> list[str]:
        """Gold documents that had no system file (scored as finding nothing)."""
        return [d.name for d in self.documents if d.system_missing]

    # metrics
    strict_p = property(lambda self: _ratio(self.strict_system, self.system))
    strict_r = property(lambda self: _ratio(self.strict_gold, self.gold))
    strict_f1 = property(lambda self: _f1(self.strict_p, self.strict_r))
    relaxed_p = property(lambda self: _ratio(self.relaxed_system, self.system))
    relaxed_r = property(lambda self: _ratio(self.relaxed_gold, self.gold))
    relaxed_f1 = property(lambda self: _f1(self.relaxed_p, self.relaxed_r))
    type_accuracy = property(lambda self: _ratio(self.type_correct, self.relaxed_gold))
    type_f1 = property(lambda self: self.relaxed_f1 * self.type_accuracy)
    value_accuracy = property(lambda self: _ratio(self.value_correct, self.relaxed_gold))
    value_f1 = property(lambda self: self.relaxed_f1 * self.value_accuracy)

    _METRICS = ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
                "type_accuracy", "type_f1", "value_accuracy", "value_f1")

    def as_json_dict(self) -> dict:
        """Metrics as percentages rounded to two decimals, plus the gold and system counts."""
        d: dict[str, Any] = {k: round(100 * getattr(self, k), 2) for k in self._METRICS}
        d["gold"] = self.gold
        d["system"] = self.system
        return d

    def error_kinds(self) -> Counter:
        """How often each coarse kind of mistake occurs, over all documents."""
        return Counter(m.kind for d in self.documents for m in d.mistakes)

    def format_text(self, max_errors_per_doc: int | None = None) -> str:
        """A summary block, the ten most frequent kinds of mistake, then each document's mistakes."""
        pct = lambda x: f"{100 * x:6.2f}"  # noqa: E731
        lines = [
            f"TempEval-3 timex scores over {len(self.documents)} documents: "
            f"{self.gold} gold timexes, {self.system} system timexes",
            "",
            "              P        R       F1",
            f"strict   {pct(self.strict_p)}   {pct(self.strict_r)}   {pct(self.strict_f1)}"
            f"   ({self.strict_gold} gold / {self.strict_system} system matched)",
            f"relaxed  {pct(self.relaxed_p)}   {pct(self.relaxed_r)}   {pct(self.relaxed_f1)}"
            f"   ({self.relaxed_gold} gold / {self.relaxed_system} system matched)",
            "",
            "          accuracy    F1",
            f"type       {pct(self.type_accuracy)}  {pct(self.type_f1)}   ({self.type_correct} of {self.relaxed_gold})",
            f"value      {pct(self.value_accuracy)}  {pct(self.value_f1)}   ({self.value_correct} of {self.relaxed_gold})",
        ]
        if self.missing_system:
            lines += ["", f"{len(self.missing_system)} gold documents had no system file and count as "
                          "finding nothing: " + ", ".join(self.missing_system)]
        if self.unmatched_system_files:
            lines += ["", f"{len(self.unmatched_system_files)} system files had no gold file and were ignored: "
                      + ", ".join(self.unmatched_system_files)]
        kinds = self.error_kinds()
        if kinds:
            lines += ["", "most frequent mistakes:"]
            lines += [f"{n:6d}  {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
        clean = 0
        doc_lines: list[str] = []
        for d in self.documents:
            if not d.mistakes:
                clean += 1
                continue
            note = ", no system file" if d.system_missing else ""
            doc_lines += ["", f"{d.name}: {d.gold} gold, {d.system} ours, {len(d.mistakes)} mistake{'' if len(d.mistakes) == 1 else 's'}{note}"]
            shown = d.mistakes if max_errors_per_doc is None else d.mistakes[:max_errors_per_doc]
            doc_lines += [f"  {m.detail}" for m in shown]
            if len(shown) < len(d.mistakes):
                doc_lines.append(f"  ... and {len(d.mistakes) - len(shown)} more")
        if doc_lines:
            lines += ["", "mistakes by document" + (f" ({clean} documents without mistakes not shown)" if clean else "") + ":"]
            lines += doc_lines
        return "\n".join(lines) + "\n"


# --- files ---------------------------------------------------------------------------------------

def _tml_files(root: Path) -> dict[str, Path]:
    """Relative path (with '/') -> file, for a folder searched recursively or a single file."""
    if root.is_file():
        return {root.name: root}
    if not root.is_dir():
        raise TimelineError(f"{root}: no such file or folder")
    files = {}
    for p in sorted(root.rglob("*.tml")):
        rel = p.relative_to(root)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            files[rel.as_posix()] = p
    return files


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def evaluate(gold_dir: str | os.PathLike, system_dir: str | os.PathLike | None = None, *,
             tagger: Callable | None = None) -> Report:
    """Score system TimeML against gold TimeML (see the module docstring for the definitions).

    ``gold_dir`` and ``system_dir`` are folders searched recursively for ``.tml`` files (or single
    files). A gold file's system file is the one at the same relative path, failing that the one
    with the same file name. With no ``system_dir`` the gold texts are tagged in memory with
    ``tagger(text, dct)`` (default :func:`timeline.tagger.tag`).
    """
    gold_root = Path(gold_dir)
    gold_files = _tml_files(gold_root)
    if not gold_files:
        raise TimelineError(f"{gold_root}: no .tml files found; give a folder of gold TimeML files")

    report = Report()
    if system_dir is None:
        tag = tagger or default_tagger()
        for rel, path in gold_files.items():
            doc, gold = read_timeml(path)
            report.documents.append(score_document(rel, doc.text, gold, tag(doc.text, doc.date)))
        return report

    system_files = _tml_files(Path(system_dir))
    by_name: dict[str, list[str]] = {}
    for rel, p in system_files.items():
        by_name.setdefault(p.name, []).append(rel)
    used: set[str] = set()
    for rel, path in gold_files.items():
        if rel in system_files:
            sys_rel = rel
        else:
            candidates = by_name.get(path.name, [])
            if len(candidates) > 1:
                raise TimelineError(f"{path}: several system files are named {path.name} "
                                    f"({', '.join(candidates)}); keep the gold folder layout in the system folder")
            sys_rel = candidates[0] if candidates else None
        doc, gold = read_timeml(path)
        if sys_rel is None:
            report.documents.append(score_document(rel, doc.text, gold, [], system_missing=True))
            continue
        used.add(sys_rel)
        sys_path = system_files[sys_rel]
        sys_doc, system = read_timeml(sys_path)
        if sys_doc.text != doc.text:
            i = _first_difference(doc.text, sys_doc.text)
            raise TimelineError(
                f"{sys_path}: the text inside <TEXT> differs from the gold file {path} at character {i} "
                f"(gold {doc.text[i:i + 30]!r}, system {sys_doc.text[i:i + 30]!r}); the scorer needs the "
                "same text on both sides: tag the gold files' text (timeline timeml GOLD... --out DIR)")
        report.documents.append(score_document(rel, doc.text, gold, system))
    report.unmatched_system_files = [rel for rel in system_files if rel not in used]
    return report
