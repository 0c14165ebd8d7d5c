"""Benchmark: every named query and every page type at several sizes of store (COAKG_BENCH_SIZES, by default
1000,10000 reports of real variety: bench/variety.py), side by side, with the memory of ``coakg serve`` and of
``coakg load``.

For each size a store is built once and kept in COAKG_BENCH_STORES/{size} (default ~/.cache/coakg-bench/stores):
the variants' quads given to Oxigraph's bulk loader in one call (variety.bulk_store; ``coakg load`` would take
some 50 minutes at 10,000 reports on a 2-core machine: its rate is bench_store.py's), then derived (as opening a
store for writing does when no load derived it) and compacted. A size whose store is not there and would take longer
than COAKG_BENCH_BUILD_MINUTES (default 40) to build, at the rate the smaller size was built, is skipped, saying
so. Then, per size:

- every named query on the embedded store (its parameters as bench_store.py gives them): best of three seconds
  (``KnowledgeGraph.select``, rows read into Python), and rows;
- every page type as ``coakg serve`` answers it over HTTP on this machine (each page but the list of named queries
  made in a worker process): best of three milliseconds (bench_pages.py's pages). (Through Flask's test client in
  this process each worker took some 110 ms more a page, measured.) A report's downloads are made when first
  asked for and then kept with the store (coakg.downloads; the store's kept downloads are removed first): their
  first request is printed too;
- the memory of ``coakg serve`` meanwhile: the peak resident set of the server process and of the largest worker
  process that made a page (sampled every 10 ms from /proc);
- the memory of ``coakg load`` of one more report (a corpus file) into a copy-free store of that size: the peak
  resident set of the load (its own and its workers', as the kernel reports for the process tree), and its time,
  which ends with deriving the labels, the summaries and the description. The store is then one report larger
  (the report's file stays the same, so a second run loads nothing new: COAKG_BENCH_LOAD=0 leaves it out).

Targets: every named query and page under 1 s at 10,000 reports; every page under 300 ms at 1,000. Printed, never
asserted. Run it alone on the machine (it times).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_pages import page_paths
from bench_store import PARAMS, best_of_three
from variety import CACHE, FILES, bulk_store, corpus_reports, variant

from coakg.queries import available
from coakg.store import KnowledgeGraph

SIZES = [int(s) for s in os.environ.get("COAKG_BENCH_SIZES", "1000,10000").split(",")]
STORES = Path(os.environ.get("COAKG_BENCH_STORES") or CACHE / "stores")
BUILD_MINUTES = float(os.environ.get("COAKG_BENCH_BUILD_MINUTES", "40"))
EXTRA = next(f for f in FILES if f.suffix == ".txt")  # the report `coakg load` adds: a small text report


def built(n: int, rate: float | None) -> tuple[Path | None, float | None]:
    """The store of ``n`` variants (built now unless kept), and the rate it was built at (reports/s), if built."""
    folder = STORES / str(n)
    if (folder / "CURRENT").is_file() and (folder / "DERIVED").is_file():
        return folder, None
    if rate is not None and n / rate / 60 > BUILD_MINUTES:
        print(f"{n:,} reports: not built (some {n / rate / 60:.0f} minutes at {rate:.1f} reports/s, over "
              f"COAKG_BENCH_BUILD_MINUTES={BUILD_MINUTES:g})", flush=True)
        return None, None
    if folder.exists():
        sys.exit(f"{folder} holds an unfinished store: delete it first")
    folder.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    seconds, builder_mb = bulk_store(folder, n, int(os.environ.get("COAKG_JOBS") or os.cpu_count() or 1))
    t1 = time.perf_counter()
    with KnowledgeGraph(folder) as kg:  # opened for writing, it derives what no load derived yet: everything
        t2 = time.perf_counter()
        kg.optimize()
        t3 = time.perf_counter()
        quads = len(kg.store)
    (folder / "DERIVED").write_text("derived\n")
    total = time.perf_counter() - t0
    print(f"{n:,} reports: built in {total:.0f} s ({quads:,} quads; bulk load {seconds:.0f} s, derive everything "
          f"{t2 - t1:.0f} s, compact {t3 - t2:.0f} s; the building processes' peak {builder_mb} MB)", flush=True)
    return folder, n / total


def query_times(folder: Path) -> dict[str, tuple[float, int]]:
    kg = KnowledgeGraph.read_only(folder)
    times = {}
    for q in available():
        bindings = q.bind(PARAMS.get(q.name, {}))
        _, best, answer = best_of_three(lambda q=q, bindings=bindings: kg.select(q, bindings).rows)
        times[q.name] = (best, len(answer))
    kg.close()
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return found


def _hwm_mb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def served_pages(folder: Path, n: int) -> tuple[dict[str, tuple[float, int]], int, int]:
    """Each page type's time as ``coakg serve`` answers it over HTTP (best of three), and the peak resident set in
    MB of the server process and of its largest worker process meanwhile."""
    reports = sorted((variant(REAL, i) for i in range(min(n, len(REAL)))),
                     key=lambda r: sum(len(t.figures) for t in r.tables))
    shutil.rmtree(folder / "downloads", ignore_errors=True)  # each download's first request makes it
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "coakg", "serve", "--store", str(folder), "--port", str(port),
                               "--sparql-timeout", "600"], stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for p in _tree(server.pid):
                peaks[p] = max(peaks.get(p, 0), _hwm_mb(p))
            time.sleep(0.01)

    times: dict[str, tuple[float, int]] = {}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/schemes", timeout=60).read()
                break
            except OSError:
                time.sleep(0.1)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for name, path in page_paths(reports).items():
            took, status = [], 0
            for _ in range(3):
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=600) as answer:
                        answer.read()
                        status = answer.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                took.append(time.perf_counter() - t0)
            times[name] = (min(took), status)
            if " as " in name:  # a report's download: made by the first request, kept for the others
                print(f"  {n:,} reports, {name}: first request {took[0] * 1000:,.0f} ms (made and kept), then "
                      f"{min(took[1:]) * 1000:,.0f} ms", flush=True)
        done.set()
        sampler.join()
        own = peaks.get(server.pid, 0)
        others = [mb for p, mb in peaks.items() if p != server.pid]
    finally:
        server.terminate()
        server.wait()
    return times, own, max(others, default=0)


def load_memory(folder: Path) -> tuple[int, float]:
    """(peak resident set in MB, seconds) of ``coakg load`` of one corpus file into the store in ``folder``."""
    t0 = time.perf_counter()
    load = subprocess.Popen([sys.executable, "-m", "coakg", "load", str(EXTRA), "--store", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(load.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the report has findings
        print(f"  coakg load ended with {os.waitstatus_to_exitcode(status)}")
    return usage.ru_maxrss // 1024, time.perf_counter() - t0


def table(title: str, unit: str, results: dict[int, dict[str, tuple[float, int]]], scale: float,
          target: dict[int, float]) -> None:
    sizes = sorted(results)
    names = list(next(iter(results.values())))
    head = "".join(f"{f'{n:,} {unit}':>16}" for n in sizes)
    ratio = f"{f'x {sizes[-1] // sizes[0]} reports':>16}" if len(sizes) > 1 else ""
    print(f"\n{title}\n{'':<52}{head}{ratio}")
    for name in names:
        cells = [results[n][name][0] for n in sizes]
        marks = ["*" if n in target and c >= target[n] else " " for n, c in zip(sizes, cells, strict=True)]
        row = "".join(f"{c * scale:>15.0f}{m}" if scale > 1 else f"{c * scale:>15.3f}{m}"
                      for c, m in zip(cells, marks, strict=True))
        print(f"{name:<52}{row}" + (f"{cells[-1] / cells[0]:>16.1f}" if len(sizes) > 1 and cells[0] else ""),
              flush=True)
    for n in sizes:
        over = [name for name in names if n in target and results[n][name][0] >= target[n]]
        goal = f"{target[n] * scale:g} {unit}" if n in target else ""
        if goal:
            print(f"{n:,} reports: " + (f"every one under {goal}" if not over else
                                        f"{len(over)} at or over {goal} (*): {', '.join(over)}"))


REAL = []


def main() -> None:
    REAL.extend(corpus_reports())
    queries: dict[int, dict] = {}
    pages: dict[int, dict] = {}
    memory: dict[int, tuple[int, int, int, float]] = {}
    rate = None
    for n in SIZES:
        folder, made = built(n, rate)
        if folder is None:
            continue
        rate = made or rate
        queries[n] = query_times(folder)
        pages[n], server, worker = served_pages(folder, n)
        loaded, seconds = load_memory(folder) if os.environ.get("COAKG_BENCH_LOAD", "1") != "0" else (0, 0.0)
        memory[n] = (server, worker, loaded, seconds)
        print(f"{n:,} reports measured", flush=True)
    if not queries:
        return
    table("named queries, best of 3 (s); * at or over the target", "s", queries, 1,
          {n: 1.0 for n in queries if n >= 10_000} | {n: 1.0 for n in queries})
    for n, answers in queries.items():
        print(f"  rows at {n:,}: " + ", ".join(f"{k} {v[1]}" for k, v in answers.items()))
    table("pages, best of 3 (ms); * at or over the target", "ms", pages, 1000,
          {n: 0.3 if n <= 1000 else 1.0 for n in pages})
    print("\nmemory (peak resident set, MB)")
    for n, (server, worker, loaded, seconds) in memory.items():
        print(f"{n:,} reports: coakg serve {server} MB (server process), {worker} MB (largest page worker); "
              f"coakg load of {EXTRA.name} into the store {loaded} MB ({seconds:.0f} s, deriving included)")


if __name__ == "__main__":
    main()
