"""Sentence splitting: spans over the original text, abbreviations and initials kept inside."""
import random
import re

from timeline.sentences import ABBREVIATIONS, _is_abbreviation, split


def _texts(spans, text):
    return [text[s:e] for s, e in spans]


def test_abbreviations_initials_and_blank_lines():
    text = ("Gen. Smith met Mr. Jones of the U.N. in Sept. last year. J. R. Doe came too.\n\n"
            "Dateline\nThe talks went on.")
    assert _texts(split(text), text) == [
        "Gen. Smith met Mr. Jones of the U.N. in Sept. last year.", "J. R. Doe came too.",
        "Dateline", "The talks went on."]


def _plain_is_abbreviation(text, dot):
    """The word before the period found by a plain regex search over the 20 characters before it."""
    m = re.compile(r"([\w.]+)\.$").search(text, max(0, dot - 20), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or (
        "." in word and bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)))


def test_word_before_the_period_read_backwards_equals_a_regex_search():
    """_is_abbreviation reads the word backwards from the period; it must decide as a search for
    the word over the 20 characters before the period does, also for words longer than that,
    at the start of the text, after punctuation and with letters that are not ASCII."""
    pieces = ["Mr", "mr", "U", "S", "u.s", "U.N", "e.g", "a.m", "Sept", "sept", "Gen", "x", "é", "É",
              "_", "1", "12", "said", "Tuesday", "abcdefghijklmnopqrstuvwxy", " ", "  ", "\n", ".", "..",
              ",", "(", "\"", "’", "-", "St", "Jr", "ß", "ǅ", "٣"]
    rng = random.Random(11)
    texts = [".", "a.", "Mr.", " U.S.", "x" * 30 + ".", "(Gen.", "a.b.c.d.e.f.g.h.i.j.k."]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) + "." for _ in range(30000)]
    checked = 0
    for text in texts:
        for dot in range(len(text)):
            if text[dot] == ".":
                assert _is_abbreviation(text, dot) == _plain_is_abbreviation(text, dot), (text, dot)
                checked += 1
    assert checked > 30000


def _plain_split(text):
    """split as first written: every sentence end found by one search for [.!?]."""
    end_re = re.compile(r"""[.!?][.!?]*['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9])""")
    cuts = {0, len(text)}
    for m in re.finditer(r"\n[ \t]*\n\s*", text):
        cuts.update(m.span())
    offset = 0
    for line in text.split("\n")[:-1]:
        offset += len(line) + 1
        line = line.rstrip()
        if not line or line[-1] in ".!?\"'”’:)" or len(line) < 60:
            cuts.add(offset - 1)
    for m in end_re.finditer(text):
        dot = m.start()
        if text[dot] == "." and len(m.group().rstrip("'\"’”)]")) == 1 and _plain_is_abbreviation(text, dot):
            continue
        cuts.add(m.end())
    points = sorted(cuts)
    spans = []
    for a, b in zip(points, points[1:]):
        chunk = text[a:b]
        lead, trail = len(chunk) - len(chunk.lstrip()), len(chunk.rstrip())
        if trail > lead:
            spans.append((a + lead, a + trail))
    return spans


def test_split_equals_a_plain_split_on_random_text():
    """split finds sentence ends on a copy of the text with "!" and "?" read as "." and reads
    the word before a period backwards; the spans must be those of the plain version, with
    mixed end marks ("?!", "...", "!."), quotes and brackets after them, abbreviations and
    initials, short and long lines and blank lines."""
    pieces = [" ", "  ", "\n", "\n\n", " \n \n", "\t", ".", "!", "?", "?!", "...", "!.", ".?", "'", "\"",
              "’", "”", ")", "]", "(", "‘", "“", "[", "Mr", "U.S", "e.g", "J", "x", "Sept", "He", "The",
              "said", "1998", "9", "ok", "é", "É", ",", "a" * 70]
    rng = random.Random(5)
    texts = ["", "Hi!", "Why? Because. No!\nYes", "He said “Go!” Then left.", "a" * 70 + ".\nB"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(20000)]
    for text in texts:
        assert split(text) == _plain_split(text), repr(text)
