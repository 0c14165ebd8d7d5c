"""Benchmark: the site's page latency (coakg serve) on a store of 1,000 reports (or COAKG_BENCH_REPORTS), made as
bench/bench_store.py makes them (``variant``: the four real reports under other departments, years and amounts).

Prints, per page type, the time of the first request and the best of three (target: each under 300 ms on this
machine), through Flask's test client (the application's own time, without a network); then the SPARQL
endpoint's time for each named query (its parameters in a VALUES block, as ``coakg query --endpoint`` sends
them). Set
COAKG_BENCH_STORE to a folder to keep the store and reuse it in a later run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bench_store import CORPUS, PARAMS, variant

from coakg.endpoint import with_values
from coakg.iris import DEFAULT_BASE
from coakg.loading import build
from coakg.queries import available
from coakg.rdf import report_iri
from coakg.reader import read_file
from coakg.store import KnowledgeGraph
from coakg.web.app import Limits, create_app

TARGET = 0.3
QUERY_PARAMS = {**PARAMS, "kind-spending-by-class": {"kind": "财政局"}, "kind-totals": {"kind": "财政局"}}


def make_store(folder: Path, n: int) -> list:
    files = [CORPUS / "zengcheng-zsj-2019-final-accounts.txt", *sorted((CORPUS / "putuo-2024").glob("*.pdf"))]
    real = [read_file(p).reports[0] for p in files]
    reports = [variant(real[i % len(real)], i) for i in range(n)]
    if not (folder / "CURRENT").is_file():
        t0 = time.perf_counter()
        with KnowledgeGraph(folder) as kg:
            for i in range(0, n, 40):  # some 40 reports a transaction, as coakg load writes them
                kg.put([build(r, kg.base) for r in reports[i:i + 40]])
            kg.optimize()
        print(f"built a store of {n} reports in {time.perf_counter() - t0:.0f} s")
    return reports


def timed(client, path: str, headers: dict | None = None) -> tuple[float, float, int, int]:
    times, status, size = [], 0, 0
    for _ in range(3):
        t0 = time.perf_counter()
        response = client.get(path, headers=headers or {})
        times.append(time.perf_counter() - t0)
        status, size = response.status_code, len(response.data)
    return times[0], min(times), status, size


def main() -> None:
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))
    keep = os.environ.get("COAKG_BENCH_STORE")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(keep) if keep else Path(scratch) / "store"
        reports = make_store(folder, n)
        kg = KnowledgeGraph.read_only(folder)
        client = create_app(kg, Limits(timeout=60, results=100_000)).test_client()
        biggest = max(reports, key=lambda r: sum(len(t.figures) for t in r.tables))
        report = str(report_iri(biggest))
        path = "/id/" + report.removeprefix(DEFAULT_BASE)
        observation = path + "/obs/expenditure/function/2010301/expenditure-total"
        pages = {
            "home (every report)": "/",
            f"report ({sum(len(t.figures) for t in biggest.tables)} figures)": path,
            "report as Turtle": path + ".ttl",
            "code 2010301": "/code/2010301",
            "code 201 (a class)": "/code/201",
            "code concept IRI": "/id/code/function/2019/2010301",  # the code of one year
            "department": "/department/" + quote(biggest.department, safe=""),
            "scheme tree (function)": "/id/scheme/function",
            "schemes": "/schemes",
            "observation (HTML)": observation,
            "observation (JSON-LD)": observation + ".jsonld",
            "named queries": "/queries",
            "named query form": "/queries/figures-for-code",
            "search": "/search?q=" + quote("样本00"),
        }
        print(f"{n} reports; page latency (Flask test client), target under {TARGET * 1000:.0f} ms")
        slow = []
        for name, page in pages.items():
            first, best, status, size = timed(client, page)
            slow += [name] if best >= TARGET else []
            print(f"page {name:32s} first {first * 1000:7.0f} ms, best of 3 {best * 1000:7.0f} ms, "
                  f"status {status}, {size / 1024:8.1f} KiB")
        print("every page under 300 ms (best of 3)" if not slow else f"over 300 ms: {', '.join(slow)}")
        for q in available():
            text = with_values(q.text, q.bind(QUERY_PARAMS.get(q.name, {}))) if q.parameters else q.text
            first, best, status, size = timed(client, "/sparql?query=" + quote(text),
                                              {"Accept": "application/sparql-results+json"})
            print(f"sparql {q.name:40s} first {first:6.3f} s, best of 3 {best:6.3f} s, status {status}, "
                  f"{size / 1024:8.1f} KiB")
        kg.close()


if __name__ == "__main__":
    main()
