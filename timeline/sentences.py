"""Sentences: spans over the original text, never a copy that loses offsets.

A small rule-based splitter, enough for news prose: sentences end at ``.``, ``!`` or ``?``
(with any closing quotes or brackets) before white space and a capital, digit or quote, unless
the word before the period is a known abbreviation ("Sept.", "Mr.", "U.S.") or a single
initial; blank lines always end a sentence, and so does a line break after a line that ends a
sentence or a short line (headings, bylines, boilerplate).
"""
from __future__ import annotations

import bisect
import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "sen", "rep",
    "gov", "pres", "rev", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k",
    "u.n", "e.g", "i.e", "a.m", "p.m", "ft", "mt", "ave", "blvd", "dept", "est", "approx",
    "adm", "cmdr", "gens", "messrs", "sens", "reps", "univ", "assn", "bros", "nos", "fig",
}

# [.!?][.!?]*, not [.!?]+: a pattern that starts with a character set is searched for that set
# first (fast); one that starts with a repeat is tried at every position
_END = re.compile(r"""[.!?][.!?]*['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9])""")
# the same pattern on a text whose "!" and "?" are read as ".": it starts with one literal
# character, which re finds with a tight loop (a set is tested character by character)
_END_DOT = re.compile(r"""\.[.]*['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9])""")
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_WORD_CHARS = re.compile(r"[\w.]*")
_LINE_ENDS = ".!?\"'”’:)"
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_WORD_WINDOW = 20   # characters of the word before a period that are read


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the word that ends at the period ``text[dot]`` (its last 20 word characters and
    periods) is a known abbreviation, a single letter or initials ("U.N")."""
    if dot <= 0:
        return False
    # the word read backwards from the period: one match, not a search from every start
    lo = dot - _WORD_WINDOW - 1
    backwards = text[dot - 1:lo:-1] if lo >= 0 else text[dot - 1::-1]
    n = _WORD_CHARS.match(backwards).end()
    if not n:
        return False
    word = text[dot - n:dot].lower()
    return word in ABBREVIATIONS or (n == 1 and word.isalpha()) or ("." in word and bool(_INITIALS.fullmatch(word)))


def split(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` spans, leading/trailing space excluded.

    >>> t = "Haftar met Gen. Smith on Tuesday. He left.\\n\\nArab News"
    >>> [t[s:e] for s, e in split(t)]
    ['Haftar met Gen. Smith on Tuesday.', 'He left.', 'Arab News']
    """
    cuts = {0, len(text)}
    for m in _BLANK.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    if "\n" in text:
        end = -1
        for line in text.split("\n")[:-1]:     # each line a newline ends
            end += len(line) + 1                  # the newline's offset
            line = line.rstrip()
            if not line or line[-1] in _LINE_ENDS or len(line) < 60:
                cuts.add(end)
    scan = text.replace("!", ".").replace("?", ".") if "!" in text or "?" in text else text
    for m in _END_DOT.finditer(scan):     # the matches of _END in text
        first_dot = m.start()
        if text[first_dot] == "." and (m.end() - first_dot == 1 or len(m.group().rstrip("'\"’”)]")) == 1) \
                and _is_abbreviation(text, first_dot):
            continue
        cuts.add(m.end())
    spans = []
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            spans.append((a + lead, a + trail))
    return spans


class SentenceIndex:
    """Find the sentence that holds a character offset."""

    def __init__(self, text: str):
        self.text = text
        self.spans = split(text)
        self._starts = [s for s, _ in self.spans]

    def index_of(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def sentence(self, i: int) -> str:
        s, e = self.spans[i]
        return " ".join(self.text[s:e].split())
