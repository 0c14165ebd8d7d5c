"""A SPARQL 1.1 endpoint (e.g. Virtuoso) through SPARQLWrapper: run named queries, publish the store's graphs.

Every answer must come whole within ``timeout`` seconds (an endpoint that never answers, or drips its answer
a byte at a time, is an error, not a hang) and within ``MAX_ANSWER`` bytes (an endless answer is an error, not
all the memory); an answer that is not what SPARQL says it is, is an error naming the endpoint, never an answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import StoreError
from .queries import Answer, NamedQuery, Results, Term, plain, turtle

if TYPE_CHECKING:
    import pyoxigraph as ox
    from SPARQLWrapper import SPARQLWrapper

BATCH = 500  # triples per INSERT DATA request; Virtuoso refuses much larger ones behind digest auth
DEFAULT_TIMEOUT = 60.0  # seconds
MAX_ANSWER = 256 * 2**20  # bytes of one answer
_WHERE = re.compile(r"\b(?:WHERE|ASK)\s*\{", re.IGNORECASE)
_NOT_IN_URL = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def url_problem(url: str) -> str | None:
    """Why url is not the URL of an endpoint (http or https, with a host), or None when it is one."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        return f"a URL such as http://127.0.0.1:8890/sparql ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http:// or https:// URL with a host, such as http://127.0.0.1:8890/sparql"
    bad = _NOT_IN_URL.search(url)
    if bad:
        return f"a URL without spaces or control characters (found {bad.group()!r} at {bad.start()})"
    return None


def staging(graph: str) -> str:
    """The graph a replacement of ``graph`` is written into before it is moved onto it."""
    return f"{graph}/staging"


class Endpoint:
    def __init__(self, url: str, update_url: str | None = None, user: str | None = None,
                 password: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        for u in (url, update_url):
            problem = None if u is None else url_problem(u)
            if problem:
                raise StoreError(f"{u!r} is not an endpoint URL: expected {problem}")
        self.url, self.update_url, self.user, self.password = url, update_url or url, user, password
        self.timeout = timeout

    def _wrapper(self, url: str) -> SPARQLWrapper:
        from SPARQLWrapper import DIGEST, POST, SPARQLWrapper

        w = SPARQLWrapper(url)
        w.setMethod(POST)
        # setTimeout() would round it down to whole seconds (0.5 s: no timeout at all); urlopen takes a float
        w.timeout = self.timeout  # type: ignore[assignment]
        if self.user:
            w.setHTTPAuth(DIGEST)
            w.setCredentials(self.user, self.password or "")
        return w

    def select(self, query: NamedQuery, bindings: dict[str, Term]) -> Results:
        """Run a SELECT query; parameters travel as a VALUES block of RDF terms opening the outer WHERE group."""
        answer = self.run(query, bindings)
        if not isinstance(answer, Results):
            raise StoreError(f"{query.path}: a {query.form} query, not a SELECT query")
        return answer

    def run(self, query: NamedQuery, bindings: dict[str, Term]) -> Answer:
        """The answer to a SELECT (rows), ASK (true or false) or CONSTRUCT/DESCRIBE (triples) query."""
        from SPARQLWrapper import JSON, TURTLE

        w = self._wrapper(self.url)
        w.setQuery(with_values(query.text, bindings))
        if query.form in ("CONSTRUCT", "DESCRIBE"):
            w.setReturnFormat(TURTLE)
            return turtle(self._answer(w), query.prefixes)
        w.setReturnFormat(JSON)
        try:
            data = json.loads(self._answer(w))
        except (ValueError, RecursionError) as exc:
            raise StoreError(f"{self.url}: the SPARQL endpoint's answer is not JSON ({type(exc).__name__}: "
                             f"{str(exc)[:200]})") from None
        if not isinstance(data, dict):
            raise StoreError(f"{self.url}: the SPARQL endpoint did not answer in the SPARQL JSON results format")
        if query.form == "ASK":
            if not isinstance(data.get("boolean"), bool):  # never a wrong answer: no boolean is no false
                raise StoreError(f"{self.url}: the SPARQL endpoint's answer to an ASK query holds no boolean")
            return data["boolean"]
        try:
            columns = tuple(str(c) for c in data["head"]["vars"])
            rows = tuple(tuple(_value(b.get(c)) for c in columns) for b in data["results"]["bindings"])
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise StoreError(f"{self.url}: the SPARQL endpoint's answer is not in the SPARQL JSON results format "
                             f"({type(exc).__name__}: {str(exc)[:200]})") from None
        return Results(columns, rows)

    def update(self, text: str) -> None:
        w = self._wrapper(self.update_url)
        w.setQuery(text)
        self._run(lambda: w.query())

    def replace_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Upload into a staging graph in batches, then move it onto the graph in one update."""
        import pyoxigraph as ox

        staged = staging(graph)
        self.update(f"DROP SILENT GRAPH <{staged}>")
        lines = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8").splitlines()
        for start in range(0, len(lines), BATCH):
            body = "\n".join(lines[start:start + BATCH])
            self.update(f"INSERT DATA {{ GRAPH <{staged}> {{\n{body}\n}} }}")
        self.update(f"MOVE SILENT GRAPH <{staged}> TO <{graph}>")

    def publish(self, graphs: Iterable[tuple[str, list[ox.Triple]]],
                progress: Callable[[str, int], None] = lambda graph, n: None) -> int:
        """Replace each graph on the endpoint; the number of graphs published."""
        n = 0
        for graph, triples in graphs:
            self.replace_graph(graph, triples)
            progress(graph, len(triples))
            n += 1
        return n

    def _answer(self, w: SPARQLWrapper) -> bytes:
        """The endpoint's whole answer to the wrapper's query, within the deadline and the size bound."""
        def fetch() -> bytes:
            data = w.query().response.read(MAX_ANSWER + 1)
            if len(data) > MAX_ANSWER:
                raise StoreError(f"{self.url}: the SPARQL endpoint's answer is larger than {MAX_ANSWER // 2**20} MB")
            return data

        return self._run(lambda: _within(self.timeout, fetch))

    def _run(self, call: Callable[[], Any]) -> Any:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            return call()
        except TimeoutError as exc:
            raise StoreError(f"{self.url}: the SPARQL endpoint did not answer within {self.timeout:g} s "
                             f"(--timeout)") from exc
        except (SPARQLWrapperException, OSError) as exc:
            if isinstance(getattr(exc, "reason", None), TimeoutError):  # urllib's URLError around a timeout
                raise StoreError(f"{self.url}: the SPARQL endpoint did not answer within {self.timeout:g} s "
                                 f"(--timeout)") from exc
            raise StoreError(f"{self.url}: the SPARQL endpoint failed: {str(exc).strip()[:500]}") from exc


def _within(seconds: float, call: Callable[[], Any]) -> Any:
    """call()'s result, or TimeoutError when it has not returned within ``seconds`` (it runs on in a thread of its
    own, which ends with its socket's own timeout)."""
    import threading

    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread as it is
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["value"]


def with_values(text: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block binding each parameter to its RDF term, opening the outer WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = (f"VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    m = _WHERE.search(body)
    if m is None:
        raise StoreError("a parameterised query needs a WHERE { … } group")
    return body[:m.end()] + "\n  " + block + "\n" + body[m.end():]


def _value(b: dict | None) -> object:
    """A binding of the SPARQL 1.1 JSON results format as a plain value."""
    return None if b is None else plain(b["value"], b.get("datatype"))
