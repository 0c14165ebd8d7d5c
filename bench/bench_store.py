"""Benchmark: a knowledge graph of 1,000 reports (or COAKG_BENCH_REPORTS, e.g. 10000) of real variety: every
corpus report in turn under other departments, years and scales (bench/variety.py; the corpus is read once and
cached). Prints:

- load throughput (reports/s) into the on-disk store, the path of ``coakg load`` after reading: worker
  processes (one per CPU, or COAKG_JOBS) make each variant, check it and build its graphs; this process
  writes (the new reports in one ingestion, as ``coakg load`` does); quads per figure;
- the memory of the load (peak resident set of the writing process and of the largest worker);
- the derivation a load ends with (labels, cross-year matches, summaries, the DCAT/VoID catalogue), after
  compacting: of everything, and after a load of one report into the described store;
- every named query on the store: seconds (first run, and best of three; a query whose first run takes over
  30 s is run once) and rows, with the ratio of the best to a baseline query run in the same process (counting
  every quad of the store), against the target of 1 s;
- for the same quads, the rate of Oxigraph's own bulk load into an empty on-disk store, with coakg's ratio;
- checking all reports: plain Python over the summations, and the SHACL-SPARQL
  shape evaluated by one query on Oxigraph over the whole store, on disk and in
  memory; all three must find exactly the same failing totals.

Set COAKG_BENCH_STORE to a new folder to keep the store there (bench/bench_pages.py then reads it).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from variety import corpus_reports, figures_of, load_variants, peak_rss_mb, variant

from coakg.check import evaluate
from coakg.iris import Minter
from coakg.model import Report
from coakg.queries import available
from coakg.rdf import report_iri
from coakg.rules import figures_by_cell, summations
from coakg.shacl import validate_store
from coakg.store import KnowledgeGraph

PARAMS = {"figures-for-code": {"code": "2010601"},
          "department-expenditure": {"department": "上海市普陀区财政局·样本000", "year": "2024"},
          "kind-spending-by-class": {"kind": "财政局"}, "kind-totals": {"kind": "财政局"}}
BASELINE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ONCE = 30  # seconds: a query whose first run takes longer is not run again


def best_of_three(run: Callable[[], object]) -> tuple[float, float, object]:
    """(first, best) seconds of up to three runs, and the last run's answer."""
    times: list[float] = []
    while len(times) < 3 and (not times or times[0] <= ONCE):
        start = time.perf_counter()
        answer = run()
        times.append(time.perf_counter() - start)
    return times[0], min(times), answer


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
    real = corpus_reports()
    figures = figures_of(real, n)
    print(f"{n:,} reports of real variety (the {len(real)} corpus reports in turn), {figures:,} figures", flush=True)
    jobs = int(os.environ.get("COAKG_JOBS") or os.cpu_count() or 1)
    keep = os.environ.get("COAKG_BENCH_STORE")
    if keep and Path(keep).exists():
        sys.exit(f"{keep} exists: COAKG_BENCH_STORE names a new folder, where the store is loaded and kept")
    with tempfile.TemporaryDirectory() as folder, KnowledgeGraph(Path(keep or Path(folder) / "store")) as kg:
        t0, cpu0 = time.perf_counter(), _cpu_seconds()
        outcomes = load_variants(kg, real, n, jobs)
        load = time.perf_counter() - t0
        cpu = [after - before for after, before in zip(_cpu_seconds(), cpu0, strict=True)]
        assert [o.status for o in outcomes] == ["added"] * n, outcomes[:3]
        quads = len(kg.store)
        print(f"load with {jobs} worker processes: {load:.1f} s, {n / load:.1f} reports/s, {figures / load:,.0f} "
              f"figures/s ({quads:,} quads, {quads / figures:.1f} quads per figure)")
        compaction = _thread_cpu_seconds("rocksdb:")
        print(f"  CPU of the load: {sum(cpu):.0f} s on {os.cpu_count()} cores in {load:.0f} s: this process "
              f"{cpu[0]:.0f} s (the store's background compaction {compaction:.0f} s of it), worker processes "
              f"{cpu[1]:.0f} s", flush=True)
        print(f"  memory of the load (peak resident set): the writing process {peak_rss_mb():,} MB (with the corpus "
              f"reports it varies), the largest worker process {peak_rss_mb(resource.RUSAGE_CHILDREN):,} MB",
              flush=True)

        t0 = time.perf_counter()
        kg.optimize()
        print(f"optimize after loading: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        kg.derive()
        derived = {name: sum(1 for _ in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(kg.mint.graph(name))))
                   for name in ("labels", "catalogue")}
        print(f"derive the labels and the catalogue after the load (one update): {time.perf_counter() - t0:.1f} s "
              f"({derived['labels']:,} quads of labels, {derived['catalogue']:,} of catalogue)")
        t0 = time.perf_counter()
        kg.derive(changed=[str(report_iri(variant(real, n - 1), kg.base))])
        print(f"derive them after a load of one report into the described store: {time.perf_counter() - t0:.1f} s; "
              f"peak resident set of this process since it began {peak_rss_mb():,} MB", flush=True)

        _, base, _ = best_of_three(lambda: list(kg.store.query(BASELINE)))
        print(f"\nnamed queries at {n:,} reports; baseline (count every quad): {base:.2f} s\n"
              f"{'query':<40} {'first s':>8} {'best s':>8} {'rows':>7} {'x baseline':>11}")
        slow = []
        for q in available():
            bindings = q.bind(PARAMS.get(q.name, {}))
            first, best, answer = best_of_three(lambda q=q, bindings=bindings: kg.select(q, bindings).rows)
            slow += [q.name] if best >= 1 else []
            print(f"{q.name:<40} {first:>8.3f} {best:>8.3f} {len(answer):>7} {best / base:>11.2f}", flush=True)
        print("every query under 1 s (best of 3)\n" if not slow else f"over 1 s: {', '.join(slow)}\n", flush=True)

        dump = kg.store.dump(format=ox.RdfFormat.N_QUADS)
        engine = ox.Store(str(Path(folder) / "bulk"))
        t0 = time.perf_counter()
        engine.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
        engine.flush()
        bulk = time.perf_counter() - t0
        del engine, dump
        print(f"Oxigraph bulk_load of the same quads into an empty on-disk store: {bulk:.1f} s = {n / bulk:.1f} "
              f"reports/s; coakg load takes {load / bulk:.2f}x as long", flush=True)

        t0 = time.perf_counter()
        by_python = python_failures(variant(real, i) for i in range(n))
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
