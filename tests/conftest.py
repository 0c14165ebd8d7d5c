from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path

import pytest

# pytest-xdist's workers are given COLUMNS=80: the commands' output is tested as a pipe writes it, COLUMNS unset
# (a test of a narrow terminal sets it for its own command)
os.environ.pop("COLUMNS", None)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "zengcheng-zsj-2019-final-accounts.txt"
PUTUO = CORPUS / "putuo-2024"
CZJ = PUTUO / "上海市普陀区财政局2024年度部门决算.pdf"
GHZY = PUTUO / "上海市普陀区规划和自然资源局2024年度部门决算.pdf"
SGB = PUTUO / "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
ALL = [SEED, CZJ, GHZY, SGB]
EXAMPLE = ROOT / "examples" / "示例市示例局2024年度部门决算.txt"  # one figure deliberately misprinted: 2 findings


class CorpusReads:
    """coakg's reading of the corpus (what ``coakg.reader._read`` does, and ``read_file`` calls), each file once
    per test run: the corpus is read-only and a report is immutable. Under pytest-xdist the first worker that
    asks for a file reads it and leaves it, pickled, in the run's temporary folder, which all workers share;
    another worker that asks meanwhile waits for it (a lock per file). Other files are read every time."""

    def __init__(self, read, shared: Path | None):
        self.read, self.shared, self.cache = read, shared, {}

    def __call__(self, path, *args):
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(CORPUS.resolve()):
            return self.read(path, *args)
        key = (resolved, *args)
        if key not in self.cache:
            self.cache[key] = self._once(key, partial(self.read, path, *args))
        return self.cache[key]

    def _once(self, key: tuple, read):
        if self.shared is None:
            return read()
        name = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
        done = self.shared / f"{name}.pickle"
        with open(self.shared / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if done.exists():
                return pickle.loads(done.read_bytes())
            value = read()
            part = self.shared / f"{name}.part"
            part.write_bytes(pickle.dumps(value))
            part.replace(done)
            return value


@pytest.fixture(scope="session", autouse=True)
def read_each_corpus_file_once(tmp_path_factory) -> Iterator[CorpusReads]:
    """Every read of a corpus file in this session goes through one :class:`CorpusReads`, by whatever name the
    reader (``read_file``) was imported."""
    import coakg.reader

    shared = None
    if "PYTEST_XDIST_WORKER" in os.environ:  # the workers' basetemps are folders of the run's temporary folder
        shared = tmp_path_factory.getbasetemp().parent / "corpus-reads"
        shared.mkdir(exist_ok=True)
    reads = CorpusReads(coakg.reader._read, shared)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coakg.reader, "_read", reads)
        # `coakg load` run in this process reads its files here too, through this cache (its worker processes
        # would read them again); the tests of worker processes ask for them with --jobs or jobs=
        patch.setenv("COAKG_JOBS", "1")
        yield reads


class Reports(Mapping):
    """The first report of each file of ALL, by file name, read when first asked for (a test that needs one
    report does not wait for the others to be read)."""

    def __init__(self):
        self.read: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in self.read:
            import coakg.reader

            path = next((p for p in ALL if p.name == name), None)
            if path is None:
                raise KeyError(name)
            self.read[name] = coakg.reader.read_file(path).reports[0]
        return self.read[name]

    def __iter__(self):
        return iter(p.name for p in ALL)

    def __len__(self) -> int:
        return len(ALL)


@pytest.fixture(scope="session")
def reports(read_each_corpus_file_once):
    return Reports()


def value(report, kind, key, column):
    """The printed value at (table kind, row key, column), or None for a blank cell."""
    table = report.table(kind)
    hits = [f.value for f in table.figures if f.row.key == key and f.column == column]
    assert len(hits) <= 1
    return str(hits[0]) if hits else None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (--dist loadgroup) every test of the Virtuoso server runs on one worker: one server a run."""
    for item in items:
        if "virtuoso" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("virtuoso"))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """The HTTP base URL of a private Virtuoso server, started for this test session (for each pytest-xdist worker
    that runs a test of it: in its own folder, on ports of its own) and stopped after it."""
    import virtuoso as server

    reason = server.unavailable()
    if reason:
        pytest.skip(reason)
    proc, url = server.start(tmp_path_factory.mktemp("virtuoso"))
    yield url
    server.stop(proc)


def pytest_terminal_summary(terminalreporter):
    """The peak memory of each command a test ran on hostile input (``record_property("peak_memory_mb", …)``):
    bounded memory is printed, not asserted against a machine's speed."""
    rows = [(report.nodeid, value) for report in terminalreporter.stats.get("passed", [])
            for name, value in getattr(report, "user_properties", ()) if name == "peak_memory_mb"]
    if rows:
        terminalreporter.section("peak memory on hostile input")
        for nodeid, mb in sorted(rows):
            terminalreporter.write_line(f"{mb:8.1f} MB  {nodeid}")
