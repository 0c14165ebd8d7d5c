"""``coakg publish --static DIR``: the site as files for any plain web server (or opened from disk).

DIR gets ``index.html``, ``schemes.html``, ``queries.html`` and ``queries/{name}.html`` (with ``.csv`` and
``.json`` for the queries that take no parameter), ``code/{code}.html``, ``department/{name}.html``, and for each
resource under the base that a page links to, its page and its description in each RDF format, at its path:
``{base}scheme/item`` is ``id/scheme/item.html``, ``.ttl``, ``.jsonld`` and ``.nt``. A report's RDF files are its
whole graph; its parts (figures, tables, printed rows and columns, sums, checks, key figures) have no files: a link
to one opens the report's page at it (a figure's table cell). The catalogue, ``id/dataset``, is the one a server
gives harvesters, without the SPARQL endpoint a static site does not have. Every link is relative, so the folder
may be served under any prefix. File names are the paths decoded (UTF-8), as a web server looks them up, one
file-name segment for each segment of a path: an encoded '/' inside a segment, or a segment over 100 bytes, is a
plain name with a short hash (:func:`.links.file_of`, which names both the files and every link to them).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

import pyoxigraph as ox

from ..derivations import served_catalogue
from ..downloads import download
from ..errors import StoreError
from ..queries import available
from ..store import KnowledgeGraph
from . import pages, vocabulary
from .links import Links, file_of, site_path
from .negotiation import RDF_FORMS, serialize
from .site import Site


@dataclass(frozen=True)
class Written:
    pages: int
    resources: int


MARK = ".coakg-site"  # the file that marks a folder as a site coakg wrote, which a later build may replace


def write_site(kg: KnowledgeGraph, folder: Path, progress: Callable[[int], None] = lambda n: None) -> Written:
    """Write the site of the store into folder: its pages, and the resources they link to (an IRI nothing links
    to, e.g. a summation the checks test, has no file). The site is built in a new folder beside it that then takes
    its place, so an interrupted build leaves the earlier site (or none) and no file of an earlier site remains.
    A folder that holds anything but a site coakg wrote (its mark, :data:`MARK`) is refused, never replaced."""
    folder = Path(folder)
    if folder.exists() and not (folder.is_dir() and (not any(folder.iterdir()) or (folder / MARK).is_file())):
        raise StoreError(f"{folder}: holds files but no site coakg wrote (no {MARK}); write the site into a new "
                         f"folder")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".building", dir=folder.parent))
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write the site ({exc.strerror or exc})") from exc
    try:
        build.chmod(0o755)
        written = _write_files(kg, build, progress)
        if folder.exists():
            earlier = build.with_suffix(".earlier")
            folder.rename(earlier)
            build.rename(folder)
            shutil.rmtree(earlier)
        else:
            build.rename(folder)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write the site ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return written


def _write_files(kg: KnowledgeGraph, folder: Path, progress: Callable[[int], None]) -> Written:
    """Write the site's files into folder, an empty one."""
    site, linked, described = _StaticSite(kg), set[str](), _Described(kg)
    reports = {path: str(r["report"]) for r in site.reports()
               if (path := Links(kg.base).iri_path(str(r["report"]))) is not None}
    links = Links(kg.base, static=True, pages=described, linked=linked, wholes=frozenset(reports))
    count = pages_written = 0

    def write(path: str, body: str | bytes, suffix: str | None = None) -> None:
        nonlocal count, pages_written
        target = folder / file_of(path, suffix)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the site ({exc.strerror or exc})") from exc
        count += 1
        pages_written += suffix is None  # a page (.html); the others are downloads, the vocabulary's forms
        if count % 200 == 0:
            progress(count)

    (folder / MARK).write_text("a static site written by coakg publish --static; it replaces this folder\n")
    with as_file(files("coakg.web") / "static") as assets:
        shutil.copytree(assets, folder / "static", dirs_exist_ok=True)
    write("/", pages.home(site, links.at("/")))
    write(vocabulary.PATH, vocabulary.page(links.at(vocabulary.PATH)))  # the terms the pages link to, and the
    for form in RDF_FORMS:  # context the JSON-LD downloads name
        write(vocabulary.PATH, vocabulary.ontology(form), form.extension)
    write(vocabulary.CONTEXT_PATH, vocabulary.context(), "")
    write(site_path("schemes"), pages.schemes(site, links.at(site_path("schemes"))))
    named = available()
    write(site_path("queries"), pages.queries(links.at(site_path("queries")), named))
    for q in named:
        path = site_path("queries", q.name)
        html, _ = pages.query(site, links.at(path), q, {}, static=True)
        write(path, html)
        if not q.parameters:
            results = kg.select(q, {})
            for fmt in ("csv", "json"):
                write(path, pages.download(results, fmt)[0], "." + fmt)
    for name in site.departments():
        path = site_path("department", name)
        write(path, pages.department(site, links.at(path), name) or "")
    for row in site.select("notations").rows:
        path = site_path("code", str(row[0]))
        write(path, pages.code(site, links.at(path), str(row[0])) or "")
    catalogue = str(kg.mint.dataset())
    written: set[str] = set()
    resources = 0
    while waiting := sorted(linked - written):  # the resources linked, until none is new
        for path in waiting:
            written.add(path)
            if (iri := links.iri_of(path)) is None or path not in described:
                continue  # a page that is not a resource (written above), or an IRI the store does not describe
            resources += 1
            triples = served_catalogue(kg, None) if iri == catalogue else site.describe(iri)
            for form in RDF_FORMS:
                body = download(kg, iri, form.rdf) if path in reports and form.rdf else serialize(triples, form)
                write(path, body, form.extension)
            write(path, _page(site, links.at(path), iri, triples))
    progress(count)
    return Written(pages_written, resources)


def _page(site: Site, links: Links, iri: str, triples: list[ox.Triple]) -> str:
    """A resource's page, as served, but for a code of one year: its description, not its code's page, which the
    site holds once (``code/{notation}``), not again for each year."""
    if site.kind(triples, iri) == "code":
        return pages.resource(site, links, iri, triples)
    return pages.for_resource(site, links, iri, triples) or ""


class _Described:
    """The paths of the resources the store describes (an IRI under the base that is the subject of a triple), as
    the static site's ``Links.pages``: each looked up in the store once, when first linked."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg, self.links = kg, Links(kg.base)
        self._known: dict[str, bool] = {}

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        if path not in self._known:
            iri = self.links.iri_of(path)
            self._known[path] = iri is not None and next(
                self.kg.store.quads_for_pattern(ox.NamedNode(iri), None, None), None) is not None
        return self._known[path]


class _StaticSite(Site):
    """A site whose code pages hold every figure of their code (a static site has no pages of figures)."""

    def code(self, notation: str, page: int | None = None) -> dict | None:
        return super().code(notation, None)
