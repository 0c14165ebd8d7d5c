"""The endpoint holds (issue 22): a query past its time limit is stopped and its worker process gone, a cut answer
says so in its body, other sites' pages may read the answers, a GET's answer is cached and revalidated by its tag
while the store is unchanged, and ``coakg serve`` serves with waitress, not a development server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLE

HEAVY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"  # a cross join, sorted: never done
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph

    path = tmp_path_factory.mktemp("endpoint") / "store"
    with KnowledgeGraph(path) as kg:
        add_report(kg, read_file(EXAMPLE).reports[0])
        kg.derive()
    return path


def site(path: Path, timeout: float = 10, results: int = 5):
    from coakg.store import KnowledgeGraph
    from coakg.web.app import Limits, create_app

    return create_app(KnowledgeGraph.read_only(path), Limits(timeout=timeout, results=results)).test_client()


@pytest.fixture(scope="module")
def client(store):
    return site(store)


def descendants() -> set[int]:
    """The processes this one started, and theirs (a worker is the fork server's child), still running."""
    parents: dict[int, int] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if stat[0] != "Z":
            parents[int(entry)] = int(stat[1])
    found, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_a_query_past_its_time_limit_is_stopped_and_its_worker_is_gone(store):
    client = site(store, timeout=1)
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200  # the fork server runs
    before = descendants()
    seen: set[int] = set()
    answered = threading.Event()
    response = {}

    def ask() -> None:
        response["it"] = client.get("/sparql", query_string={"query": HEAVY})
        answered.set()

    threading.Thread(target=ask).start()
    while not answered.wait(0.01):
        seen |= descendants() - before
    assert response["it"].status_code == 503 and b"stopped after 1 s" in response["it"].data
    assert seen, "the query ran in a worker process"
    assert not seen & descendants(), "the worker is gone once the 503 is sent"
    for pid in seen:
        assert not Path(f"/proc/{pid}").exists()


def test_a_store_in_memory_is_queried_in_a_thread_and_has_no_tag():
    """Another process cannot open a store in memory: its queries run in a thread of the server (no worker)."""
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    kg = KnowledgeGraph()
    add_report(kg, read_file(EXAMPLE).reports[0])
    client = create_app(kg).test_client()
    before = descendants()
    answer = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "format": "csv"})
    assert answer.status_code == 200 and int(answer.data.split()[1]) > 100
    assert descendants() <= before and "ETag" not in answer.headers


def test_a_named_query_page_has_the_same_time_limit(store):
    client = site(store, timeout=0.001)  # less than a worker takes to open the store
    assert client.get("/queries/reports").status_code == 503
    for path in ("/", "/code/2010301", "/department/x", "/schemes", "/search?q=行政运行", "/id/dataset"):
        assert client.get(path, headers={"Accept": "text/html"}).status_code == 503, path  # every page
    assert site(store).get("/code/2010301").status_code == 200
    assert client.get("/queries/reports", query_string={"format": "csv"}).status_code == 503
    assert site(store).get("/queries/reports", query_string={"format": "csv"}).status_code == 200
    from coakg.store import KnowledgeGraph
    from coakg.web.site import page_query

    with KnowledgeGraph.read_only(store) as kg:  # a report's download (its whole graph) made from the store too
        iri = str(kg.select(page_query("reports"), {}).records()[0]["report"])
        path = "/id/" + iri.removeprefix(kg.base) + ".ttl"
    assert client.get(path).status_code == 503  # made from the store: within the limit, or not at all
    assert site(store).get(path).status_code == 200
    assert client.get(path).status_code == 200  # once made, kept with the store: sent, not made again


def test_an_answer_the_form_cannot_write_is_a_400_naming_it_not_a_500(client):
    """Review: an RDF-star CONSTRUCT asked for as JSON-LD, which its writer refuses in the worker process: a 400
    saying so (was: a traceback in the server's log, 500, "ended without an answer")."""
    query = 'CONSTRUCT { << <http://a> <http://b> <http://c> >> <http://p> "o" } WHERE {}'
    answer = client.get("/sparql", query_string={"query": query, "format": "jsonld"})
    assert answer.status_code == 400 and "cannot be written as application/ld+json" in answer.get_data(as_text=True)


def test_a_cut_answer_says_so_in_its_body_and_its_header(client):
    cut = client.get("/sparql", query_string={"query": EVERYTHING, "format": "json"})
    answer = json.loads(cut.data)
    assert answer["head"]["link"] == ["sparql#truncated"] and len(answer["results"]["bindings"]) == 5
    assert cut.headers["X-Coakg-Truncated"] == "at most 5 results"
    xml = ElementTree.fromstring(client.get("/sparql", query_string={"query": EVERYTHING, "format": "xml"}).data)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [link.get("href") for link in xml.findall("s:head/s:link", ns)] == ["sparql#truncated"]
    assert len(xml.findall("s:results/s:result", ns)) == 5
    turtle = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                        headers={"Accept": "text/turtle"})
    assert turtle.data.startswith(b"# truncated: at most 5 triples") and "X-Coakg-Truncated" in turtle.headers
    csv = client.get("/sparql", query_string={"query": EVERYTHING, "format": "csv"})
    assert len(csv.data.decode().splitlines()) == 6 and "X-Coakg-Truncated" in csv.headers  # no line but the rows
    whole = json.loads(client.get("/sparql", query_string={"query": "SELECT * { ?s a ?t } LIMIT 2"}).data)
    assert "link" not in whole["head"] and len(whole["results"]["bindings"]) == 2


def test_other_sites_pages_may_read_the_answers(client):
    origin = {"Origin": "https://elsewhere.example"}
    for response in (client.get("/sparql", query_string={"query": "ASK {}"}, headers=origin),
                     client.post("/sparql", data={"query": "ASK {}"}, headers=origin),
                     client.get("/id/scheme/function.ttl", headers=origin),
                     client.get("/queries/reports", query_string={"format": "json"}, headers=origin)):
        assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Coakg-Truncated" in client.get("/sparql").headers["Access-Control-Expose-Headers"]
    preflight = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_an_answer_is_revalidated_by_its_tag_while_the_store_is_unchanged(tmp_path):
    from coakg.loading import add_report
    from coakg.reader import read_file
    from coakg.store import KnowledgeGraph

    path = tmp_path / "store"
    with KnowledgeGraph(path) as kg:
        add_report(kg, read_file(EXAMPLE).reports[0])
        kg.derive()
    client = site(path)
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "format": "csv"}
    first = client.get("/sparql", query_string=count)
    tag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    assert client.get("/sparql", query_string=count).headers["ETag"] == tag
    unchanged = client.get("/sparql", query_string=count, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == tag
    assert client.get("/sparql", query_string={**count, "format": "json"}).headers["ETag"] != tag
    assert client.get("/id/scheme/function", headers={"Accept": "text/turtle"}).headers["ETag"] != \
        client.get("/id/scheme/function", headers={"Accept": "application/n-triples"}).headers["ETag"]
    assert "ETag" not in client.post("/sparql", data=count).headers  # a POST is not cached
    with KnowledgeGraph(path) as kg:  # a load while the site serves
        add_report(kg, read_file(EXAMPLE, "另一个局", 2023).reports[0])
        kg.derive()
    changed = client.get("/sparql", query_string=count, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag and changed.data != first.data


def test_coakg_serve_serves_with_waitress(store):
    env = {**os.environ, "COLUMNS": "500"}
    server = subprocess.Popen([sys.executable, "-m", "coakg", "serve", "--store", str(store), "--port", "0",
                               "--sparql-timeout", "1"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, line
        root = f"http://127.0.0.1:{port.group(1)}/"
        with urllib.request.urlopen(root) as home:
            assert home.status == 200 and home.headers["Server"] == "waitress"
        report = "id/report/" + urllib.request.quote("示例市示例局") + "/2024/final.ttl"  # a path as sent, encoded
        with urllib.request.urlopen(root + report) as turtle:
            assert turtle.status == 200 and "示例市示例局".encode() in turtle.read()
        heavy = root + "sparql?" + urllib.parse.urlencode({"query": HEAVY})
        with pytest.raises(urllib.error.HTTPError) as stopped:
            urllib.request.urlopen(heavy)
        assert stopped.value.code == 503 and stopped.value.headers["Server"] == "waitress"
    finally:
        server.terminate()
        server.wait(10)
        server.stderr.close()
