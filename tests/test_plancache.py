"""The cache of the tagger's rule plan on disk (timeline/plancache.py): a stored plan is used
only when it is the plan of these very rules and this code, it gives the same mentions as a
plan just built, and a missing, stale, corrupt or unwritable cache never fails a run."""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import subprocess
import sys

import pytest

from timeline import plancache, tagger
from timeline.tagger import find_mentions

TEXTS = [
    "The board met on Tuesday, March 3, 1998, and again two weeks later at 10:30 a.m.",
    "Sales rose 4% in the third quarter of 2016; the firm expects growth next year.",
    "Prices have fallen for the past five months, since the summer of 2011.",
    "She has lived here since the 1990s and will retire in three years' time.",
    "Every Monday morning at 9 o'clock, and twice a week in the evening.",
    "On 27/09/2017 the council said the works would take nearly six weeks.",
    "Nothing happened here at all, said the mayor, who may run again.",
    "APRIL 12 -- The talks, set for mid-2019, were moved to Christmas Eve.",
]


def _reset():
    tagger._plan.cache_clear()
    tagger._compiled.cache_clear()
    tagger._STORED.clear()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache directory and tagger state; the tagger's state is reset afterwards too."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("TIMELINE_NO_CACHE", raising=False)
    _reset()
    yield folder
    _reset()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A plan built once for this module, as (file name, file contents, its description, the
    mentions of TEXTS): tests put the file in their own cache directory."""
    folder = tmp_path_factory.mktemp("stored")
    mp = pytest.MonkeyPatch()
    mp.setenv("TIMELINE_CACHE_DIR", str(folder))
    mp.delenv("TIMELINE_NO_CACHE", raising=False)
    _reset()
    try:
        plan = tagger._plan()
        (path,) = _files(folder)
        found = path.name, path.read_bytes(), _describe(plan), _mentions()
    finally:
        _reset()
        mp.undo()
    return found


def _put(cache, stored, blob=None):
    name, good, _, _ = stored
    cache.mkdir(exist_ok=True)
    (cache / name).write_bytes(good if blob is None else blob)
    return cache / name


def _count_builds(monkeypatch) -> list:
    built: list = []
    real = tagger._build_plan

    def counting(compiled):
        built.append(1)
        return real(compiled)
    monkeypatch.setattr(tagger, "_build_plan", counting)
    return built


def _files(folder):
    return sorted(folder.glob("plan-*.pickle")) if folder.exists() else []


def _describe(plan) -> list:
    """Everything a plan holds, as plain values (regexes by source and flags)."""
    def pat(p):
        return None if p is None else (p.pattern, p.flags)
    rules = [(r.order, r.rule.name, pat(r.pattern), r.anchor, r.before, r.after,
              [(g.search.pattern, g.times, g.table, pat(g.single)) for g in r.guards],
              [(must, pat(p)) for must, p in r.checks], pat(r.head), pat(r.tail)) for r in plan.rules]
    return [rules, plan.anchors, sorted(plan.scan.items()),
            [[r.order for r in group] for group in plan.by_anchor], [r.order for r in plan.whole]]


def _mentions():
    return [[(m.start, m.end, m.text, m.rule.name, sorted(m.groups.items())) for m in find_mentions(t)]
            for t in TEXTS]


def test_a_stored_plan_is_written_used_and_equals_a_built_one(cache, monkeypatch, stored):
    built = _count_builds(monkeypatch)
    fresh = tagger._plan()          # built here and written
    assert built == [1] and [p.name for p in _files(cache)] == [stored[0]]
    assert _describe(fresh) == stored[2]          # the same plan in every run
    _reset()
    loaded = tagger._plan()
    assert built == [1], "the plan was built again instead of loaded"
    assert loaded is not fresh
    assert _describe(loaded) == _describe(fresh)
    assert all(a is b for (a, _), (b, _) in zip(tagger._compiled(), tagger.compiled_rules()))
    got = _mentions()
    assert got == stored[3] and any(got)


def test_stored_patterns_are_the_compiled_ones(cache):
    for source in [r"(?P<year>\d{4})-(?P<m>\d\d)", r"(?i:tues?day)\b(?!-)", r"(?<![\w-])a\s+few\s+(?P<u>days?)",
                   "caf\u00e9|na\u00efve", r"(?x) a  b  # spaced"]:
        pattern = re.compile(source)
        entry = plancache.freeze(pattern)
        again = plancache.thaw(entry)
        assert again == pattern and again.groupindex == pattern.groupindex and again.groups == pattern.groups
        text = "on 2017-09 a few days, Tuesday or tueday, café ab"
        assert [m.span() for m in again.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_a_changed_key_builds_again_and_replaces_nothing_it_needs(cache, monkeypatch):
    built = _count_builds(monkeypatch)
    tagger._plan()
    first = _files(cache)
    _reset()
    monkeypatch.setattr(plancache, "FORMAT", plancache.FORMAT + 1)    # as after an upgrade
    tagger._plan()
    assert built == [1, 1]
    files = _files(cache)
    assert len(files) == 2 and first[0] in files
    _reset()
    monkeypatch.setattr(tagger, "_own_code", lambda: b"another version of the tagger")
    tagger._plan()
    assert len(built) == 3


def test_old_files_are_pruned(cache, monkeypatch):
    cache.mkdir()
    for i in range(plancache.KEEP + 3):
        (cache / f"plan-{i:064x}.pickle").write_bytes(b"old")
        os.utime(cache / f"plan-{i:064x}.pickle", (1000 + i, 1000 + i))
    (cache / ".plan-left.tmp").write_bytes(b"half a file")          # from a run killed while saving
    os.utime(cache / ".plan-left.tmp", (1000, 1000))
    (cache / ".plan-now.tmp").write_bytes(b"being written")           # another run saving now
    tagger._plan()
    assert not (cache / ".plan-left.tmp").exists() and (cache / ".plan-now.tmp").exists()
    files = _files(cache)
    assert len(files) == plancache.KEEP
    assert (cache / f"plan-{plancache.KEEP + 2:064x}.pickle") in files    # the newest old ones stay
    assert (cache / f"plan-{0:064x}.pickle") not in files


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "other-key"])
def test_a_damaged_file_is_rebuilt_without_error(cache, monkeypatch, stored, damage):
    name, blob = stored[0], stored[1]
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip":              # one changed byte inside the stored regex programs
        i = len(blob) // 2
        blob = blob[:i] + bytes([blob[i] ^ 0x01]) + blob[i + 1:]
    elif damage == "garbage":
        blob = os.urandom(5000)
    elif damage == "empty":
        blob = b""
    else:                               # a valid file of another key, copied to this name
        blob = blob.replace(name[5:-7].encode(), b"0" * 64, 1)
    path = _put(cache, stored, blob)
    built = _count_builds(monkeypatch)
    assert _mentions() == stored[3]
    assert built == [1]
    assert path.read_bytes() == stored[1], "the rebuilt plan was not stored again"
    _reset()
    tagger._plan()
    assert built == [1]


def test_a_good_file_is_not_rebuilt(cache, monkeypatch, stored):
    """The other side of the test above: the same file undamaged is used as it is."""
    _put(cache, stored)
    built = _count_builds(monkeypatch)
    assert _mentions() == stored[3]
    assert built == []


def test_a_tampered_file_cannot_run_code(cache, tmp_path, stored):
    """A file whose hash is right but whose pickle names another global is refused."""
    path = _put(cache, stored)
    k = path.name[5:-7]
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))
    body = pickle.dumps(Evil())
    path.write_bytes(b"timeline plan cache\n" + k.encode() + b"\n"
                     + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert plancache.load(k, {}, (tagger._Plan,)) is None
    assert _mentions() == stored[3]
    assert not marker.exists()


def test_an_unwritable_directory_still_runs(cache, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(blocker / "cache"))
    built = _count_builds(monkeypatch)
    assert _mentions()
    assert built == [1]
    assert plancache.save("0" * 64, tagger._plan(), {}) is False
    # the command line too, as a user would run it
    done = subprocess.run([sys.executable, "-m", "timeline", "tag", "-", "--date", "2017-09-27"],
                          input="They met on Tuesday.", capture_output=True, text=True,
                          env={**os.environ, "TIMELINE_CACHE_DIR": str(blocker / "cache")})
    assert done.returncode == 0, done.stderr
    assert '"value": "2017-09-26"' in done.stdout


def test_turned_off_by_the_environment(cache, monkeypatch):
    monkeypatch.setenv("TIMELINE_NO_CACHE", "1")
    built = _count_builds(monkeypatch)
    assert _mentions()
    assert built == [1] and not cache.exists()
    _reset()
    assert _mentions()
    assert built == [1, 1]
    assert plancache.directory() is None


def test_the_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("TIMELINE_CACHE_DIR", raising=False)
    monkeypatch.delenv("TIMELINE_NO_CACHE", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert plancache.directory() == tmp_path / "xdg" / "timeline"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")       # not absolute: ignored (XDG spec)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert plancache.directory() == tmp_path / "home" / ".cache" / "timeline"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert plancache.directory() == tmp_path / "mine"
