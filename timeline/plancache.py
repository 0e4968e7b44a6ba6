"""A cache on disk of the tagger's matching plan, so that a run does not build it again.

Building the plan (:func:`timeline.tagger._plan`: reading every rule's regex, choosing anchors,
cutting head and tail regexes, compiling them all) takes about a second, more than tagging a
hundred articles. It depends only on the rules' regexes, the code that derives it and the Python
that runs it, so it is saved once and loaded by later runs in about a hundredth of that.

- Where: ``$TIMELINE_CACHE_DIR`` if set, else ``timeline/`` in the user's cache directory
  (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux and BSD, ``~/Library/Caches`` on macOS,
  ``%LOCALAPPDATA%`` on Windows). ``TIMELINE_NO_CACHE=1`` turns the cache off.
- Which file: ``plan-KEY.pickle``, the key a hash of everything the plan is derived from (the
  caller's parts, this module's code and :data:`FORMAT`, the Python version). A changed rule or
  tagger gives a new key; when a file is written, only the newest :data:`KEEP` are kept.
- Written atomically (a temporary file renamed over), so a reader never sees half a file. The
  file starts with the key and a hash of its contents: an unreadable, truncated, altered or
  foreign file is ignored (the plan is then built and the file written again). Nothing here ever
  fails a run: a directory that cannot be made or written is simply not used.
- Regexes are stored as the program ``re`` compiled them to (with their source), and loaded with
  ``_sre.compile``, as ``re`` itself does, so loading skips parsing and compiling. That program
  is private to each Python version, which is part of the key. The regexes of the plan are
  compiled by :func:`compile`, which makes them as ``re.compile`` does and keeps the program
  (checked once per process to give what ``re.compile`` gives); any other regex is compiled
  again when saved and stored with its program only when that equals it. Where this Python's
  ``re`` does not have that shape, the source is stored and compiled on loading.
- The file is read with a pickle loader that builds only the classes the caller names (and
  Python's plain types), so the file cannot name any other function to call; objects the
  caller names (the grammar's rules) are written as references and given back as the live
  objects. The directory is made readable by its user only.
"""
from __future__ import annotations

import array
import functools
import hashlib
import io
import os
import pickle
import re
import sys
import time
import weakref
from pathlib import Path

FORMAT = 1      # raise when the stored layout changes
KEEP = 8        # plan files kept in the directory (each about 1 MB)
_MAGIC = b"timeline plan cache\n"

try:
    import _sre
    from re import _compiler, _parser
    # the array type whose items are re's code words, to store a program as bytes
    _WORD = next((t for t in "ILQ" if array.array(t).itemsize == _sre.CODESIZE), None)
    _CODE = (callable(getattr(_compiler, "_code", None)) and callable(getattr(_sre, "compile", None))
             and _WORD is not None)
except (ImportError, AttributeError):    # pragma: no cover - another Python's re
    _CODE = False


def directory() -> Path | None:
    """The cache directory, or None when the cache is turned off (or there is no home)."""
    if os.environ.get("TIMELINE_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("TIMELINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"   # the XDG rule
    except (RuntimeError, KeyError):     # no home directory to be found
        return None
    return base / "timeline"


def key(*parts: str | bytes) -> str:
    """A hash of ``parts`` and of what a stored plan depends on besides them: this format and
    module, the Python version and build, and the format of ``re``'s compiled programs."""
    h = hashlib.sha256()
    for part in (str(FORMAT), _own_code(), sys.version, sys.implementation.cache_tag or "",
                 str(getattr(_sre, "MAGIC", "")) if _CODE else "", *parts):
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _own_code() -> bytes:
    try:
        return Path(__file__).read_bytes()
    except OSError:
        return str(FORMAT).encode()


def _path(folder: Path, k: str) -> Path:
    return folder / f"plan-{k}.pickle"


def load(k: str, named: dict, classes: tuple[type, ...]) -> object | None:
    """The object saved under key ``k``, or None when there is none or it cannot be read.
    ``named``: the objects saved by reference (name -> object); ``classes``: those it may hold."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(_path(folder, k), "rb") as f:
            blob = f.read()
        header = _MAGIC + k.encode("ascii") + b"\n"
        if not blob.startswith(header):
            return None
        digest, body = blob[len(header):len(header) + 64], blob[len(header) + 65:]
        if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
            return None
        return _Unpickler(io.BytesIO(body), named, classes).load()
    except Exception:       # unreadable, corrupt, or stored by other code: build it again
        return None


def save(k: str, obj: object, named: dict) -> bool:
    """Store ``obj`` under key ``k`` (``named``: objects stored by reference, name -> object);
    False when it could not be written (it is then simply not cached)."""
    folder = directory()
    if folder is None:
        return False
    tmp = None
    try:
        out = io.BytesIO()
        _Pickler(out, {id(o): name for name, o in named.items()}).dump(obj)
        body = out.getvalue()
        import tempfile     # here: only a run that builds the plan needs it (and what it imports)

        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".plan-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + k.encode("ascii") + b"\n")
            f.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n")
            f.write(body)
        target = _path(folder, k)
        os.replace(tmp, target)
        tmp = None
        _prune(folder, target)
        return True
    except Exception:       # not writable, full, or an object that cannot be stored
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the :data:`KEEP` newest plan files (other rules or versions: several
    checkouts of timeline may share the directory, so not just the one written)."""
    try:
        found = sorted(((p.stat().st_mtime, p) for p in folder.glob("plan-*.pickle") if p != keep), reverse=True)
    except OSError:
        return
    for _, old in found[KEEP - 1:]:
        try:
            old.unlink()
        except OSError:
            pass
    for tmp in folder.glob(".plan-*.tmp"):        # left by a run killed while saving
        try:
            if tmp.stat().st_mtime < time.time() - 3600:
                tmp.unlink()
        except OSError:
            pass


def _entry(source: str, flags: int) -> tuple:
    """What ``re.compile(source, flags)`` hands to ``_sre.compile`` (as ``re._compiler.compile``
    makes it), as plain data."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)     # a list of ints (some a subclass: see freeze)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (source, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


_ENTRIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # pattern -> its entry, from compile()


def compile(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, keeping the compiled program so that saving the pattern
    (:func:`freeze`) need not make it a second time."""
    if _CODE and _same_as_re():
        try:
            entry = _entry(source, flags)
            pattern = thaw(entry)
        except re.error:
            raise
        except Exception:
            return re.compile(source, flags)
        _ENTRIES[pattern] = entry
        return pattern
    return re.compile(source, flags)


@functools.lru_cache(maxsize=1)
def _same_as_re() -> bool:
    """Whether :func:`_entry` gives what ``re.compile`` gives on this Python (checked once on
    regexes with the constructs of the grammar's)."""
    sample = r"(?<![\w'-])(?P<a>(?i:sept?\.?|j(?:an|une)))\s+(?:[0-3]?\d)(?!\d|:\d)(?=\s*(?P<y>\d{4}))|\bq[1-4]{1,3}?"
    try:
        return all(thaw(_entry(s, f)) == re.compile(s, f) for s, f in ((sample, 0), ("caf\u00e9", re.I)))
    except Exception:
        return False


def freeze(pattern: re.Pattern) -> tuple:
    """A compiled regex as plain data: ``(source, flags)``, and where this Python allows it, the
    program ``re`` compiled it to (only when it is exactly what ``re.compile`` gave)."""
    entry = _ENTRIES.get(pattern)
    if entry is None and _CODE and isinstance(pattern.pattern, str):
        try:
            entry = _entry(pattern.pattern, pattern.flags)
            again = thaw(entry)
            # Pattern equality compares the flags, the source and the compiled program
            if not (again == pattern and again.groupindex == pattern.groupindex):
                entry = None
        except Exception:
            entry = None
    if entry is None:
        return (pattern.pattern, pattern.flags)
    return entry[:2] + (array.array(_WORD, entry[2]).tobytes(),) + entry[3:]    # the program as bytes


def thaw(entry: tuple) -> re.Pattern:
    """The compiled regex of a :func:`freeze` entry."""
    if len(entry) == 6:
        source, flags, code, groups, groupindex, indexgroup = entry
        code = array.array(_WORD, code).tolist() if isinstance(code, bytes) else list(code)
        return _sre.compile(source, flags, code, groups, dict(groupindex), tuple(indexgroup))
    return re.compile(*entry)


class _Pickler(pickle.Pickler):
    """Regexes as :func:`freeze` entries, the named objects as their names."""

    def __init__(self, file, names: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = names

    def persistent_id(self, obj):
        name = self.names.get(id(obj))
        if name is not None:
            return ("named", name)
        if isinstance(obj, re.Pattern):
            return ("re", freeze(obj))
        return None


class _Unpickler(pickle.Unpickler):
    """Builds only the classes it is given (no other global can be named by the file)."""

    def __init__(self, file, named: dict, classes: tuple[type, ...]):
        super().__init__(file)
        self.named = named
        self.classes = {(c.__module__, c.__qualname__): c for c in classes}

    def find_class(self, module, name):
        try:
            return self.classes[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not stored in a plan") from None

    def persistent_load(self, pid):
        kind, value = pid
        if kind == "named":
            return self.named[value]
        if kind == "re":
            return thaw(value)
        raise pickle.UnpicklingError(f"unknown reference {kind!r}")
