"""The store under faults: killed loads, read-only queries on folders that are not stores or are damaged,
a bad file in a batch, a full disk, and the loading pipeline's single pass over each report."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pyoxigraph as ox
import pytest
from conftest import EXAMPLE, ROOT, SEED

import coakg.loading as loading
from coakg.cli import main
from coakg.loading import Failed, load_files
from coakg.ntriples import parse
from coakg.queries import available
from coakg.store import KnowledgeGraph

GZ = "广州市增城区政务服务数据管理局"


def run(capsys, *args: str) -> tuple[int, str, str]:
    """coakg in this process, through its real entry point (exit codes included)."""
    with pytest.raises(SystemExit) as done, patch.object(sys, "argv", ["coakg", *args]):
        main()
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def subprocess_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), **extra}


COAKG = [sys.executable, "-c", "from coakg.cli import main; main()"]


# a text report, the department it names, and the 301 工资福利支出 of its basic expenditure table
SOURCES = {SEED: (GZ, "1083.89"), EXAMPLE: ("示例市示例局", "80.00")}


def text_report(folder: Path, name: str, department: str, basic_301: str | None = None, tail: str = "",
                source: Path = SEED) -> Path:
    """The 增城 text report (or another of SOURCES) as another department's, with 301 工资福利支出 of its basic
    expenditure table printed as ``basic_301`` (another figure: other answers, and a finding), and ``tail``
    appended (another file)."""
    department_printed, basic_301_printed = SOURCES[source]
    text = source.read_text(encoding="utf-8").replace(department_printed, department)
    if basic_301 is not None:
        text = text.replace(f"301 工资福利支出 {basic_301_printed}", f"301 工资福利支出 {basic_301}")
    path = folder / name
    path.write_text(text + tail, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- read-only queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["empty", "other files", "missing"])
def test_query_on_a_folder_that_is_not_a_store_is_an_error_and_writes_nothing(capsys, tmp_path, kind):
    folder = tmp_path / "store"
    if kind != "missing":
        folder.mkdir()
    if kind == "other files":
        (folder / "notes.txt").write_text("不是数据库", encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "query", "reports", "--store", str(folder))
    assert code == 2 and out == ""
    assert f"{folder}: " in err and "run coakg load" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before
    assert folder.exists() == (kind != "missing")


def test_a_damaged_store_is_reported_and_left_untouched(capsys, tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        assert isinstance(load_files(kg, [SEED])[0], loading.Added)
    (store / "CURRENT").unlink()
    before = snapshot(store)
    for _ in range(2):
        code, out, err = run(capsys, "query", "reports", "--store", str(store))
        assert code == 2 and out == ""
        assert f"{store}: the store is damaged" in err and "left as it is" in err
    assert snapshot(store) == before


@pytest.mark.parametrize("damage", ["flipped bytes", "a file missing"])
def test_a_corrupt_store_is_exit_2_with_how_to_recover_and_left_untouched(capsys, tmp_path, damage):
    """Issue 24: a damaged .sst (bytes flipped, or the file gone) made query and load exit 3 with RocksDB's
    'RuntimeError: Corruption'; now exit 2 saying what is damaged and how to recover, and the store as it was."""
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        assert isinstance(load_files(kg, [SEED])[0], loading.Added)
    for table in store.glob("*.sst"):
        if damage == "a file missing":
            table.unlink()
        else:
            data = bytearray(table.read_bytes())
            for i in range(100, len(data) - 100, 97):
                data[i] ^= 0xFF
            table.write_bytes(bytes(data))
    before = snapshot(store)
    for command in (["query", "reports"], ["load", str(EXAMPLE)]):
        code, out, err = run(capsys, *command, "--store", str(store))
        assert code == 2 and out == "", command
        assert f"{store}: the store is damaged" in err and "coakg load FILE... --store" in err, err
        assert "Traceback" not in err and "internal error" not in err
    assert snapshot(store) == before


def test_queries_leave_the_store_as_it_was(capsys, tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        load_files(kg, [SEED])
    before = snapshot(store)
    code, out, _ = run(capsys, "query", "reports", "--store", str(store), "--format", "csv")
    assert code == 0 and f"{GZ},2019,决算,zengcheng-zsj-2019-final-accounts.txt,9,578,0" in out
    assert run(capsys, "queries")[0] == 0
    assert snapshot(store) == before


# -- recovery of what earlier versions left --------------------------------------------------------------------


def test_opening_for_writing_removes_staging_graphs_an_earlier_version_left(capsys, tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        load_files(kg, [SEED])
        report = next(g for g in kg.store.named_graphs() if g.value.endswith("/final"))
        staged = [ox.NamedNode(f"{report.value}/staging/{part}") for part in ("report", "checks", "codes")]
        for source, target in zip((report, ox.NamedNode(f"{report.value}/checks"), kg.codes), staged, strict=True):
            kg.store.extend([ox.Quad(q.subject, q.predicate, q.object, target)  # as coakg 0.1 left them
                             for q in kg.store.quads_for_pattern(None, None, None, source)])
    (store / "bulk-1234567890.sst").write_bytes(b"half an index file")  # a bulk write killed before ingestion
    rows = run(capsys, "query", "figures-for-code", "--param", "code=30101", "--store", str(store), "--format", "csv")[1]
    assert rows.count(",basic-expenditure,30101,") > 1  # the fault: the staged copies answer again
    code, _, err = run(capsys, "load", str(SEED), "--store", str(store))
    assert code == 0 and "1 unchanged" in err
    assert all(f"removed the half-done replacement graph {g.value}" in err for g in staged)
    assert "removed the unfinished bulk-load file bulk-1234567890.sst" in err
    assert not (store / "bulk-1234567890.sst").exists()
    rows = run(capsys, "query", "figures-for-code", "--param", "code=30101", "--store", str(store), "--format", "csv")[1]
    assert rows.count(",basic-expenditure,30101,") == 1


@pytest.mark.slow
def test_a_write_of_more_than_one_bulk_batch_is_one_ingestion(tmp_path):
    """The store writes the new reports of a load with one call of Oxigraph's bulk loader, of any size (read from a
    pipe as they come): the loader writes index files a million quads at a time (as many batches at once as the machine has cores, one thread each) and
    ingests them all at the end. Killed once the batch after those has begun its files (so the first batch is
    finished), the store holds nothing of the write, and opening it removes the files."""
    threads = os.cpu_count() or 1
    if threads > 4:
        pytest.skip(f"{threads} cores: the write would need {threads + 1} million quads")
    store = tmp_path / "store"
    quads = (threads + 1) * 1_000_000 - 500_000
    script = ("import sys; from coakg.store import KnowledgeGraph, ReportQuads\n"
              "kg = KnowledgeGraph(__import__('pathlib').Path(sys.argv[1]))\n"
              f"data = ''.join(f'<urn:s{{i}}> <urn:p> \"{{i}}\" <urn:g{{i % 7}}> .\\n' for i in range({quads})).encode()\n"
              "ingestion = kg.ingest(); ingestion.add(ReportQuads('urn:g', 'g', data, 0, b'', 0)); ingestion.commit()\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(store)], env=subprocess_env())
    try:
        deadline = time.monotonic() + 120
        while len(list(store.glob("bulk-*.sst"))) <= 8 * threads and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # a batch writes 8 files: id2str, graphs and the six quad indexes
        assert proc.poll() is None, "the write ended before the files of its last batch were seen"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    with KnowledgeGraph(store) as kg:
        assert len(kg.store) == 0
        assert any("unfinished bulk-load file" in r for r in kg.recovered)
    assert not list(store.glob("bulk-*.sst"))


# -- the loading pipeline ----------------------------------------------------------------------------------------


def test_a_batch_goes_on_past_a_bad_file_and_exits_with_the_worst_code(capsys, tmp_path):
    a = text_report(tmp_path, "a.txt", "广州市增城区甲局")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + bytes(range(256)) * 3)
    b = text_report(tmp_path, "b.txt", "广州市增城区乙局")
    store = tmp_path / "store"
    code, _, err = run(capsys, "load", str(a), str(broken), str(b), "--store", str(store))
    assert code == 2 and "Traceback" not in err
    assert f"failed: {broken}: " in err and "3 files: 2 added, 1 failed" in err
    listed = run(capsys, "query", "reports", "--store", str(store), "--format", "csv")[1]
    assert "广州市增城区甲局,2019" in listed and "广州市增城区乙局,2019" in listed


def test_a_file_name_with_markup_is_printed_as_it_is(capsys, tmp_path):
    (tmp_path / "report[").mkdir()
    odd = text_report(tmp_path, "report[/x].txt", "广州市增城区丙局")  # the file x].txt in the folder report[
    code, _, err = run(capsys, "load", str(odd), str(tmp_path / "[red]missing[/red].txt"), "--store",
                       str(tmp_path / "store"))
    assert code == 2 and f"failed: {tmp_path}/[red]missing[/red].txt: file" in err and "1 added, 1 failed" in err


def test_an_unchanged_file_is_not_read_and_summations_are_expanded_once(tmp_path, monkeypatch):
    import coakg.check
    import coakg.rdf
    import coakg.rules

    expanded = []

    def counted(report):
        expanded.append(report.department)
        return coakg.rules.summations(report)

    for module in (loading, coakg.check, coakg.rdf):
        monkeypatch.setattr(module, "summations", counted)
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert load_files(kg, [SEED])[0].status == "added"
        assert expanded == [GZ]  # checked, and turned into coakg:Summation nodes, from one expansion
        monkeypatch.setattr(loading, "read_file", lambda path: pytest.fail(f"{path} was read again"))
        assert load_files(kg, [SEED])[0].status == "unchanged"


def test_a_new_report_adds_only_the_code_list_entries_the_store_lacks(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        load_files(kg, [SEED])
        graph = kg.codes
        before = len(list(kg.store.quads_for_pattern(None, None, None, graph)))
        quads = loading.build(loading.read(text_report(tmp_path, "b.txt", "广州市增城区乙局"))[0])
        codes = parse(quads.codes)
        assert len(codes) > 1000
        assert kg.put([quads])[0].status == "added"
        after = len(list(kg.store.quads_for_pattern(None, None, None, graph)))
    attestations = len({q for q in codes if q.predicate.value.endswith("#attestedBy")})
    assert after - before == attestations  # the same codes and names: only who attests them is new


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past 200 KB fails (EFBIG), as on a full disk;
    # the store opens (its largest file then, OPTIONS, is 67 KB) but a report's index files do not fit
    resource.setrlimit(resource.RLIMIT_FSIZE, (200 * 1024, 200 * 1024))


def test_a_full_disk_is_a_clear_error_and_writes_nothing(tmp_path):
    store = tmp_path / "store"
    with KnowledgeGraph(store) as kg:
        load_files(kg, [SEED])
    before = len(KnowledgeGraph.read_only(store).store)
    other = text_report(tmp_path, "b.txt", "广州市增城区乙局")
    result = subprocess.run([*COAKG, "load", str(other), "--store", str(store)], capture_output=True, text=True,
                            env=subprocess_env(), preexec_fn=_limit_file_size, timeout=300)
    assert result.returncode == 2, result.stderr
    assert f"failed: {store}: cannot write 广州市增城区乙局 2019 决算" in result.stderr
    assert "nothing of it was written" in result.stderr and "Traceback" not in result.stderr
    with KnowledgeGraph.read_only(store) as kg:
        assert len(kg.store) == before
    with KnowledgeGraph(store) as kg:  # and the store still takes the report once there is room
        assert load_files(kg, [other])[0].status == "added"


# -- killed loads ------------------------------------------------------------------------------------------------

PARAMS = {"figures-for-code": {"code": "20805"}, "department-expenditure": {"department": "示例市甲局", "year": "2024"},
          "kind-spending-by-class": {"kind": "示例市"}, "kind-totals": {"kind": "示例市"}}


def answers(store: Path) -> tuple:
    with KnowledgeGraph.read_only(store) as kg:
        return answers_of(kg)


def answers_of(kg: KnowledgeGraph) -> tuple:
    """Every named query's answer, in an order-free form."""
    return tuple((q.name, tuple(sorted(map(repr, kg.select(q, q.bind(PARAMS.get(q.name, {}))).rows))))
                 for q in available())


KILL_SHARDS = 4  # the kill points are shared out among this many tests, which pytest-xdist runs side by side


@pytest.fixture(scope="module")
def killed_batch(tmp_path_factory) -> SimpleNamespace:
    """A store of two reports, a batch that replaces both and adds two more, and every named query's answers
    before the batch and after each of its files. The reports are the bundled example's (a third of the 增城
    report's figures, two findings each), as four departments: the test loads the batch some thirty times."""
    folder = tmp_path_factory.mktemp("killed-loads")

    def report(name: str, department: str, basic_301: str | None = None, tail: str = "") -> Path:
        return text_report(folder, name, department, basic_301, tail, source=EXAMPLE)  # small: many loads

    old = [report("甲-old.txt", "示例市甲局"), report("乙-old.txt", "示例市乙局")]
    batch = [report("甲-new.txt", "示例市甲局", "90.00"),  # replaces 甲
             report("丙.txt", "示例市丙局"),  # new
             report("乙-new.txt", "示例市乙局", tail="\n"),  # replaces 乙
             report("丁.txt", "示例市丁局", "70.00")]  # new
    initial = folder / "initial"
    with KnowledgeGraph(initial) as kg:
        load_files(kg, old)
    shutil.copytree(initial, folder / "states")
    states = []
    with KnowledgeGraph(folder / "states") as kg:
        for file in [None, *batch]:  # the answers after each file of the batch, loaded one by one
            if file is not None:
                assert not isinstance(load_files(kg, [file])[0], Failed)
            states.append(answers_of(kg))
    assert len(set(states)) == len(states)  # each file changes some answer
    return SimpleNamespace(initial=initial, batch=batch, states=states)


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(KILL_SHARDS))
def test_a_killed_load_leaves_every_report_old_or_new(killed_batch, tmp_path, shard):
    """Kill ``coakg load`` (SIGKILL) at every crash point of a batch that adds and replaces reports, and at
    moments in between; every named query then answers as before the batch, or as after some of its files,
    never with a mixture (read-only, so long as the load derived the summaries the named queries read from the
    reports it wrote; opened for writing, the store derives them first), and loading again finishes the batch. Shard k of KILL_SHARDS kills at crash points
    k+1, k+1+KILL_SHARDS, … until the load passes them all and finishes on its own."""
    initial, batch, states = killed_batch.initial, killed_batch.batch, killed_batch.states

    def killed_load(n: int, *, at: int = 0, after: float = 0.0) -> tuple[int, float]:
        # crash points in this process: files read in-process (--jobs 1); timed kills with worker processes
        jobs = ["--jobs", "1"] if at else ["--jobs", "2"]
        store = tmp_path / f"killed{n}"
        shutil.copytree(initial, store)
        env = subprocess_env(COAKG_CRASH_AT=str(at)) if at else subprocess_env()
        start = time.perf_counter()
        proc = subprocess.Popen([*COAKG, "load", *map(str, batch), "--store", str(store), *jobs], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if after:
            time.sleep(after)
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=300)
        took = time.perf_counter() - start
        seen = answers(store)
        with KnowledgeGraph.read_only(store) as kg:
            described = kg.described()
        # read-only, a store the load left with its reports written and its summaries not derived answers from both
        assert seen in states or not described, f"kill {n}: the answers mix states"
        with KnowledgeGraph(store) as kg:  # opening for writing derives what the load left undone, if anything,
            assert kg.described()  # and then answers as before the batch or after some of its files; loading again
            assert answers_of(kg) in states, f"kill {n}: the answers mix states"  # finishes the batch
            assert seen == answers_of(kg) or not described
            outcomes = load_files(kg, batch)
        assert all(not isinstance(o, Failed) for o in outcomes)
        assert answers(store) == states[-1]
        shutil.rmtree(store)
        return code, took

    at = shard + 1
    while (done := killed_load(at, at=at))[0] == -signal.SIGKILL:
        at += KILL_SHARDS
    assert done[0] == 0  # the load finished on its own after passing every crash point
    assert at > 20  # each shard's points up to the 20th killed the load: a batch passes at least 20 crash points
    for i in range(shard + 1, 9, KILL_SHARDS):  # moments chosen from how long the whole batch took; nothing is
        killed_load(-i, after=done[1] * i / 10)  # asserted about where they fall
