"""The tagger: find temporal expressions in text and hand them to the resolver.

The rules of :mod:`timeline.grammar.rules` are compiled once. A cheap trigger scan first tells
whether the text can hold a temporal expression at all (a digit or a temporal word); then every
rule is matched and the longest non-overlapping matches are kept (on equal length the earlier
rule wins). The resolver turns each match into a TIMEX3 :class:`~timeline.timex.Timex`.

How the rules are matched fast, with exactly the result of running every rule's ``finditer``
over the whole text (``tests/test_tagger_engine.py`` keeps that plain engine as the reference and
compares them on the TBAQ corpus, the seed and random texts):

- Each rule is analysed once (:func:`_plan`, from the regex parse tree): its **anchor** is a set of
  literal strings one of which every match must contain (a month name, a unit word, the first
  digits of a year...), chosen where occurrences times window size is least; with it, how far
  before the anchor a match can start (``before``) and how far after it matching can read,
  lookaheads included (``after``).
- Per text, one Aho-Corasick pass (``ahocorasick_rs``) over the lower-cased text finds every anchor
  occurrence (where an anchor's case matters, the text is checked at the occurrence).
- Each anchor also gives two necessary conditions (:func:`_fragments`): the rule's *tail* from
  the anchor on must match at the occurrence, and its *head* up to the anchor, reversed, must
  match the reversed text there. Occurrences failing either cannot be part of a match and are
  dropped: most month names, unit words and "am" in running text go here, before any window.
- A rule is run (``pattern.finditer(text, pos, endpos)``) only in the windows
  ``[occurrence - before, occurrence + after]`` of the occurrences left, merged where they meet
  and grown to reach ``after`` past every dropped occurrence inside them (so no window cuts a
  match short); lookbehinds still see the text before a window.
- Widths count each unbounded repeat (``\\s+``, ``\\d+``) as at most a few repeats
  (:func:`_cap`). Runs longer than that are found per text by a byte search (:class:`_Guard`),
  and windows near one grow by its length, so the windows stay exact.
- The overlap resolution marks the characters of the chosen spans in a byte array, so a
  candidate is checked in time proportional to its own length.

The analysis knows nothing of the grammar beyond its regexes: rules can change freely; a rule the
analysis cannot read (a back-reference, say) is simply run over the whole text.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from . import plancache
from .grammar.rules import Rule, compiled_rules
from .timex import Timex

try:  # Python 3.11+
    from re import _constants as _C, _parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]


@dataclass(frozen=True, slots=True)
class Mention:
    """A match of one rule: the span and the named groups the resolver reads."""
    start: int
    end: int
    text: str
    rule: Rule
    groups: dict


# Words without which no rule can match (besides digits). Kept broad: a miss here is a miss
# everywhere, so every rule's first word must be covered.
_TRIGGER_WORDS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
    r"|today|tonight|tomorrow|yesterday|now|recent|late|soon|current|present|past|future"
    r"|second|minute|hour|day|night|week|month|quarter|year|decade|centur|season|spring|summer"
    r"|autumn|fall|winter|morning|afternoon|evening|noon|midnight|christmas|easter|thanksgiving"
    r"|halloween|eve|fiscal|annual|daily|weekly|nightly|hourly|once|twice|thrice|half|moment"
    r"|ties|fties|nties|ahead|coming|earlier|fy|q[1-4]|nineteen|twenty|thousand|period|term"
    r"|valentine|patrick|independence|veteran|boxing|bastille|armistice|memorial|labor|mother"
    r"|father|election|luther|president|clock"
)
_TRIGGER = re.compile(r"\d|(?i:" + _TRIGGER_WORDS + ")")


def _by_first_letter(words: str) -> str:
    """An alternation of ``words`` (``|``-separated, each starting with a plain letter) grouped by
    first letter: ``(?:j(?:an|ul|un)|f(?:eb|ri|...)|...)``. Every alternative then starts with a
    literal, so ``re`` skips to the positions holding a first letter in C and tries one group
    there. It finds a match exactly where the flat alternation does (only whether there is one
    is used)."""
    groups: dict[str, list[str]] = {}
    for w in words.split("|"):
        if not (w[:1].isascii() and w[:1].isalpha() and w[:1].islower()):
            raise ValueError(f"a trigger word must start with a lower-case letter: {w!r}")
        groups.setdefault(w[0], []).append(w[1:])
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


# The same search on the text as :func:`_lowered` gives it, case-sensitive, in two parts that each
# let the regex engine skip ahead in C: a digit (one character class), then a word of the list
# grouped by first letter. ``_TRIGGER.search(text)`` finds something exactly when one of them does.
_TRIGGER_DIGIT = re.compile(r"\d")
_TRIGGER_LOWER = re.compile(_by_first_letter(_TRIGGER_WORDS))
_ASCII_DIGITS = "0123456789"


def _triggered(lowered: str) -> bool:
    """Whether ``_TRIGGER_DIGIT`` or ``_TRIGGER_LOWER`` finds something in ``lowered``. In an ASCII
    text ``\\d`` matches only 0-9, and ``in`` finds one character with memchr, where the regex
    tests each character's Unicode category (a text without a digit was scanned whole that way)."""
    if lowered.isascii():
        for digit in _ASCII_DIGITS:
            if digit in lowered:
                return True
    elif _TRIGGER_DIGIT.search(lowered):
        return True
    return _TRIGGER_LOWER.search(lowered) is not None


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[Rule, re.Pattern]]:
    rules = compiled_rules()
    plan = _stored_plan(tuple(rule for rule, _ in rules), tuple(pattern for _, pattern in rules))
    if plan is not None:      # the compiled patterns come with the stored plan
        return [(rp.rule, rp.pattern) for rp in plan.rules]
    return [(rule, plancache.compile(pattern)) for rule, pattern in rules]


# ---------------------------------------------------------------------------- rule analysis

# An unbounded repeat is assumed to run at most this many times (by what it repeats) unless its
# guard finds a longer run in the text: white space 3, white space and hyphens 6 (" -- "),
# digits 8, anything else 24.
_K_SPACE, _K_SPACE_HYPHEN, _K_DIGIT, _K = 3, 6, 8, 24
_MAX_STRINGS = 400      # largest literal set an anchor may expand to
_MERGE_GAP = 16         # windows closer than this are scanned as one
_MAXREPEAT = _C.MAXREPEAT
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT) + ((_C.POSSESSIVE_REPEAT,) if hasattr(_C, "POSSESSIVE_REPEAT") else ())
_ONE_CHAR = (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY)
_IGNORECASE = _C.SRE_FLAG_IGNORECASE
_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}
_FLAG_LETTERS = {_C.SRE_FLAG_IGNORECASE: "i", _C.SRE_FLAG_MULTILINE: "m", _C.SRE_FLAG_DOTALL: "s",
                 _C.SRE_FLAG_ASCII: "a"}


class _Unsupported(Exception):
    """A construct the analysis does not handle: the rule is then run over the whole text."""


def _char(c: int) -> str:
    ch = chr(c)
    return ch if ch.isascii() and ch.isalnum() else (f"\\u{c:04x}" if c <= 0xFFFF else f"\\U{c:08x}")


def _unparse(data, flags: int) -> str:
    """Regex source for parsed items (groups become non-capturing), with ``flags`` in effect."""
    body = "".join(_unparse_item(op, av) for op, av in data)
    letters = "".join(l for f, l in _FLAG_LETTERS.items() if flags & f)
    return f"(?{letters}:{body})" if letters else f"(?:{body})"


def _unparse_class(items) -> str:
    out = []
    for op, av in items:
        if op is _C.NEGATE:
            out.append("^")
        elif op is _C.LITERAL:
            out.append(_char(av))
        elif op is _C.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _C.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unsupported(op)
    return "[" + "".join(out) + "]"


def _unparse_item(op, av) -> str:
    if op is _C.LITERAL:
        return _char(av)
    if op is _C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is _C.ANY:
        return "."
    if op is _C.IN:
        return _unparse_class(av)
    if op is _C.BRANCH:
        return "(?:" + "|".join("".join(_unparse_item(o, a) for o, a in alt) for alt in av[1]) + ")"
    if op is _C.SUBPATTERN:
        _, add, delete, p = av
        on = "".join(l for f, l in _FLAG_LETTERS.items() if add & f)
        off = "".join(l for f, l in _FLAG_LETTERS.items() if delete & f)
        flags = on + (f"-{off}" if off else "")
        return f"(?{flags}:" + "".join(_unparse_item(o, a) for o, a in p) + ")"
    if op in _REPEATS:
        lo, hi, item = av
        inner = "(?:" + "".join(_unparse_item(o, a) for o, a in item) + ")"
        bound = f"{{{lo},}}" if hi is _MAXREPEAT else f"{{{lo},{hi}}}"
        suffix = "?" if op is _C.MIN_REPEAT else ("+" if op is not _C.MAX_REPEAT else "")
        return inner + bound + suffix
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        direction, p = av
        kind = ("=" if op is _C.ASSERT else "!") if direction == 1 else ("<=" if op is _C.ASSERT else "<!")
        return f"(?{kind}" + "".join(_unparse_item(o, a) for o, a in p) + ")"
    if op is _C.AT:
        at = {_C.AT_BEGINNING: "^", _C.AT_BEGINNING_STRING: r"\A", _C.AT_BOUNDARY: r"\b",
              _C.AT_NON_BOUNDARY: r"\B", _C.AT_END: "$", _C.AT_END_STRING: r"\Z"}
        if av in at:
            return at[av]
    if getattr(_C, "ATOMIC_GROUP", None) is op:
        return "(?>" + "".join(_unparse_item(o, a) for o, a in av) + ")"
    raise _Unsupported(op)


def _cap(item, flags: int) -> int:
    """How many times an unbounded repeat of ``item`` is assumed to run at most."""
    source = _unparse(item, flags)
    if re.fullmatch(r"\(\?i?:\[(?:\\s|\\u0020|\\t|\\n)+\]\)", source):
        return _K_SPACE
    if re.fullmatch(r"\(\?i?:\[(?:\\s|\\u002d|\\u0020|\\t|\\n)+\]\)", source):
        return _K_SPACE_HYPHEN
    if re.fullmatch(r"\(\?i?:\[(?:\\d|0-9)\]\)", source):
        return _K_DIGIT
    return _K


def _width(data, ext: bool, guards: set | None, flags: int) -> int:
    """Greatest number of characters ``data`` can match (unbounded repeats counted as
    :func:`_cap` says). With ``ext``, lookahead contents count as if consumed (how far matching
    can read ahead)."""
    key = (tuple((op, id(av)) for op, av in data), ext, flags)
    width = _WIDTH_MEMO.get(key)
    if width is None:
        width = _WIDTH_MEMO[key] = _width_uncached(data, ext, flags)
    return width


_WIDTH_MEMO: dict = {}    # like _EXPAND_MEMO


def _width_uncached(data, ext: bool, flags: int) -> int:
    total = 0
    for op, av in data:
        if op in _ONE_CHAR:
            total += 1
        elif op is _C.BRANCH:
            total += max((_width(alt, ext, None, flags) for alt in av[1]), default=0)
        elif op is _C.SUBPATTERN:
            total += _width(av[3], ext, None, (flags | av[1]) & ~av[2])
        elif op in _REPEATS:
            lo, hi, item = av
            if hi is _MAXREPEAT:
                hi = _cap(item, flags)
            total += hi * _width(item, ext, None, flags)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if ext and av[0] == 1:
                total += _width(av[1], ext, None, flags)
        elif op is _C.AT:
            pass
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            total += _width(av, ext, None, flags)
        else:
            raise _Unsupported(op)
    return total


_EXPAND_MEMO: dict = {}   # filled while one rule is planned (keys: ids in its parse tree), then emptied


def _expand(data, flags: int, cased: list | None = None) -> set[str] | None:
    key = (tuple((op, id(av)) for op, av in data), flags)
    memo = _EXPAND_MEMO.get(key)
    if memo is None:
        used: list = []
        memo = _EXPAND_MEMO[key] = (_expand_uncached(data, flags, used), bool(used))
    if memo[1] and cased is not None:
        cased.append(True)
    return memo[0]


def _expand_uncached(data, flags: int, cased: list | None = None) -> set[str] | None:
    """The finite set of strings ``data`` matches (lower-cased where case is ignored; assertions
    dropped, so a superset), or None when infinite or larger than ``_MAX_STRINGS``. When some
    part ignores case, ``True`` is appended to ``cased``: the set must then be searched ignoring
    case."""
    if cased is None:
        cased = []
    if flags & _IGNORECASE:
        cased.append(True)
    out = {""}
    for op, av in data:
        if op is _C.LITERAL:
            ch = chr(av)
            part = {ch.lower()} if flags & _IGNORECASE else {ch}
        elif op is _C.IN:
            if any(o not in (_C.LITERAL, _C.RANGE) for o, _ in av):
                return None
            chars = set()
            for o, a in av:
                lo, hi = (a, a) if o is _C.LITERAL else a
                if hi - lo > 40:
                    return None
                chars.update(chr(c) for c in range(lo, hi + 1))
            part = {c.lower() for c in chars} if flags & _IGNORECASE else chars
        elif op is _C.BRANCH:
            part = set()
            for alt in av[1]:
                sub = _expand(alt, flags, cased)
                if sub is None:
                    return None
                part |= sub
        elif op is _C.SUBPATTERN:
            part = _expand(av[3], (flags | av[1]) & ~av[2], cased)
        elif op in _REPEATS and av[1] is not _MAXREPEAT and av[1] <= 4:
            item = _expand(av[2], flags, cased)
            if item is None:
                return None
            part, power = set(), {""}
            for n in range(av[1] + 1):
                if n >= av[0]:
                    part |= power
                power = {a + b for a in power for b in item}
                if len(power) > _MAX_STRINGS:
                    return None
        elif op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue
        else:
            return None
        if part is None:
            return None
        out = {a + b for a in out for b in part}
        if len(out) > _MAX_STRINGS:
            return None
    return out


_LETTER_P, _DIGIT_P, _SPACE_P, _OTHER_P = 0.04, 0.004, 0.15, 0.01
# Frequent words of English news, as a share of word tokens: an anchor made of them is poor.
_COMMON = {
    "the": .06, "of": .03, "to": .027, "and": .025, "a": .023, "in": .021, "that": .011,
    "for": .01, "is": .009, "on": .008, "said": .008, "it": .007, "with": .007, "was": .007,
    "as": .006, "at": .005, "by": .005, "he": .005, "from": .004, "his": .004, "be": .004,
    "have": .004, "has": .004, "are": .004, "an": .004, "this": .004, "will": .003, "not": .003,
    "but": .003, "they": .003, "were": .003, "had": .003, "year": .003, "after": .002, "more": .002,
    "would": .002, "who": .002, "their": .002, "which": .002, "been": .002, "its": .002,
    "last": .0015, "new": .0015, "one": .0015, "two": .001, "first": .001, "about": .001,
    "years": .001, "up": .0015, "than": .001, "other": .001, "some": .001, "per": .0005,
    "time": .0008, "percent": .001, "before": .0006, "now": .0006, "next": .0004, "each": .0003,
    "day": .0003, "so": .001, "all": .0015, "or": .002, "no": .001, "out": .001, "can": .001,
}


def _probability(strings: set[str], icase: bool) -> float:
    """A rough chance that one of ``strings`` starts at a given position of English news text.
    Summed exactly (``math.fsum``): a plain sum over a set depends on the set's order, which
    changes from run to run (string hashing), and anchors whose figures then differed in the
    last bit were chosen differently from run to run (the same matches, but head and tail
    regexes from 97,000 to 230,000 characters, so the speed of tagging varied from run to run)."""
    parts = []
    for s in strings:
        if s.lower() in _COMMON:
            parts.append(1.5 * _COMMON[s.lower()] / 6)   # also inside longer words; ~6 characters a word
            continue
        p = 1.0
        for ch in s:
            if ch.isalpha():
                p *= _LETTER_P if (icase or ch.islower()) else _LETTER_P / 2
            elif ch.isdigit():
                p *= _DIGIT_P * 2.5
            elif ch.isspace():
                p *= _SPACE_P
            else:
                p *= _OTHER_P
        parts.append(p)
    return math.fsum(parts)


def _expanded(data, flags: int) -> tuple[set[str], bool] | None:
    cased: list = []
    strings = _expand(data, flags, cased)
    if not strings or "" in strings:
        return None
    if cased:
        strings = {x.lower() for x in strings}
    return strings, bool(cased)


@dataclass(frozen=True, slots=True)
class _Anchor:
    strings: frozenset
    icase: bool
    before: int   # greatest distance from a match's start to the anchor's start
    after: int    # greatest distance from the anchor's start to the last character read
    checks: tuple = ()   # (must, regex source): the character before the anchor must (not) match
    # Where the anchor sits in the rule: (data, index, flags, outer) for one item or run, or a
    # tuple of such for an alternation's union; :func:`_fragments` turns it into regexes.
    place: tuple | None = None


# A place's enclosing context: ((items before, flags), (items after, flags)) pairs, innermost first.
def _fragments(place) -> tuple[str, str] | None:
    """Two regexes every match must satisfy at each anchor occurrence it contains: the *tail*,
    matched at the occurrence (the anchor and what follows it in the rule, lookarounds kept), and
    the *head*, matched on the reversed text at the occurrence (what precedes the anchor,
    reversed; lookaheads dropped, lookbehinds turned into lookaheads). Both are necessary
    conditions, so dropping the occurrences that fail them loses no match; None when the rule
    uses a construct they cannot express."""
    try:
        head, tail = _fragment_pieces(place)
        return "".join(head), "".join(tail)
    except (_Unsupported, RecursionError):
        return None


def _fragment_pieces(place) -> tuple[list[str], list[str]]:
    """:func:`_fragments` as lists of regex pieces (each a group) whose concatenation is the
    fragment. For an alternation's union the pieces the alternatives end with in common (their
    shared context: the rest of the rule) are written once after the alternation of what
    differs, and alternatives written the same are kept once: ``(?:a S|b S)`` becomes
    ``(?:a|b) S``, which matches at a position exactly when the first does. Without this the
    rule's whole context was repeated once per alternative (a unit word's ten first letters
    made a 51,000-character head)."""
    if place and isinstance(place[0], tuple):
        parts = [_fragment_pieces(p) for p in place]
        return (_union([h for h, _ in parts]), _union([t for _, t in parts]))
    data, i, flags, outer = place
    head = [_fragment(data[:i], flags, True)] + [_fragment(b, f, True) for (b, f), _ in outer]
    tail = [_fragment(data[i:], flags, False)] + [_fragment(a, f, False) for _, (a, f) in outer]
    return head, tail


def _union(alternatives: list[list[str]]) -> list[str]:
    """Pieces matching what one of ``alternatives`` (each a list of pieces) matches, with their
    common trailing pieces factored out."""
    common = 0
    shortest = min(len(a) for a in alternatives)
    while common < shortest and len({a[len(a) - 1 - common] for a in alternatives}) == 1:
        common += 1
    rests = dict.fromkeys("".join(a[:len(a) - common]) for a in alternatives)
    shared = alternatives[0][len(alternatives[0]) - common:]
    return ["(?:" + "|".join(rests) + ")"] + shared


# What each ASCII letter matches ignoring case (``re``'s Unicode folding; a test checks this
# against every code point). Fragments spell case as classes: a branch whose alternatives start
# with a class is skipped at a glance by ``re``, one whose alternatives ignore case is not.
_FOLDS = {c: c + c.upper() for c in "abcdefghjlmnopqrtuvwxyz"}
_FOLDS.update({"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f"})


def _fragment(data, flags: int, reverse: bool) -> str:
    """Regex source for ``data`` as a fragment (see :func:`_fragments`): named groups become
    plain ones and case is spelled out; with ``reverse``, a regex for the reversed text matching
    the reverse of what ``data`` matches, or more (lookaheads and anchors other than word
    boundaries dropped, lookbehinds turned into lookaheads)."""
    other = "".join(l for f, l in _FLAG_LETTERS.items() if flags & f and f != _IGNORECASE)
    body = _fragment_seq(data, bool(flags & _IGNORECASE), reverse)
    return f"(?{other}:{body})" if other else f"(?:{body})"


def _fragment_seq(data, icase: bool, reverse: bool, free: bool = True) -> str:
    """Only a sequence's first item needs case spelled out (that is what ``re`` looks at to skip
    a branch): later runs of letters stay ``(?i:...)``, which keeps the regex small. ``free``:
    alternations may change order (see :func:`_grouped_branch`); not inside an atomic group."""
    items = list(reversed(data)) if reverse else list(data)
    out, i = [], 0
    while i < len(items):
        op, av = items[i]
        if icase and i > 0 and op is _C.LITERAL:
            run, i = _literal_run(items, i)
            out.append(run)
            continue
        out.append(_fragment_item(op, av, icase, reverse, free))
        i += 1
    return "".join(out)


def _literal_run(items, i: int) -> tuple[str, int]:
    """The run of literals from ``items[i]`` on as one ``(?i:...)`` group, and the index after it."""
    j = i
    while j < len(items) and items[j][0] is _C.LITERAL:
        j += 1
    return "(?i:" + "".join(_char(a) for _, a in items[i:j]) + ")", j


def _folded(c: int) -> str:
    ch = chr(c)
    if ch.lower() == ch.upper():
        return _char(c)
    if ch.lower() in _FOLDS and ch.isascii():
        return "".join(_char(ord(x)) for x in _FOLDS[ch.lower()])
    raise _Unsupported("a non-ASCII letter ignoring case")


_OPTIONAL_AS_BRANCH = True     # False: the plain form, for the test that compares the two


def _fragment_item(op, av, icase: bool, reverse: bool, free: bool = True) -> str:
    if op is _C.LITERAL:
        return f"[{_folded(av)}]" if icase and chr(av).lower() != chr(av).upper() else _char(av)
    if op is _C.IN and icase:
        if any(o is _C.NEGATE for o, _ in av):
            return _unparse_class(av)     # without case folding it excludes less: a superset
        out = []
        for o, a in av:
            if o is _C.LITERAL:
                out.append(_folded(a))
            elif o is _C.RANGE:
                if a[1] - a[0] > 128:
                    raise _Unsupported("a wide range ignoring case")
                out.append(f"{_char(a[0])}-{_char(a[1])}")
                out.extend(_folded(c) for c in range(a[0], a[1] + 1) if chr(c).lower() != chr(c).upper())
            elif o is _C.CATEGORY and a in _CATEGORIES:
                out.append(_CATEGORIES[a])
            else:
                raise _Unsupported(o)
        return "[" + "".join(out) + "]"
    if op is _C.NOT_LITERAL and icase:
        return f"[^{_char(av)}]"          # a superset, as above
    if op in _ONE_CHAR:
        return _unparse_item(op, av)
    if op is _C.BRANCH:
        if free and _GROUPED_BRANCHES:
            return _grouped_branch([(alt, icase) for alt in av[1]], reverse)
        return "(?:" + "|".join(_fragment_seq(alt, icase, reverse, free) for alt in av[1]) + ")"
    if op is _C.SUBPATTERN:
        _, add, delete, p = av
        inner_icase = (icase or bool(add & _IGNORECASE)) and not delete & _IGNORECASE
        on = "".join(l for f, l in _FLAG_LETTERS.items() if add & f and f != _IGNORECASE)
        off = "".join(l for f, l in _FLAG_LETTERS.items() if delete & f and f != _IGNORECASE)
        flags = on + (f"-{off}" if off else "")
        return f"(?{flags}:" + _fragment_seq(p, inner_icase, reverse, free) + ")"
    if op in _REPEATS:
        lo, hi, item = av
        bound = f"{{{lo},}}" if hi is _MAXREPEAT else f"{{{lo},{hi}}}"
        lazy = "?" if op is _C.MIN_REPEAT and not reverse else ""
        if op not in (_C.MAX_REPEAT, _C.MIN_REPEAT) and not reverse:
            raise _Unsupported(op)          # possessive: kept only where the fragment is reversed
        body = _fragment_seq(item, icase, reverse, free)
        if _OPTIONAL_AS_BRANCH and lo == 0 and hi == 1 and not (len(item) == 1 and item[0][0] in _ONE_CHAR):
            # an optional group as a branch with an empty alternative, tried in the same order:
            # the same matches, without the repeat record ``re`` makes on entering a {0,1} group
            return f"(?:|{body})" if lazy else f"(?:{body}|)"
        return "(?:" + body + ")" + bound + lazy
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        direction, p = av
        if not reverse:
            kind = ("=" if op is _C.ASSERT else "!") if direction == 1 else ("<=" if op is _C.ASSERT else "<!")
            return f"(?{kind}" + _fragment_seq(p, icase, False, free) + ")"
        if direction == 1:
            return ""                      # a lookahead: dropped (a reversed one may not be fixed width)
        return ("(?=" if op is _C.ASSERT else "(?!") + _fragment_seq(p, icase, True, free) + ")"
    if op is _C.AT:
        if reverse:
            return {_C.AT_BOUNDARY: r"\b", _C.AT_NON_BOUNDARY: r"\B"}.get(av, "")
        return _unparse_item(op, av)
    if getattr(_C, "ATOMIC_GROUP", None) is op:
        # which way through an atomic group is taken first decides what it matches: kept in order
        return ("(?:" if reverse else "(?>") + _fragment_seq(av, icase, reverse, free and reverse) + ")"
    raise _Unsupported(op)


# ---------------------------------------------------------------------------- fast forms of rules

def _fast_patterns(pattern: re.Pattern) -> tuple[re.Pattern, re.Pattern]:
    """The regexes a rule is run with: :func:`_fast_source` of ``pattern`` compiled, and compiled
    with ``re.ASCII`` for the texts :func:`_narrow` admits (on an ASCII character the flag changes
    only what ``\\s`` does with the separators U+001C-U+001F, so on such a text it matches
    exactly the same, and its ops look characters up in tables instead of calling Unicode
    functions); ``pattern`` itself for both when the rule uses a construct :func:`_fast_source`
    does not rewrite."""
    try:
        source = _fast_source(pattern)
        fast, fast_ascii = plancache.compile(source), plancache.compile(source, _C.SRE_FLAG_ASCII)
    except (_Unsupported, re.error, RecursionError):
        return pattern, pattern
    if any(f.groupindex != pattern.groupindex or f.groups != pattern.groups for f in (fast, fast_ascii)):
        return pattern, pattern
    return fast, fast_ascii


def _fast_source(pattern: re.Pattern) -> str:
    """Regex source for ``pattern`` that ``re`` runs with less work and that is exactly
    equivalent: at every position it tries the same things in the same order, so it gives the
    same matches with the same groups (capturing groups keep their names and numbers).

    - The first letter of a sequence ignoring case becomes the class of what it matches
      ignoring case (``[tT]``, from ``_FOLDS``). ``re`` skips an alternative of a branch at a
      glance only when it starts with a plain literal or class, and ``(?i:...)`` compiles to
      other ops; later letters of the sequence stay ``(?i:...)`` (the same ops as before).
    - An optional group ``(?:X)?`` becomes ``(?:X|)`` (lazy: ``(?:|X)``): X first, then nothing,
      as the repeat tries them, without the repeat record ``re`` keeps while in the group.
    - A sequence starting with a repeat of one character ``X+`` starts with ``XX*`` instead (the
      same runs in the same order), which ``re`` checks at a glance like a class.

    Raises :class:`_Unsupported` for a construct or flag it does not rewrite."""
    parsed = _P.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags if hasattr(parsed, "state") else pattern.flags
    if flags & ~(_C.SRE_FLAG_UNICODE | _IGNORECASE | _C.SRE_FLAG_VERBOSE):
        raise _Unsupported("global flags")
    names = {index: name for name, index in pattern.groupindex.items()}
    body = _fast_seq(parsed.data, bool(flags & _IGNORECASE), names)
    # a match that follows no word character and starts with one starts at a word boundary:
    # ``\b`` (no call into the matcher, unlike the lookbehind) turns away the positions inside words
    return r"\b" + body if _after_non_word(parsed.data) and _word_first(parsed.data) == (True, False) else body


def _after_non_word(data) -> bool:
    """Whether the zero-width items ``data`` starts with say that the character before a match
    is not a word character (``\\w``) or that there is none: a negative lookbehind of one class
    holding ``\\w``, or a lookbehind ending in white space (which is never ``\\w``)."""
    for op, av in data:
        if op not in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            return False
        if op is _C.AT or av[0] != -1 or not av[1]:
            continue
        last_op, last = av[1][-1]
        if op is _C.ASSERT_NOT and len(av[1]) == 1 and last_op is _C.IN \
                and (_C.CATEGORY, _C.CATEGORY_WORD) in last and not any(o is _C.NEGATE for o, _ in last):
            return True
        if op is _C.ASSERT and last_op is _C.IN and last == [(_C.CATEGORY, _C.CATEGORY_SPACE)]:
            return True
    return False


def _word_first(data) -> tuple[bool, bool]:
    """(whether every character ``data`` can match first is a word character, whether it can
    match the empty string); False where it cannot tell."""
    for op, av in data:
        if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue
        if op is _C.LITERAL:
            return _WORD.fullmatch(chr(av)) is not None, False
        if op is _C.IN:
            return all(o is _C.CATEGORY and a in (_C.CATEGORY_WORD, _C.CATEGORY_DIGIT)
                       or o is _C.LITERAL and _WORD.fullmatch(chr(a))
                       or o is _C.RANGE and all(_WORD.fullmatch(chr(c)) for c in range(a[0], a[1] + 1))
                       for o, a in av), False
        if op is _C.BRANCH:
            parts = [_word_first(alt) for alt in av[1]]
            word, empty = all(w for w, _ in parts), any(e for _, e in parts)
        elif op is _C.SUBPATTERN:
            word, empty = _word_first(av[3])
        elif op in _REPEATS:
            word, empty = _word_first(av[2])
            empty = empty or av[0] == 0
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            word, empty = _word_first(av)
        else:
            return False, False
        if not word or not empty:
            return word, empty
    return True, True


_WORD = re.compile(r"\w")


def _fast_seq(data, icase: bool, names: dict) -> str:
    out, i = [], 0
    while i < len(data):
        op, av = data[i]
        if icase and i > 0 and op is _C.LITERAL:
            run, i = _literal_run(data, i)
            out.append(run)
            continue
        out.append(_fast_item(op, av, icase, names, i == 0))
        i += 1
    return "".join(out)


def _fast_item(op, av, icase: bool, names: dict, first: bool = False) -> str:
    if op is _C.LITERAL:
        return _fast_literal(av) if icase else _char(av)
    if op is _C.NOT_LITERAL:
        return f"(?i:[^{_char(av)}])" if icase else f"[^{_char(av)}]"
    if op is _C.IN:
        return _fast_class(av, icase)
    if op is _C.ANY:
        return "."
    if op is _C.BRANCH:
        return "(?:" + "|".join(_fast_seq(alt, icase, names) for alt in av[1]) + ")"
    if op is _C.SUBPATTERN:
        group, add, delete, p = av
        if (add | delete) & ~_IGNORECASE:
            raise _Unsupported("flags")
        body = _fast_seq(p, (icase or bool(add & _IGNORECASE)) and not delete & _IGNORECASE, names)
        if group is None:
            return f"(?:{body})"
        return f"(?P<{names[group]}>{body})" if group in names else f"({body})"
    if op in _REPEATS:
        return _fast_repeat(op, av, icase, names, first)
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        direction, p = av
        kind = ("=" if op is _C.ASSERT else "!") if direction == 1 else ("<=" if op is _C.ASSERT else "<!")
        return f"(?{kind}" + _fast_seq(p, icase, names) + ")"
    if op is _C.AT:
        return _unparse_item(op, av)
    if getattr(_C, "ATOMIC_GROUP", None) is op:
        return "(?>" + _fast_seq(av, icase, names) + ")"
    raise _Unsupported(op)


def _fast_literal(c: int) -> str:
    """A character ignoring case: a letter as the class of its case variants (``_FOLDS`` holds
    exactly what ``re`` matches ignoring case), other characters as themselves."""
    if chr(c).lower() == chr(c).upper():
        return _char(c)
    try:
        return f"[{_folded(c)}]"
    except _Unsupported:       # a non-ASCII letter: left to re
        return f"(?i:{_char(c)})"


def _fast_class(items, icase: bool) -> str:
    """A class; ignoring case, one without letters as it is (``re`` compiles it the same way
    then), one of ASCII characters and ranges as the class of their case variants."""
    source = _unparse_class(items)
    if not icase:
        return source
    spans = [(a, a) if o is _C.LITERAL else a for o, a in items if o in (_C.LITERAL, _C.RANGE)]
    if any(hi > 127 for _, hi in spans):
        return f"(?i:{source})"
    letters = [c for lo, hi in spans for c in range(lo, hi + 1) if chr(c).isalpha()]
    if not letters:
        return source
    if any(o not in (_C.LITERAL, _C.RANGE) for o, _ in items):     # negated, or with categories
        return f"(?i:{source})"
    return "[" + "".join(dict.fromkeys(_folded(c) for lo, hi in spans for c in range(lo, hi + 1))) + "]"


def _fast_repeat(op, av, icase: bool, names: dict, first: bool) -> str:
    lo, hi, item = av
    body = _fast_seq(item, icase, names)
    lazy = op is _C.MIN_REPEAT
    single = len(item) == 1 and item[0][0] in _ONE_CHAR
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and lo == 0 and hi == 1 and not single:
        return f"(?:|{body})" if lazy else f"(?:{body}|)"
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and first and single and lo >= 1:
        # one character, then the rest of the repeat: the same runs tried in the same order (a
        # single character holds no group to give back), and the sequence starts with a class
        # or literal that re checks before entering a branch's alternative
        rest = f"{{{lo - 1},}}" if hi is _MAXREPEAT else f"{{{lo - 1},{hi - 1}}}"
        return f"{body}(?:{body}){rest}" + ("?" if lazy else "")
    bound = f"{{{lo},}}" if hi is _MAXREPEAT else f"{{{lo},{hi}}}"
    return f"(?:{body}){bound}" + ("?" if lazy else "" if op is _C.MAX_REPEAT else "+")


_ONE_CLASS = (_C.IN, _C.LITERAL, _C.NOT_LITERAL)
_GROUPED_BRANCHES = True     # False: the plain form, for the test that compares the two


def _grouped_branch(alternatives: list[tuple], reverse: bool) -> str:
    """A fragment's alternation (``alternatives``: (items, ignoring case); read backwards in a
    head, ``reverse``) as a trie: the alternatives that begin with the same one-character item are
    written as that item followed by the alternation (grouped the same way) of their rests, and an
    alternation that is a whole alternative is spliced in. Then every alternative begins with a
    class or a literal, which ``re`` skips at a glance when the character differs, instead of
    entering each (a tail's month names: SEPTEMBER|September|...|May). Alternatives change order,
    so the match found may differ, but whether one exists does not (outside atomic groups, and
    fragments hold no possessive repeat), and that is all a fragment is asked."""
    order: list = []                 # keys (or lone sources) in order of first appearance
    rests: dict = {}
    for key, rest, whole in _leads(alternatives, reverse):
        if key is None:
            order.append((None, whole))
        elif key in rests:
            rests[key][1].append(rest)
        else:
            rests[key] = (whole, [rest])
            order.append((key, None))
    out = []
    for key, whole in order:
        if key is None:
            out.append(whole)
        else:
            first, group = rests[key]
            out.append(first if len(group) == 1 else key + _grouped_branch(group, reverse))
    return "(?:" + "|".join(dict.fromkeys(out)) + ")"


def _leads(alternatives: list[tuple], reverse: bool) -> list[tuple]:
    """Per alternative (items, ignoring case) of a fragment's alternation, nested alternations
    spliced in: (the source of its first item read, its rest as (items, ignoring case), its whole
    source), or (None, None, whole source) when it does not begin with one character item."""
    out = []
    for alt, icase in alternatives:
        if len(alt) == 1 and alt[0][0] is _C.BRANCH:
            out.extend(_leads([(a, icase) for a in alt[0][1][1]], reverse))
            continue
        if (len(alt) == 1 and alt[0][0] is _C.SUBPATTERN and not (alt[0][1][1] | alt[0][1][2]) & ~_IGNORECASE
                and len(alt[0][1][3]) == 1 and alt[0][1][3][0][0] is _C.BRANCH):
            _, add, delete, p = alt[0][1]
            inner = (icase or bool(add & _IGNORECASE)) and not delete & _IGNORECASE
            out.extend(_leads([(a, inner) for a in p[0][1][1]], reverse))
            continue
        whole = _fragment_seq(alt, icase, reverse)
        op, av = (alt[-1] if reverse else alt[0]) if alt else (None, None)      # the first item read
        rest = list(alt[:-1]) if reverse else list(alt[1:])
        if op in _ONE_CLASS:
            out.append((_fragment_item(op, av, icase, reverse), (rest, icase), whole))
        elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] in _ONE_CLASS:
            # X{lo,hi} as X X{lo-1,hi-1}: the same strings, tried in the same order
            lo, hi, item = av
            more = [(op, (lo - 1, hi if hi is _MAXREPEAT else hi - 1, item))] if hi != 1 else []
            rest = rest + more if reverse else more + rest
            out.append((_fragment_item(*item[0], icase, reverse), (rest, icase), whole))
        else:
            out.append((None, None, whole))
    return out


def _first_table(source: str) -> bytes | None:
    """Per ASCII code, what a character with that code tells of a match of the regex ``source``
    beginning there: 0, none can (it cannot be consumed first, nor pass the one-character
    lookarounds of a way through that consumes nothing); 2, one surely does (it passes every
    lookaround of such a way); else 1. ``re`` itself reads the classes, from the items that can
    come first; other lookarounds and anchors count as passing for 0 and as failing for 2. None
    when every code gives 1 or the regex holds what this does not read. The entry of "?" is
    always 1: :func:`_rule_matches` reads every non-ASCII character, and the absence of one, as "?"."""
    try:
        parsed = _P.parse(source)
        starts, empty = _starts(parsed.data, parsed.state.flags if hasattr(parsed, "state") else 0, [""])
        if len(starts) + len(empty) > 200:
            return None
        first = re.compile("|".join(x.replace(_SKIPPED, "") for x in starts + empty))
        sure = [x for x in empty if _SKIPPED not in x]
        sure = re.compile("|".join(sure)) if sure else None
    except (_Unsupported, re.error, RecursionError):
        return None
    table = bytearray(2 if sure and sure.match(chr(c)) else first.match(chr(c)) is not None for c in range(128))
    table[ord("?")] = 1
    return None if all(x == 1 for x in table) else bytes(table)


_SKIPPED = "\x00"              # marks a way past a lookaround or anchor that _starts does not read
_EVERY = b"\x01" * 128       # the table of a head that any character may begin


def _starts(data, flags: int, paths: list[str]) -> tuple[list[str], list[str]]:
    """How a match of ``data`` can begin, reached by zero-width ``paths`` (each the source of the
    one-character lookarounds it passed, all of which must hold at the current character): the
    sources of those paths each followed by a one-character item that can be consumed first, and
    the paths through ``data`` that consume nothing (none when it always consumes)."""
    starts: list[str] = []
    for op, av in data:
        if op in _ONE_CHAR:
            item = _unparse([(op, av)], flags)
            return starts + [path + item for path in paths], []
        if op is _C.BRANCH:
            through: list[str] = []
            for alt in av[1]:
                got, empty = _starts(alt, flags, paths)
                starts += got
                through += empty
            paths = list(dict.fromkeys(through))
        elif op is _C.SUBPATTERN:
            got, paths = _starts(av[3], (flags | av[1]) & ~av[2], paths)
            starts += got
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            got, paths = _starts(av, flags, paths)
            starts += got
            paths = [path + _SKIPPED for path in paths]    # a way through it may not be taken
        elif op in _REPEATS:
            lo, hi, item = av
            if hi:
                got, empty = _starts(item, flags, paths)
                starts += got
                paths = list(dict.fromkeys(paths + empty)) if lo == 0 else empty
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if av[0] == 1 and len(av[1]) == 1 and av[1][0][0] in _ONE_CHAR:
                # a lookahead on one character: it reads the very character a path stands at
                check = _unparse([(op, av)], flags)
                paths = [path + check for path in paths]
            else:
                paths = [path + _SKIPPED for path in paths]
        elif op is _C.AT:
            paths = [path + _SKIPPED for path in paths]
        else:
            raise _Unsupported(op)
        if not paths:
            break
    return starts, paths


def _steps(seq: list) -> tuple[list, bool]:
    """How a match of ``seq`` (items as ``(op, av, flags)``) can begin: ``(source of a
    one-character item it can consume first, the items left after it)`` for each way, and
    whether it can match while consuming nothing. Lookarounds and anchors count as passing (the
    ways found are a superset of the real ones)."""
    out: list = []
    for k, (op, av, flags) in enumerate(seq):
        rest = seq[k + 1:]
        if op in _ONE_CHAR:
            out.append((_unparse([(op, av)], flags), rest))
            return out, False
        if op is _C.BRANCH:
            empty = False
            for alt in av[1]:
                got, through = _steps([(o, a, flags) for o, a in alt] + rest)
                out += got
                empty = empty or through
            return out, empty
        if op is _C.SUBPATTERN or getattr(_C, "ATOMIC_GROUP", None) is op:
            inner, items = ((flags | av[1]) & ~av[2], av[3]) if op is _C.SUBPATTERN else (flags, av)
            got, through = _steps([(o, a, inner) for o, a in items] + rest)
            return out + got, through
        if op in _REPEATS:
            lo, hi, item = av
            if hi == 0:
                continue
            once = [(o, a, flags) for o, a in item]
            if _steps(once)[1]:
                raise _Unsupported("a repeat of what can be empty")
            again = [] if hi == 1 else [(op, (max(lo - 1, 0), hi if hi is _MAXREPEAT else hi - 1, item), flags)]
            got, _ = _steps(once + again + rest)
            out += got
            if lo:
                return out, False
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue
        raise _Unsupported(op)
    return out, True


def _pair_rows(source: str, first: bytes) -> tuple[tuple, dict] | None:
    """``(rows, third)``: per ASCII code ``c`` the :func:`_first_table` ``first`` of the regex
    ``source`` gives 1, a row of 128 bytes: per ASCII code ``d``, 0 when no match of ``source``
    begins with ``c`` then ``d``; 3 when some third character after them is refused too, the
    row of those in ``third[c << 7 | d]`` (0: no match begins with the three); else 1. "?",
    which stands for non-ASCII characters and for no character, is never refused. Where
    ``first`` gives 0 the row is all 0, where 2 all 2. None when the regex holds what this does
    not read."""
    q = ord("?")
    try:
        parsed = _P.parse(source)
        flags = parsed.state.flags if hasattr(parsed, "state") else 0
        ways, empty = _steps([(op, av, flags) for op, av in parsed.data])
        if empty or len(ways) > 2000:
            return None
        memo: dict = {}

        def after(rest):    # per way the rest can begin, (its first item's codes, the rest after it); None: it can end
            if id(rest) not in memo:
                got, through = _steps(rest)
                memo[id(rest)] = (rest, None if through else [(_codes_of(s), r) for s, r in got])
            return memo[id(rest)][1]

        top = [(_codes_of(s), r) for s, r in ways]
        rows: list = []
        third: dict = {}
        for c in range(128):
            nexts = [after(r) for codes, r in top if c in codes] if first[c] == 1 and c != q else []
            if not nexts or None in nexts:
                rows.append(bytes([first[c]]) * 128)
                continue
            row = bytearray(128)
            for d in range(128):
                rests = [r for n in nexts for codes, r in n if d in codes]
                if not rests or d == q:
                    row[d] = bool(rests) or d == q
                    continue
                row[d] = 1
                last = [after(r) for r in rests]
                if None not in last:
                    allowed = set().union(*(codes for n in last for codes, _ in n)) | {q}
                    if len(allowed) < 128:
                        third[c << 7 | d] = bytes(x in allowed for x in range(128))
                        row[d] = 3
            rows.append(bytes(row))
    except (_Unsupported, re.error, RecursionError):
        return None
    return tuple(rows), third


@lru_cache(maxsize=None)
def _codes_of(source: str) -> frozenset:
    """The ASCII codes the one-character regex ``source`` matches."""
    single = re.compile(source)
    return frozenset(c for c in range(128) if single.fullmatch(chr(c)))


_ROWS: dict[bytes, bytes] = {}     # one object per distinct row, shared by the plan's rules


def _prev_rows(head: str) -> tuple[tuple, dict]:
    """The ``prev`` rows and ``third`` rows of a rule whose head is the regex ``head`` (see
    :func:`_pair_rows`); where those cannot be read, each row all what :func:`_first_table`
    gives for its code, and no third rows."""
    first = _first_table(head) or _EVERY
    rows, third = _pair_rows(head, first) or (tuple(bytes([v]) * 128 for v in first), {})
    return (tuple(_ROWS.setdefault(row, row) for row in rows),
            {k: _ROWS.setdefault(row, row) for k, row in third.items()})


def _prev_checks(data, k: int, flags: int) -> tuple:
    """What the character just before item ``k`` of ``data`` must be in every match: read from a
    one-character lookbehind right before it, and from the item before it when that consumes one
    character of a class (or a repeat of at least one). Each check is ``(must, source)``: with
    ``must`` the character exists and matches ``source``; without, it is absent or does not."""
    checks = []
    try:
        j = k - 1
        while j >= 0 and data[j][0] in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            op, av = data[j]
            if op in (_C.ASSERT, _C.ASSERT_NOT) and av[0] == -1 and len(av[1]) == 1 and av[1][0][0] in _ONE_CLASS:
                checks.append((op is _C.ASSERT, _unparse(av[1], flags)))
            j -= 1
        if j >= 0:
            op, av = data[j]
            if op in _ONE_CLASS:
                checks.append((True, _unparse([(op, av)], flags)))
            elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1 and av[2][0][0] in _ONE_CLASS:
                checks.append((True, _unparse(av[2], flags)))
    except _Unsupported:
        pass
    return tuple(dict.fromkeys(checks))


def _best(found: list) -> _Anchor | None:
    """The anchor with the least expected work: occurrences times window size."""
    return min(found, key=lambda a: (_probability(a.strings, a.icase) * (a.before + a.after + 40),
                                     len(a.strings), sorted(a.strings))) if found else None


def _candidates(data, flags: int, out: list, outer: tuple = ()) -> None:
    """Collect the :class:`_Anchor` candidates of ``data`` (offsets relative to its start): literal
    sets every match must contain one of. They are each mandatory item that expands to a finite
    set, each run of consecutive such items (assertions in between are zero-width and do not
    break a run), the same inside mandatory groups and repeats, and for an alternation the union
    of each branch's best. ``outer``: the context of ``data`` in the rule (see :func:`_fragments`)."""
    widths = [_width([item], False, set(), flags) for item in data]
    reads = [_width([item], True, set(), flags) for item in data]
    pre = [0]
    for w in widths:
        pre.append(pre[-1] + w)
    post = [0]
    for r in reversed(reads):
        post.append(post[-1] + r)
    post.reverse()            # post[i]: what items i.. can read
    run_start = None
    consuming = 0

    def add(strings, icase, before, after, checks=(), place=None):
        out.append(_Anchor(frozenset(strings), icase, before, after, checks, place))

    def inside(i):   # the context of item i's contents
        return (((data[:i], flags), (data[i + 1:], flags)),) + outer

    def flush(end):
        if run_start is not None and consuming > 1:
            got = _expanded(data[run_start:end], flags)
            if got:
                add(*got, pre[run_start], post[run_start], _prev_checks(data, run_start, flags),
                    (data, run_start, flags, outer))

    for i, (op, av) in enumerate(data):
        if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
            continue
        if _expand([(op, av)], flags) is None:
            flush(i)
            run_start, consuming = None, 0
        else:
            if run_start is None:
                run_start = i
            consuming += 1
            got = _expanded([(op, av)], flags)
            if got:
                add(*got, pre[i], post[i], _prev_checks(data, i, flags), (data, i, flags, outer))
        sub: list = []
        if op is _C.SUBPATTERN:
            _candidates(av[3], (flags | av[1]) & ~av[2], sub, inside(i))
            for c in sub:
                # an anchor always at the group's start has the group's character before it
                checks = c.checks + _prev_checks(data, i, flags) if c.before == 0 else c.checks
                add(c.strings, c.icase, pre[i] + c.before, c.after + post[i + 1], tuple(dict.fromkeys(checks)),
                    c.place)
        elif op in _REPEATS and av[0] >= 1:
            lo, hi, item = av
            if hi is _MAXREPEAT:
                hi = _cap(item, flags)
            extra_before = (hi - 1) * _width(item, False, set(), flags)
            extra_after = (hi - 1) * _width(item, True, set(), flags)
            _candidates(item, flags, sub)
            for c in sub:
                add(c.strings, c.icase, pre[i] + extra_before + c.before, c.after + extra_after + post[i + 1],
                    c.checks, c.place)     # the place within one repeat: the rest of the rule not read
        elif op is _C.BRANCH:
            best = []
            for alt in av[1]:
                alt_found: list = []
                _candidates(alt, flags, alt_found, inside(i))
                b = _best(alt_found)
                if b is None:
                    break
                best.append(b)
            else:
                union = frozenset().union(*(b.strings for b in best))
                icase = any(b.icase for b in best)
                if icase:
                    union = frozenset(x.lower() for x in union)
                if len(union) <= _MAX_STRINGS:
                    before = max(b.before for b in best)
                    places = tuple(b.place for b in best)
                    add(union, icase, pre[i] + before, max(b.after for b in best) + post[i + 1],
                        _prev_checks(data, i, flags) if before == 0 else (),
                        None if None in places else places)
    flush(len(data))


def _prefix_minimal(strings) -> set[str]:
    """Drop the strings that have another string of the set as a prefix: the starts of the
    occurrences stay the same."""
    out: set[str] = set()
    for w in sorted(strings, key=len):
        if not any(w.startswith(w[:i]) and w[:i] in out for i in range(1, len(w))):
            out.add(w)
    return out


# Characters whose case-insensitive match ``str.lower`` does not give in one character.
_LOWER_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _lowered(text: str) -> str:
    """``text`` in lower case, one character for one, so offsets stay; a character matches a
    lower-case ASCII letter ignoring case exactly when it becomes that letter here."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        text = text.translate(_LOWER_FIXES)
    return text.lower()


class _Scan:
    """An Aho-Corasick automaton of the anchor strings (``keys``, in lower case) and, per key, its
    payload: (the anchor set indexes it starts, {the string as written: anchor set indexes} for
    the sets where case matters, or None). Pickled as its keys and payloads: the automata (DFAs,
    each built in about a millisecond) are made again when loaded."""
    __slots__ = ("keys", "payloads", "automaton", "ascii_automaton")

    def __init__(self, keys: tuple[str, ...], payloads: tuple):
        self.keys, self.payloads = keys, payloads
        self.automaton = ahocorasick_rs.AhoCorasick(
            list(keys), matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA)
        # the same keys as UTF-8 bytes, for ASCII texts (a non-ASCII key cannot occur in one)
        self.ascii_automaton = ahocorasick_rs.BytesAhoCorasick(
            [key.encode() for key in keys], matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA)

    def __reduce__(self):
        return _Scan, (self.keys, self.payloads)

    def items(self) -> list[tuple[str, tuple]]:
        return list(zip(self.keys, self.payloads))

    def find(self, lowered: str) -> list[tuple[int, int, int]]:
        """``(key index, start, end)`` for every occurrence of every key, overlapping ones too."""
        if lowered.isascii():
            # byte offsets are character offsets here: the bytes form spares the str form's
            # mapping of UTF-8 offsets to characters (a third of the call on TBAQ)
            return self.ascii_automaton.find_matches_as_indexes(lowered.encode("ascii"), overlapping=True)
        return self.automaton.find_matches_as_indexes(lowered, overlapping=True)


@dataclass(frozen=True, slots=True)
class _RulePlan:
    order: int
    rule: Rule
    pattern: re.Pattern
    fast: re.Pattern              # the pattern run (_fast_patterns: the same matches, less work)
    fast_ascii: re.Pattern        # ... on a text of ASCII characters only
    anchor: int | None            # index of the rule's anchor set; None: run over the whole text
    before: int                   # a window starts this far before an anchor occurrence
    after: int                    # ... and ends this far after it
    guards: tuple                 # _Guard: finds a run longer than the widths assume
    checks: tuple = ()            # (must, one-character pattern) for the character before an anchor
    head: re.Pattern | None = None    # must match the reversed text at an occurrence (_fragments)
    tail: re.Pattern | None = None    # must match the text at an occurrence
    # with a tail: per ASCII code of the character before an occurrence, per ASCII code of the one
    # before that, what they tell of the head: 0 it fails, 2 it matches, 1 ask it, 3 read ``third``
    # (_pair_rows)
    prev: tuple | None = None
    third: dict | None = None         # (first code << 7 | second code) -> per code of the third: 0 the head fails, 1 ask it


@dataclass(frozen=True, slots=True)
class _Plan:
    rules: tuple[_RulePlan, ...]
    anchors: int                  # number of distinct anchor sets
    guards: tuple[_Guard, ...]    # all rules' guards
    scan: _Scan                   # the anchor strings, found in the lower-cased text
    by_anchor: tuple[tuple[_RulePlan, ...], ...] = ()   # per anchor set, the rules it anchors
    whole: tuple[_RulePlan, ...] = ()                     # the rules without an anchor


@dataclass(frozen=True, slots=True)
class _Guard:
    """Finds a run of ``times`` repeats of a rule's unbounded repeat: in ``bytes`` form (one
    character class: ``table`` marks its ASCII members) or as a regex search."""
    search: re.Pattern
    times: int
    table: bytes | None
    single: re.Pattern | None     # the class as a one-character regex


def _guard(item, flags: int, times: int) -> _Guard:
    one_class = len(item) == 1 and item[0][0] in (_C.IN, _C.LITERAL, _C.NOT_LITERAL)
    return _guard_for(_unparse(item, flags), times, one_class)


@lru_cache(maxsize=None)
def _guard_for(source: str, times: int, one_class: bool) -> _Guard:
    search = plancache.compile(f"{source}{{{times}}}")
    if one_class:
        single = plancache.compile(source)
        table = bytes(1 if single.fullmatch(chr(c)) else 0 for c in range(128)) + bytes(128)
        return _Guard(search, times, table, single)
    return _Guard(search, times, None, None)


class _NoStandIn(Exception):
    pass


def _long_runs(guards: tuple[_Guard, ...], text: str) -> dict[_Guard, _Runs | None]:
    """Per guard, the runs of ``text`` longer than the windows assume, as ``(start, end)``
    spans; None when the guard fires but cannot say where (the rule then runs whole). For a
    character class this is a byte search: the text as ASCII (each other character replaced by
    an ASCII one that every guard class treats the same), mapped to 1 for the class's members."""
    out: dict[_Guard, _Runs | None] = {}
    singles = [g for g in guards if g.table is not None]
    encoded = None
    if singles:
        if text.isascii():
            encoded = text.encode("ascii")
        else:
            if _STAND_INS[0] is not guards:
                _STAND_INS[0], _STAND_INS[1] = guards, {}
            known = _STAND_INS[1]
            try:
                stand_ins = {}
                for ch in set(text):
                    if not ch.isascii():
                        c = known.get(ch)
                        if c is None:
                            c = known[ch] = _stand_in(ch, singles)
                        stand_ins[ch] = c
                if len(stand_ins) <= _FEW_STAND_INS:
                    # one character for another, each replaced by an ASCII one: as translate would,
                    # cheaper for a few; translate keeps a text of many linear
                    narrowed = text
                    for ch, c in stand_ins.items():
                        narrowed = narrowed.replace(ch, c)
                else:
                    narrowed = text.translate(str.maketrans(stand_ins))
                encoded = narrowed.encode("ascii")
            except _NoStandIn:
                encoded = None
    # guards that differ only in flags that do not change their class ("[\s]", "(?i:[\s]))") have
    # the same table: the text is marked once per table and searched once per (table, times)
    marked: dict[bytes, bytes] = {}
    found: dict[tuple[bytes, int], _Runs | None] = {}
    if encoded is not None and _PROBE_FIRST:
        probe_table, merges = _probes(guards)
        probe = encoded.translate(probe_table)
    for g, key, wider in _guard_schedule(guards):
        if g.table is not None and encoded is not None:
            if key not in found:
                if any(found[w] is None for w in wider):
                    found[key] = None       # a wider class has no run this long: see _guard_schedule
                elif _PROBE_FIRST and _no_run(probe, *merges[key]):
                    found[key] = None
                else:
                    marks = marked.get(g.table)
                    if marks is None:
                        marks = marked[g.table] = encoded.translate(g.table)
                    found[key] = _runs_of(marks, g.times)
            if found[key] is not None:
                out[g] = found[key]
        elif g.search.search(text) is not None:
            out[g] = None
    return out


_STAND_INS: list = [None, {}]   # the last guards given to _long_runs and the stand-ins found for them
_FEW_STAND_INS = 16     # up to this many distinct non-ASCII characters, replaced one by one
_SCHEDULE: list = [None, ()]     # the last guards given to _guard_schedule and their schedule


def _guard_schedule(guards: tuple[_Guard, ...]) -> tuple:
    """``(guard, (table, times), wider)`` for each guard, the widest classes first: ``wider``
    holds the keys ``(table, times)``, met earlier, of classes holding the guard's class with a
    run length no longer than the guard's. A run of ``times`` members of a class is a run of
    members of every class holding it, and holds every shorter run; so when one of ``wider``
    found no run, the guard has none either (``[a-z]{25}`` after ``[\\w]{25}``) and the text
    need not be marked for it. Kept for the last ``guards`` (the plan's, on every call)."""
    if _SCHEDULE[0] is not guards:
        order = sorted(guards, key=lambda g: (-sum(g.table) if g.table is not None else 0, g.times))
        schedule, seen = [], []
        for g in order:
            key = (g.table, g.times)
            wider = ()
            if g.table is not None:
                bits = int.from_bytes(g.table, "big")
                wider = tuple(dict.fromkeys(
                    (t, n) for t, n in seen if (t, n) != key and n <= g.times
                    and bits & ~int.from_bytes(t, "big") == 0))
                seen.append(key)
            schedule.append((g, key, wider))
        _SCHEDULE[0], _SCHEDULE[1] = guards, tuple(schedule)
    return _SCHEDULE[1]


_PROBE_FIRST = True     # False: mark the text per table without the probe (the plain form, for the test)
_PROBES: list = [None, None]     # the last guards given to _probes and their probe
_LETTER_ORDER = " etaoinsrhldcumwfgypbvkjxqz0123456789"    # the commonest characters of English text first


def _probes(guards: tuple[_Guard, ...]) -> tuple[bytes, dict]:
    """One table for all the guards' classes: each ASCII character becomes the code of its *cell*
    (the characters that every class holds or lacks alike), so each class is a union of cells.
    Per ``(table, times)``: ``(cells, code, needle)``, the other cells of the class, the code they
    are replaced with (that of its cell with the commonest character: the fewest replacements),
    and ``times`` of it. Kept for the last ``guards``."""
    if _PROBES[0] is not guards:
        tables = list(dict.fromkeys(g.table for g in guards if g.table is not None))
        cells: dict[tuple, int] = {}
        codes = bytes(cells.setdefault(tuple(t[c] for t in tables), len(cells)) for c in range(128))
        rank = {c: i for i, c in enumerate(_LETTER_ORDER)}
        merges = {}
        for g in guards:
            if g.table is None:
                continue
            mine = sorted({codes[c] for c in range(128) if g.table[c]},
                          key=lambda code: min(rank.get(chr(c), len(rank)) for c in range(128) if codes[c] == code))
            if not mine:        # an empty class: a code no character has
                mine = [len(cells)]
            merges[(g.table, g.times)] = (tuple(bytes([m]) for m in mine[1:]), bytes([mine[0]]),
                                          bytes([mine[0]]) * g.times)
        _PROBES[0], _PROBES[1] = guards, (codes + codes[:1] * 128, merges)
    return _PROBES[1]


def _no_run(probe: bytes, cells: tuple, code: bytes, needle: bytes) -> bool:
    """Whether the text has no run of ``len(needle)`` characters of the class: in ``probe`` (the
    text in cell codes) with the class's other cells made ``code``, its characters are exactly
    the bytes ``code``: the same search as on the class's own marks, without a table per class."""
    for cell in cells:
        probe = probe.replace(cell, code)
    return probe.find(needle) < 0


def _runs_of(marks: bytes, times: int) -> _Runs | None:
    """The runs of at least ``times`` 1 bytes in ``marks``, or None when there are none."""
    needle = b"\x01" * times
    i = marks.find(needle)
    if i < 0:
        return None
    runs = []
    while i >= 0:
        j = marks.find(b"\x00", i)
        if j < 0:
            j = len(marks)
        runs.append((i, j))
        i = marks.find(needle, j)
    return _Runs(runs)


class _Runs:
    """The long runs of one guard (disjoint, in text order), with prefix sums of their lengths."""

    def __init__(self, runs: list[tuple[int, int]]):
        self.starts = [s for s, _ in runs]
        self.ends = [e for _, e in runs]
        self.total = [0]
        for s, e in runs:
            self.total.append(self.total[-1] + e - s)

    def length_touching(self, lo: int, hi: int) -> int:
        """Total length of the runs that touch ``[lo, hi]``."""
        first = bisect.bisect_left(self.ends, lo)
        last = bisect.bisect_right(self.starts, hi)
        return self.total[last] - self.total[first] if last > first else 0


def _widen(windows: list[tuple[int, int]], runs: list[_Runs], size: int) -> list[tuple[int, int]]:
    """Windows grown on both sides by the length of every long run they touch (a repeat can run
    past its assumed length by no more than the run it matches), until no new run is touched;
    then merged where they overlap."""
    grown = []
    for ws, we in windows:
        lo, hi = ws, we
        while True:
            extra = sum(r.length_touching(lo - 1, hi + 1) for r in runs)
            if (ws - extra, we + extra) == (lo, hi):
                break
            lo, hi = ws - extra, we + extra
        grown.append((lo if lo > 0 else 0, hi if hi < size else size))
    grown.sort()
    merged = [grown[0]]
    for ws, we in grown[1:]:
        if ws <= merged[-1][1]:
            if we > merged[-1][1]:
                merged[-1] = (merged[-1][0], we)
        else:
            merged.append((ws, we))
    return merged


def _stand_in(ch: str, guards: list[_Guard]) -> str:
    signature = tuple(bool(g.single.fullmatch(ch)) for g in guards)
    for c in map(chr, range(128)):
        if tuple(bool(g.table[ord(c)]) for g in guards) == signature:
            return c
    raise _NoStandIn(ch)


def _plan_rule(order: int, rule: Rule, pattern: re.Pattern):
    """The rule's plan and its anchor ``(strings, icase)``, or None when it is run whole."""
    try:
        parsed = _P.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags if hasattr(parsed, "state") else pattern.flags
        if parsed.getwidth()[0] == 0:
            raise _Unsupported("a rule that can match the empty string")
        repeats: list = []
        _repeats(parsed.data, flags, repeats)
        guards = tuple(dict.fromkeys(_guard(item, f, _cap(item, f) + 1) for item, f in repeats))
        found: list = []
        _candidates(parsed.data, flags, found)
        # ignoring case, a non-ASCII letter may match more than str.lower() says: not an anchor
        best = _best([a for a in found if not (a.icase and any(
            not ch.isascii() and ch.lower() != ch.upper() for w in a.strings for ch in w))])
        if best is None:
            raise _Unsupported("no anchor")
        strings = _prefix_minimal(w.lower() if best.icase else w for w in best.strings)
        checks = tuple((must, _check_pattern(source)) for must, source in best.checks)
        fragments = _fragments(best.place) if best.place else None
        try:
            head, tail = (plancache.compile(f) for f in fragments) if fragments else (None, None)
        except re.error:
            head = tail = None
        prev, third = _prev_rows(fragments[0]) if head is not None else (None, None)
        return (_RulePlan(order, rule, pattern, *_fast_patterns(pattern), -1, best.before, best.after + 2, guards, checks,
                          head, tail, prev, third),
                (frozenset(strings), best.icase))
    except (_Unsupported, re.error, RecursionError):
        return _RulePlan(order, rule, pattern, *_fast_patterns(pattern), None, 0, 0, ()), None


@lru_cache(maxsize=None)
def _check_pattern(source: str) -> re.Pattern:
    return plancache.compile(source)


def _repeats(data, flags: int, out: list) -> None:
    """Every unbounded repeat's item (with its flags), in assertions too."""
    for op, av in data:
        if op is _C.BRANCH:
            for alt in av[1]:
                _repeats(alt, flags, out)
        elif op is _C.SUBPATTERN:
            _repeats(av[3], (flags | av[1]) & ~av[2], out)
        elif op in _REPEATS:
            if av[1] is _MAXREPEAT and (av[2], flags) not in out:
                out.append((av[2], flags))
            _repeats(av[2], flags, out)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            _repeats(av[1], flags, out)
        elif getattr(_C, "ATOMIC_GROUP", None) is op:
            _repeats(av, flags, out)


@lru_cache(maxsize=1)
def _plan() -> _Plan:
    """The matching plan of the rules :func:`_compiled` gives: loaded from the cache on disk
    (:mod:`timeline.plancache`) when it holds the plan of these very rules, else built and
    stored there."""
    compiled = _compiled()
    rules = tuple(rule for rule, _ in compiled)
    sources = tuple(pattern.pattern for _, pattern in compiled)
    plan = _stored_plan(rules, sources)
    if plan is not None and all(rp.pattern is pattern for rp, (_, pattern) in zip(plan.rules, compiled)):
        return plan
    plan = _build_plan(compiled)
    k = _plan_key(sources)
    if k is not None and plancache.save(k, plan, _named(rules)):
        _STORED[k] = plan
    return plan


def _plan_key(sources: tuple[str, ...]) -> str | None:
    """The cache key of the plan of rules with these regexes: also this module's code (which
    derives the plan), so any change to it builds the plan again; None without the code."""
    code = _own_code()
    return None if code is None else plancache.key(code, *sources)


@lru_cache(maxsize=1)
def _own_code() -> bytes | None:
    try:
        return Path(__file__).read_bytes()
    except OSError:
        return None


_STORED: dict[str, _Plan | None] = {}     # key -> the plan loaded from the cache (None: none there)


def _named(rules: tuple) -> dict:
    return {f"rule {i}": rule for i, rule in enumerate(rules)}


def _stored_plan(rules: tuple, sources: tuple[str, ...]) -> _Plan | None:
    """The cached plan of these rules (with these regexes), or None."""
    k = _plan_key(sources)
    if k is None:
        return None
    if k not in _STORED:
        plan = plancache.load(k, _named(rules), (_Plan, _RulePlan, _Guard, _Scan))
        ok = (isinstance(plan, _Plan) and len(plan.rules) == len(rules)
              and all(rp.order == i and rp.rule is rules[i] and rp.pattern.pattern == sources[i]
                      for i, rp in enumerate(plan.rules)))
        _STORED[k] = plan if ok else None
    return _STORED[k]


def _build_plan(compiled: list[tuple[Rule, re.Pattern]]) -> _Plan:
    rules = []
    sets: dict[tuple, int] = {}
    for i, (rule, pattern) in enumerate(compiled):
        try:
            plan, anchor = _plan_rule(i, rule, pattern)
        finally:
            _EXPAND_MEMO.clear()   # keyed by ids of this rule's parse tree
            _WIDTH_MEMO.clear()
        if anchor is not None:
            plan = _RulePlan(plan.order, rule, pattern, plan.fast, plan.fast_ascii, sets.setdefault(anchor, len(sets)),
                             plan.before, plan.after, plan.guards, plan.checks, plan.head, plan.tail, plan.prev, plan.third)
        rules.append(plan)
    # one automaton over the lower-cased text: each key (a string in lower case) holds the
    # entries (the string as written when case matters, else None; anchor set indexes)
    entries: dict[str, list] = {}
    for icase in (True, False):
        mine = {key: index for key, index in sets.items() if key[1] == icase}
        if not mine:
            continue
        # every string of every set is a key of its own (a set's strings are prefix-minimal, so
        # each occurrence is reported once per set): a set then gets the occurrences of its own
        # strings only, not those of a shorter string of another set ("year" for "year-long")
        table: dict[str, set[int]] = {w: set() for w in sorted(set().union(*(strings for strings, _ in mine)))}
        for (strings, _), index in mine.items():
            for s in strings:
                table[s].add(index)
        for w, ix in table.items():
            exact = None if icase or _lowered(w) == w.upper() == w else w
            entries.setdefault(_lowered(w), []).append((exact, tuple(sorted(ix))))
    keys, payloads = [], []
    for key, found in entries.items():
        plain = tuple(sorted({index for exact, ix in found if exact is None for index in ix}))
        # the strings as written all have the key's length (_lowered keeps lengths): the text at
        # an occurrence is looked up once instead of compared with each of them
        cased = {exact: ix for exact, ix in found if exact is not None} or None
        keys.append(key)
        payloads.append((plain, cased))
    automaton = _Scan(tuple(keys), tuple(payloads))
    guards = tuple(dict.fromkeys(g for r in rules for g in r.guards))
    by_anchor = tuple(tuple(r for r in rules if r.anchor == index) for index in range(len(sets)))
    return _Plan(tuple(rules), len(sets), guards, automaton, by_anchor,
                 tuple(r for r in rules if r.anchor is None))


def prepare() -> None:
    """Build the rules' matching plan now, instead of at the first text: before worker processes
    are forked, so that they inherit it rather than each building its own."""
    _plan()


def _positions(plan: _Plan, text: str, lowered: str) -> tuple[list[list[int]], list[int]]:
    """Per anchor set, the sorted starts of its strings in ``text`` (``lowered``: the text as
    :func:`_lowered` gives it), and the indexes of the sets that occur."""
    positions: list[list[int]] = [[] for _ in range(plan.anchors)]
    payloads = plan.scan.payloads
    for key, p, end in plan.scan.find(lowered):
        plain, cased = payloads[key]
        for index in plain:
            positions[index].append(p)
        if cased is not None:
            indexes = cased.get(text[p:end])
            if indexes is not None:
                for index in indexes:
                    positions[index].append(p)
    active = [index for index, occ in enumerate(positions) if occ]
    for index in active:        # in order of their ends: sort by start
        positions[index].sort()
    return positions, active


# The ASCII characters whose class re.ASCII changes: Unicode \s (str.isspace) holds the
# separators U+001C-U+001F, ASCII \s does not (\w, \d and case agree on every ASCII character).
_ASCII_DIFFER = re.compile("[\x1c-\x1f]")


def _narrow(text: str) -> bool:
    """Whether the rules' ``re.ASCII`` forms match in ``text`` exactly what their Unicode forms
    match: a text of ASCII characters without the four separators the two read differently.
    (Four ``in`` tests, each a memchr over the text, instead of the search of ``_ASCII_DIFFER``,
    which tests every character against its class: 25M instructions over the TBAQ texts.)"""
    return (text.isascii() and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text
            and "\x1f" not in text)


def _rule_matches(text: str, lowered: str | None = None):
    """Yield ``(order, rule, match)`` for every rule match, exactly as ``finditer`` over the whole
    text would, rule by rule (``lowered``: the text as :func:`_lowered` gives it, if known)."""
    plan = _plan()
    size = len(text)
    positions, active = _positions(plan, text, lowered or _lowered(text))
    long_runs = _long_runs(plan.guards, text) if plan.guards else {}
    filtered: dict = {}
    reverse = codes = codes2 = codes3 = None
    narrow = _narrow(text)
    for rp in plan.whole:
        for m in (rp.fast_ascii if narrow else rp.fast).finditer(text):
            yield rp.order, rp.rule, m
    # the rules of anchors that occur (the order of rules does not matter to the caller)
    for rp in [rp for index in active for rp in plan.by_anchor[index]]:
        # The occurrences that can be in a match are kept first: every match holds one, so when
        # none is left the rule has no match (not even when a guard would run it whole), and
        # nothing else is done for it (6,964 of the 8,642 rules that occur in the TBAQ texts).
        occ = every = positions[rp.anchor]
        if rp.tail is not None:
            if reverse is None:
                reverse = text[::-1]
                # the character before each occurrence, ``codes[p]``: non-ASCII characters and the
                # start of the text are "?", which every table lets through
                codes = b"?" + text.encode("ascii", "replace")
                codes2 = b"?" + codes      # codes2[p] is codes[p - 1], "?" at 0
                codes3 = b"?" + codes2
            # the head begins at the character before the occurrence, then reads the one before
            # that: where ``prev`` gives 0 for the two the head fails, so the calls (the tail's too)
            # are skipped; where it gives 2 the head matches, so its call is skipped; where 3, the
            # third character before is read the same way. The head is asked first (most tails
            # pass, a head that needs a word before fails). On TBAQ the second character spares
            # 6,300 of the 11,500 head calls the first one left, the third 1,800 more.
            prev, third, tail, head, back = rp.prev, rp.third, rp.tail.match, rp.head.match, size
            occ = [p for p in occ if (c := prev[codes[p]][codes2[p]])
                   and (c == 2 or (c == 1 or third[codes[p] << 7 | codes2[p]][codes3[p]]) and head(reverse, back - p))
                   and tail(text, p)]
            if not occ:
                continue
        elif rp.checks:     # (the fragments hold the checks)
            key = (rp.anchor, rp.checks)
            occ = filtered.get(key)
            if occ is None:
                occ = filtered[key] = _filter(every, rp.checks, text)
            if not occ:
                continue
        pattern = rp.fast_ascii if narrow else rp.fast
        runs: list[_Runs] = []
        whole = False
        if long_runs:
            for g in rp.guards:
                if g in long_runs:
                    found = long_runs[g]
                    if found is None:
                        whole = True
                        break
                    runs.append(found)
        if whole:
            for m in pattern.finditer(text):
                yield rp.order, rp.rule, m
            continue
        before, after = rp.before, rp.after
        windows = []
        ws = occ[0] - before
        we = occ[0] + after
        for p in occ:
            if p - before > we + _MERGE_GAP:
                windows.append((ws if ws > 0 else 0, we if we < size else size))
                ws = p - before
            we = p + after
        windows.append((ws if ws > 0 else 0, we if we < size else size))
        if len(every) > len(occ):
            windows = _cover(windows, every, after, size)
        if runs:
            windows = _widen(windows, runs, size)
        # Every match holds an occurrence of ``occ`` (one that passed the checks or fragments) at or
        # after its start, ending by the window's end; so no match of a window starts after the
        # last such occurrence before ``we``, and once a match ends past it (the next would start
        # at or after that end) the window holds no other: its search stops there instead of
        # trying every position up to ``we``.
        for ws, we in windows:
            for m in pattern.finditer(text, ws, we):
                yield rp.order, rp.rule, m
                if m.end() > occ[bisect.bisect_left(occ, we) - 1]:
                    break


def _cover(windows: list[tuple[int, int]], every: list[int], after: int, size: int) -> list[tuple[int, int]]:
    """Windows made from the occurrences that passed the fragments, each grown at its end to
    reach ``after`` past every occurrence inside it (``every``: all occurrences, sorted): matching
    in a window then reads the text exactly as matching the whole text would, so a dropped
    occurrence cannot start a match cut short by the window's end. Merged where they meet."""
    out: list[tuple[int, int]] = []
    for ws, we in windows:
        while True:
            last = every[bisect.bisect_left(every, we) - 1]
            if last < ws or last + after <= we:
                break
            we = min(last + after, size)
            if we == size:
                break
        if out and ws <= out[-1][1]:
            out[-1] = (out[-1][0], max(we, out[-1][1]))
        else:
            out.append((ws, we))
    return out


def _filter(occ: list[int], checks: tuple, text: str) -> list[int]:
    """The anchor occurrences whose previous character passes every check."""
    for must, single in checks:
        match = single.match
        if must:
            occ = [p for p in occ if p and match(text, p - 1)]
        else:
            occ = [p for p in occ if not p or not match(text, p - 1)]
    return occ


class _MentionDraft:
    """Mention's slots without its frozen ``__setattr__``: find_mentions fills one with plain
    attribute stores, then makes it a Mention (same slots, so Python lets ``__class__`` be set):
    the object ``Mention(start, end, text, rule, groups)`` gives, without five object.__setattr__."""
    __slots__ = Mention.__slots__


def find_mentions(text: str) -> list[Mention]:
    """All rule matches in ``text``, longest first without overlaps, in text order."""
    lowered = _lowered(text)
    if not _triggered(lowered):    # _TRIGGER.search(text)
        return []
    candidates = []
    for order, rule, m in _rule_matches(text, lowered):
        start, end = m.span()
        if end > start:
            candidates.append((start - end, start, order, len(candidates), m, rule))
    # sorted by (length, start, rule), as a stable sort keyed on them would: the fourth item, the
    # place in the list, settles any tie, so the sort never compares matches (and calls no key)
    candidates.sort()
    taken = bytearray(len(text))   # 1 for each character of a chosen span: linear in the text
    chosen = {}                    # start -> mention (the spans chosen do not overlap)
    new = object.__new__
    for _, start, _, _, m, rule in candidates:
        end = m.end()
        if taken.find(1, start, end) >= 0:
            continue
        taken[start:end] = b"\x01" * (end - start)
        groups = {}     # the named groups that matched (a loop: cheaper than a comprehension's frame)
        for k, val in m.groupdict().items():
            if val is not None:
                groups[k] = val
        mention = new(_MentionDraft)
        mention.start = start
        mention.end = end
        mention.text = m.group()
        mention.rule = rule
        mention.groups = groups
        mention.__class__ = Mention
        chosen[start] = mention
    return [chosen[start] for start in sorted(chosen)]


def tag(text: str, date: dt.date | str, *, mode: str = "news", _tenses: dict | None = None) -> list[Timex]:
    """Find and resolve the temporal expressions in ``text`` against the publication ``date``.

    ``date`` is a :class:`datetime.date` or an ISO string (``"2017-09-27"``).

    >>> [(t.text, t.value) for t in tag("He left on Tuesday.", "2017-09-27")]
    [('Tuesday', '2017-09-26')]
    """
    from .resolver import resolve_all

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    elif isinstance(date, dt.datetime):
        date = date.date()
    return resolve_all(text, find_mentions(text), date, mode=mode, tenses=_tenses)
