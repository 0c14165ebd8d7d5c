"""Load report files into the knowledge graph.

For each file: hash it and ask the store whether it holds it already (an unchanged file is not read);
read its reports; expand each report's summations once and check it; build its graphs once; hand the quads to
the store. New reports wait to be written together (one transaction for many, up to :data:`BATCH_QUADS`); a
report that replaces a stored one is written at once in a transaction of its own. Each file is
all-or-nothing, and the others go on when one fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import faults
from .check import check_report
from .errors import CoakgError, ReadError
from .findings_rdf import validation_triples
from .iris import DEFAULT_BASE, Minter
from .model import Report
from .oxterms import Converter, quads
from .rdf import code_list_triples, report_iri, report_triples, summation_triples
from .reader import read_file
from .rules import summations
from .store import Added, KnowledgeGraph, ReportQuads

COMPACT_AFTER = 20  # reports written in one batch after which the store is compacted for fast queries
# New reports are written together, up to this many quads (some 40 reports) in one bulk ingestion: each
# ingestion costs far more than its quads, and all of a batch is written or none of it.
BATCH_QUADS = 400_000


@dataclass(frozen=True)
class Failed:
    path: str
    error: str


def load_files(kg: KnowledgeGraph, paths: Iterable[Path],
               progress: Callable[[Path], None] = lambda path: None) -> list[Added | Failed]:
    """Load each file; report what happened to each file, in the order of the files."""
    batch = _Batch(kg)
    for path in map(Path, paths):
        batch.load(path)
        progress(path)
    outcomes = batch.close()
    if sum(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) >= COMPACT_AFTER:
        faults.crash_point()
        kg.optimize()
        faults.crash_point()
    return outcomes


class _Batch:
    """New reports waiting to be written together; replacements are written at once, after what waits."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.outcomes: list[Added | Failed | None] = []  # None: a report waiting to be written
        self.waiting: list[tuple[int, Path, ReportQuads]] = []
        self.sources: set[str] = set()  # SHA-256 of the files the waiting reports come from

    def load(self, path: Path) -> None:
        """Add each report of one file to the store, or replace the report's older file; nothing if the store
        holds the file. A file is all-or-nothing: a file that fails is an outcome, and the others go on."""
        try:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ReadError(str(path), "file", f"an existing, readable file ({exc.strerror or exc})") from exc
            sha = hashlib.sha256(data).hexdigest()
            if sha in self.sources:
                self.write()
            held = self.kg.holding(sha)
            faults.crash_point()
            if held is not None:
                self.outcomes.append(held)
                return
            built = [build(report, self.kg.base) for report in read(path)]
            for quads in built:
                if any(quads.iri == w.iri for _, _, w in self.waiting):
                    self.write()  # the same report again: a replacement of what waits
                if self.kg.holds(quads.iri):
                    self.write()
                    self.outcomes.extend(self.kg.put([quads]))
                else:
                    self.waiting.append((len(self.outcomes), path, quads))
                    self.outcomes.append(None)
                    self.sources.add(sha)
            if sum(len(q.data) for _, _, q in self.waiting) >= BATCH_QUADS:
                self.write()
        except CoakgError as exc:
            self.outcomes.append(Failed(str(path), str(exc)))

    def write(self) -> None:
        """Write the waiting reports in one transaction (a write that fails fails each of them)."""
        if not self.waiting:
            return
        try:
            added: list[Added | Failed] = list(self.kg.put([q for _, _, q in self.waiting]))
        except CoakgError as exc:
            added = [Failed(str(path), str(exc)) for _, path, _ in self.waiting]
        for (slot, _, _), outcome in zip(self.waiting, added, strict=True):
            self.outcomes[slot] = outcome
        self.waiting.clear()
        self.sources.clear()

    def close(self) -> list[Added | Failed]:
        self.write()
        return [o for o in self.outcomes if o is not None]


def add_report(kg: KnowledgeGraph, report: Report) -> Added:
    """Add a report already read (e.g. built by a test or a benchmark); nothing if the store holds its source."""
    held = kg.holding(report.source.sha256, str(report_iri(report, kg.base)))
    return held if held is not None else kg.put([build(report, kg.base)])[0]


def read(path: Path) -> tuple[Report, ...]:
    """The reports of a file (a reader's failure is a :class:`ReadError` naming the file)."""
    return read_file(path).reports


def build(report: Report, base: str = DEFAULT_BASE) -> ReportQuads:
    """Check a report and build everything the store keeps of it, once."""
    sums = summations(report)
    findings = check_report(report, sums).findings
    faults.crash_point()
    mint, conv = Minter(base), Converter()
    r = report_iri(report, base)
    graph, checks, codes = conv.iri(r), conv.iri(mint.checks(r)), conv.iri(mint.graph("codes"))
    data = quads(report_triples(report, base), graph) + quads(summation_triples(report, base, sums), graph)
    built = ReportQuads(str(r), report.name, data,
                        conv.quads(validation_triples(report, findings, base), checks),
                        conv.quads(code_list_triples(report, base), codes), len(findings))
    faults.crash_point()
    return built
