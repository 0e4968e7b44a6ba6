"""The tense of the clause around a temporal expression, from word lists.

A bare weekday, month or season is resolved in the direction its clause points: "met on Tuesday"
looks back, "will meet on Tuesday" looks forward. The tense is read from cue words in the same
sentence, nearest first, in three tiers: auxiliaries and future markers ("will", "is to",
"plans to", "is expected to", "would", "was", "has"), then other past-tense verbs ("met",
"agreed"), then reporting verbs ("said"), which usually frame another clause and so count last.

The choice of word lists over a part-of-speech tagger is measured in the README.
"""
from __future__ import annotations

import re

PAST, PRESENT, FUTURE = "past", "present", "future"

_TIER1 = {
    # future markers
    "will": FUTURE, "won't": FUTURE, "wo": FUTURE, "shall": FUTURE, "'ll": FUTURE, "’ll": FUTURE,
    "would": FUTURE, "wouldn't": FUTURE, "going to": FUTURE, "is to": FUTURE, "are to": FUTURE,
    "plans to": FUTURE, "plan to": FUTURE, "planning to": FUTURE,
    "expected to": FUTURE, "expects to": FUTURE, "is due": FUTURE, "are due": FUTURE,
    "due to": FUTURE, "scheduled": FUTURE, "set to": FUTURE, "intends to": FUTURE,
    "aims to": FUTURE, "hopes to": FUTURE, "upcoming": FUTURE, "to be held": FUTURE,
    "may": FUTURE, "might": FUTURE,
    "effective": FUTURE, "planned to": FUTURE, "was to": FUTURE, "were to": FUTURE,
    "postponed until": FUTURE, "ahead of": FUTURE, "delayed until": FUTURE,
    # past auxiliaries
    "was": PAST, "were": PAST, "had": PAST, "did": PAST, "didn't": PAST, "wasn't": PAST,
    "weren't": PAST, "has been": PAST, "have been": PAST,
    # present
    "is": PRESENT, "are": PRESENT, "am": PRESENT, "isn't": PRESENT, "aren't": PRESENT,
}
_IRREGULAR_PAST = {
    "met", "made", "went", "came", "took", "gave", "held", "began", "became", "left", "won", "lost",
    "fell", "rose", "sold", "bought", "paid", "spent", "sent", "saw", "knew", "thought", "found",
    "brought", "built", "kept", "led", "ran", "stood", "struck", "fought", "flew", "got", "hit",
    "cut", "put", "quit", "set", "shot", "slid", "spoke", "wrote", "grew", "drew", "broke", "chose",
    "froze", "hung", "heard", "felt", "meant", "sought", "taught", "caught", "arose", "swore",
    "sank", "shrank", "sprang", "stole", "threw", "woke", "wore", "dealt", "fled", "forgot",
}
_REPORTING = {"said": PAST, "told": PAST, "reported": PAST, "announced": PAST, "says": PRESENT,
              "tells": PRESENT, "say": PRESENT}
_NOT_PAST = {"need", "seed", "indeed", "hundred", "exceed", "proceed", "succeed", "speed", "feed",
             "bed", "red", "shed", "united", "based", "armed", "related", "limited", "detailed",
             "so-called", "embattled", "troubled", "fledgling", "advanced", "alleged", "concerned",
             "experienced", "interested", "married", "supposed", "used", "skilled", "talented"}

_MULTI = sorted((k for k in _TIER1 if " " in k), key=len, reverse=True)


# ``\\w`` with its ASCII letters and digits spelled out first, for character classes: ``re`` puts
# listed characters in one bitmap tested before the Unicode category, so most characters are
# decided without a call to the category functions. The class is the same.
_W = r"A-Za-z0-9_\w"


def _token_regex(multi: list[str]) -> str:
    """The words of a clause, a multiword cue as one word. Plainly written this is
    ``\\b(?:MULTI...)(?![\\w'’-])|[A-Za-z][\\w'’-]*|['’]ll`` (the multiword cues first, longest
    first); here it starts with one character class (every word starts with a letter or an
    apostrophe), so that ``re`` skips to word starts in C instead of trying the pattern at every
    position. After that first character, each multiword cue starts with its second letter (so
    ``re`` passes over it at a glance when the next letter differs) and then checks its first
    letter and the ``\\b`` before it with lookbehinds; a plain word checks that the first
    character was a letter. It matches what the plain alternation matches, the same alternative
    winning; ``tests/test_tense.py`` compares the two.

    The cues are grouped by their second letter, then by their first two letters (keeping their
    order within a group): cues of different groups never match at the same place, so the same
    alternative wins, and a word is tried against each second letter and each pair once."""
    groups: dict[str, dict[str, list[str]]] = {}
    for k in multi:
        if not (k[:2].isascii() and k[:2].isalpha() and k[:2].islower()):
            raise ValueError(f"a multiword cue must start with two lower-case letters: {k!r}")
        rest = re.escape(k[2:]).replace(r"\ ", r"\s+")
        groups.setdefault(k[1], {}).setdefault(k[:2], []).append(rest)
    cues = [second + "(?:" + "|".join(f"(?<={pair})(?<!\\w..)(?:{'|'.join(rests)})" for pair, rests in pairs.items())
            + ")" for second, pairs in groups.items()]
    return (r"[A-Za-z'’](?:(?:" + "|".join(cues) + rf")(?![{_W}'’-])"
            rf"|(?<=[A-Za-z])[{_W}'’-]*|(?<=['’])ll)")


_TOKEN = re.compile(_token_regex(_MULTI))
# A sentence end: a newline, or one of .!?;: before white space. Written to start with one
# character class, so that ``re`` skips to the candidates in C.
_SENTENCE_END = re.compile(r"[.!?;:\n](?:(?<=\n)|(?=\s))")
# The same ends found on the reversed text (the white space after the mark comes before it).
_SENTENCE_END_REVERSED = re.compile(r"[.!?;:\n](?:(?<=\n)|(?<=\s.))")
# A period after these ends no sentence: titles, company words, months, US states in the news
# agencies' style ("Birmingham, Ala."), "vs." and initials ("U.S.", "p.m.", "J.").
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev|Prof|Inc|Co|Corp|Ltd|Bros"
    "|No|vs?|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky"
    "|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Mt|Ft")
_ABBREVIATION = re.compile(
    r"(?:\b(?:" + _ABBREVIATIONS + r")"
    r"|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z])\.$")
# The words _ABBREVIATION can end with before its period (each "?" spelled out): its match is one
# of them, or a single letter, preceded by a word boundary, so the run of word characters before
# the period is one of them or a single character whenever it matches.
_ABBREVIATION_WORDS = frozenset(
    w for a in _ABBREVIATIONS.split("|") for w in ((a[:-1], a[:-2]) if a.endswith("?") else (a,)))
_WORD_END_REVERSED = re.compile(rf"[{_W}]{{0,6}}")


def _abbreviation_at(text: str, p: int) -> bool:
    """Whether the period ``text[p]`` ends an abbreviation: ``_ABBREVIATION`` matches up to it in
    ``text[p - 8:p + 1]``. The search runs only when the word before the period (read backwards
    on the reversed text) is one that can match: a listed abbreviation or a single character."""
    word = _WORD_END_REVERSED.match(_reversed(text), len(text) - p).group()
    if len(word) != 1 and word[::-1] not in _ABBREVIATION_WORDS:
        return False
    return _ABBREVIATION.search(text, max(0, p - 8), p + 1) is not None


_REVERSED: list = [None, ""]     # the last text reversed: [text, text[::-1]]


def _reversed(text: str) -> str:
    """``text[::-1]``, kept for the last text (a document's expressions are read in a row)."""
    if _REVERSED[0] is not text:
        _REVERSED[0], _REVERSED[1] = text, text[::-1]
    return _REVERSED[1]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or ;-clause) holding ``text[start:end]``: from the last
    sentence end within 400 characters before it to the first within 400 after it.

    The end before is searched backwards, on the reversed text, so only the characters up to it
    are read. A mark right before ``start`` does not count (the forward search, bounded at
    ``start``, cannot see the white space after it)."""
    left = max(0, start - 400)
    if start > left:
        reverse = _reversed(text)
        size = len(text)
        for m in _SENTENCE_END_REVERSED.finditer(reverse, size - start, size - left):
            p = size - 1 - m.start()          # the mark's offset in ``text``
            mark = text[p]
            if mark != "\n" and p == start - 1:
                continue
            if mark == "." and _abbreviation_at(text, p):
                continue
            left = p + 1
            break
    hi = end + 400
    m = _SENTENCE_END.search(text, end, hi)     # the first end after: a mark, not a period of an abbreviation
    while m is not None and text[m.start()] == "." and _abbreviation_at(text, m.start()):
        m = _SENTENCE_END.search(text, m.end(), hi)
    right = m.start() if m else min(len(text), hi)
    return left, right


_SPACES = re.compile(r"\s+")


class _Cues(dict):
    """``_cue`` of each word read so far (word -> cue), the one cache of cues: a hit is a plain
    dict look-up, cheaper than a call through ``lru_cache``; a miss calls ``_cue``. Emptied past
    65,536 words."""

    def __missing__(self, token: str) -> tuple[int, str] | None:
        if len(self) >= 65536:
            self.clear()
        cue = self[token] = _cue(token)
        return cue


_CUES = _Cues()


def _cue(token: str) -> tuple[int, str] | None:
    low = token.lower()
    if not low.isalpha():      # white space only in a multiword cue: a word of letters has none
        low = _SPACES.sub(" ", low)
    if low.endswith(("'ll", "’ll")):
        return 1, FUTURE
    if low in _TIER1:
        return 1, _TIER1[low]
    if low in _REPORTING:
        return 3, _REPORTING[low]
    if low in _IRREGULAR_PAST:
        return 2, PAST
    if token[0].islower() and low.endswith("ed") and len(low) > 4 and low not in _NOT_PAST:
        return 2, PAST
    return None


_MODAL_PERFECT = re.compile(r"(?i)\b(?:may|might|could|would|should|must|will)(?:\s+not)?\s+have\s+\w+")
_SOON_AS = re.compile(r"(?i)\bas\s+(?:soon|early)\s+as\s*$")
_SINCE = re.compile(r"(?i)\b(?:since|ago)\s+$")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:a|an|the|its|his|her|their|our|your|this|that|these|those|some|any|no)"
                                r"(?:\s+(?:\w+ly|still|very|more|most|less|least|much|well|newly|so))?\s+$")
_HAD_BEEN = re.compile(r"(?i)\bhad\s+(?:been\s+|\w+ly\s+)?$")
_BY_AFTER = re.compile(r"\s+by\b")
_S_LETTERS = ("s", "S", "\u017f")      # what (?i)s matches: s, S and the long s
_E_O_LETTERS = ("e", "E", "o", "O")
STRATEGY = "nearest"   # "nearest": the nearest cue in words; "tiers": by tier first; "none": no tense


def tense_at(text: str, start: int, end: int) -> str | None:
    """``past``, ``present`` or ``future`` for the clause around ``text[start:end]``, or ``None``.

    >>> tense_at("He will visit Rome on Tuesday.", 22, 29)
    'future'
    >>> tense_at("He met them on Tuesday, officials said.", 15, 22)
    'past'
    """
    if STRATEGY == "tiers":
        return _tense_tiers(text, start, end)
    if STRATEGY == "none":     # for measuring what the tense is worth
        return None
    return _tense_nearest(text, start, end)


def _tense_nearest(text: str, start: int, end: int) -> str | None:
    """The cue nearest the expression, counted in words, decides; auxiliaries win ties.

    A temporal expression hangs on the verb next to it ("said Friday", "met on Tuesday",
    "will meet Bush on Thursday"), so the closest cue is the best guess without a parser.
    Reporting verbs count one word farther, as they often frame another clause.
    """
    left, right = _clause(text, start, end)
    head = text[max(left, start - 20):start]
    # _SOON_AS ends with "as" and white space, _SINCE with "since" or "ago" and at least one
    # white space (its text is the end of ``head``): each search runs only when ``head`` ends
    # so, its last letter compared as the regex compares it ignoring case
    last = head.rstrip()[-1:]
    if last in _S_LETTERS and _SOON_AS.search(head):
        return FUTURE
    if last in _E_O_LETTERS and head[-1:].isspace() and _SINCE.search(text[max(left, start - 12):start]):
        return PAST
    best = None
    i = 0
    for m in _words_before(text, left, start):    # the nearest cue on each side
        cue = _CUES[m.group()]
        if cue is not None:
            best = _candidate(text, left, end, -1, i, cue, m)
            if best is not None:
                break
        i += 1
    # a cue after the expression counts at least one word farther than its index (``penalty``
    # in _candidate), so from index ``best[0]`` on it cannot beat ``best``: reading stops there
    limit = best[0] if best is not None else right
    i = 0
    for m in _TOKEN.finditer(text, end, right if limit else end):   # read only up to the nearest cue
        if i >= limit:
            break
        cue = _CUES[m.group()]
        if cue is not None:
            cand = _candidate(text, left, end, 1, i, cue, m)
            if cand is not None:
                if best is None or cand < best:
                    best = cand
                break
        i += 1
    return best[2] if best else None


# A character that no word of ``_TOKEN`` (nor multiword cue) holds: not a word character, white
# space, an apostrophe or a hyphen. No word spans one, so the words after it are the same whether
# the clause is read from its start or from just after it.
_BARRIER_REVERSED = re.compile(rf"[^{_W} \s'’-]")


def _words_before(text: str, left: int, start: int):
    """The words ``_TOKEN.finditer(text, left, start)`` gives, nearest ``start`` first, read a
    stretch at a time back from ``start``: each stretch begins after the nearest character no
    word can hold (found on the reversed text), so only the stretches up to the nearest cue are
    read, not the whole clause."""
    reverse = _reversed(text)
    size = len(text)
    hi = start
    while hi > left:
        mark = _BARRIER_REVERSED.search(reverse, size - hi, size - left)
        lo = size - mark.start() if mark else left      # just after the character
        yield from reversed(list(_TOKEN.finditer(text, lo, hi)))
        hi = lo - 1


def _candidate(text: str, left: int, end: int, side: int, i: int, cue: tuple[int, str], m):
    """``(distance in words + penalty, tier, tense)`` for the cue ``m``, the ``i``-th word from
    the expression on ``side`` (-1 before it, 1 after it); None when the cue is no verb of the
    clause (an adjective, a participle after its noun): the next word is then read."""
    tier, tense = cue
    at = m.start()
    if tense == FUTURE and (_MODAL_PERFECT.match(text, at) or _had_been_before(text, max(left, at - 25), at)):
        tense = PAST    # "may have exploded", "had been due to expire Friday"
    if tier == 2:
        if side > 0 and _BY_AFTER.match(text, m.end()):
            return None    # "markets untouched by the crisis": a participle after its noun
        if _determiner_before(text, max(left, at - 30), at):
            return None    # "a still unspecified date", "the embattled company": an adjective
        # a participle after an auxiliary: "will be held", "has been delayed", "is expected"
        before = _TOKEN.findall(text, max(left, at - 30), at)[-3:]
        for w in reversed(before):
            if w.lower() in ("have", "has", "had", "'ve", "’ve"):
                tier, tense = 1, PAST      # "may have exploded", "has been delayed"
                break
            aux = _CUES[w]
            if aux and aux[0] == 1:
                tier, tense = 1, aux[1]
                break
    penalty = (1 if tier == 3 else 0) + (1 if side > 0 else 0)
    if tier == 3 and side > 0 and "," in text[end:at]:
        penalty += 2    # "..., aides said": the reporting frame, not the event's verb
    return (i + penalty, tier, tense)


def _had_been_before(text: str, lo: int, hi: int) -> bool:
    """``_HAD_BEEN`` ends at ``hi`` in ``text[lo:hi]``; the search runs only where "had" occurs."""
    return "had" in text[lo:hi].lower() and _HAD_BEEN.search(text, lo, hi) is not None


_WORD_BEFORE_REVERSED = re.compile(rf"\s+([{_W}]+)")
_DETERMINERS = {"a", "an", "the", "its", "his", "her", "their", "our", "your", "this", "that", "these",
                "those", "some", "any", "no", "still", "very", "more", "most", "less", "least", "much",
                "well", "newly", "so"}


def _determiner_before(text: str, lo: int, hi: int) -> bool:
    """``_DETERMINER_BEFORE`` ends at ``hi`` in ``text[lo:hi]``. Its match ends with a word of its
    lists (or one in -ly) and white space up to ``hi``, so the search runs only when the word
    before the white space is one (read on the reversed text) or is not plain ASCII."""
    reverse = _reversed(text)
    m = _WORD_BEFORE_REVERSED.match(reverse, len(text) - hi)
    if m is None:
        return False
    word = m.group(1)
    if word.isascii():
        word = word[::-1].lower()
        if word not in _DETERMINERS and not word.endswith("ly"):
            return False
    return _DETERMINER_BEFORE.search(text, lo, hi) is not None


def _tense_tiers(text: str, start: int, end: int) -> str | None:
    """``past``, ``present`` or ``future`` for the clause around ``text[start:end]``, or ``None``.

    >>> tense_at("He will visit Rome on Tuesday.", 22, 29)
    'future'
    >>> tense_at("He met them on Tuesday, officials said.", 15, 22)
    'past'
    """
    left, right = _clause(text, start, end)
    best: tuple[int, int, str] | None = None   # (tier, distance, tense)
    for m in _TOKEN.finditer(text, left, right):
        if start <= m.start() < end:
            continue
        cue = _CUES[m.group()]
        if cue is None:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        cand = (cue[0], distance, cue[1])
        if best is None or cand < best:
            best = cand
    return best[2] if best else None
