"""Load report files into the knowledge graph.

For each file: hash it and ask the store whether it holds it already (an unchanged file is not read);
read its reports; expand each report's summations once and check it; build its graphs once (with the time
coakg started reading the file and finished building the report); hand the quads to the store. The new
reports of a load are written as they come, in one transaction (an ingestion of the engine's bulk loader); a
report that replaces a stored one is written in a transaction of its own, after the new reports before it.
Each file is all-or-nothing, and the others go on when one fails. After the writes, the store derives its
labels and dataset description from all its reports, in one transaction.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from . import downloads, faults
from .check import check_report
from .errors import CoakgError, ReadError, StoreError
from .findings_rdf import validation_triples
from .iris import DEFAULT_BASE, Minter
from .model import Report
from .ntriples import Terms, formatted, statements
from .rdf import code_list_nquads, description_triples, report_iri, report_triples, summation_triples
from .reader import read_file
from .rules import summations
from .store import Added, Ingestion, KnowledgeGraph, ReportQuads

COMPACT_AFTER = 20  # reports written in one batch after which the store is compacted for fast queries
T = TypeVar("T")


@dataclass(frozen=True)
class Failed:
    path: str
    error: str


def load_files(kg: KnowledgeGraph, paths: Iterable[Path], progress: Callable[[Path], None] = lambda path: None,
               jobs: int = 1) -> list[Added | Failed]:
    """Load each file; then derive the store's labels and description again if any report changed or they do
    not describe the reports held (a load killed before deriving left them stale): the description of the reports
    written only, if it described the store before; else keep the answers a stopped load did not keep. Report what
    happened to each file, in the order of the files (a derivation that cannot be written is a failure of the
    store).

    With ``jobs`` > 1, files are read, checked and built in that many worker processes while this one writes.
    """
    batch, described = Batch(kg), kg.described()
    files = [_hashed(Path(p)) for p in paths]
    first: dict[str, int] = {}  # each file's content is read once: a copy is unchanged once the first is stored
    to_read = [i for i, f in enumerate(files)
               if f.sha and kg.holding(f.sha) is None and first.setdefault(f.sha, i) == i]
    try:
        with builder(partial(_prepare, base=kg.base), min(jobs, len(to_read))) as prepare:
            prepared, reading = iter(prepare([files[i].path for i in to_read])), set(to_read)
            for i, f in enumerate(files):
                if f.error is not None:
                    batch.failed(f.path, f.error)
                elif i in reading:
                    batch.add(f.path, f.sha, next(prepared))
                elif not batch.held(f.path, f.sha, files[first[f.sha]].path if f.sha in first else None):
                    batch.add(f.path, f.sha, _prepare(f.path, kg.base))  # replaced since: read again
                progress(f.path)
    except BaseException:
        batch.abandon()
        raise
    outcomes = batch.close()
    downloads.tidy(kg, batch.written)
    if any(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) or not kg.described():
        faults.crash_point()
        try:
            kg.derive(changed=batch.written if described else None)
        except StoreError as exc:
            outcomes.append(Failed(str(kg.path), str(exc)))
    else:
        try:
            kg.keep_answers()  # those a stopped load left unkept (none is worked out twice)
        except StoreError as exc:
            outcomes.append(Failed(str(kg.path), str(exc)))
    if sum(isinstance(o, Added) and o.status != "unchanged" for o in outcomes) >= COMPACT_AFTER:
        faults.crash_point()
        kg.optimize()
        faults.crash_point()
    return outcomes


@dataclass(frozen=True)
class _File:
    path: Path
    sha: str = ""
    error: str | None = None


def _hashed(path: Path) -> _File:
    if path.exists() and not path.is_file():  # a device (/dev/zero) or a FIFO would be read for ever
        return _File(path, error=str(ReadError(str(path), "file", "a regular file (a PDF or a text file of a report)")))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _File(path, error=str(ReadError(str(path), "file",
                                               f"an existing, readable file ({exc.strerror or exc})")))
    return _File(path, hashlib.sha256(data).hexdigest())


Built = list[ReportQuads] | str  # the reports of one file, built; or why it failed


@contextmanager
def builder(work: Callable[[T], Built], jobs: int) -> Iterator[Callable[[Iterable[T]], Iterator[Built]]]:
    """A function that does ``work`` (read, check and build the reports of one file) for each item, in
    order. With ``jobs`` > 1 the work is done by that many worker processes (``work`` must then be picklable:
    a module's function, or a partial of one), a few items ahead of the one who takes the results."""
    if jobs <= 1:
        yield lambda items: (work(item) for item in items)
        return
    def started() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_worker,
                                   initargs=(os.getpid(),))

    pools = [started()]

    def prepare(items: Iterable[T]) -> Iterator[Built]:
        """Each item's work, in order; an item whose worker process ended while doing it (a file that crashed
        the PDF engine, or took all memory) fails alone, and the others go on in new worker processes: those
        that were under way are done again, and an item is failed only if its process ends a second time."""
        waiting: deque[tuple[T, Future, int]] = deque()
        pending = iter(items)
        while True:
            for item in pending:
                waiting.append((item, pools[-1].submit(work, item), 0))
                if len(waiting) > 2 * jobs:  # a few ahead of the writer, not all of them in memory
                    break
            if not waiting:
                return
            item, future, ended = waiting.popleft()
            try:
                yield future.result()
            except BrokenProcessPool as exc:
                pools[-1].shutdown(cancel_futures=True)
                pools.append(started())
                again = [(i, n) for i, _, n in waiting]
                if ended:
                    yield f"{item}: file: a file its worker process can read (the process ended: {exc})"
                else:
                    again.insert(0, (item, 1))
                waiting = deque((i, pools[-1].submit(work, i), n) for i, n in again)

    try:
        yield prepare
    finally:
        for pool in pools:
            pool.shutdown(cancel_futures=True)


def _worker(parent: int) -> None:
    """A worker process reads and builds, never writes: no crash points; it runs at a lower priority than the
    process that writes (the store's engine bounds a load: a worker that takes the writer's CPU slows it); and
    it ends with the process that started it, even one killed by SIGKILL (Linux: PR_SET_PDEATHSIG), rather
    than linger."""
    faults.disable()
    os.nice(10)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        if os.getppid() != parent:  # the parent died before this process asked to follow it
            os._exit(1)


def _prepare(path: Path, base: str) -> Built:
    started = datetime.now(UTC)
    try:
        return [build(report, base, started) for report in read(path)]
    except CoakgError as exc:
        return str(exc)


class Batch:
    """New reports written as they come, all in one transaction (the store's ingestion,
    :meth:`KnowledgeGraph.ingest`); a report that replaces a stored one ends the ingestion (the new reports before
    it are written) and is written in a transaction of its own. :meth:`close` ends the ingestion and gives the
    outcomes, in the order the reports came.

    Writes are made by one writer thread, one after the other in the order they are asked for (so a load killed at
    any moment leaves a prefix of its files written: nothing of an ingestion not ended), while reports go on
    arriving: the store's engine writes without holding the interpreter, and the worker processes build the next
    reports meanwhile. The writer is at most a few reports behind: their quads wait in memory until then.
    """

    BEHIND = 4  # writes asked for and not yet made, at most

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.outcomes: list[Added | Failed | None] = []  # None: a report not written yet
        self.streamed: list[tuple[int, Path, str]] = []  # (slot, file, IRI) of the reports of the open ingestion
        self.sources: set[str] = set()  # SHA-256 of the files they come from
        self.given: set[str] = set()  # IRIs of every report given to be written
        self.unread: set[str] = set()  # SHA-256 of the files that could not be read
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="coakg-writer")
        self.writing: deque[Future] = deque()
        self.written: list[str] = []  # IRIs of the reports written (added or replaced), or whose write was tried
        self.ingestion: Ingestion | None = None  # the writer thread's
        self.refused: StoreError | None = None  # why the open ingestion cannot write (the writer thread's)

    def failed(self, path: Path, error: str) -> None:
        self.outcomes.append(Failed(str(path), error))

    def held(self, path: Path, sha: str, original: Path | None) -> bool:
        """A file the store held when the load began, or a copy of an earlier file of this load (``original``):
        unchanged, or failed as the original did (True). False when the store no longer holds it (a later file of
        this load replaced its report): the caller reads it again, and it replaces that file in turn."""
        if sha in self.sources:
            self.write()
        self.settle()
        held = self.kg.holding(sha)
        faults.crash_point()
        if held is not None:
            self.outcomes.append(held)
        elif sha in self.unread:
            self.failed(path, f"{path}: the same file as {original}, which was not loaded")
        return held is not None or sha in self.unread

    def add(self, path: Path, sha: str, built: Built) -> None:
        """Add each report of one file to the store, or replace the report's older file. A file is
        all-or-nothing: a file that fails is an outcome, and the others go on."""
        faults.crash_point()
        if isinstance(built, str):
            self.unread.add(sha)
            self.failed(path, built)
            return
        for report in built:
            self.outcomes.append(None)
            if report.iri in self.given or self.kg.holds(report.iri):  # the store tells a replacement (or a
                self.write()  # report given twice by this load, new the first time) when it writes it
                self._ask(self._replace, len(self.outcomes) - 1, path, report)
            else:
                self.streamed.append((len(self.outcomes) - 1, path, report.iri))
                self.sources.add(sha)
                self._ask(self._stream, report)
            self.given.add(report.iri)

    def write(self) -> None:
        """End the open ingestion: its reports are written in one transaction, after the writes asked for before."""
        if not self.streamed:
            return
        self._ask(self._commit, self.streamed)
        self.streamed = []
        self.sources.clear()

    def settle(self) -> None:
        """Wait until every write asked for is made."""
        while self.writing:
            self.writing.popleft().result()

    def close(self) -> list[Added | Failed]:
        self.write()
        try:
            self.settle()
        except BaseException:
            self.abandon()
            raise
        self.writer.shutdown()
        return [o for o in self.outcomes if o is not None]

    def abandon(self) -> None:
        """Stop (a load interrupted): what was asked for and not begun is not done, and the open ingestion writes
        nothing."""
        for write in self.writing:
            write.cancel()
        self.writer.submit(self._abandon).result()
        self.writer.shutdown()

    def _ask(self, write: Callable, *args: object) -> None:
        self.writing.append(self.writer.submit(write, *args))
        while len(self.writing) > self.BEHIND:
            self.writing.popleft().result()

    def _stream(self, report: ReportQuads) -> None:
        if self.refused is not None:
            return
        try:
            if self.ingestion is None:
                self.ingestion = self.kg.ingest()
            self.ingestion.add(report)
        except Exception as exc:  # noqa: BLE001 - the engine's read of the code list, too: nothing is written
            self._abandon()
            self.refused = exc if isinstance(exc, StoreError) else StoreError(
                f"{self.kg.path}: cannot write {report.name} and the new reports of the load given with it ({exc}); "
                "none of them was written")

    def _commit(self, entries: list[tuple[int, Path, str]]) -> None:
        """End the ingestion; each report's outcome goes to its slot (an ingestion that fails fails each)."""
        self.written += [iri for _, _, iri in entries]  # (or perhaps written, if the write fails)
        ingestion, refused, self.ingestion, self.refused = self.ingestion, self.refused, None, None
        try:
            if refused is not None:
                raise refused
            assert ingestion is not None
            added: list[Added | Failed] = list(ingestion.commit())
        except CoakgError as exc:
            added = [Failed(str(path), str(exc)) for _, path, _ in entries]
        for (slot, _, _), outcome in zip(entries, added, strict=True):
            self.outcomes[slot] = outcome

    def _replace(self, slot: int, path: Path, report: ReportQuads) -> None:
        self.written.append(report.iri)
        try:
            self.outcomes[slot] = self.kg.put([report])[0]
        except CoakgError as exc:
            self.outcomes[slot] = Failed(str(path), str(exc))

    def _abandon(self) -> None:
        if self.ingestion is not None:
            self.ingestion.abandon()
            self.ingestion = None


def add_report(kg: KnowledgeGraph, report: Report) -> Added:
    """Add a report already read (e.g. built by a test or a benchmark); nothing if the store holds its source.
    The store's labels and description are not derived again (:meth:`KnowledgeGraph.derive` does)."""
    held = kg.holding(report.source.sha256, str(report_iri(report, kg.base)))
    if held is not None:
        return held
    added = kg.put([build(report, kg.base, datetime.now(UTC))])[0]
    downloads.tidy(kg, [str(report_iri(report, kg.base))])
    return added


def read(path: Path) -> tuple[Report, ...]:
    """The reports of a file (a reader's failure is a :class:`ReadError` naming the file)."""
    return read_file(path).reports


def build(report: Report, base: str = DEFAULT_BASE, started: datetime | None = None) -> ReportQuads:
    """Check a report and build everything the store keeps of it, once, as N-Quads; its reading started at
    ``started`` (if given) and ends now."""
    sums = summations(report)
    findings = check_report(report, sums).findings
    faults.crash_point()
    mint, terms = Minter(base), Terms()
    r = report_iri(report, base)
    graph, checks, codes = terms[r], terms[mint.checks(r)], terms[mint.graph("codes")]
    ended = datetime.now(UTC) if started is not None else None
    data = "".join((statements(report_triples(report, base), graph),
                    statements(summation_triples(report, base, sums), graph),
                    statements(formatted(description_triples(report, base, started, ended), terms), graph),
                    statements(formatted(validation_triples(report, findings, base), terms), checks)))
    built = ReportQuads(str(r), report.name, data.encode(), data.count("\n"),
                        code_list_nquads(report, codes, base).encode(), len(findings))
    faults.crash_point()
    return built
