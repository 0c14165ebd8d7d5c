"""Benchmark: reading the whole corpus (every PDF of ../shared/corpus): pages/s and figures/s.

Prints, per publisher and for the whole corpus, pages, figures and seconds, read one file after the other
in this process; and the same corpus read by a pool of one process per core (`--jobs`), with the ratio of
the two. Files that hold no budget table count their pages (they are read to say so). In the pool each file is
read in a fresh process: the memory ceiling (the largest peak of a file's reading, the files with the highest
peaks) is printed against the peak of a process that imports the reader and reads nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from coakg.errors import ReadError
from coakg.reader import read_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def read_one(path: Path) -> tuple[str, int, int, float]:
    """(publisher, pages, figures, seconds) of one file."""
    import pdfplumber

    t0 = time.perf_counter()
    try:
        reading = read_file(path)
        pages, figures = reading.pages or 0, sum(len(t.figures) for r in reading.reports for t in r.tables)
    except ReadError:
        with pdfplumber.open(path) as pdf:
            pages, figures = len(pdf.pages), 0
    publisher = path.name.split("-", 1)[0] if path.parent.name == "cn-budgets" else path.parent.name
    return publisher, pages, figures, time.perf_counter() - t0


def peak_mb() -> float:
    """This process's peak memory (the high-water mark of its address space, Linux)."""
    return int(re.search(r"VmHWM:\s*(\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024


def read_alone(path: Path | None) -> tuple[str, float]:
    """(file name, peak memory) of a fresh process that reads one file (None: that reads nothing)."""
    if path is not None:
        read_one(path)
    return (path.name if path else "", peak_mb())


def main() -> None:
    files = sorted(CORPUS.rglob("*.pdf"))
    t0 = time.perf_counter()
    results = [read_one(p) for p in files]
    serial = time.perf_counter() - t0
    by: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for publisher, pages, figures, seconds in results:
        row = by[publisher]
        row[0] += pages
        row[1] += figures
        row[2] += seconds
    for publisher, (pages, figures, seconds) in sorted(by.items()):
        print(f"{publisher:12} {int(pages):5} pages {int(figures):6} figures {seconds:6.1f} s "
              f"{pages / seconds:5.1f} pages/s")
    pages = sum(r[1] for r in results)
    figures = sum(r[2] for r in results)
    print(f"corpus, one process: {len(files)} PDFs, {pages} pages, {figures} figures in {serial:.1f} s: "
          f"{pages / serial:.1f} pages/s, {figures / serial:.0f} figures/s")
    jobs = os.cpu_count() or 1
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), max_tasks_per_child=1) as pool:
        peaks = list(pool.map(read_alone, [*files, None]))
    parallel = time.perf_counter() - t0
    print(f"corpus, {jobs} processes (a fresh one per file): {parallel:.1f} s: {pages / parallel:.1f} pages/s, "
          f"{figures / parallel:.0f} figures/s; {serial / parallel:.2f}x one process")
    *read, (_, baseline) = peaks
    read.sort(key=lambda p: -p[1])
    print(f"memory ceiling: {read[0][1]:.0f} MB reading one file ({read[0][0]}), {read[0][1] / baseline:.1f}x a "
          f"process that imports the reader and reads nothing ({baseline:.0f} MB); median "
          f"{read[len(read) // 2][1]:.0f} MB")
    for name, mb in read[1:4]:
        print(f"  {mb:6.0f} MB  {name}")


if __name__ == "__main__":
    sys.exit(main())
