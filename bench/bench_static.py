"""Benchmark: ``coakg publish --static`` on a store of 4 reports and on one of 100 reports (or
COAKG_BENCH_REPORTS) of real variety, with 1,000 extrapolated from it, made as bench/bench_pages.py makes them
(bench/variety.py: every corpus report in turn under other departments, years and scales).

Prints, for each store, the time to write the site, its size and its number of files, in all and per report.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench_pages import make_store

from coakg.store import KnowledgeGraph
from coakg.web.static import write_site


def measure(scratch: Path, n: int) -> tuple[float, float, int]:
    """Write the site of a store of ``n`` reports; print and return its time (s), size (MB) and files."""
    make_store(scratch / f"store-{n}", n)
    with KnowledgeGraph.read_only(scratch / f"store-{n}") as kg:
        t0 = time.perf_counter()
        written = write_site(kg, scratch / f"site-{n}")
        seconds = time.perf_counter() - t0
    files = [path for path in (scratch / f"site-{n}").rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{n:>5} reports: {seconds:7.1f} s, {size:8.1f} MB, {len(files):>7} files ({written.pages} pages, "
          f"{written.resources} resources); a report: {seconds / n:.2f} s, {size / n:.2f} MB, "
          f"{len(files) / n:.0f} files", flush=True)
    return seconds, size, len(files)


def main() -> None:
    """The sites of 4 reports and of COAKG_BENCH_REPORTS (100 unless set: the site of 1,000 takes some 25 minutes
    and 10 GB); for fewer than 1,000, what 1,000 would take, extrapolated from it in proportion (an upper bound of
    the files: those of the codes grow with the code list, not with the reports)."""
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "100"))
    with tempfile.TemporaryDirectory() as scratch:
        measure(Path(scratch), 4)
        seconds, size, files = measure(Path(scratch), n)
    if n < 1000:
        scale = 1000 / n
        print(f"1,000 reports, extrapolated from {n}: {seconds * scale:7.0f} s, {size * scale:8.0f} MB, "
              f"{files * scale:>7.0f} files at most")


if __name__ == "__main__":
    main()
