"""Reports of real variety for the benchmarks: every corpus report, read once, and N variants of them.

Reading the whole corpus takes minutes (pdfminer lays out every page), so each file's reading is kept, pickled,
in a cache folder (COAKG_BENCH_CACHE, or ~/.cache/coakg-bench) under the file's SHA-256 and coakg's version: an
edited file or another version of coakg is read again, and the folder may be deleted at any time. (The tests'
cache of corpus readings, tests/conftest.py, lives only as long as one test run.)

A variant is a corpus report under another department (a numbered sibling of its own) and year, its amounts
scaled, so N variants carry the codes, names, layouts, units and phases of every corpus report as they really
vary: variant ``i`` is made from corpus report ``i % R`` (of R), each in turn. Each department sibling has three
consecutive years (so year-on-year has answers) and its amounts times 1, 2 or 3 (sums scale exactly; a printed
rounding difference scales too and may then exceed its slack, which the checks report).

Two ways to build a store of them: :func:`load_variants` writes as ``coakg load`` writes (what bench_store.py
times); :func:`bulk_store` gives the same quads to Oxigraph's bulk loader in one call, fed through a pipe by a
process that builds them (``python3 bench/variety.py nquads N FIFO``), for the query and page benchmarks at sizes
``coakg load`` would take an hour to build on a 2-core machine (10,000 reports: some 50 minutes).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

import pyoxigraph as ox

from coakg import __version__
from coakg.errors import ReadError
from coakg.iris import DEFAULT_BASE
from coakg.loading import Batch, build, builder
from coakg.model import Report, Source
from coakg.reader import read_file
from coakg.store import KnowledgeGraph

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*/*.pdf")) + sorted(CORPUS.glob("*.txt"))
CACHE = Path(os.environ.get("COAKG_BENCH_CACHE") or Path.home() / ".cache" / "coakg-bench")


def reports_of(path: Path) -> tuple[Report, ...]:
    """The reports of one corpus file (none for a file that holds no budget table), from the cache when read
    before."""
    cached = CACHE / f"{hashlib.sha256(path.read_bytes()).hexdigest()}-{__version__}.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    try:
        reports = tuple(read_file(path).reports)
    except ReadError:
        reports = ()
    CACHE.mkdir(parents=True, exist_ok=True)
    part = cached.with_name(cached.name + ".part")
    part.write_bytes(pickle.dumps(reports))
    part.replace(cached)
    return reports


def corpus_reports() -> list[Report]:
    """Every report of the corpus, in the order of its files (those not in the cache read by one process per
    core)."""
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        reports = [r for got in pool.map(reports_of, FILES) for r in got]
    figures = sum(len(t.figures) for r in reports for t in r.tables)
    print(f"corpus: {len(FILES)} files, {len(reports)} reports, {figures:,} figures "
          f"({time.perf_counter() - start:.0f} s to read or fetch from {CACHE})", flush=True)
    return reports


def variant(real: Sequence[Report], i: int) -> Report:
    """Variant ``i`` of the corpus reports ``real``: report ``i % len(real)`` under another department, year and
    scale."""
    base, rounds = real[i % len(real)], i // len(real)
    k = Decimal(1 + (rounds // 3) % 3)
    tables = tuple(replace(t, figures=tuple(replace(f, value=f.value * k) for f in t.figures)) for t in base.tables)
    return replace(base, department=f"{base.department}·样本{rounds // 3:03d}", year=base.year - rounds % 3,
                   source=Source(f"variant-{i}{Path(base.source.path).suffix}", variant_sha(real, i),
                                 base.source.media_type),
                   tables=tables)


def variant_sha(real: Sequence[Report], i: int) -> str:
    """The SHA-256 variant ``i`` claims for its source (one of its own)."""
    return hashlib.sha256(f"{real[i % len(real)].source.sha256}/{i}".encode()).hexdigest()


def figures_of(real: Sequence[Report], n: int) -> int:
    """How many figures ``n`` variants print."""
    per_report = [sum(len(t.figures) for t in r.tables) for r in real]
    return sum(per_report[i % len(real)] for i in range(n))


@lru_cache(maxsize=1)
def _unpickled(path: str) -> list[Report]:
    return pickle.loads(Path(path).read_bytes())


def _built_variant(i: int, real: str, base: str):
    """Variant ``i`` of the corpus reports pickled in the file ``real``, checked and built (in a worker) with the
    time of its reading, as ``coakg load`` builds a report."""
    return [build(variant(_unpickled(real), i), base, datetime.now(UTC))]


def load_variants(kg: KnowledgeGraph, real: list[Report], n: int, jobs: int) -> list:
    """Load ``n`` variants of the corpus reports ``real`` into ``kg`` the way ``coakg load`` writes new reports
    after reading: ``jobs`` worker processes check and build each variant, this process writes them, all in one
    ingestion. Returns what the batch says of each report (its ``close()``)."""
    with tempfile.TemporaryDirectory() as scratch:
        pickled = Path(scratch) / "corpus-reports.pickle"
        pickled.write_bytes(pickle.dumps(real))
        with builder(partial(_built_variant, real=str(pickled), base=kg.base), jobs) as prepare:
            batch = Batch(kg)
            for i, built in enumerate(prepare(range(n))):
                batch.add(Path(f"variant-{i}"), variant_sha(real, i), built)
            outcomes = batch.close()
    kg.flush()
    return outcomes


def write_nquads(n: int, out: Path, jobs: int, base: str = DEFAULT_BASE) -> None:
    """Write the quads of ``n`` variants of the corpus reports to ``out`` (a file or a FIFO) as N-Quads: each
    variant's graphs, and each line of the code list once, as ``coakg load`` writes them into a store."""
    real = corpus_reports()
    seen: set[bytes] = set()
    with tempfile.TemporaryDirectory() as scratch, open(out, "wb", buffering=1 << 20) as sink:
        pickled = Path(scratch) / "corpus-reports.pickle"
        pickled.write_bytes(pickle.dumps(real))
        with builder(partial(_built_variant, real=str(pickled), base=base), jobs) as prepare:
            for built in prepare(range(n)):
                for r in built:
                    sink.write(r.data)
                    fresh = [line for line in r.codes.splitlines(keepends=True) if line not in seen]
                    seen.update(fresh)
                    sink.write(b"".join(fresh))


def bulk_store(folder: Path, n: int, jobs: int) -> tuple[float, int]:
    """A new store in ``folder`` holding ``n`` variants (not compacted, not derived), its quads written by
    Oxigraph's bulk loader in one call while another process builds them (through a FIFO). Returns (seconds,
    the largest RSS in MB of the building process and its workers)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        fifo = Path(scratch) / "variants.nq"
        os.mkfifo(fifo)
        maker = subprocess.Popen([sys.executable, __file__, "nquads", str(n), str(fifo), str(jobs)])
        store = ox.Store(str(folder))
        store.bulk_load(path=str(fifo), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        del store
        _, status, usage = os.wait4(maker.pid, 0)
        if status != 0:
            raise RuntimeError(f"the process that built the variants ended with {status}")
    return time.perf_counter() - start, usage.ru_maxrss // 1024


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> int:
    """The largest resident set of this process (or of the largest of its ended child processes), in MB."""
    return resource.getrusage(who).ru_maxrss // 1024


if __name__ == "__main__" and sys.argv[1:2] == ["nquads"]:
    write_nquads(int(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
