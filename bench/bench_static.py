"""Benchmark: ``coakg publish --static`` on a store of the four real reports and on one of 1,000 reports (or
COAKG_BENCH_REPORTS), made as bench/bench_pages.py makes them (the four real reports under other departments,
years and amounts).

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


def measure(scratch: Path, n: int) -> None:
    make_store(scratch / f"store-{n}", n)
    with KnowledgeGraph.read_only(scratch / f"store-{n}") as kg:
        t0 = time.perf_counter()
        written = write_site(kg, scratch / f"site-{n}")
        seconds = time.perf_counter() - t0
    files = [path for path in (scratch / f"site-{n}").rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{n:>5} reports: {seconds:7.1f} s, {size:8.1f} MB, {len(files):>7} files ({written.pages} pages, "
          f"{written.resources} resources); a report: {seconds / n:.2f} s, {size / n:.2f} MB, "
          f"{len(files) / n:.0f} files")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for n in (4, int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))):
            measure(Path(scratch), n)


if __name__ == "__main__":
    main()
