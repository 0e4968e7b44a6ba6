"""TimeML output: write a text and its TIMEX3 tags as a TempEval-3 style ``.tml`` file.

:func:`write_timeml` writes one document; :func:`tag_timeml_files` tags the plain text of existing
TimeML files (gold TempEval data, say) and writes the tagger's TIMEX3s beside the same text, so that
:mod:`timeline.evaluate` can score them against the originals.

The written file is::

    <?xml version="1.0" encoding="UTF-8"?>
    <TimeML>
    <DOCID>ABC19980108.1830.0711</DOCID>
    <DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">1998-01-08</TIMEX3></DCT>
    <TEXT>...the text, with <TIMEX3 tid="t1" type="DURATION" value="P1W">week</TIMEX3> tags...</TEXT>
    </TimeML>

The character content of ``<TEXT>`` equals the input text character for character: ``&``, ``<``
and ``>`` are escaped, and a carriage return is written as ``&#13;`` because XML parsers turn a
literal one into a line feed. Output is byte-for-byte reproducible from the same input.
"""
from __future__ import annotations

import datetime as dt
import operator
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .documents import read_timeml
from .errors import TimelineError
from .timex import Timex

# Characters XML 1.0 cannot carry at all (not even as character references).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>\r"\n\t]')


def _escape_text(s: str) -> str:
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], s)


def _escape_attr(s: str) -> str:
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], s)


def _field(t: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a Timex (or any object with the attribute) or from a dict."""
    if isinstance(t, dict):
        return t.get(name, default)
    return getattr(t, name, default)


def _check_xml_chars(s: str, what: str) -> None:
    m = _XML_INVALID.search(s)
    if m:
        raise ValueError(f"{what} holds the character {m.group()!r} at offset {m.start()}, "
                         "which XML 1.0 cannot represent")


def render_timeml(doc_id: str, dct: dt.date, text: str, timexes: Iterable[Timex | dict]) -> str:
    """Return the TimeML document that :func:`write_timeml` writes, as a string.

    ``timexes`` are :class:`~timeline.timex.Timex` objects (or dicts with the same keys) whose
    ``start``/``end`` are offsets into ``text``. They are written in text order as ``t1``, ``t2``, …
    Raises :class:`ValueError` for an empty, out-of-range or overlapping span, a span whose ``text``
    disagrees with ``text[start:end]``, or characters XML cannot hold.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    if not isinstance(dct, dt.date):
        raise ValueError(f"dct must be a datetime.date, not {type(dct).__name__}")
    _check_xml_chars(text, "the text")
    _check_xml_chars(doc_id, "the document id")

    spans = []
    for t in timexes:
        try:
            start, end = operator.index(_field(t, "start")), operator.index(_field(t, "end"))
        except TypeError:
            raise ValueError(f"timex {t!r} has no integer start and end offsets") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"timex span ({start}, {end}) is empty or outside the text (length {len(text)})")
        written = _field(t, "text")
        if written is not None and written != text[start:end]:
            raise ValueError(f"timex text {written!r} does not match the text at ({start}, {end}): "
                             f"{text[start:end]!r}")
        for name in ("type", "value"):
            if not _field(t, name):
                raise ValueError(f"timex {text[start:end]!r} at ({start}, {end}) has no {name}")
        spans.append((start, end, t))
    spans.sort(key=lambda s: (s[0], s[1]))
    for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:]):
        if s2 < e1:
            raise ValueError(f"overlapping timexes cannot be written: {text[s1:e1]!r} at ({s1}, {e1}) "
                             f"and {text[s2:e2]!r} at ({s2}, {e2})")

    parts = []
    pos = 0
    for i, (start, end, t) in enumerate(spans, 1):
        attrs = [("tid", f"t{i}"), ("type", str(_field(t, "type"))), ("value", str(_field(t, "value")))]
        mod = _field(t, "mod")
        if mod:
            attrs.append(("mod", str(mod)))
        for name, val in attrs:
            _check_xml_chars(val, f"the {name} of timex {text[start:end]!r}")
        attr_text = " ".join(f'{name}="{_escape_attr(val)}"' for name, val in attrs)
        parts.append(_escape_text(text[pos:start]))
        parts.append(f"<TIMEX3 {attr_text}>{_escape_text(text[start:end])}</TIMEX3>")
        pos = end
    parts.append(_escape_text(text[pos:]))

    day = dct.isoformat()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<TimeML>\n"
        f"<DOCID>{_escape_text(doc_id)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{day}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{day}</TIMEX3></DCT>\n'
        f"<TEXT>{''.join(parts)}</TEXT>\n"
        "</TimeML>\n"
    )


def write_timeml(path: str | os.PathLike, doc_id: str, dct: dt.date, text: str,
                 timexes: Iterable[Timex | dict]) -> None:
    """Write ``text`` with ``timexes`` as a TimeML file at ``path`` (UTF-8, atomically).

    The file is written atomically (:func:`timeline.exports.atomic_open`), so a reader never
    sees half a file. See :func:`render_timeml` for the
    format and the errors raised.
    """
    content = render_timeml(doc_id, dct, text, timexes)
    from .exports import atomic_open

    with atomic_open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def find_tml(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and folders (searched recursively) into a sorted list of ``.tml`` files."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*.tml") if q.is_file()
                                and not any(part.startswith(".") for part in q.relative_to(p).parts)))
        elif p.is_file():
            found.append(p)
        else:
            raise TimelineError(f"{p}: no such file or folder; give TimeML .tml files or folders holding them")
    return found


def default_tagger() -> Callable:
    """The project tagger, ``timeline.tagger.tag(text, date)``, imported on first use."""
    try:
        from .tagger import tag
    except ImportError as e:
        raise TimelineError(f"the tagger (timeline.tagger) cannot be imported: {e}") from e
    return tag


def tag_timeml_files(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
                     tagger: Callable | None = None) -> list[Path]:
    """Tag the plain text of each TimeML input and write ``out_dir/<same name>.tml``.

    ``inputs`` are ``.tml`` files or folders (searched recursively). The text inside ``<TEXT>`` is
    tagged with ``tagger(text, dct)`` (default :func:`timeline.tagger.tag`), the DCT being the
    input's creation time, and written with :func:`write_timeml` with the same DOCID and DCT, so the
    output can be scored against the input by :func:`timeline.evaluate.evaluate`. Returns the
    written paths in input order.
    """
    files = find_tml(inputs)
    if not files:
        raise TimelineError("no .tml files found in the inputs; give TimeML files or folders holding them")
    tag = tagger or default_tagger()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    targets: dict[Path, Path] = {}
    for f in files:
        target = out / f.name
        if target in targets:
            raise TimelineError(f"{f} and {targets[target]} would both be written to {target}; "
                                "tag them into different output folders")
        if target.resolve() == f.resolve():
            raise TimelineError(f"{f}: the output would overwrite the input; choose another --out folder")
        targets[target] = f
    written = []
    for target, f in targets.items():
        doc, _gold = read_timeml(f)
        timexes = tag(doc.text, doc.date)
        try:
            write_timeml(target, doc.id, doc.date, doc.text, timexes)
        except ValueError as e:
            raise ValueError(f"{f}: the tagger's output cannot be written as TimeML: {e}") from e
        written.append(target)
    return written

