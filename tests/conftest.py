from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "zengcheng-zsj-2019-final-accounts.txt"
PUTUO = CORPUS / "putuo-2024"
CZJ = PUTUO / "上海市普陀区财政局2024年度部门决算.pdf"
GHZY = PUTUO / "上海市普陀区规划和自然资源局2024年度部门决算.pdf"
SGB = PUTUO / "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
ALL = [SEED, CZJ, GHZY, SGB]
EXAMPLE = ROOT / "examples" / "示例市示例局2024年度部门决算.txt"  # one figure deliberately misprinted: 2 findings


@pytest.fixture(scope="session", autouse=True)
def read_each_corpus_file_once():
    """The corpus is read-only and a report is immutable: each file of it is read once per test session, however
    many tests (and commands run in-process) read it. Other files are read every time."""
    import coakg.reader

    read, cache = coakg.reader.read_file, {}

    def read_once(path, *args):
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(CORPUS.resolve()):
            return read(path, *args)
        if (resolved, *args) not in cache:
            cache[(resolved, *args)] = read(path, *args)
        return cache[(resolved, *args)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coakg.reader, "read_file", read_once)
        for module in ("coakg.loading", "coakg.store"):  # modules that imported the name itself
            if hasattr(__import__(module, fromlist=["_"]), "read_file"):
                patch.setattr(f"{module}.read_file", read_once)
        yield


@pytest.fixture(scope="session")
def reports(read_each_corpus_file_once):
    import coakg.reader

    return {p.name: coakg.reader.read_file(p).reports[0] for p in ALL}


def value(report, kind, key, column):
    """The printed value at (table kind, row key, column), or None for a blank cell."""
    table = report.table(kind)
    hits = [f.value for f in table.figures if f.row.key == key and f.column == column]
    assert len(hits) <= 1
    return str(hits[0]) if hits else None


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """The HTTP base URL of a private Virtuoso server, started for this test session and stopped after it."""
    import virtuoso as server

    reason = server.unavailable()
    if reason:
        pytest.skip(reason)
    proc, url = server.start(tmp_path_factory.mktemp("virtuoso"))
    yield url
    server.stop(proc)
