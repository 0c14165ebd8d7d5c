"""Benchmark: the site's page latency (coakg serve) on a store of 1,000 reports (or COAKG_BENCH_REPORTS, e.g.
10000) of real variety, made as bench/bench_store.py makes them (bench/variety.py: every corpus report in turn
under other departments, years and scales).

Prints, per page type, the time of the first request and the best of three (target: each under 300 ms on this
machine), through Flask's test client (the application's own time, without a network; but each page's worker
process takes some 110 ms more here than under coakg serve, measured, likely preparing this script as the worker's
__main__; a fork server preloading it did not help: bench_scale.py times the pages over HTTP from coakg serve),
with the ratio of the
best to a baseline page run in the same process (the schemes page, which reads a few dozen quads): the home page,
the pages of the report with the most figures and of the median one, a code's page, a department's, a figure's,
the named queries' pages (each with the parameters bench_store.py gives it), and the SPARQL endpoint's time for
each named query (its parameters in a VALUES block, as ``coakg query --endpoint`` sends them). Set
COAKG_BENCH_STORE to a folder to keep the store and reuse it in a later run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench_store import PARAMS
from variety import corpus_reports, load_variants, variant

from coakg.endpoint import with_values
from coakg.iris import DEFAULT_BASE, Minter
from coakg.model import Report
from coakg.queries import available
from coakg.rdf import report_iri
from coakg.store import KnowledgeGraph
from coakg.web.app import Limits, create_app

TARGET = 0.3



def make_store(folder: Path, n: int) -> list[Report]:
    """A store of ``n`` variants in ``folder`` (built unless it is there), compacted and described; the first
    variant of each corpus report."""
    real = corpus_reports()
    if not (folder / "CURRENT").is_file():
        t0 = time.perf_counter()
        with KnowledgeGraph(folder) as kg:
            load_variants(kg, real, n, int(os.environ.get("COAKG_JOBS") or os.cpu_count() or 1))
            kg.optimize()
            kg.derive()
        print(f"built a store of {n:,} reports in {time.perf_counter() - t0:.0f} s", flush=True)
    return [variant(real, i) for i in range(min(n, len(real)))]


def timed(client, path: str, headers: dict | None = None) -> tuple[float, float, int, int]:
    """(first, best of three) seconds, status and size of a page."""
    times, status, size = [], 0, 0
    for _ in range(3):
        t0 = time.perf_counter()
        response = client.get(path, headers=headers or {})
        times.append(time.perf_counter() - t0)
        status, size = response.status_code, len(response.data)
    return times[0], min(times), status, size


def resource_path(iri: str) -> str:
    return "/id/" + iri.removeprefix(DEFAULT_BASE)


def report_pages(report: Report, label: str) -> dict[str, str]:
    """The pages of one report: its page, its Turtle and JSON-LD downloads, a figure's page (HTML and JSON-LD), its
    department's."""
    iri = report_iri(report)
    table = max(report.tables, key=lambda t: len(t.figures))
    figure = table.figures[0]
    observation = Minter().observation(iri, table.kind, figure.row.scheme, figure.row.key, figure.column)
    figures = sum(len(t.figures) for t in report.tables)
    return {f"report, {label} ({figures:,} figures)": resource_path(str(iri)),
            f"report as Turtle, {label}": resource_path(str(iri)) + ".ttl",
            f"report as JSON-LD, {label}": resource_path(str(iri)) + ".jsonld",
            f"observation (HTML), {label}": resource_path(str(observation)),
            f"observation (JSON-LD), {label}": resource_path(str(observation)) + ".jsonld",
            f"department, {label}": "/department/" + quote(report.department, safe="")}


def page_paths(reports: list[Report]) -> dict[str, str]:
    """Each page type's path: the home page, the pages of the largest and the median of ``reports`` (sorted by
    figures), codes, schemes, search, and each named query's page with bench_store.py's parameters."""
    return {
        "home (every report)": "/",
        **report_pages(reports[-1], "the largest"),
        **report_pages(reports[len(reports) // 2], "the median"),
        "code 2010301": "/code/2010301",
        "code 201 (a class)": "/code/201",
        "code concept IRI": "/id/code/function/2026/2010301",  # the code of one year
        "scheme tree (function)": "/id/scheme/function",
        "named queries": "/queries",
        "search": "/search?q=" + quote("样本00"),
        **{f"query page {q.name}": f"/queries/{q.name}?" + urlencode(PARAMS.get(q.name, {})) for q in available()},
    }


def main() -> None:
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))
    keep = os.environ.get("COAKG_BENCH_STORE")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(keep) if keep else Path(scratch) / "store"
        reports = sorted(make_store(folder, n), key=lambda r: sum(len(t.figures) for t in r.tables))
        kg = KnowledgeGraph.read_only(folder)
        client = create_app(kg, Limits(timeout=600, results=1_000_000)).test_client()
        pages = page_paths(reports)
        _, baseline, _, _ = timed(client, "/schemes")
        print(f"{n:,} reports; page latency (Flask test client), target under {TARGET * 1000:.0f} ms; "
              f"baseline (the schemes page) {baseline * 1000:.1f} ms\n"
              f"{'page':<56} {'first ms':>9} {'best ms':>9} {'x baseline':>11} {'status':>6} {'KiB':>9}", flush=True)
        slow = []
        for name, page in pages.items():
            first, best, status, size = timed(client, page)
            slow += [name] if best >= TARGET else []
            print(f"{name:<56} {first * 1000:>9.0f} {best * 1000:>9.0f} {best / baseline:>11.0f} {status:>6} "
                  f"{size / 1024:>9.1f}", flush=True)
        print("every page under 300 ms (best of 3)" if not slow else f"over 300 ms: {', '.join(slow)}")
        print(f"\n/sparql, each named query (application/sparql-results+json)\n"
              f"{'query':<56} {'first s':>9} {'best s':>9} {'x baseline':>11} {'status':>6} {'KiB':>9}", flush=True)
        for q in available():
            text = with_values(q.text, q.bind(PARAMS.get(q.name, {}))) if q.parameters else q.text
            first, best, status, size = timed(client, "/sparql?query=" + quote(text),
                                              {"Accept": "application/sparql-results+json"})
            print(f"sparql {q.name:<49} {first:>9.3f} {best:>9.3f} {best / baseline:>11.0f} {status:>6} "
                  f"{size / 1024:>9.1f}", flush=True)
        kg.close()


if __name__ == "__main__":
    main()
