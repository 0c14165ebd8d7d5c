"""The Flask application of ``coakg serve``: the site's pages, every IRI under the base dereferenced with content
negotiation, the vocabulary at its namespace's path (``/ns``, and its JSON-LD context), and the read-only SPARQL
endpoint at ``/sparql``."""

from __future__ import annotations

import gzip
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
from flask import Flask, Response, redirect, request, send_file
from werkzeug.wrappers import Response as BaseResponse

from ..derivations import served_catalogue, with_downloads
from ..downloads import download, kept
from ..errors import UnknownQuery
from ..queries import NamedQuery, available
from ..store import KnowledgeGraph
from ..text_reader import encoding_of
from . import pages, sparql, vocabulary, worker
from .links import Links, base_path
from .negotiation import BY_EXTENSION, HTML, RDF_FORMS, Form, choose, serialize, split_extension
from .site import Site
from .sources import EXTENSIONS, Sources, downloads

FORMAT, SHA256 = "http://purl.org/dc/terms/format", "https://coakg.org/ns#sha256"  # what the store says of a source
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"  # its file's name
DEFAULT_TIMEOUT = 30.0  # seconds a SPARQL query, or a named query's page, may run
DEFAULT_LIMIT = 10_000  # solutions (or triples) a SPARQL answer holds at most
SITE_PAGES = ("", "search", "code", "department", "schemes", "queries", "sparql", "static", "ns")


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    results: int = DEFAULT_LIMIT


def create_app(kg: KnowledgeGraph, limits: Limits | None = None, sources: Path | None = None) -> Flask:
    """The site of one store (opened read-only by the caller; the site never writes to it); ``sources`` a folder
    of the report files, served at their source's IRI with their extension (``{source}.pdf``)."""
    limits = limits or Limits()
    site, links, files = Site(kg), Links(kg.base), Sources(sources)
    dataset = ox.NamedNode(kg.mint.dataset())
    prefix = base_path(kg.base)
    if prefix.strip("/") in SITE_PAGES:
        raise ValueError(f"the base's path {prefix} would hide the site's own pages; "
                         "use a base with a path such as /id/")
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def page(html: str | None, status: int = 200) -> Response:
        if html is None:
            return error(404, "没有这个资源。No such resource.")
        return Response(html, status, content_type="text/html; charset=utf-8")

    def error(status: int, message: str) -> Response:
        return Response(pages.render("error.html", links, status=status, message=message), status,
                        content_type="text/html; charset=utf-8")

    def negotiated(form: Form | None, html: Callable[[], str | None], rdf: Callable[[Form], bytes]) -> Response:
        """An answer in the form the path's extension names (``form``), else in the one the Accept header prefers:
        the page ``html`` makes, or the RDF ``rdf`` writes; 406 when no form is acceptable."""
        form = form or choose(request.accept_mimetypes)
        if form is None:
            return _text(406, "acceptable: text/html, text/turtle, application/ld+json, application/n-triples")
        if form is HTML:
            response = page(html())
        else:
            response = Response(rdf(form), content_type=form.media_type + "; charset=utf-8")
        response.headers["Vary"] = "Accept"
        return response

    @app.before_request
    def see_what_load_wrote() -> None:
        site.refresh()

    @app.before_request
    def refuse_paths_outside_the_site() -> Response | None:
        raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
        if _outside(raw.split("?", 1)[0]) or _outside(request.path):
            return error(400, "这个路径不在网站内。The path leads outside the site.")
        return None

    started = secrets.token_hex(8)  # another server may answer otherwise (another coakg): a tag of its own

    def tag() -> str | None:
        """A GET's entity tag: one value while the store is unchanged, for the same request to the same server.
        None for a store in memory (what changes it is not known)."""
        if kg.mark is None:
            return None
        answered = (started, kg.mark, limits, request.full_path, request.headers.get("Accept"),
                    request.accept_encodings["gzip"] > 0)  # a kept download is sent gzipped or not
        return hashlib.sha256(repr(answered).encode()).hexdigest()[:32]

    @app.before_request
    def answer_unchanged() -> Response | None:
        """304 to a GET whose answer the client holds (its If-None-Match names it): no query run again."""
        if request.method in ("GET", "HEAD") and request.endpoint != "static":
            etag = tag()
            if etag is not None and request.if_none_match.contains_weak(etag):
                return Response(status=304, headers={"Vary": "Accept, Accept-Encoding"})
        return None

    @app.after_request
    def for_caches_and_other_sites(response: Response) -> Response:
        """Any web page may read every answer (the data is public, and no answer depends on a cookie); an answer
        to a GET may be kept a minute, and then asked for again with its tag (:func:`answer_unchanged`)."""
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, X-Coakg-Truncated"
        if request.method == "OPTIONS":  # a preflight: what a page of another site may send
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response.headers["Access-Control-Max-Age"] = "86400"
        elif request.method in ("GET", "HEAD") and response.status_code in (200, 304) and request.endpoint != "static":
            response.cache_control.public, response.cache_control.max_age = True, 60
            etag = tag()
            if etag is not None:
                response.set_etag(etag, weak=True)
        return response

    @app.errorhandler(404)
    def not_found(_: Exception) -> Response:
        return error(404, "没有这个页面。No such page.")

    @app.errorhandler(405)
    def not_allowed(_: Exception) -> Response:
        return error(405, "不支持这个方法。Method not allowed.")

    def made(render: str, *args: object) -> str | None:
        """A page ``pages.{render}(site, links, *args)`` made within the site's time limit, in a worker process
        that is stopped at the limit (:mod:`worker`): a page of a store grown past what it was made for is a
        503 (:func:`stopped`), never a request that holds a core and memory."""
        return worker.call(kg, limits.timeout, _page, render, *args)

    def within_limit(render: str, *args: object) -> Response:
        return page(made(render, *args))

    @app.errorhandler(worker.TimeLimit)
    def stopped(_: Exception) -> Response:
        return error(503, f"页面超时，已停止。The page was stopped after {limits.timeout:g} s (the time limit).")

    @app.get("/")
    def home() -> Response:
        return within_limit("home")

    @app.get("/search")
    def search() -> BaseResponse:
        q = request.args.get("q", "").strip()
        if q.isdigit() and site.has_code(q):
            return redirect(links.page("code", q))
        return within_limit("search", q) if q else redirect(links.page(""))

    @app.get("/code/<notation>")
    def code(notation: str) -> Response:
        number = request.args.get("page", "1")
        return within_limit("code", notation, None, int(number)) if number.isdigit() else page(None)

    @app.get("/department/<path:name>")
    def department(name: str) -> Response:
        return within_limit("department", name)

    @app.get("/schemes")
    def schemes() -> Response:
        return within_limit("schemes")

    def ontology() -> Response:
        """The vocabulary at its namespace's path (:mod:`vocabulary`): /ns by Accept, /ns.ttl, /ns.jsonld, /ns.nt."""
        _, form = split_extension(request.path)
        return negotiated(form, lambda: vocabulary.page(links), vocabulary.ontology)

    for path in (vocabulary.PATH, *(vocabulary.PATH + f.extension for f in RDF_FORMS)):
        app.add_url_rule(path, view_func=ontology)

    @app.get(vocabulary.CONTEXT_PATH)
    def context() -> Response:
        return Response(vocabulary.context(), content_type="application/ld+json; charset=utf-8")

    @app.get("/queries")
    def queries() -> Response:
        return page(pages.queries(links, available()))

    @app.get("/queries/<name>")
    def query(name: str) -> Response:
        q = {q.name: q for q in available()}.get(name)  # a named query only, never a file
        if q is None:
            return error(404, f"没有这个查询。No query named {name}.")
        values = {k: v for k, v in request.args.items() if k != "format"}
        fmt = request.args.get("format")
        if fmt in ("csv", "json"):
            try:
                body, media = worker.call(kg, limits.timeout, _download, q, values, fmt)
            except UnknownQuery as exc:
                return _text(400, str(exc))
            except worker.TimeLimit:
                return _text(503, f"the query was stopped after {limits.timeout:g} s (the site's time limit)")
            return Response(body, content_type=media,
                            headers={"Content-Disposition": f"attachment; filename={q.name}.{fmt}"})
        html, status = worker.call(kg, limits.timeout, _query_page, q, values)  # past the limit: stopped()
        return page(html, status)

    @app.route("/sparql", methods=["GET", "POST"])
    def endpoint() -> Response:
        if "update" in request.values or request.mimetype == "application/sparql-update":
            return _text(403, "this endpoint is read-only: SPARQL Update is refused")
        if request.mimetype == "application/sparql-query":
            text = request.get_data(as_text=True)
        else:
            text = request.values.get("query", "")
        if not text.strip():
            if request.method == "GET" and not request.args:
                return page(pages.sparql(links, limits.results, limits.timeout))
            return _text(400, "no query: give query=… (GET or a form POST) or POST application/sparql-query")
        output = request.values.get("format")
        if output == "html" or (not output and request.accept_mimetypes.best in ("text/html", "application/xhtml+xml")):
            try:  # a person at the form: the answer as a page, with the query to change
                answer = sparql.run(kg, text, ["application/sparql-results+json", "text/turtle"], None,
                                    limits.timeout, limits.results)
            except sparql.Refused as exc:
                return page(pages.sparql(links, limits.results, limits.timeout, text, problem=str(exc)), exc.status)
            return page(pages.sparql(links, limits.results, limits.timeout, text, answer))
        accept = [m for m, _ in request.accept_mimetypes]
        try:
            answer = sparql.run(kg, text, accept, output, limits.timeout, limits.results)
        except sparql.Refused as exc:
            return _text(exc.status, str(exc))
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Coakg-Truncated"] = f"at most {limits.results} results"
        return Response(answer.body, content_type=answer.media_type + "; charset=utf-8", headers=headers)

    @app.get(prefix + "<path:rest>")
    def resource(rest: str) -> Response:
        raw = (request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or quote(request.path))
        raw = raw.split("?", 1)[0]
        tail = raw[raw.find(prefix) + len(prefix):] if prefix in raw else rest
        iri = kg.base + "/".join(quote(unquote(s), safe="") for s in tail.split("/"))
        triples, form = site.describe(iri), None
        if not triples:
            stem, form = split_extension(iri)
            triples = site.describe(stem) if form else []
            iri = stem
        if not triples:
            stem, dot, extension = iri.rpartition(".")
            found = _source_file(files, site.describe(stem), stem, "." + extension) if dot else None
            if found is not None:  # a source's file, as its publisher printed it (a text: in its own encoding)
                answer = send_file(found[0], mimetype=found[1], download_name=found[0].name)
                if found[1].startswith("text/"):
                    encoding = encoding_of(found[0].read_bytes()) or "utf-8"
                    answer.headers["Content-Type"] = f"{found[1]}; charset={encoding.removesuffix('-sig')}"
                return answer
            return error(404, "没有这个资源。No such resource.")
        if iri == dataset.value:  # the catalogue as a harvester wants it: with this site's endpoint and the URLs of
            triples = served_catalogue(kg, request.url_root + "sparql")  # the source files it serves
            triples = with_downloads(triples, downloads(files, triples, str(kg.mint.source(""))))
        if form is not None and form.rdf and site.kind(triples, iri) == "report":  # {report}.ttl: its download
            gzipped = kept(kg, iri, form.rdf)  # (its whole graph), as kept with the store
            if gzipped is not None:
                return _gzipped(gzipped, form)
            try:  # else made from the store: for a large report seconds and hundreds of MB, in a worker process
                body = worker.call(kg, limits.timeout, _report_download, iri, form.extension)
            except worker.TimeLimit:
                return _text(503, f"the download was stopped after {limits.timeout:g} s (the site's time limit)")
            return negotiated(form, lambda: None, lambda rdf_form: body)
        suffix = EXTENSIONS.get(_stated(triples, iri, FORMAT) or "")  # a source's: its file may be served
        original = links.iri(iri) + suffix if suffix and _source_file(files, triples, iri, suffix) else None
        endpoint = request.url_root + "sparql" if iri == dataset.value else None
        number = request.args.get("page", "1")  # a large report's page is shown in parts
        if not number.isdigit():
            return error(404, "没有这一页。No such page.")
        return negotiated(form, lambda: made("for_resource", iri, endpoint, original, int(number)),
                          lambda rdf_form: serialize(triples, rdf_form))

    return app


def _stated(triples: list[ox.Triple], iri: str, predicate: str) -> str | None:
    """What the triples state of ``iri`` by ``predicate`` (the first value), or None."""
    subject = ox.NamedNode(iri)
    return next((t.object.value for t in triples if t.subject == subject and t.predicate.value == predicate
                 and isinstance(t.object, ox.NamedNode | ox.Literal)), None)


def _source_file(files: Sources, triples: list[ox.Triple], iri: str, extension: str) -> tuple[Path, str] | None:
    """(the file, its media type) of a source the store describes, when the site serves the sources' folder, the
    extension is its media type's, and a file there has its name and SHA-256; else None."""
    media, sha256, name = (_stated(triples, iri, p) for p in (FORMAT, SHA256, LABEL))
    if not (media and sha256 and name) or EXTENSIONS.get(media) != extension:
        return None
    path = files.find(name, sha256)
    return (path, media) if path else None


def _report_download(kg: KnowledgeGraph, iri: str, extension: str) -> bytes:
    """A report's whole graph in the RDF form of ``extension``: done in a worker process (:func:`worker.call`)."""
    form = BY_EXTENSION[extension].rdf
    assert form is not None
    return download(kg, iri, form)


def _gzipped(body: bytes, form: Form) -> Response:
    """A download kept gzipped: sent as it is to a client that accepts gzip (a twelfth to a thirtieth of the
    bytes), else unpacked."""
    headers = {"Vary": "Accept, Accept-Encoding"}
    if request.accept_encodings["gzip"] > 0:
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, content_type=form.media_type + "; charset=utf-8", headers=headers)


def _download(kg: KnowledgeGraph, q: NamedQuery, values: dict[str, str], fmt: str) -> tuple[bytes, str]:
    """A named query's answer as CSV or JSON: done in a worker process (:func:`worker.call`)."""
    return pages.download(kg.select(q, q.bind(values)), fmt)


def _page(kg: KnowledgeGraph, render: str, *args: object) -> str | None:
    """A page of the site, ``pages.{render}(site, links, *args)``: done in a worker process (:func:`worker.call`).
    A resource's page (``for_resource``) is given its IRI, the catalogue's endpoint (the catalogue's page only),
    the link to a source's file and the page asked for (of a report shown in parts); its description is read here."""
    site, links = Site(kg), Links(kg.base)
    if render == "for_resource":
        iri, endpoint, original = (None if a is None else str(a) for a in args[:3])
        triples = served_catalogue(kg, endpoint) if endpoint else site.describe(str(iri))
        return pages.for_resource(site, links, str(iri), triples, original, page=int(str(args[3])))
    return getattr(pages, render)(site, links, *args)


def _query_page(kg: KnowledgeGraph, q: NamedQuery, values: dict[str, str]) -> tuple[str, int]:
    """A named query's page: done in a worker process (:func:`worker.call`)."""
    return pages.query(Site(kg), Links(kg.base), q, values)


def _outside(path: str) -> bool:
    """Whether a request path names something outside the site: a '..' or '.' segment, a backslash or NUL,
    however many times percent-encoded."""
    for _ in range(4):
        segments = path.replace("\\", "/").split("/")
        if any(s in ("..", ".") for s in segments) or "\x00" in path:
            return True
        decoded = unquote(path)
        if decoded == path:
            return False
        path = decoded
    return True


def _text(status: int, message: str) -> Response:
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")
