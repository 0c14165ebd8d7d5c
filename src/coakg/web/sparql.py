"""The SPARQL 1.1 Protocol endpoint's work: read a request's query, refuse updates, run it over the store with a
time limit and a result limit, and write the answer as SPARQL results (JSON, XML, CSV, TSV) or RDF."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import CoakgError, StoreError
from ..store import KnowledgeGraph
from . import worker
from .negotiation import RDF_FORMS, Form, serialize

RESULT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_FORMATS = {form.extension[1:]: form for form in RDF_FORMS}  # ttl, jsonld, nt: as the resources are sent
# the link a cut answer's head holds (SPARQL results' link to metadata: clients that do not know it pass it by), to
# the endpoint's page, which states the limit
TRUNCATED_LINK = "sparql#truncated"
_UPDATE = re.compile(r"(?:\s+|#[^\n]*\n|BASE\s*<[^>]*>|PREFIX\s*[\w.-]*:\s*<[^>]*>)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


class Refused(CoakgError):
    """A request the endpoint does not run: ``status`` 400 (malformed), 403 (an update), 503 (time limit)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    def __reduce__(self):  # sent back from a worker process as it was raised
        return Refused, (self.status, str(self))


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    truncated: bool = False


# what a query's keywords are not: strings, IRIs and comments
_NOT_KEYWORDS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                           r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


# a one-row VALUES block opening the outer WHERE group, as ``coakg query --endpoint`` binds a named query's parameters
_LEADING_VALUES = re.compile(r"\bWHERE\s*\{\s*(VALUES\s*\([^(){}]*\)\s*\{\s*\([^{}]*\)\s*\})", re.IGNORECASE)
_PROLOGUE_PART = re.compile(r"BASE\s*<[^>]*>|PREFIX\s*[\w.-]*:\s*<[^>]*>", re.IGNORECASE)


def bound_values(text: str) -> tuple[str, dict]:
    """A query whose outer WHERE group opens with a one-row VALUES block (a named query's parameters, as
    ``coakg query --endpoint`` sends them), as the query without the block and the block's values as
    substitutions: bound where the engine uses them first, as on the embedded store, rather than joined after
    the rest (which makes a query with a subquery many times slower). Any other query as it is, with none."""
    masked = _NOT_KEYWORDS.sub(lambda k: " " * len(k.group()), text)
    m = _LEADING_VALUES.search(masked)
    if m is None or "{" in masked[:m.start()]:  # the outer group's only, never a subquery's
        return text, {}
    prologue = " ".join(_PROLOGUE_PART.findall(text[:m.start()]))
    try:  # the block's terms as the engine reads them (an empty store answers the block alone)
        solutions = ox.Store().query(f"{prologue} SELECT * WHERE {{ {text[m.start(1):m.end(1)]} }}")
    except SyntaxError:
        return text, {}
    if not isinstance(solutions, ox.QuerySolutions):
        return text, {}
    rows = list(solutions)
    if len(rows) != 1 or any(rows[0][v] is None for v in solutions.variables):
        return text, {}
    values = {v: rows[0][v] for v in solutions.variables}
    return text[:m.start(1)] + text[m.end(1):], values


def is_update(text: str) -> bool:
    return bool(_UPDATE.match(text))


def is_federated(text: str) -> bool:
    """Whether a query asks another endpoint (SERVICE): the store's engine would fetch it from this server."""
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", text)))


def run(kg: KnowledgeGraph, text: str, accept: list[str], output: str | None, timeout: float, limit: int) -> Answer:
    """Answer one query: ``output`` a format name (json, xml, csv, tsv; ttl, nt, jsonld), else by ``accept``
    (media types, best first). Updates and federated queries (SERVICE) are refused (403); a query not done within
    ``timeout`` seconds is stopped, its work freed (503: it runs in a worker process, killed at the deadline).
    At most ``limit`` solutions or triples are sent (then ``truncated``)."""
    if is_update(text):
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    if is_federated(text):
        raise Refused(403, "this endpoint answers from its own store only: SERVICE (a federated query) is refused")
    try:
        return worker.call(kg, timeout, answer, text, accept, output, limit)
    except worker.TimeLimit:
        raise Refused(503, f"the query was stopped after {timeout:g} s (the endpoint's time limit)") from None


def answer(kg: KnowledgeGraph, text: str, accept: list[str], output: str | None, limit: int) -> Answer:
    """The answer to a query the endpoint runs (:func:`run`), written in its format: done in a worker process."""
    try:
        query, values = bound_values(text)
        try:
            result = kg.evaluate(query, values)
        except StoreError as exc:  # a value the engine cannot substitute (its variable not selected): as sent
            if "projection" not in str(exc):
                raise
            result = kg.evaluate(text)
        if isinstance(result, ox.QueryBoolean):
            fmt = _result_format(accept, output)
            return Answer(_boolean(bool(result), fmt), RESULT_FORMATS[fmt])
        solutions = isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables] if solutions else []
        items = list(itertools.islice(result, limit + 1))
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - the store's errors and Oxigraph's evaluation errors are the query's
        raise Refused(400, str(exc)) from None
    truncated = len(items) > limit
    items = items[:limit]
    if solutions:
        fmt = _result_format(accept, output)
        rows = [tuple(s[n] for n in names) for s in items]
        return Answer(_solutions(names, rows, fmt, truncated), RESULT_FORMATS[fmt], truncated)
    form = _graph_format(accept, output)
    try:
        body = serialize(items, form)
    except Exception as exc:  # noqa: BLE001 - triples a form cannot write (RDF-star terms in JSON-LD)
        raise Refused(400, f"the answer cannot be written as {form.media_type}: {exc}") from None
    if truncated and form.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):  # a comment: no triple changed
        body = f"# truncated: at most {limit} triples, the endpoint's limit\n".encode() + body
    return Answer(body, form.media_type, truncated)


RESULT_MEDIA = {"application/sparql-results+json": "json", "application/json": "json",
                "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}


def _result_format(accept: list[str], output: str | None) -> str:
    if output:
        if output not in RESULT_FORMATS:
            raise Refused(400, f"format {output!r}: expected one of {', '.join(RESULT_FORMATS)}")
        return output
    return next((RESULT_MEDIA[m] for m in accept if m in RESULT_MEDIA), "json")


def _graph_format(accept: list[str], output: str | None) -> Form:
    if output:
        if output not in GRAPH_FORMATS:
            raise Refused(400, f"format {output!r}: expected one of {', '.join(GRAPH_FORMATS)}")
        return GRAPH_FORMATS[output]
    for media in accept:
        for offered in GRAPH_FORMATS.values():
            if media == offered.media_type:
                return offered
    return GRAPH_FORMATS["ttl"]


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    head = "_askResult" if fmt == "csv" else "?_askResult"
    return f"{head}\n{str(value).lower()}\n".encode()


def _solutions(names: list[str], rows: list[tuple], fmt: str, cut: bool) -> bytes:
    """Solutions as SPARQL results; a ``cut`` answer (more solutions than sent) says so in its head, in JSON and
    XML, as a link to :data:`TRUNCATED_LINK` (CSV and TSV have no place for it: the header says so alone)."""
    links = [TRUNCATED_LINK] if cut else []
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        head = {"vars": names, "link": links} if links else {"vars": names}
        return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
               *(f"<variable name={quoteattr(n)}/>" for n in names), *(f"<link href={quoteattr(h)}/>" for h in links),
               "</head><results>"]
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                    for n, t in zip(names, row, strict=True) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(["" if t is None else t.value for t in row] for row in rows)
    else:
        buffer.write("\t".join(f"?{n}" for n in names) + "\n")
        for row in rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buffer.getvalue().encode()


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"
