"""Benchmark: ``coakg publish --virtuoso-bulk`` of the kept store of 1,000 reports of real variety (or
COAKG_BENCH_REPORTS) into a private Virtuoso, then every named query and every page query of the site on it, beside
the embedded store, with whether both answer the same.

The store is the one bench_scale.py builds and keeps (bench/variety.py: every corpus report in turn under other
departments, years and scales; COAKG_BENCH_STORES/{n}, default ~/.cache/coakg-bench/stores/{n}), derived, with
its kept answers. It is only read (opened read-only, as ``coakg publish`` opens it); where it is not there the
benchmark stops, saying how to build it (``COAKG_BENCH_SIZES=1000 python3 bench/bench_scale.py``). The server is
Debian's virtuoso-opensource, started as the tests start it (tests/virtuoso.py) with buffers for 8 GB of memory
and its other defaults, its database in a temporary folder (TMPDIR) removed at the end. Prints, with the load
average of the machine (other work may share it):

- the store: reports, graphs, quads; the free disk where the server's database and files go;
- the bulk publish into the empty server (``virtuoso.bulk_load``, what ``coakg publish --virtuoso-bulk`` runs):
  seconds, quads/s, reports/s, and of them the seconds to write the gzipped N-Quads files (and their size) and to
  have the server load them (``rdf_loader_run()``, ``checkpoint``); the server's quads counted back, its database's
  size on disk and its peak resident set;
- every named query (queries/*.rq; parameters as bench_store.py's PARAMS give them) over HTTP (parameters in a
  VALUES block, as ``coakg query --endpoint`` sends them): Virtuoso's seconds (first run, best of three) and rows,
  the embedded store's best of three (``KnowledgeGraph.read_only(...).select``: a query without parameters reads
  the answer the store keeps, marked "kept"), and whether the rows are the same, compared unordered as
  tests/test_store.py compares them (a GROUP_CONCAT list as a set);
- every page query of the site (pages/*.rq), bound as tests/test_virtuoso_pages.py binds them: the report of the
  store with the most findings, its first table, its first printed figure, its checks graph, its department, the
  code 2010301, the words 行政运行, the first scheme: the same columns (a CONSTRUCT query's triples compared as
  sets);
- the same store published again (every graph replaced through its staging graph).

The server keeps its defaults but for an answer's rows (ResultSetMaxRows 1,000,000, not 10,000: at 10,000 reports
seven answers are longer; a cut answer is marked): a query is stopped at 60 s; a query Virtuoso refuses is printed
with its error. Printed, never asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402
import virtuoso as server  # noqa: E402 - the tests' private server
from bench_scale import STORES  # noqa: E402
from bench_store import PARAMS, best_of_three  # noqa: E402

import coakg.virtuoso as loader  # noqa: E402
from coakg import answers  # noqa: E402
from coakg.endpoint import Endpoint  # noqa: E402
from coakg.errors import StoreError  # noqa: E402
from coakg.queries import NamedQuery, Results, Triples, available, page_queries  # noqa: E402
from coakg.store import KnowledgeGraph  # noqa: E402
from coakg.web.site import page_query  # noqa: E402

BUFFERS = (680_000, 500_000)  # NumberOfBuffers, MaxDirtyBuffers: virtuoso.ini's line for 8 GB of memory
ROWS = 1_000_000  # ResultSetMaxRows: at 10,000 reports answers of 10,000 to 51,163 rows (10,000 by default)
MAX_ROWS = 10_000  # Virtuoso's ResultSetMaxRows, kept: an answer of as many rows is cut


def load() -> str:
    return "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def size_gb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e9


def peak_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def unordered(records: list[dict]) -> list:
    """Records as a sorted list, GROUP_CONCAT lists as sets (tests/test_store.py's ``_unordered``): Chinese text
    collates, and groups concatenate, in an engine's own order."""
    def norm(v):
        return tuple(sorted(v.split("; "))) if isinstance(v, str) and "; " in v else v
    return sorted((tuple((k, norm(v)) for k, v in r.items()) for r in records), key=str)


def comparable(answer: Results | Triples) -> list:
    """An answer in a form compared across engines: unordered records, or a CONSTRUCT query's triples as a set."""
    if isinstance(answer, Results):
        return unordered(answer.records())
    return sorted(map(str, ox.parse(answer.turtle.encode(), format=ox.RdfFormat.TURTLE)))


def page_values(kg: KnowledgeGraph) -> dict[str, str]:
    """A value for each page query's parameter, as tests/test_virtuoso_pages.py chooses it: the report with the
    most findings, its tables and figures."""
    reports = kg.select(page_query("reports"), {}).records()
    report = max(reports, key=lambda r: (r["findings"] or 0, r["report"]))
    bound = {"report": report["report"]}
    tables = kg.select(page_query("report-tables"), page_query("report-tables").bind(bound)).records()
    cells = kg.select(page_query("report-cells"), page_query("report-cells").bind(bound)).records()
    schemes = kg.select(page_query("schemes"), {}).records()
    return {"report": report["report"], "resource": report["report"], "checks": f"{report['report']}/checks",
            "department": report["department"], "code": "2010301", "words": "行政运行", "first": "0", "end": "60",
            "table": tables[0]["table"], "observation": cells[0]["observation"], "scheme": schemes[0]["scheme"],
            "publication": f"{kg.base}graph/publication"}


def compare(kg: KnowledgeGraph, endpoint: Endpoint, q: NamedQuery, params: dict[str, str]) -> str | None:
    """One query on Virtuoso and on the embedded store: a line of times, rows and sameness; the difference, if
    any, on a second line. None if the query answers the same."""
    bindings = q.bind(params)
    select = q.form == "SELECT"
    try:
        first, best, remote = best_of_three(lambda: endpoint.run(q, bindings))
    except StoreError as exc:  # a query Virtuoso refuses is a finding of the benchmark
        print(f"  {q.name:36s} Virtuoso FAILED: {' '.join(str(exc).split())[:300]}", flush=True)
        return f"{q.name}: Virtuoso failed"
    run: Callable[[], object] = (lambda: kg.select(q, bindings)) if select else (lambda: kg.run(q, bindings))
    _, local, embedded = best_of_three(run)
    kept = " kept" if select and not bindings and answers.kept(kg, q) is not None else "     "
    theirs, ours = comparable(remote), comparable(embedded)
    cut = " (cut at ResultSetMaxRows)" if select and len(theirs) == MAX_ROWS else ""
    same = "same" if theirs == ours else f"DIFFERENT{cut}"
    print(f"  {q.name:36s} {first:7.3f} {best:7.3f} {len(theirs):7d}   {local:7.3f}{kept} {len(ours):7d}   {same}",
          flush=True)
    if theirs == ours:
        return None
    only_there = sorted(set(theirs) - set(ours), key=str)
    only_here = sorted(set(ours) - set(theirs), key=str)
    detail = (f"{q.name}: {len(theirs)} rows on Virtuoso, {len(ours)} embedded; {len(only_there)} only on Virtuoso "
              f"(such as {only_there[:1]}), {len(only_here)} only embedded (such as {only_here[:1]}){cut}")
    print(f"    {detail[:600]}", flush=True)
    return detail


def publish(kg: KnowledgeGraph, bulk: Path, isql: loader.Isql, reports: int, what: str) -> loader.BulkLoad:
    """Bulk-load the store into the server, timing its steps: writing the files, the server loading them,
    replacing graphs (moving each staged graph onto its name)."""
    steps: dict[str, float] = {}
    written: list[float] = []

    def progress(step: str, done: int, total: int) -> None:
        if step not in steps:
            steps[step] = time.perf_counter()
            if step == "loading":  # every file written, none loaded yet
                written.append(size_gb(bulk))

    t0 = time.perf_counter()
    done = loader.bulk_load(kg, bulk, isql, progress)
    end = time.perf_counter()
    print(f"{what}: {done.seconds:.1f} s = {done.quads / done.seconds:,.0f} quads/s, {reports / done.seconds:.2f} "
          f"reports/s ({done.graphs:,} graphs, {done.replaced:,} replaced, {done.quads:,} quads in {done.files} files)"
          f"; {load()}", flush=True)
    writing = steps["loading"] - steps.get("writing", t0)
    print(f"  writing the files {writing:.1f} s ({written[0] * 1000:,.0f} MB gzipped), "
          f"the server loading them {steps['replacing'] - steps['loading']:.1f} s, replacing graphs "
          f"{end - steps['replacing']:.1f} s", flush=True)
    return done


def server_quads(url: str, base: str) -> tuple[int, int] | str:
    """The graphs and quads the server holds in the store's graphs (under its base IRI), or why the server did
    not count them (at 10,000 reports, 121 million quads, the count passed its MaxQueryExecutionTime of 60 s)."""
    query = (f"SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
             f"FILTER(STRSTARTS(STR(?g), \"{base}\")) }}")
    try:
        with urllib.request.urlopen(f"{url}/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"}),
                                    timeout=600) as r:
            row = json.load(r)["results"]["bindings"][0]
    except urllib.error.HTTPError as exc:
        return f"not counted: the server answered {exc.code} ({exc.read()[:200].decode(errors='replace').strip()})"
    return int(row["graphs"]["value"]), int(row["quads"]["value"])


def main() -> None:
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))
    folder = STORES / str(n)
    if not ((folder / "CURRENT").is_file() and (folder / "DERIVED").is_file()):
        sys.exit(f"no kept store of {n:,} reports of real variety in {folder}: build it first with "
                 f"COAKG_BENCH_SIZES={n} python3 bench/bench_scale.py (it keeps the store there; "
                 f"COAKG_BENCH_STORES sets another folder)")
    reason = server.unavailable()
    if reason:
        sys.exit(reason)
    with KnowledgeGraph.read_only(folder) as kg, tempfile.TemporaryDirectory(prefix="coakg-virtuoso-") as tmp:
        reports = len(kg.select(page_query("reports"), {}).rows)
        graphs = sum(1 for _ in kg.store.named_graphs())
        print(f"store {folder.resolve()}: {reports:,} reports, {graphs:,} graphs, {len(kg.store):,} quads, "
              f"{size_gb(folder.resolve()):.1f} GB; {shutil.disk_usage(tmp).free / 1e9:.0f} GB free in {tmp}; {load()}",
              flush=True)
        database = Path(tmp) / "virtuoso"
        database.mkdir()
        proc, url = server.start(database, BUFFERS, ROWS)
        try:
            options = server.bulk_options(url)
            isql, bulk = loader.Isql(options[3]), Path(options[1])
            done = publish(kg, bulk, isql, reports, "bulk publish into the empty server")
            held = server_quads(url, kg.base)
            counted = held if isinstance(held, str) else (
                f"the server holds {held[0]:,} graphs, {held[1]:,} quads of the store "
                f"({'as published' if held == (done.graphs, done.quads) else 'NOT as published'})")
            print(f"  {counted}; its database {size_gb(database):.1f} GB, its peak resident set "
                  f"{peak_mb(proc.pid):,} MB", flush=True)

            endpoint = Endpoint(f"{url}/sparql", timeout=120)
            header = (f"  {'':36s} {'Virtuoso s: first':>17s} {'best':>5s} {'rows':>7s}   {'embedded':>8s}      "
                      f"{'rows':>5s}")
            differ = []
            print(f"named queries (parameters as bench_store.py's PARAMS); {load()}\n{header}", flush=True)
            for q in available():
                differ.append(compare(kg, endpoint, q, PARAMS.get(q.name, {})))
            values = page_values(kg)
            short = {k: urllib.parse.unquote(v).removeprefix(kg.base) for k, v in values.items()}
            print(f"page queries, bound to the report {short['report']}, its table {short['table'].split('/')[-1]}, "
                  f"its figure {short['observation'].split('/obs/')[-1]}, code {short['code']}; {load()}\n{header}",
                  flush=True)
            for q in page_queries():
                differ.append(compare(kg, endpoint, q, {p.name: values[p.name] for p in q.parameters}))
            differ = [d for d in differ if d]
            print(f"answered differently: {len(differ)}" + "".join(f"\n  {d[:300]}" for d in differ)
                  if differ else "every named query and page query answers the same on both", flush=True)

            publish(kg, bulk, isql, reports, "bulk publish again (every graph replaced)")
            print(f"  Virtuoso's peak resident set {peak_mb(proc.pid):,} MB, its database {size_gb(database):.1f} GB; "
                  f"{load()}", flush=True)
        finally:
            server.stop(proc)


if __name__ == "__main__":
    main()
