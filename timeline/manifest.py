"""The manifest of a run: every input document accounted for.

A :class:`Manifest` is filled while documents are processed, in whatever way they are iterated
(one by one, streamed, in parallel: it only needs to be told about each document once):
:meth:`Manifest.add_processed` for a document that was read and tagged, with its event count,
and :meth:`Manifest.add_skipped` for a :class:`~timeline.documents.Skipped` one, with its reason.
:meth:`Manifest.summary_line` is the one line the CLI prints at the end, and
:meth:`Manifest.write` writes the whole record as JSON (atomically) beside the outputs:

.. code-block:: json

    {
      "timeline": "0.1.0",
      "command": "extract",
      "options": {"paths": ["corpus/"], "date": null, "mode": "news", ...},
      "totals": {"documents": 5, "processed": 4, "skipped": 1, "events": 42, "warnings": 1},
      "outputs": ["reports/events.csv", "reports/timeline.png"],
      "documents": [
        {"id": "haftar", "path": "corpus/haftar.txt", "line": null, "status": "processed",
         "events": 9, "reason": null, "warnings": []},
        {"id": null, "path": "corpus/feed.jsonl", "line": 3, "status": "skipped",
         "events": 0, "reason": "broken JSON (...): fix the line or remove it", "warnings": []}
      ]
    }

Documents are listed in the order they were reported. The file holds no time stamp, so the
same run over the same input writes the same bytes. Where it goes: :func:`manifest_path`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from . import __version__

__all__ = ["Manifest", "manifest_path"]

PROCESSED, SKIPPED = "processed", "skipped"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


class Manifest:
    """Every document of a run with its status, reason and event count; totals; options."""

    def __init__(self, options: dict | None = None, *, command: str = "extract"):
        self.command = command
        self.options = dict(options or {})
        self.entries: list[dict] = []
        self.outputs: list[str] = []
        self.processed = 0
        self.skipped = 0
        self.events = 0
        self.warned = 0          # processed documents that carry a warning

    # -- filling --------------------------------------------------------------------------
    def add_processed(self, doc, n_events: int) -> None:
        """Record a document that was read and tagged, and the number of its events."""
        warnings = list(getattr(doc, "warnings", ()) or ())
        self.entries.append({"id": doc.id, "path": doc.path or None, "line": None,
                             "status": PROCESSED, "events": int(n_events), "reason": None,
                             "warnings": warnings})
        self.processed += 1
        self.events += int(n_events)
        self.warned += bool(warnings)

    def add_skipped(self, skipped) -> None:
        """Record a :class:`~timeline.documents.Skipped` document with its reason."""
        self.entries.append({"id": getattr(skipped, "id", None), "path": skipped.path,
                             "line": skipped.line, "status": SKIPPED, "events": 0,
                             "reason": skipped.reason, "warnings": []})
        self.skipped += 1

    def add_output(self, path: str | os.PathLike) -> None:
        """Record a file the run wrote (the CSV, the PNG)."""
        self.outputs.append(str(path))

    # -- reading --------------------------------------------------------------------------
    @property
    def documents(self) -> int:
        return self.processed + self.skipped

    @property
    def ok(self) -> bool:
        """True when every document was processed."""
        return self.skipped == 0

    def totals(self) -> dict:
        return {"documents": self.documents, "processed": self.processed,
                "skipped": self.skipped, "events": self.events, "warnings": self.warned}

    def summary_line(self, written: list[str] | tuple[str, ...] = ()) -> str:
        """One line for the end of a run, e.g. ``12 events from 3 documents, 1 skipped, 1 with a
        warning; wrote out/events.csv, out/manifest.json``."""
        line = f"{_plural(self.events, 'event')} from {_plural(self.processed, 'document')}"
        if self.skipped:
            line += f", {self.skipped} skipped"
        if self.warned:
            line += f", {self.warned} with {'a warning' if self.warned == 1 else 'warnings'}"
        if written:
            line += "; wrote " + ", ".join(str(w) for w in written)
        return line

    def as_dict(self) -> dict:
        return {"timeline": __version__, "command": self.command, "options": self.options,
                "totals": self.totals(), "outputs": list(self.outputs),
                "documents": list(self.entries)}

    def write(self, path: str | os.PathLike) -> None:
        """Write the manifest as UTF-8 JSON, atomically (an old manifest stays whole on failure)."""
        from .exports import atomic_open

        with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(self.as_dict(), fh, ensure_ascii=False, indent=2, default=str)
            fh.write("\n")


def manifest_path(*, out: str | os.PathLike | None = None, csv: str | None = None,
                  png: str | None = None) -> Path | None:
    """Where the manifest of a run goes: ``DIR/manifest.json`` with ``--out DIR``; else beside
    the CSV (``events.csv`` -> ``events.manifest.json``), else beside the PNG; None when the
    only output is stdout or a device such as ``/dev/null`` (the summary line is still printed)."""
    if out:
        return Path(out) / "manifest.json"
    for target in (csv, png):
        if target and str(target) != "-":
            p = Path(target)
            if p.exists() and not p.is_file():      # /dev/null, a pipe: nothing to sit beside
                return None
            return p.with_name(p.stem + ".manifest.json")
    return None
