"""Benchmark: coakg publish --virtuoso-bulk of a store of 1,000 reports (or COAKG_BENCH_REPORTS) into a private
Virtuoso (Debian's virtuoso-opensource, started as the tests start it, with buffers for 8 GB of memory), and
the named queries on it.

The store holds the four real reports under other departments (a numbered sibling), years (three consecutive
years per department, so year-on-year has answers) and amounts (times 1, 2 or 3), built by worker processes and
written as ``coakg load`` writes (many reports a transaction), then derived. Prints:

- the store: reports, quads, seconds to build;
- the bulk publish into the empty server: seconds, quads/s, reports/s, and of them the seconds to write the
  files; then the same store published again (every graph replaced through its staging graph);
- every named query over HTTP (parameters in a VALUES block, as ``coakg query --endpoint`` sends them): seconds
  (first run, best of three) and rows, with the embedded store's best of three beside it. The server keeps its
  defaults: an answer is cut at 10,000 rows (ResultSetMaxRows), a query at 60 s; a query Virtuoso refuses is
  printed with its error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import virtuoso as server  # noqa: E402 - the tests' private server

import coakg.virtuoso as loader  # noqa: E402
from coakg.endpoint import Endpoint  # noqa: E402
from coakg.errors import StoreError  # noqa: E402
from coakg.loading import Batch, build, builder  # noqa: E402
from coakg.model import Report, Source  # noqa: E402
from coakg.queries import available  # noqa: E402
from coakg.reader import read_file  # noqa: E402
from coakg.store import KnowledgeGraph  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FILES = [CORPUS / "zengcheng-zsj-2019-final-accounts.txt", *sorted((CORPUS / "putuo-2024").glob("*.pdf"))]
PARAMS = {"figures-for-code": {"code": "2010601"},
          "department-expenditure": {"department": "上海市普陀区财政局·样本000", "year": "2024"},
          "kind-spending-by-class": {"kind": "财政局"}, "kind-totals": {"kind": "财政局"}}
BUFFERS = (680_000, 500_000)  # NumberOfBuffers, MaxDirtyBuffers: virtuoso.ini's line for 8 GB of memory


def variant(base: Report, i: int) -> Report:
    k = Decimal(1 + i % 3)
    tables = tuple(replace(t, figures=tuple(replace(f, value=f.value * k) for f in t.figures)) for t in base.tables)
    return replace(base, department=f"{base.department}·样本{i // 12:03d}", year=base.year - (i // 4) % 3,
                   source=Source(f"variant-{i}{Path(base.source.path).suffix}", variant_sha(base, i),
                                 base.source.media_type),
                   tables=tables)


def variant_sha(base: Report, i: int) -> str:
    return hashlib.sha256(f"{base.source.sha256}/{i}".encode()).hexdigest()


@lru_cache(maxsize=1)
def _real(path: str) -> list[Report]:
    return pickle.loads(Path(path).read_bytes())


def built_variant(i: int, real: str, base: str):
    """Variant ``i`` of the real reports pickled in the file ``real``, checked and built (in a worker)."""
    reports = _real(real)
    return [build(variant(reports[i % len(reports)], i), base)]


def make_store(folder: Path, n: int) -> None:
    real = [read_file(p).reports[0] for p in FILES]
    (folder / "real.pickle").write_bytes(pickle.dumps(real))
    jobs = int(os.environ.get("COAKG_JOBS") or os.cpu_count() or 1)
    with KnowledgeGraph(folder / "store") as kg:
        with builder(partial(built_variant, real=str(folder / "real.pickle"), base=kg.base), jobs) as prepare:
            batch = Batch(kg)
            for i, built in enumerate(prepare(range(n))):
                batch.add(Path(f"variant-{i}"), variant_sha(real[i % len(real)], i), built)
            batch.close()
        kg.derive()
        kg.optimize()


def publish(kg: KnowledgeGraph, folder: Path, isql: loader.Isql, n: int, what: str) -> None:
    done = loader.bulk_load(kg, folder, isql)
    print(f"{what}: {done.seconds:.1f} s = {done.quads / done.seconds:,.0f} quads/s, {n / done.seconds:.1f} "
          f"reports/s ({done.graphs} graphs, {done.replaced} replaced, {done.quads:,} quads in {done.files} files)")


def main() -> None:
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))
    reason = server.unavailable()
    if reason:
        sys.exit(reason)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        make_store(folder, n)
        (folder / "virtuoso").mkdir()
        proc, url = server.start(folder / "virtuoso", BUFFERS)
        try:
            options = server.bulk_options(url)
            isql, bulk = loader.Isql(options[3]), Path(options[1])
            with KnowledgeGraph.read_only(folder / "store") as kg:
                print(f"{n} reports, {len(kg.store):,} quads; store built in {time.perf_counter() - t0:.0f} s")
                t0 = time.perf_counter()
                (folder / "files").mkdir()
                files = loader.write_files(kg, folder / "files", set())
                print(f"  of which writing the files: {time.perf_counter() - t0:.1f} s ({len(files)} files)")
                publish(kg, bulk, isql, n, "bulk publish into the empty server")
                publish(kg, bulk, isql, n, "bulk publish again (every graph replaced)")
                endpoint = Endpoint(f"{url}/sparql", timeout=120)
                for q in available():
                    bindings = q.bind(PARAMS.get(q.name, {}))
                    times = []
                    try:
                        for _ in range(3):
                            t0 = time.perf_counter()
                            rows = endpoint.select(q, bindings).rows
                            times.append(time.perf_counter() - t0)
                    except StoreError as exc:  # a query Virtuoso refuses is a finding of the benchmark
                        print(f"query {q.name:32s} Virtuoso FAILED: {' '.join(str(exc).split())[:300]}")
                        continue
                    local = []
                    for _ in range(3):
                        t0 = time.perf_counter()
                        kg.select(q, bindings)
                        local.append(time.perf_counter() - t0)
                    print(f"query {q.name:32s} Virtuoso first {times[0]:6.3f} s, best of 3 {min(times):6.3f} s, "
                          f"{len(rows):6d} rows; embedded best of 3 {min(local):6.3f} s")
        finally:
            server.stop(proc)


if __name__ == "__main__":
    main()
