"""Throughput benchmark: timeline against dateparser, on one core, in one run.

    python benchmarks/bench.py            # or: make bench
    python benchmarks/bench.py --quick    # a smaller corpus, for a smoke test

Corpus: the TBAQ-cleaned TimeML texts (from $TIMELINE_SHARED/corpora, else ../shared/corpora
beside the repository), repeated until it holds at least ``--words`` words (1 million by
default); where the corpus is absent, generated news-like text. Everything is timed with
``time.perf_counter`` in this process (the streaming run in a child process, to measure its own
peak memory). It prints; nothing here asserts on time.

Measures
- tagging + resolution (``timeline.tag``) words/s on one core;
- the whole extract (read JSONL, sentences, events, CSV) words/s, with ``--jobs 1`` and ``--jobs 2``;
- dateparser's ``search_dates`` (languages=['en'], RELATIVE_BASE = the publication date) words/s
  on a subset sized to take about ``--baseline-seconds``, and the ratio;
- growth with document length: one text at 1x, 10x and 100x its length in one document;
- peak memory of this process, and of a streaming run over ``--stream-docs`` documents.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"tag_wps": 400_000, "ratio": 15, "extract_wps": 200_000, "growth": 1.2, "stream_mb": 300}


def shared_dir() -> Path:
    env = os.environ.get("TIMELINE_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def load_corpus() -> tuple[list, str]:
    """TBAQ-cleaned documents, or a generated corpus when it is not here."""
    from timeline.documents import Document, iter_documents
    tbaq = shared_dir() / "corpora" / "TBAQ-cleaned"
    if tbaq.is_dir():
        docs = [d for d in iter_documents([tbaq]) if isinstance(d, Document)]
        if docs:
            return docs, f"TBAQ-cleaned ({tbaq})"
    return generated_corpus(), "generated (TBAQ-cleaned not found)"


def generated_corpus(n: int = 250) -> list:
    import random
    from timeline.documents import Document
    rng = random.Random(1)
    phrases = ["on Tuesday", "last month", "in the first half of next year", "since the 2011 overthrow",
               "two years ago", "on Sept. 26, 2017", "this week", "in July", "for three years",
               "in the third quarter", "yesterday", "next spring", "in 1998", "every week", "recently"]
    words = ("the minister said talks with rebel leaders would resume and officials expected a deal "
             "despite deep divisions over security oil revenue and the role of the army in the east").split()
    docs = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(12, 25)):
            body = " ".join(rng.choices(words, k=rng.randint(8, 20)))
            sentences.append(f"{body.capitalize()} {rng.choice(phrases)}.")
        docs.append(Document(id=f"gen{i:04d}", text=" ".join(sentences), date=dt.date(2017, 9, 27)))
    return docs


def n_words(text: str) -> int:
    return len(text.split())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt(n: float) -> str:
    return f"{n:,.0f}"


# A fixed piece of work that uses no timeline code (regex scans, dict counts, small strings): timed
# beside the measured passes, it shows how fast the machine itself ran at that moment. The two
# vCPUs here are hyperthreads shared with other tenants, and a run can land in a phase where
# everything runs at half speed; this tells such a phase from a slower timeline.
_REFERENCE_TEXT = ("On Tuesday the council met for the third time since March 2011, officials said; "
                   "a vote is expected in the first half of next year. ") * 400


def reference_ms() -> float:
    """CPU milliseconds the reference work takes now (best of three, ~5 ms each on this machine):
    CPU time, so that time slices given to other processes do not count, only how fast this
    process's instructions ran."""
    import re
    word = re.compile(r"[A-Za-z]+|\d+")
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        counts: dict[str, int] = {}
        for m in word.finditer(_REFERENCE_TEXT):
            w = m.group().lower()
            counts[w] = counts.get(w, 0) + 1
        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        best = min(best, time.process_time() - t0)
    return best * 1e3


def bench_tag(docs, min_words: int) -> dict:
    from timeline import tag
    from timeline.tagger import _plan
    t0 = time.perf_counter()
    _plan()
    init = time.perf_counter() - t0
    words_per_pass = sum(n_words(d.text) for d in docs)
    reps = max(1, -(-min_words // words_per_pass))
    tag(docs[0].text, docs[0].date)
    t0, c0 = time.perf_counter(), time.process_time()
    count = 0
    passes = []       # words/s of each pass over the corpus: the spread shows how steady the machine was
    refs = []         # the reference work timed after each pass (outside the timed pass)
    for _ in range(reps):
        p0 = time.perf_counter()
        for d in docs:
            count += len(tag(d.text, d.date))
        passes.append(words_per_pass / (time.perf_counter() - p0))
        r0, rc0 = time.perf_counter(), time.process_time()
        refs.append(reference_ms())
        t0 += time.perf_counter() - r0      # the reference work is not tagging: left out of the totals
        c0 += time.process_time() - rc0
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = words_per_pass * reps
    return {"words": words, "seconds": seconds, "wps": words / seconds, "cpu_seconds": cpu,
            "cpu_wps": words / cpu, "timexes": count, "repeats": reps, "init_seconds": init,
            "pass_wps": spread(passes), "reference_ms": spread(refs)}


def spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1], "n": len(ordered)}


def fmt_ms(s: dict) -> str:
    return f"median {s['median']:.2f} ms, range {s['min']:.2f}-{s['max']:.2f} over {s['n']}"


def fmt_spread(s: dict) -> str:
    return f"median {fmt(s['median'])}, range {fmt(s['min'])}-{fmt(s['max'])} over {s['n']}"


def bench_dateparser(docs, seconds_budget: float) -> dict:
    import warnings
    from dateparser.search import search_dates
    warnings.filterwarnings("ignore")
    words = found = ndocs = 0
    t0 = time.perf_counter()
    search_dates("warm up on Tuesday", languages=["en"])
    t0, c0 = time.perf_counter(), time.process_time()
    i = 0
    while time.perf_counter() - t0 < seconds_budget:
        d = docs[i % len(docs)]
        i += 1
        base = dt.datetime.combine(d.date, dt.time())
        result = search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base})
        found += len(result or [])
        words += n_words(d.text)
        ndocs += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"words": words, "documents": ndocs, "seconds": seconds, "wps": words / seconds,
            "cpu_wps": words / cpu, "dates": found}


def write_jsonl(docs, min_words: int, folder: Path, name: str = "corpus.jsonl") -> tuple[Path, int, int]:
    words_per_pass = sum(n_words(d.text) for d in docs)
    reps = max(1, -(-min_words // words_per_pass))
    path = folder / name
    with open(path, "w", encoding="utf-8") as fh:
        for r in range(reps):
            for d in docs:
                fh.write(json.dumps({"id": f"{d.id}#{r}", "text": d.text, "date": d.date.isoformat(),
                                     "title": d.title}, ensure_ascii=False) + "\n")
    return path, words_per_pass * reps, len(docs) * reps


def bench_extract(path: Path, words: int, jobs: int, folder: Path) -> dict:
    from timeline.documents import iter_documents
    from timeline.runner import run_extract
    out = folder / f"events-j{jobs}.csv"
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_extract(iter_documents([path]), jobs=jobs, csv_path=str(out), quiet=True)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"jobs": jobs, "words": words, "seconds": seconds, "wps": words / seconds,
            "cpu_seconds_main": cpu, "cpu_wps_main": words / cpu,
            "documents": result.documents, "events": result.events, "csv_bytes": out.stat().st_size}


def bench_growth(docs) -> dict:
    """One ~1,000-word text, tagged at 1x, 10x and 100x its length as a single document."""
    from timeline import tag
    base, parts = [], 0
    for d in docs:
        base.append(d.text)
        parts += n_words(d.text)
        if parts >= 1000:
            break
    text = "\n\n".join(base)
    date = docs[0].date
    out = {}
    for times, runs in ((1, 100), (10, 10), (100, 1)):
        doc = "\n\n".join([text] * times)
        words = n_words(doc)
        tag(doc[:2000], date)
        best = best_cpu = float("inf")
        for _trial in range(3):     # best of three: the machine may be shared
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(runs):
                tag(doc, date)
            best = min(best, (time.perf_counter() - t0) / runs)
            best_cpu = min(best_cpu, (time.process_time() - c0) / runs)
        out[f"{times}x"] = {"words": words, "seconds": best, "us_per_word": 1e6 * best / words,
                            "cpu_us_per_word": 1e6 * best_cpu / words}
    out["ratio_100x_to_1x"] = out["100x"]["us_per_word"] / out["1x"]["us_per_word"]
    out["cpu_ratio_100x_to_1x"] = out["100x"]["cpu_us_per_word"] / out["1x"]["cpu_us_per_word"]
    out["ratio_10x_to_1x"] = out["10x"]["us_per_word"] / out["1x"]["us_per_word"]
    return out


def stream_child(path: str, jobs: int) -> None:
    """Run in a child process: stream the extract, print the result and this process's peak."""
    from timeline.documents import iter_documents
    from timeline.runner import run_extract
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = run_extract(iter_documents([path]), jobs=jobs, csv_path=os.path.join(tmp, "e.csv"), quiet=True)
        size = os.path.getsize(os.path.join(tmp, "e.csv"))
    print(json.dumps({"documents": result.documents, "events": result.events, "seconds": time.perf_counter() - t0,
                      "csv_bytes": size, "peak_mb": peak_mb(),
                      "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def bench_stream(docs, n_docs: int, jobs: int, folder: Path) -> dict:
    """``n_docs`` short documents (paragraphs of the corpus) streamed in a fresh process."""
    paragraphs = [p for d in docs for p in d.text.split("\n\n") if n_words(p) >= 5]
    path = folder / "stream.jsonl"
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n_docs):
            p = paragraphs[i % len(paragraphs)]
            words += n_words(p)
            fh.write(json.dumps({"id": f"p{i}", "text": p, "date": "2017-09-27"}) + "\n")
    proc = subprocess.run([sys.executable, __file__, "--stream-child", str(path), "--jobs", str(jobs)],
                          capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out.update({"words": words, "input_mb": path.stat().st_size / 2**20, "jobs": jobs})
    path.unlink()
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)")
    p.add_argument("--baseline-seconds", type=float, default=25.0, help="time given to dateparser (default 25)")
    p.add_argument("--stream-docs", type=int, default=100_000, help="documents in the streaming run (default 100,000)")
    p.add_argument("--extract-runs", type=int, default=3, help="runs of the --jobs 1 extract (default 3)")
    p.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--stream-child", metavar="JSONL", help=argparse.SUPPRESS)
    p.add_argument("--jobs", type=int, default=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.stream_child:
        stream_child(args.stream_child, args.jobs)
        return 0
    if args.quick:
        args.words, args.baseline_seconds, args.stream_docs, args.extract_runs = 100_000, 3.0, 5_000, 1

    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core for the single-core figures
        pinned = True
    except (AttributeError, OSError):
        pinned = False
    docs, source = load_corpus()
    print(f"corpus: {source}: {len(docs)} documents, {fmt(sum(n_words(d.text) for d in docs))} words per pass"
          f"{'; pinned to one core' if pinned else ''}")
    figures: dict = {"corpus": source}

    t = figures["tag"] = bench_tag(docs, args.words)
    print(f"\ntagging + resolution (timeline.tag), one core: {fmt(t['wps'])} words/s "
          f"[CPU time: {fmt(t['cpu_wps'])} words/s] "
          f"({fmt(t['words'])} words in {t['seconds']:.1f} s, {fmt(t['timexes'])} timexes; "
          f"grammar compiled once in {t['init_seconds']:.2f} s)   target >= {fmt(TARGETS['tag_wps'])}")
    print(f"  per pass over the corpus: {fmt_spread(t['pass_wps'])} passes (words/s)")
    print(f"  machine check, the reference work after each pass: {fmt_ms(t['reference_ms'])}")

    b = figures["dateparser"] = bench_dateparser(docs, args.baseline_seconds)
    ratio = figures["ratio"] = t["wps"] / b["wps"]
    print(f"dateparser search_dates, one core:       {fmt(b['wps'])} words/s [CPU time: {fmt(b['cpu_wps'])}] "
          f"({fmt(b['words'])} words, {b['documents']} documents in {b['seconds']:.1f} s)")
    print(f"ratio timeline / dateparser:             {ratio:.1f}x [CPU time: {t['cpu_wps'] / b['cpu_wps']:.1f}x]"
          f"   target >= {TARGETS['ratio']}x")

    figures["reference_ms_growth"] = reference_ms()
    g = figures["growth"] = bench_growth(docs)
    print("\ngrowth with document length (one document):")
    for k in ("1x", "10x", "100x"):
        print(f"  {k:>4}: {fmt(g[k]['words']):>9} words  {g[k]['seconds']*1000:9.1f} ms  {g[k]['us_per_word']:.2f} us/word"
              f"  [CPU {g[k]['cpu_us_per_word']:.2f} us/word]")
    print(f"  time per word, 10x / 1x: {g['ratio_10x_to_1x']:.2f}; 100x / 1x: {g['ratio_100x_to_1x']:.2f}"
          f" [CPU 100x / 1x: {g['cpu_ratio_100x_to_1x']:.2f}]   target <= {TARGETS['growth']}")

    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        folder = Path(tmp)
        path, words, ndocs = write_jsonl(docs, args.words, folder)
        print(f"\nwhole extract (JSONL -> documents -> sentences -> events -> CSV), {fmt(words)} words, {fmt(ndocs)} documents:")
        figures["reference_ms_extract"] = reference_ms()
        e1 = figures["extract_jobs1"] = bench_extract(path, words, 1, folder)
        print(f"  --jobs 1 (one core): {fmt(e1['wps'])} words/s [CPU time: {fmt(e1['cpu_wps_main'])}], "
              f"{e1['seconds']:.1f} s, {fmt(e1['events'])} events"
              f"   target >= {fmt(TARGETS['extract_wps'])}")
        # the same run again: on a shared machine one run can be off by a third either way
        runs = [e1["wps"]] + [bench_extract(path, words, 1, folder)["wps"] for _ in range(args.extract_runs - 1)]
        e1["runs_wps"] = spread(runs)
        print(f"  --jobs 1 repeated: {fmt_spread(e1['runs_wps'])} runs (words/s)")
        if pinned:
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        e2 = figures["extract_jobs2"] = bench_extract(path, words, 2, folder)
        print(f"  --jobs 2:            {fmt(e2['wps'])} words/s, {e2['seconds']:.1f} s "
              f"({e2['wps'] / e1['wps']:.2f}x of --jobs 1; the same CSV: "
              f"{(folder / 'events-j1.csv').read_bytes() == (folder / 'events-j2.csv').read_bytes()})")
        figures["peak_mb_this_process"] = peak_mb()
        print(f"peak memory of this process so far: {peak_mb():.0f} MB")
        s = figures["stream"] = bench_stream(docs, args.stream_docs, 2, folder)
        print(f"\nstreaming {fmt(s['documents'])} documents ({fmt(s['words'])} words, {s['input_mb']:.0f} MB JSONL) "
              f"with --jobs 2: {s['seconds']:.1f} s, {fmt(s['events'])} events, CSV {s['csv_bytes']/2**20:.0f} MB;"
              f" peak memory {s['peak_mb']:.0f} MB (main), {s['children_peak_mb']:.0f} MB (largest worker)"
              f"   target < {TARGETS['stream_mb']} MB")
    refs = {"tagging": t["reference_ms"]["median"], "growth": figures["reference_ms_growth"],
            "extract": figures["reference_ms_extract"]}
    print("\nmachine check, the reference work (no timeline code) before each section: "
          + ", ".join(f"{k} {v:.2f} ms" for k, v in refs.items())
          + f"; slowest / fastest {max(refs.values()) / min(refs.values()):.2f} (near 1: the machine ran"
          " at one speed throughout; well above 1: the sections that took longer ran in a slow phase)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load:
        figures["load_average"] = load
        print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores"
              " (wall-clock figures are only as good as the machine is idle; CPU-time ones are steadier)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
