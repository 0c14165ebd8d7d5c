"""coakg publish --virtuoso-bulk: the store loaded into Virtuoso by its bulk loader (N-Quads files, ld_dir,
rdf_loader_run) answers every named query as the embedded store does; loading twice changes nothing; a file the
loader refuses is named and leaves its graphs as they were."""

import gzip
import inspect
import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import virtuoso as server
from conftest import ALL, EXAMPLE
from test_store import PARAMS, _unordered, ask, coakg

import coakg.virtuoso as loader
from coakg.cli import publish
from coakg.endpoint import Endpoint
from coakg.queries import available
from coakg.store import KnowledgeGraph


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The four real reports, as tests/test_store.py's HTTP publish holds them: both tests publish the same graphs
    to the session's server."""
    path = tmp_path_factory.mktemp("bulk") / "store"
    assert coakg("load", *map(str, ALL), "--store", str(path)).returncode == 0
    return path


def graph_sizes(url: str) -> dict[str, int]:
    """Every graph of the server with its number of triples (Virtuoso's own graphs left out)."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    with urllib.request.urlopen(f"{url}/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})) as r:
        rows = json.load(r)["results"]["bindings"]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in rows if "openlinksw" not in b["g"]["value"]
            and not b["g"]["value"].startswith(("http://localhost", "http://www.w3.org"))}


def store_sizes(store) -> dict[str, int]:
    with KnowledgeGraph.read_only(store) as kg:
        return {g: len(triples) for g, triples in kg.graphs()}


@pytest.mark.slow
def test_bulk_load_answers_like_the_embedded_store_and_twice_changes_nothing(store, virtuoso):
    first = coakg("publish", "--store", str(store), *server.bulk_options(virtuoso))
    assert first.returncode == 0, first.stderr
    sizes = graph_sizes(virtuoso)
    assert sizes == store_sizes(store)  # every graph whole, no staging graph left
    again = coakg("publish", "--store", str(store), *server.bulk_options(virtuoso))
    assert again.returncode == 0, again.stderr
    assert f"published {len(sizes)} graphs" in again.stderr and f"{len(sizes)} replaced" in again.stderr
    assert graph_sizes(virtuoso) == sizes
    assert not list(Path(server.bulk_options(virtuoso)[1]).iterdir())  # each load's files are removed once loaded
    endpoint = Endpoint(f"{virtuoso}/sparql")
    for q in available():
        embedded = ask(store, q.name, **PARAMS.get(q.name, {}))
        remote = endpoint.select(q, q.bind(PARAMS.get(q.name, {}))).records()
        assert len(embedded) > 0 or q.name == "year-on-year", q.name
        assert _unordered(remote) == _unordered(embedded), q.name


@pytest.mark.slow
def test_a_file_the_loader_refuses_is_named_and_leaves_its_graphs(store, virtuoso, monkeypatch):
    assert coakg("publish", "--store", str(store), *server.bulk_options(virtuoso)).returncode == 0
    before = graph_sizes(virtuoso)
    write_files = loader.write_files

    def damaged(*args, **kwargs):
        files = write_files(*args, **kwargs)
        path, broken = files[0].path, b'<http://example.org/s> <http://example.org/p> "unterminated .\n'
        path.write_bytes(gzip.compress(broken + gzip.decompress(path.read_bytes())))
        return files

    monkeypatch.setattr(loader, "write_files", damaged)
    result = coakg("publish", "--store", str(store), *server.bulk_options(virtuoso))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "refused 1 of 1 files" in result.stderr and "000001.nq.gz" in result.stderr
    assert graph_sizes(virtuoso) == before
    monkeypatch.undo()
    shutil.rmtree(server.bulk_options(virtuoso)[1])


def test_a_server_that_does_not_answer_is_a_clear_error(tmp_path):
    if shutil.which("isql-vt") is None:
        pytest.skip(server.unavailable() or "isql-vt is not installed")
    store = tmp_path / "store"
    assert coakg("load", str(EXAMPLE), "--store", str(store)).returncode == 0
    result = coakg("publish", "--store", str(store), "--virtuoso-bulk", str(tmp_path / "bulk"),
                   "--isql", "isql-vt 127.0.0.1:9 dba dba")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Virtuoso (isql-vt 127.0.0.1:9) failed" in result.stderr and "dba dba" not in result.stderr
    missing = coakg("publish", "--store", str(store), "--virtuoso-bulk", str(tmp_path), "--isql", "no-such-isql 1111")
    assert missing.returncode == 2 and "no-such-isql is not a program here" in missing.stderr


def test_the_default_isql_is_the_library_s():
    assert inspect.signature(publish.publish).parameters["isql"].default.default == loader.DEFAULT_ISQL


def test_extract_nq_prints_a_report_s_quads_as_the_store_keeps_them(tmp_path):
    """A file read on any machine (coakg extract --format nq) gives the report's graph, its checks graph and its part
    of the code list, ready for Virtuoso's bulk loader."""
    import pyoxigraph as ox

    result = coakg("extract", str(EXAMPLE), "--format", "nq")
    assert result.returncode == 0, result.stderr
    quads = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_QUADS))
    store = tmp_path / "store"
    assert coakg("load", str(EXAMPLE), "--store", str(store)).returncode == 0
    report = next(g for g in store_sizes(store) if g.endswith("/final"))
    assert {q.graph_name.value for q in quads} == {report, f"{report}/checks", report.split("report/")[0] + "graph/codes"}
