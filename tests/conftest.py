"""Set-up shared by every test file."""
import os
import shutil
import tempfile

# The tagger caches its rule plan on disk (timeline/plancache.py). The tests, and the commands
# they run, never touch the user's cache: they get a directory of their own, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="timeline-test-cache-")
os.environ["TIMELINE_CACHE_DIR"] = _CACHE
os.environ.pop("TIMELINE_NO_CACHE", None)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
