"""Load report files into the knowledge graph.

For each file: hash it and ask the store whether it holds it already (an unchanged file is not read);
read its reports; expand each report's its summations once and check it; build its graphs once (with the
time coakg started reading the file and finished building the report); hand the quads to the store, which
writes them in one transaction. Each file is all-or-nothing, and the others go on when one fails. After
the batch, the store derives its labels and dataset description from all its reports, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import faults
from .check import check_report
from .errors import CoakgError, ReadError, StoreError
from .findings_rdf import validation_triples
from .iris import DEFAULT_BASE, Minter
from .model import Report
from .oxterms import Converter
from .rdf import code_list_triples, description_triples, report_iri, report_triples, summation_triples
from .reader import read_file
from .rules import summations
from .store import Added, KnowledgeGraph, ReportQuads

COMPACT_AFTER = 20  # reports written in one batch after which the store is compacted for fast queries


@dataclass(frozen=True)
class Failed:
    path: str
    error: str


def load_files(kg: KnowledgeGraph, paths: Iterable[Path],
               progress: Callable[[Path], None] = lambda path: None) -> list[Added | Failed]:
    """Load each file, then derive the store's labels and description again if any report changed or they do
    not describe the reports held (a load killed before deriving left them stale); report what happened to each
    file (a derivation that cannot be written is a failure of the store)."""
    outcomes: list[Added | Failed] = []
    for path in paths:
        outcomes.extend(load_file(kg, Path(path)))
        progress(path)
    if any(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) or not kg.described():
        faults.crash_point()
        try:
            kg.derive()
        except StoreError as exc:
            outcomes.append(Failed(str(kg.path), str(exc)))
    if sum(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) >= COMPACT_AFTER:
        faults.crash_point()
        kg.optimize()
        faults.crash_point()
    return outcomes


def load_file(kg: KnowledgeGraph, path: Path) -> list[Added | Failed]:
    """Add each report of one file to the store, or replace the report's older file; nothing if the store holds
    the file."""
    started = datetime.now(UTC)
    try:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(str(path), "file", f"an existing, readable file ({exc.strerror or exc})") from exc
        held = kg.holding(hashlib.sha256(data).hexdigest())
        faults.crash_point()
        if held is not None:
            return [held]
        reports = read(path)
        faults.crash_point()
        return [kg.put(build(report, kg.base, started)) for report in reports]
    except CoakgError as exc:
        return [Failed(str(path), str(exc))]


def add_report(kg: KnowledgeGraph, report: Report) -> Added:
    """Add a report already read (e.g. built by a test or a benchmark); nothing if the store holds its source.
    The store's labels and description are not derived again (:meth:`KnowledgeGraph.derive` does)."""
    held = kg.holding(report.source.sha256, str(report_iri(report, kg.base)))
    return held if held is not None else kg.put(build(report, kg.base, datetime.now(UTC)))


def read(path: Path) -> tuple[Report, ...]:
    """The reports of a file (a reader's failure is a :class:`ReadError` naming the file)."""
    return read_file(path).reports


def build(report: Report, base: str = DEFAULT_BASE, started: datetime | None = None) -> ReportQuads:
    """Check a report and build everything the store keeps of it, once; its reading started at ``started``
    (if given) and ends now."""
    sums = summations(report)
    findings = check_report(report, sums).findings
    faults.crash_point()
    mint, conv = Minter(base), Converter()
    r = report_iri(report, base)
    graph, checks, codes = conv.iri(r), conv.iri(mint.checks(r)), conv.iri(mint.graph("codes"))
    ended = datetime.now(UTC) if started is not None else None
    data = (conv.quads(report_triples(report, base), graph) + conv.quads(summation_triples(report, base, sums), graph)
            + conv.quads(description_triples(report, base, started, ended), graph))
    quads = ReportQuads(str(r), report.name, data,
                        conv.quads(validation_triples(report, findings, base), checks),
                        conv.quads(code_list_triples(report, base), codes), len(findings))
    faults.crash_point()
    return quads
