"""coakg query and coakg queries on the store of the bundled example, and on endpoints that misbehave."""

import http.server
import json
import re
import socket
import threading
import time

import pytest
from conftest import EXAMPLE
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from coakg.cli import app
from coakg.queries import available

runner = CliRunner()
REPORT = "https://coakg.org/id/report/%E7%A4%BA%E4%BE%8B%E5%B8%82%E7%A4%BA%E4%BE%8B%E5%B1%80/2024/final"
DEPARTMENT = "https://coakg.org/ns#department"
ASK = """# title: 有这个部门的报告吗
# question: Is a report of this department in the store?
# param department: string — the department
PREFIX coakg: <https://coakg.org/ns#>
ASK WHERE { ?r a coakg:Report ; coakg:department ?department }
"""
CONSTRUCT = """# title: 报告与部门
# question: Each report and its department, as triples.
PREFIX coakg: <https://coakg.org/ns#>
CONSTRUCT { ?r coakg:department ?d } WHERE { ?r a coakg:Report ; coakg:department ?d }
"""
BY_IRI = """# title: 一个报告的年度
# param report: iri — the report
PREFIX coakg: <https://coakg.org/ns#>
SELECT ?report ?year WHERE { ?report coakg:year ?year }
"""


def flat(text: str) -> str:
    """Text without the frame and the line breaks of typer's error panel."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("kg") / "store"
    result = runner.invoke(app, ["load", str(EXAMPLE), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def rq(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rq")
    for name, text in (("ask", ASK), ("construct", CONSTRUCT), ("by-iri", BY_IRI)):
        (folder / f"{name}.rq").write_text(text, encoding="utf-8")
    return folder


def test_a_named_query_on_the_store(store):
    result = runner.invoke(app, ["query", "reports", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert (row["department"], row["year"], row["figures"], row["findings"]) == ("示例市示例局", 2024, 190, 2)


def test_a_named_querys_table_writes_amounts_as_a_report_prints_them(store):
    """The table (not JSON or CSV, which keep the exact values): amounts right-aligned with two decimals (120.00
    of the exact 120), a year as printed."""
    result = runner.invoke(app, ["query", "kind-totals", "--param", "kind=示例局", "--store", str(store)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "示例市示例局" in line)
    assert [c.strip() for c in row.strip("│ ").split("│")][3:] == ["2024", "万元", "120.00", "90.00", "3.00", "2.50"]
    exact = runner.invoke(app, ["query", "kind-totals", "--param", "kind=示例局", "--store", str(store), "--format",
                                "json"])
    assert json.loads(exact.stdout)[0]["expenditure"] in ("120", "120.00")


def test_ask_prints_true_or_false(store, rq):
    for department, answer in (("示例市示例局", "true"), ("另一个局", "false")):
        result = runner.invoke(app, ["query", str(rq / "ask.rq"), "-p", f"department={department}", "--store",
                                     str(store)])
        assert (result.exit_code, result.stdout) == (0, answer + "\n"), result.output


def test_a_query_file_beginning_with_a_byte_order_mark(store, tmp_path):
    """A .rq saved by an editor that writes a UTF-8 byte order mark first (was: rejected as no SPARQL)."""
    query = tmp_path / "bom.rq"
    query.write_bytes("\ufeff".encode() + ASK.encode("utf-8"))
    result = runner.invoke(app, ["query", str(query), "-p", "department=示例市示例局", "--store", str(store)])
    assert (result.exit_code, result.stdout) == (0, "true\n"), result.output


def test_construct_prints_turtle(store, rq):
    result = runner.invoke(app, ["query", str(rq / "construct.rq"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("@prefix coakg: <https://coakg.org/ns#> .")
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert set(graph) == {(URIRef(REPORT), URIRef(DEPARTMENT), Literal("示例市示例局"))}


def test_an_iri_parameter_with_a_space_is_a_usage_error(store, rq):
    result = runner.invoke(app, ["query", str(rq / "by-iri.rq"), "-p", "report=https://coakg.org/id/a b",
                                 "--store", str(store)])
    assert result.exit_code == 2
    assert "parameter report takes an IRI, not 'https://coakg.org/id/a b'" in result.stderr
    assert "found ' ' at 22" in result.stderr
    result = runner.invoke(app, ["query", str(rq / "by-iri.rq"), "-p", f"report={REPORT}", "--store", str(store),
                                 "--format", "csv"])
    assert (result.exit_code, result.stdout) == (0, f"report,year\n{REPORT},2024\n")


def test_an_update_or_a_broken_query_is_a_clear_error(store, tmp_path):
    update = tmp_path / "drop.rq"
    update.write_text("# title: drop\nDROP ALL\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(update), "--store", str(store)])
    assert result.exit_code == 2 and f"{update}: not a SPARQL query coakg can run" in result.stderr
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    result = runner.invoke(app, ["query", str(broken), "--store", str(store)])
    assert result.exit_code == 2 and f"{broken}: not a valid SPARQL query" in result.stderr
    latin = tmp_path / "latin.rq"
    latin.write_bytes("# title: caf\xe9\nASK {}\n".encode("latin-1"))
    result = runner.invoke(app, ["query", str(latin), "--store", str(store)])
    assert result.exit_code == 2 and f"{latin}: byte 13: a SPARQL query in UTF-8" in result.stderr
    result = runner.invoke(app, ["query", str(tmp_path / "gone.rq"), "--store", str(store)])
    assert result.exit_code == 2 and "gone.rq: file: an existing .rq file" in result.stderr


def test_not_a_url_and_not_an_iri_are_usage_errors():
    result = runner.invoke(app, ["query", "reports", "--endpoint", "not a url"])
    assert result.exit_code == 2 and "'not a url' is not an endpoint URL" in flat(result.stderr)
    result = runner.invoke(app, ["publish", "--endpoint", "http://127.0.0.1:1/sparql", "--update-endpoint",
                                 "ftp://example.org/update"])
    assert result.exit_code == 2 and "'ftp://example.org/update' is not an endpoint URL" in flat(result.stderr)
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--base", "not an iri"])
    assert result.exit_code == 2 and "'not an iri' is not an IRI" in flat(result.stderr) and result.stdout == ""
    result = runner.invoke(app, ["query", "reports", "--endpoint", "http://127.0.0.1:1/sparql", "--timeout", "0"])
    assert result.exit_code == 2 and "Invalid value for '--timeout'" in flat(result.stderr)


def test_an_endpoint_that_never_answers_times_out():
    """A socket that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        result = runner.invoke(app, ["query", "reports", "--endpoint", url, "--timeout", "0.5"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {url}: the SPARQL endpoint did not answer within 0.5 s (--timeout)\n"


class _Fake(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every ASK with true and every CONSTRUCT with one triple."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        if "CONSTRUCT" in body:
            data, kind = f'<{REPORT}> <{DEPARTMENT}> "示例市示例局" .\n'.encode(), "text/turtle"
        else:
            data, kind = b'{"head": {}, "boolean": true}', "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_ask_and_construct_on_an_endpoint(rq):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        result = runner.invoke(app, ["query", str(rq / "ask.rq"), "-p", "department=示例市示例局", "--endpoint", url])
        assert (result.exit_code, result.stdout) == (0, "true\n"), result.output
        result = runner.invoke(app, ["query", str(rq / "construct.rq"), "--endpoint", url])
        assert result.exit_code == 0, result.output
        assert result.stdout == ("@prefix coakg: <https://coakg.org/ns#> .\n"
                                 f'<{REPORT}> coakg:department "示例市示例局" .\n')
    finally:
        server.shutdown()
        server.server_close()


def test_queries_lists_the_bundled_queries():
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    assert [q.name for q in available()][:2] == ["basic-expenditure-by-economic-class", "basic-expenditure-share"]
    assert all(q.name in result.stdout for q in available())


class _Malformed(http.server.BaseHTTPRequestHandler):
    """An endpoint that answers every query with the JSON of its class attribute ``answer``."""

    answer = b"{}"

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("query", "answer", "said"), [
    ("ask", '{"head": {}, "status": "ok"}', "holds no boolean"),  # was: printed false, exit 0
    ("select", '{"head": {"vars": ["department"]}}', "not in the SPARQL JSON results format"),
    ("select", '{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1.x", '
               '"datatype": "http://www.w3.org/2001/XMLSchema#decimal"}}]}}', "not in the SPARQL JSON results"),
], ids=["ask-without-boolean", "select-without-results", "select-bad-decimal"])
def test_a_malformed_answer_of_an_endpoint_is_an_error_never_an_answer(rq, query, answer, said):
    """Issue 24: an endpoint is untrusted; an answer that is not SPARQL JSON is exit 2 naming the endpoint."""
    handler = type("Handler", (_Malformed,), {"answer": answer.encode()})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        args = [str(rq / "ask.rq"), "-p", "department=示例市示例局"] if query == "ask" else ["reports"]
        result = runner.invoke(app, ["query", *args, "--endpoint", url])
        assert result.exit_code == 2 and url in result.stderr and said in result.stderr, result.output
        assert result.stdout == ""
    finally:
        server.shutdown()
        server.server_close()


class _Dripping(http.server.BaseHTTPRequestHandler):
    """An endpoint that answers a byte at a time, each within any per-read timeout, never done in time."""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        answer = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        try:
            for byte in answer:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def test_an_answer_dripping_a_byte_at_a_time_meets_the_overall_deadline(rq):
    """Issue 24: an answer dripping one byte a second outlived --timeout 5 (the bound was per read): the deadline
    is now the whole answer's."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Dripping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        started = time.monotonic()
        result = runner.invoke(app, ["query", str(rq / "ask.rq"), "-p", "department=示例市示例局", "--endpoint", url,
                                     "--timeout", "1"])
        assert result.exit_code == 2 and "did not answer within 1 s" in result.stderr, result.output
        assert time.monotonic() - started < 5  # the answer would take 9 s
    finally:
        server.shutdown()
        server.server_close()
