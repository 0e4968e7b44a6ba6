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
from functools import lru_cache

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
_TOKEN = re.compile(r"\b(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _MULTI)
                    + r")(?![\w'’-])|[A-Za-z][\w'’-]*|['’]ll")
_SENTENCE_END = re.compile(r"[.!?;:\n](?=\s)|\n")
# A period after these ends no sentence: titles, company words, months, US states in the news
# agencies' style ("Birmingham, Ala."), "vs." and initials ("U.S.", "p.m.", "J.").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Gov|Sen|Rep|Rev|Prof|Inc|Co|Corp|Ltd|Bros"
    r"|No|vs?|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky"
    r"|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Mt|Ft)"
    r"|\b(?:[A-Za-z]\.)+[A-Za-z]|\b[A-Z])\.$")


def _ends(text: str, lo: int, hi: int):
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 8), m.end()):
            continue
        yield m


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or ;-clause) holding ``text[start:end]``."""
    left = max(0, start - 400)
    for m in reversed(list(_SENTENCE_END.finditer(text, left, start))):   # the last end before
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 8), m.end()):
            continue
        left = m.end()
        break
    m = next(_ends(text, end, end + 400), None)
    right = m.start() if m else min(len(text), end + 400)
    return left, right


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _cue(token: str) -> tuple[int, str] | None:
    low = _SPACES.sub(" ", token.lower())
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
    if _SOON_AS.search(text[max(left, start - 20):start]):
        return FUTURE
    if _SINCE.search(text[max(left, start - 12):start]):
        return PAST
    best: tuple[int, int, str] | None = None   # (distance in words + penalty, tier, tense)
    words_left = [m for m in _TOKEN.finditer(text, left, start)]
    words_right = _TOKEN.finditer(text, end, right)   # read only up to the nearest cue
    for side, seq in ((-1, reversed(words_left)), (1, words_right)):
        for i, m in enumerate(seq):
            cue = _cue(m.group())
            if cue is None:
                continue
            tier, tense = cue
            if tense == FUTURE and (_MODAL_PERFECT.match(text, m.start())
                                    or _HAD_BEEN.search(text, max(left, m.start() - 25), m.start())):
                tense = PAST    # "may have exploded", "had been due to expire Friday"
            if tier == 2 and side > 0 and _BY_AFTER.match(text, m.end()):
                continue    # "markets untouched by the crisis": a participle after its noun
            if tier == 2 and _DETERMINER_BEFORE.search(text, max(left, m.start() - 30), m.start()):
                continue    # "a still unspecified date", "the embattled company": an adjective
            if tier == 2:
                # a participle after an auxiliary: "will be held", "has been delayed", "is expected"
                before = _TOKEN.findall(text, max(left, m.start() - 30), m.start())[-3:]
                for w in reversed(before):
                    if w.lower() in ("have", "has", "had", "'ve", "’ve"):
                        tier, tense = 1, PAST      # "may have exploded", "has been delayed"
                        break
                    aux = _cue(w)
                    if aux and aux[0] == 1:
                        tier, tense = 1, aux[1]
                        break
            penalty = {1: 0, 2: 0, 3: 1}[tier] + (1 if side > 0 else 0)
            if tier == 3 and side > 0 and "," in text[end:m.start()]:
                penalty += 2    # "..., aides said": the reporting frame, not the event's verb
            cand = (i + penalty, tier, tense)
            if best is None or cand < best:
                best = cand
            break   # the nearest cue on each side
    return best[2] if best else None


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
        cue = _cue(m.group())
        if cue is None:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        cand = (cue[0], distance, cue[1])
        if best is None or cand < best:
            best = cand
    return best[2] if best else None
