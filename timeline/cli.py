"""The command line: a thin layer over the Python API.

    timeline extract PATH... [--date D] [--out DIR] [--csv FILE|-] [--png FILE]
    timeline tag [FILE|-] [--date D]
    timeline timeml INPUT... --out DIR
    timeline eval GOLD_DIR [SYSTEM_DIR] [--json] [--mode news|narrative|auto]
    timeline plot EVENTS.csv --png FILE [--title T] [--since D] [--until D] [--group-by COL]

Exit status: 0 success; 1 when some input could not be processed (the rest is still written);
2 for usage errors (bad options, missing paths).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import __version__
from .errors import TimelineError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class UsageError(TimelineError):
    """A problem with the command line itself (exit status 2)."""


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def _mode_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=["news", "narrative", "auto"], default="news",
                   help="reference time: the publication date (news), the last date mentioned "
                        "(narrative), or chosen per document (auto)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description="Dated events from news articles.")
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="read articles, write the dated events (CSV, PNG)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders; - for stdin")
    p.add_argument("--date", type=_date_arg, help="publication date for every document (YYYY-MM-DD)")
    p.add_argument("--out", metavar="DIR", help="write DIR/events.csv and DIR/timeline.png")
    p.add_argument("--csv", metavar="FILE", help="write the events CSV here (- for stdout)")
    p.add_argument("--png", metavar="FILE", help="draw the timeline PNG here")
    p.add_argument("--jsonl", metavar="FILE", help="write the events as JSON Lines (- for stdout)")
    p.add_argument("--timelinejs-csv", metavar="FILE", help="write a TimelineJS spreadsheet (CSV)")
    p.add_argument("--timelinejs-json", metavar="FILE", help="write a TimelineJS JSON file")
    p.add_argument("--merged", metavar="FILE", help="write the merged table: one row per distinct event, with its sources")
    p.add_argument("--no-formula-escape", dest="escape_formulas", action="store_false",
                   help="do not prefix CSV cells starting with = + - @ with a quote")
    p.add_argument("--title", help="title of the picture")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first document that cannot be read (exit 1, nothing written)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: all cores; 1: none); the output is the same")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line on stderr")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="run here, or on Dask (pip install 'timeline[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://host:8786 (implies --engine dask); default: a local cluster")
    _mode_arg(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("tag", help="print every temporal expression as JSON lines")
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="text file, or - for stdin (default)")
    p.add_argument("--date", type=_date_arg, help="publication date (YYYY-MM-DD); required unless the file has a date header")
    _mode_arg(p)
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("timeml", help="tag TimeML documents, write our TIMEX3 tags")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".tml files or folders")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the tagged .tml files")
    p.set_defaults(func=cmd_timeml)

    p = sub.add_parser("eval", help="score TIMEX3 tags the TempEval-3 way")
    p.add_argument("gold", metavar="GOLD_DIR")
    p.add_argument("system", nargs="?", metavar="SYSTEM_DIR", help="tagged files; omitted: tag the gold texts now")
    p.add_argument("--json", action="store_true", help="print one JSON object with the scores")
    p.add_argument("--max-errors", type=int, default=None, metavar="N", help="list at most N mistakes per document")
    _mode_arg(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("plot", help="draw the timeline PNG from an events CSV")
    p.add_argument("csv", metavar="EVENTS.csv")
    p.add_argument("--png", required=True, metavar="FILE")
    p.add_argument("--title")
    p.add_argument("--since", type=_date_arg, metavar="DATE")
    p.add_argument("--until", type=_date_arg, metavar="DATE")
    p.add_argument("--group-by", metavar="COLUMN", help="colour events by this column (default: document)")
    p.set_defaults(func=cmd_plot)
    return parser


def cmd_extract(args) -> int:
    from .documents import iter_documents
    from .runner import DEFAULT_KEEP_ROWS, run_extract, with_caveats
    from .manifest import Manifest, manifest_path
    from .exports import check_writable, write_jsonl, write_merged_csv, write_timelinejs_csv, write_timelinejs_json

    csv_path, png_path = args.csv, args.png
    if args.out:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out}: is a file, not a folder; give a folder for events.csv and timeline.png")
        csv_path = csv_path or str(out / "events.csv")
        png_path = png_path or str(out / "timeline.png")
    others = {"jsonl": args.jsonl, "timelinejs_csv": args.timelinejs_csv,
              "timelinejs_json": args.timelinejs_json, "merged": args.merged}
    if not csv_path and not png_path and not any(others.values()):
        csv_path = "-"
    if sum(1 for p in (csv_path, *others.values()) if p == "-") > 1:
        raise UsageError("only one output can go to stdout (-); give file names for the others")
    targets = [t for t in (csv_path, *others.values(), png_path) if t and t != "-"]
    # DIR/manifest.json with --out, else beside the first output file (none for stdout only)
    manifest_file = manifest_path(out=args.out, csv=next(iter(targets), None))
    for target in (*targets, manifest_file):
        if target:
            try:
                check_writable(target)          # before reading anything: fail fast
            except TimelineError as e:
                raise UsageError(str(e)) from None
    try:
        documents = iter_documents(args.paths, date=args.date)
    except TimelineError as e:                  # a missing path, a folder without articles
        raise UsageError(str(e)) from None
    manifest = Manifest(_extract_options(args))

    class _Strict(Exception):
        pass

    def on_skip(item):
        print(f"timeline: skipped {item}", file=sys.stderr)
        manifest.add_skipped(item)
        if args.strict:
            raise _Strict

    if args.jobs < 0:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes, 1 or more (0: all cores)")
    engine = "dask" if args.scheduler else args.engine
    try:
        result = run_extract(with_caveats(documents, lambda message: print(
                                 f"timeline: warning: {message}", file=sys.stderr)), mode=args.mode, jobs=args.jobs or None,
                             csv_path=csv_path, on_skip=on_skip, on_document=manifest.add_processed,
                             quiet=args.quiet, engine=engine, scheduler=args.scheduler,
                             escape_formulas=args.escape_formulas,
                             keep_rows=None if any(others.values()) else DEFAULT_KEEP_ROWS)
    except _Strict:
        print("timeline: error: --strict: stopped at the first bad document; nothing "
              "written", file=sys.stderr)
        return EXIT_PARTIAL
    if manifest.processed == 0:
        if manifest_file:
            manifest.write(manifest_file)
        print(f"timeline: error: none of the {manifest.documents} documents could be read (the "
              f"reasons are above); no events written"
              + (f"; wrote {manifest_file}" if manifest_file else ""), file=sys.stderr)
        return EXIT_PARTIAL
    # every row when another output needs them, else at most 20,000; built (and pandas loaded)
    # only when an output other than the streamed CSV needs it
    df = result.frame if png_path or any(others.values()) else None
    if others["jsonl"]:
        write_jsonl(df, others["jsonl"])
    if others["timelinejs_csv"]:
        write_timelinejs_csv(df, others["timelinejs_csv"], escape_formulas=args.escape_formulas)
    if others["timelinejs_json"]:
        write_timelinejs_json(df, others["timelinejs_json"], title=args.title)
    if others["merged"]:
        write_merged_csv(df, others["merged"], escape_formulas=args.escape_formulas)
    if png_path:
        from .picture import save_png
        save_png(df, png_path, title=args.title)
        if result.sampled:
            print(f"timeline: the picture shows a fixed random sample of {len(df)} of the "
                  f"{result.events} events; draw periods with `timeline plot --since/--until`", file=sys.stderr)
    for target in targets:
        manifest.add_output(target)
    if manifest_file:
        manifest.write(manifest_file)
    written = [*targets, *([str(manifest_file)] if manifest_file else [])]
    print(f"timeline: {manifest.summary_line(written)}", file=sys.stderr)
    return EXIT_OK if manifest.ok else EXIT_PARTIAL


def _extract_options(args) -> dict:
    """The options of an extract run, for its manifest."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in sorted(vars(args).items()) if k not in ("func", "command")}


def cmd_tag(args) -> int:
    from .documents import decode_text, parse_date
    from .resolver import choose_mode
    from .tagger import tag

    if args.file == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
        where = "stdin"
    else:
        path = Path(args.file)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file; give a text file or - for stdin") from None
        except OSError as e:
            raise TimelineError(f"{path}: cannot read the file ({e.strerror}); check you may read it") from None
        where = str(path)
    # offsets are into the decoded text: BOM dropped, CRLF and CR read as LF, as `extract` reads it
    text, warnings = decode_text(data, where=where)
    for w in warnings:
        print(f"timeline: warning: {where}: {w}", file=sys.stderr)
    date = args.date
    if date is None:
        header = _header_date(text)
        if header is None:
            raise UsageError(f"{where}: no publication date; pass --date YYYY-MM-DD")
        date = parse_date(header, where=where)
    mode = args.mode
    if mode == "auto":
        mode = choose_mode(text, date)
        print(f"timeline: {where}: mode auto picked {mode}", file=sys.stderr)
    for t in tag(text, date, mode=mode):
        print(json.dumps({"text": t.text, "start": t.start, "end": t.end, "type": t.type,
                          "value": t.value, "mod": t.mod, "rule": t.rule}, ensure_ascii=False))
    return EXIT_OK


def _header_date(text: str) -> str | None:
    for line in text.splitlines():
        if not line.strip():
            return None
        key, sep, value = line.partition(":")
        if not sep:
            return None
        if key.strip().lower() in ("date", "published", "pubdate"):
            return value.strip()
    return None


def cmd_timeml(args) -> int:
    from .timeml import tag_timeml_files

    written = tag_timeml_files(args.inputs, args.out)
    print(f"timeline: wrote {len(written)} TimeML files to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_eval(args) -> int:
    from .evaluate import evaluate
    from .tagger import tag

    if args.system is not None and args.mode != "news":
        raise UsageError("--mode applies only when eval tags the gold texts itself: leave out SYSTEM_DIR "
                         "to score a mode")
    mode = args.mode
    report = evaluate(args.gold, args.system, tagger=lambda text, date: tag(text, date, mode=mode))
    if args.json:
        print(json.dumps(report.as_json_dict()))
    else:
        print(report.format_text(max_errors_per_doc=args.max_errors))
    return EXIT_OK


def cmd_plot(args) -> int:
    from .exports import read_csv
    from .picture import save_png

    df = read_csv(args.csv)
    save_png(df, args.png, title=args.title, group_by=args.group_by, since=args.since, until=args.until)
    print(f"timeline: drew {len(df)} events; wrote {args.png}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as e:
        print(f"timeline: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except TimelineError as e:
        print(f"timeline: error: {e}", file=sys.stderr)
        return EXIT_USAGE if "no such" in str(e).lower() or "does not exist" in str(e).lower() else EXIT_PARTIAL
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
