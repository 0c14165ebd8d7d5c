"""Benchmark: a knowledge graph of 1,000 reports (or COAKG_BENCH_REPORTS) made by varying the four real ones.

Each variant takes a real report and gives it another department (a numbered
sibling), another year (one of three consecutive years per department, so
year-on-year has answers) and its amounts times 1, 2 or 3 (sums scale exactly;
a printed rounding difference scales too and may then exceed its slack, which
the checks report). Prints:

- load throughput (reports/s) into the on-disk store, the path of ``coakg load`` after reading: worker
  processes (one per CPU, or COAKG_JOBS) make each variant, check it and build its graphs; this process
  writes (new reports many in one transaction, as ``coakg load`` does); quads per figure; and, for the same
  quads, the
  rate of Oxigraph's own bulk load into an empty on-disk store, in the same process, with the ratio;
- the derivation a load ends with (labels, cross-year matches, the DCAT/VoID catalogue), after compacting: of
  everything, and after a load of one report into the described store;
- checking all reports: plain Python over the summations, and the SHACL-SPARQL
  shape evaluated by one query on Oxigraph over the whole store, on disk and in
  memory; all three must find exactly the same failing totals;
- every named query on the store: seconds (first run, and best of three) and
  rows (target: each under 1 s).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

import pyoxigraph as ox

from coakg.check import evaluate
from coakg.iris import Minter
from coakg.loading import Batch, build, builder
from coakg.model import Report, Source
from coakg.queries import available
from coakg.rdf import report_iri
from coakg.reader import read_file
from coakg.rules import figures_by_cell, summations
from coakg.shacl import validate_store
from coakg.store import KnowledgeGraph

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PARAMS = {"figures-for-code": {"code": "2010601"},
          "department-expenditure": {"department": "上海市普陀区财政局·样本000", "year": "2024"},
          "kind-spending-by-class": {"kind": "财政局"}, "kind-totals": {"kind": "财政局"}}


def variant(base: Report, i: int) -> Report:
    k = Decimal(1 + i % 3)
    tables = tuple(replace(t, figures=tuple(replace(f, value=f.value * k) for f in t.figures)) for t in base.tables)
    sha = variant_sha(base, i)
    return replace(base, department=f"{base.department}·样本{i // 12:03d}", year=base.year - (i // 4) % 3,
                   source=Source(f"variant-{i}{Path(base.source.path).suffix}", sha, base.source.media_type),
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


def _cpu_seconds() -> tuple[float, float]:
    """CPU time of this process and of its ended child processes (user and system)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _thread_cpu_seconds(prefix: str) -> float:
    """CPU time of this process's live threads whose name starts with ``prefix`` (Linux; 0 elsewhere)."""
    total = 0.0
    for stat in Path("/proc/self/task").glob("*/stat"):
        text = stat.read_text()
        name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if name.startswith(prefix):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def python_failures(reports: Iterable[Report]) -> set[tuple[str, str]]:
    mint, out = Minter(), set()
    for r in reports:
        iri, cells = report_iri(r), figures_by_cell(r)
        for s in summations(r):
            if evaluate(s, cells):
                t = s.total
                out.add((str(iri), str(mint.observation(iri, t.table, t.scheme, t.key, t.column))))
    return out


def main() -> None:
    n = int(os.environ.get("COAKG_BENCH_REPORTS", "1000"))
    files = [CORPUS / "zengcheng-zsj-2019-final-accounts.txt", *sorted((CORPUS / "putuo-2024").glob("*.pdf"))]
    real = [read_file(p).reports[0] for p in files]
    figures = sum(len(t.figures) for i in range(n) for t in real[i % len(real)].tables)
    print(f"{n} reports, {figures} figures")
    jobs = int(os.environ.get("COAKG_JOBS") or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as folder, KnowledgeGraph(Path(folder) / "store") as kg:
        real_file = Path(folder) / "real.pickle"
        real_file.write_bytes(pickle.dumps(real))
        t0, cpu0 = time.perf_counter(), _cpu_seconds()
        with builder(partial(built_variant, real=str(real_file), base=kg.base), jobs) as prepare:
            batch = Batch(kg)  # as coakg load writes new reports: many in one transaction
            for i, built in enumerate(prepare(range(n))):
                batch.add(Path(f"variant-{i}"), variant_sha(real[i % len(real)], i), built)
            outcomes = batch.close()
        kg.flush()
        load = time.perf_counter() - t0
        cpu = [after - before for after, before in zip(_cpu_seconds(), cpu0, strict=True)]
        assert [o.status for o in outcomes] == ["added"] * n, outcomes[:3]
        quads = len(kg.store)
        print(f"load with {jobs} worker processes: {load:.1f} s, {n / load:.1f} reports/s ({quads} quads, "
              f"{quads / figures:.1f} quads per figure)")
        compaction = _thread_cpu_seconds("rocksdb:")
        print(f"  CPU of the load: {sum(cpu):.0f} s on {os.cpu_count()} cores in {load:.0f} s: this process "
              f"{cpu[0]:.0f} s (the store's background compaction {compaction:.0f} s of it), worker processes "
              f"{cpu[1]:.0f} s")
        dump = kg.store.dump(format=ox.RdfFormat.N_QUADS)
        engine = ox.Store(str(Path(folder) / "bulk"))
        t0 = time.perf_counter()
        engine.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
        engine.flush()
        bulk = time.perf_counter() - t0
        del engine, dump
        print(f"Oxigraph bulk_load of the same quads into an empty on-disk store: {bulk:.1f} s = {n / bulk:.1f} "
              f"reports/s; coakg load takes {load / bulk:.2f}x as long")

        t0 = time.perf_counter()
        kg.optimize()
        print(f"optimize after loading: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        kg.derive()
        derived = {name: sum(1 for _ in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(kg.mint.graph(name))))
                   for name in ("labels", "catalogue")}
        print(f"derive the labels and the catalogue after the load (one update): {time.perf_counter() - t0:.1f} s "
              f"({derived['labels']} quads of labels, {derived['catalogue']} of catalogue)")
        t0 = time.perf_counter()
        kg.derive(changed=[str(report_iri(variant(real[(n - 1) % len(real)], n - 1), kg.base))])
        print(f"derive them after a load of one report into the described store: {time.perf_counter() - t0:.1f} s")

        slow = []
        for q in available():
            bindings = q.bind(PARAMS.get(q.name, {}))
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                rows = kg.select(q, bindings).rows
                times.append(time.perf_counter() - t0)
            slow += [q.name] if min(times) >= 1 else []
            print(f"query {q.name:40s} first {times[0]:6.3f} s, best of 3 {min(times):6.3f} s, {len(rows):6d} rows")
        print("every query under 1 s (best of 3)" if not slow else f"over 1 s: {', '.join(slow)}")

        t0 = time.perf_counter()
        by_python = python_failures(variant(real[i % len(real)], i) for i in range(n))
        py = time.perf_counter() - t0
        print(f"check {n} reports, plain Python: {py:.2f} s = {n / py:.0f} reports/s; {len(by_python)} failing totals")
        t0 = time.perf_counter()
        on_disk = {(v.focus, v.value) for v in validate_store(kg.store)}
        ox_disk = time.perf_counter() - t0
        t0 = time.perf_counter()
        memory = ox.Store()
        memory.bulk_load(kg.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        copy = time.perf_counter() - t0
        t0 = time.perf_counter()
        in_memory = {(v.focus, v.value) for v in validate_store(memory)}
        ox_mem = time.perf_counter() - t0
        del memory
        for where, found, dt in (("on disk", on_disk, ox_disk), ("in memory", in_memory, ox_mem)):
            same = "identical to Python" if found == by_python else "DIFFERENT from Python"
            print(f"check {n} reports, SHACL-SPARQL shape on Oxigraph {where} (one query): {dt:.2f} s = "
                  f"{n / dt:.0f} reports/s, {dt / py:.1f}x Python; {same}")
        print(f"(copying the store into memory took {copy:.1f} s)")
    if not by_python == on_disk == in_memory:
        sys.exit(1)


if __name__ == "__main__":
    main()
