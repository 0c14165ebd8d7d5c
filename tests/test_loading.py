"""Loading many files: the new reports of a load written as one ingestion, files read by worker processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import EXAMPLE, PUTUO, ROOT, SEED

from coakg.loading import Failed, load_files
from coakg.store import KnowledgeGraph

PUTUO_FILES = sorted(PUTUO.glob("*.pdf"))


def test_worker_processes_build_the_same_store_and_outcomes_in_file_order(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(EXAMPLE, copy)
    broken = tmp_path / "broken.txt"
    broken.write_text("not a report\n", encoding="utf-8")
    files = [SEED, broken, EXAMPLE, copy]
    stores, outcomes = [], []
    for jobs in (1, 2):
        with KnowledgeGraph(tmp_path / f"store{jobs}") as kg:
            outcomes.append([(type(o).__name__, getattr(o, "status", None)) for o in load_files(kg, files, jobs=jobs)])
            stores.append(set(kg.store))
    assert outcomes[0] == outcomes[1] == [("Added", "added"), ("Failed", None), ("Added", "added"),
                                          ("Added", "unchanged")]
    timed = [{q for q in quads if q.predicate.value.startswith("http://www.w3.org/ns/prov#") and
              q.predicate.value.endswith("AtTime")} for quads in stores]  # when each file was read differs
    assert {q.subject for q in timed[0]} == {q.subject for q in timed[1]} and len(timed[0]) == 5  # and the summaries
    assert stores[0] - timed[0] == stores[1] - timed[1] and len(stores[0]) > 10_000


def test_a_report_another_version_of_coakg_read_is_read_again_and_replaced(tmp_path):
    """The graph of a report is of the model of the coakg that read it: loading its file again with another
    version replaces it (same file, same report), and then it is unchanged."""
    import pyoxigraph as ox

    from coakg.derivations import coakg_version

    version = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert [o.status for o in load_files(kg, [EXAMPLE])] == ["added"]
        (stored,) = kg.store.quads_for_pattern(None, version, ox.Literal(coakg_version()), None)
        kg.store.remove(stored)  # as the earlier version left it
        kg.store.add(ox.Quad(stored.subject, version, ox.Literal("0.1.0"), stored.graph_name))
        assert [o.status for o in load_files(kg, [EXAMPLE])] == ["replaced"]
        assert [o.status for o in load_files(kg, [EXAMPLE])] == ["unchanged"]
        assert not list(kg.store.quads_for_pattern(None, version, ox.Literal("0.1.0"), None))


def test_a_copy_of_a_file_that_fails_fails_too(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("not a report\n", encoding="utf-8")
    copy = tmp_path / "copy.txt"
    shutil.copy(broken, copy)
    with KnowledgeGraph(tmp_path / "store") as kg:
        first, second = load_files(kg, [broken, copy])
    assert isinstance(first, Failed) and isinstance(second, Failed)
    assert str(broken) in second.error


def test_new_reports_wait_and_a_replacement_is_written_after_them(tmp_path):
    """Two versions of one report in one load: the second replaces the first, which was written before it."""
    newer = tmp_path / "newer.txt"
    newer.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with KnowledgeGraph(tmp_path / "store") as kg:
        outcomes = load_files(kg, [SEED, EXAMPLE, newer])
    assert [o.status for o in outcomes] == ["added", "added", "replaced"]
    assert outcomes[2].previous == EXAMPLE.name


def _processes_with(mark: str) -> set[int]:
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and mark.encode() in (proc / "environ").read_bytes():
                found.add(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_worker_processes_end_with_a_load_killed_by_sigkill(tmp_path):
    mark = f"COAKG_TEST_MARK={uuid.uuid4()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), mark.split("=")[0]: mark.split("=")[1]}
    files = [str(SEED), *map(str, sorted(PUTUO.glob("*.pdf")))]
    load = subprocess.Popen([sys.executable, "-c", "from coakg.cli import main; main()", "load", *files,
                             "--store", str(tmp_path / "store"), "--jobs", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_processes_with(mark) - {load.pid}) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _processes_with(mark) - {load.pid}
    assert len(workers) >= 2, "the load started no worker processes"
    load.kill()
    load.wait()
    deadline = time.monotonic() + 20
    while _processes_with(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_with(mark), "worker processes outlived the killed load"


def test_the_built_n_quads_are_strictly_valid_and_counted(reports):
    """The store's bulk loader reads coakg's own N-Quads without validating IRIs (lenient): every report's quads
    parse strictly, as many as the report says, and a printed name with quotes, a backslash and a line break
    keeps them."""
    from dataclasses import replace

    import pyoxigraph as ox

    from coakg.loading import build

    for report in reports.values():
        built = build(report)
        data = list(ox.parse(built.data, format=ox.RdfFormat.N_QUADS))
        assert len(data) == built.quads > 1000
        assert list(ox.parse(built.codes, format=ox.RdfFormat.N_QUADS))
    report = reports[SEED.name]
    table = report.tables[0]
    odd = 'a "quoted" \\ name\non two lines'
    figure = replace(table.figures[0], row=replace(table.figures[0].row, label=odd))
    report = replace(report, tables=(replace(table, figures=(figure, *table.figures[1:])), *report.tables[1:]))
    labels = {q.object.value for q in ox.parse(build(report).data, format=ox.RdfFormat.N_QUADS)
              if q.predicate.value.endswith("#rowLabel")}
    assert odd in labels


def test_a_file_whose_worker_process_ends_fails_alone(tmp_path):
    """Review (issue 23): a file that ends its worker process (a PDF that crashes the native engine, or takes all
    memory) broke the pool, and with it the whole load; now that file fails, named, and the others are read in new
    worker processes, those under way read again."""
    import subprocess
    import sys

    (tmp_path / "ending.py").write_text(
        "import os\n"
        "def work(item):\n"
        "    if item == 'ends':\n"
        "        os._exit(9)\n"
        "    return [item]\n", encoding="utf-8")
    (tmp_path / "run.py").write_text(
        "import ending\n"
        "from coakg.loading import builder\n"
        "if __name__ == '__main__':\n"
        "    with builder(ending.work, 2) as prepare:\n"
        "        for built in prepare(['a', 'b', 'ends', 'c', 'd', 'e', 'f']):\n"
        "            print(built)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["['a']", "['b']"] and lines[3:] == ["['c']", "['d']", "['e']", "['f']"]
    assert lines[2].startswith("ends: file: a file its worker process can read (the process ended:")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_load_stopped_by_an_interrupt_writes_none_of_its_new_reports(tmp_path, jobs):
    """The new reports of a load are one ingestion, read by the engine from a pipe as they are built: a load
    interrupted (Ctrl-C) after its first report was sent down the pipe ends the ingestion with nothing written,
    at once, and the store takes the files again."""
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        load_files(kg, [SEED])
        before = set(kg.store)
        seen = []

        def interrupted(path: Path) -> None:
            seen.append(path)
            if len(seen) == 2:
                time.sleep(0.5)  # the writer thread has sent the first report meanwhile
                raise KeyboardInterrupt

        started = time.perf_counter()
        with pytest.raises(KeyboardInterrupt):
            load_files(kg, [EXAMPLE, *PUTUO_FILES[:2]], progress=interrupted, jobs=jobs)
        assert time.perf_counter() - started < 60
        assert set(kg.store) == before
    with KnowledgeGraph(store) as kg:
        assert set(kg.store) == before and not list(store.glob("bulk-*.sst"))
        assert [o.status for o in load_files(kg, [EXAMPLE, PUTUO_FILES[0]], jobs=jobs)] == ["added", "added"]


def test_a_file_given_again_after_a_later_version_replaced_it_replaces_that_in_turn(tmp_path):
    """[x, y, x], y a later printing of x's report: the store ends with the last file given, x, and says so of
    each file (review: the second x was failed as "not loaded", and y stayed)."""
    later = tmp_path / "later.txt"
    later.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with KnowledgeGraph(tmp_path / "store") as kg:
        outcomes = load_files(kg, [EXAMPLE, later, EXAMPLE])
        assert [o.status for o in outcomes] == ["added", "replaced", "replaced"], outcomes
        assert outcomes[2].previous == later.name
        assert kg.holding(_sha(EXAMPLE)) is not None and kg.holding(_sha(later)) is None


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_error_while_a_report_goes_down_the_pipe_writes_none_of_the_ingestion(tmp_path, monkeypatch):
    """Review: an error of the engine while the writer sends a report (reading the code list) ended the load with
    the reports sent before it written. Now the ingestion is abandoned: each of its files fails, none is written."""
    from coakg.store import KnowledgeGraph as Store

    files = [EXAMPLE, *PUTUO_FILES[:2]]
    real, calls = Store._new_codes, []

    def failing(self, nquads):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("Corruption: a damaged block")
        return real(self, nquads)

    monkeypatch.setattr(Store, "_new_codes", failing)
    with KnowledgeGraph(tmp_path / "store") as kg:
        outcomes = load_files(kg, files)
        assert all(isinstance(o, Failed) and "none of them was written" in o.error for o in outcomes), outcomes
        assert not list(kg.store.named_graphs())
    monkeypatch.undo()
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert [o.status for o in load_files(kg, files)] == ["added"] * 3


def test_without_a_name_for_the_pipe_the_engine_reads_it_from_python(tmp_path, monkeypatch):
    """Where the system names no open file (no /dev/fd), the bulk loader reads the pipe through Python."""
    import coakg.store

    monkeypatch.setattr(coakg.store, "PIPES", str(tmp_path / "no-such-folder") + "/")
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert [o.status for o in load_files(kg, [SEED, EXAMPLE])] == ["added", "added"]
        assert len(kg.store) > 10_000
