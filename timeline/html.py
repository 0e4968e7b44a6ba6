"""Web pages: the article in a saved ``.html``/``.htm`` file, its title and its publication date.

Needs the optional extra ``timeline[html]`` (trafilatura and htmldate); without it
:func:`read_page` raises :class:`PageError` saying to install it. Nothing is ever fetched from
the network: the page is parsed here from its bytes and both libraries only see the parsed tree
(htmldate would download a string that looks like a URL; a tree it cannot).

- **Text**: trafilatura's main-text extraction (menus, ads, share buttons, comments and footers
  left out), as plain text, paragraphs separated by a newline. Character offsets of the events of
  a web page (``expr_start``/``expr_end``) refer to this extracted text, not to the HTML source.
- **Title**: the page's own title (``og:title``, JSON-LD ``headline``, ``<title>``, first ``<h1>``).
- **Date**: the *original publication* date from the page's own metadata, read by htmldate with
  ``original_date=True`` (so ``article:published_time`` wins over ``article:modified_time``):
  ``<meta>`` tags (``article:published_time``, ``og:``, Dublin Core, ``pubdate``, ``date`` ...),
  JSON-LD ``datePublished``, ``<time datetime>`` and ``<abbr>`` elements, elements whose class
  says date or byline, and a date in the page's canonical URL (``/2017/09/27/``), which is used
  last. ``extensive_search`` is off: htmldate does not guess a date from free text, copyright
  lines or image names, because a wrong publication date silently misplaces every relative
  date of the article ("last month"); a page without a findable date is skipped and ``--date``
  supplies it.
- **URL**: the canonical URL (``<link rel=canonical>`` or ``og:url``), else empty.

Decoding: a byte order mark, else the charset the page declares in its first 4 KB (``<meta
charset>`` or the ``http-equiv`` form), else UTF-8, else cp1252 with a warning, as for every
other input format (see :mod:`timeline.documents`). A document type declaration with an internal
subset (``<!DOCTYPE html [ <!ENTITY ...> ]>``) is refused: real pages never have one and it is
how entity expansion bombs start.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Page", "PageError", "read_page", "available", "INSTALL_FIX"]

INSTALL_FIX = "install timeline[html] (pip install 'timeline[html]')"

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_INTERNAL_SUBSET_RE = re.compile(r"<!DOCTYPE[^>\[]*\[", re.I)
_ENTITY_DECL_RE = re.compile(r"<!ENTITY", re.I)
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

#: htmldate's options: the original publication date, from the page's metadata only (no guess
#: from free text), the URL's date only when the metadata has none.
DATE_OPTIONS = {"original_date": True, "extensive_search": False,
                "deferred_url_extractor": True, "outputformat": "%Y-%m-%d",
                "min_date": "1800-01-01"}


class PageError(Exception):
    """The page is not a readable article; the message says why and what to do."""

    def __init__(self, reason: str, warnings: tuple[str, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.warnings = warnings


@dataclass(frozen=True, slots=True)
class Page:
    text: str               # the article's main text (offsets of events refer to this)
    title: str = ""
    date: dt.date | None = None   # original publication date, None when the page has none
    url: str = ""
    warnings: tuple[str, ...] = ()


def available() -> bool:
    """Whether the ``timeline[html]`` extra (trafilatura, htmldate) is installed."""
    try:
        import htmldate  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def decode_page(data: bytes, fallback_warning: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: BOM, declared charset, UTF-8, else cp1252 with ``fallback_warning``."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), ()
            except UnicodeDecodeError:
                raise PageError(f"broken {enc.upper()} text: save the page as UTF-8") from None
    m = _CHARSET_RE.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = ""
        if declared and codecs.lookup(declared).name not in ("utf-16-le", "utf-16-be", "utf-16"):
            try:
                return data.decode(declared), ()
            except UnicodeDecodeError:
                pass   # a wrong declaration: fall back to the usual guesses
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (fallback_warning,)


def _parse(text: str):
    import lxml.html

    if _INTERNAL_SUBSET_RE.search(text) or _ENTITY_DECL_RE.search(text):
        raise PageError("the page declares XML entities (<!DOCTYPE [...]> or <!ENTITY>), which "
                        "are not read (entity expansion is unsafe): remove the declaration")
    # no_network: never fetch a DTD; huge_tree off: libxml2's limits against bombs stay on
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  collect_ids=False, default_doctype=False)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (ValueError, TypeError):
        # "Unicode strings with encoding declaration are not supported": parse the UTF-8 bytes
        try:
            tree = lxml.html.document_fromstring(text.encode("utf-8"),
                                                 parser=lxml.html.HTMLParser(
                                                     encoding="utf-8", no_network=True,
                                                     remove_comments=True, remove_pis=True,
                                                     collect_ids=False, default_doctype=False))
        except Exception as e:  # lxml.etree.ParserError and friends
            raise PageError(f"cannot parse the HTML ({e}): save the page as HTML") from None
    except Exception as e:
        raise PageError(f"cannot parse the HTML ({e}): save the page as HTML") from None
    return tree


def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # short news items are articles too (the default wants 250 characters and more)
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "MIN_EXTRACTED_COMM_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_COMM_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")    # no signal alarm: safe in threads
    return config


_CONFIG = None


def _config():
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = _trafilatura_config()
    return _CONFIG


def _to_date(value: str | None) -> dt.date | None:
    m = _DATE_RE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def read_page(data: bytes, *, fallback_warning: str = "not UTF-8: read as cp1252") -> Page:
    """Read a saved web page: its main text, title, original publication date and URL.

    Raises :class:`PageError` when the extra is not installed, the page cannot be parsed, it
    declares XML entities, or no article text is found in it.
    """
    try:
        import trafilatura
        from trafilatura.metadata import extract_metadata
        import htmldate  # noqa: F401
    except ImportError:
        raise PageError(f"web pages need trafilatura and htmldate, which are not installed: "
                        f"{INSTALL_FIX}, or save the article as .txt") from None
    text, warnings = decode_page(data, fallback_warning)
    if not text.strip():
        raise PageError("empty article: the file is empty", warnings)
    tree = _parse(text)
    from copy import deepcopy

    try:
        meta = extract_metadata(deepcopy(tree), date_config=dict(DATE_OPTIONS))
    except Exception:   # heuristic code: a failure here means no metadata, not a crash
        meta = None
    title = " ".join((getattr(meta, "title", None) or "").split())
    url = (getattr(meta, "url", None) or "").strip()
    try:
        body = trafilatura.extract(deepcopy(tree), output_format="txt", include_comments=False,
                                   include_tables=True, include_images=False,
                                   include_links=False, with_metadata=False, deduplicate=False,
                                   config=_config())
    except Exception as e:
        raise PageError(f"cannot extract the article text ({type(e).__name__}: {e}): save the "
                        f"article as .txt", warnings) from None
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise PageError("no article text found in the page: save the article as .txt",
                        warnings)
    if not body.endswith("\n"):
        body += "\n"
    date = _to_date(getattr(meta, "date", None))
    return Page(text=body, title=title, date=date, url=url, warnings=warnings)
