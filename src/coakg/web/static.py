"""``coakg publish --static DIR``: the site as files for any plain web server (or opened from disk).

DIR gets ``index.html``, ``schemes.html``, ``queries.html`` and ``queries/{name}.html`` (with ``.csv`` and
``.json`` for the queries that take no parameter), ``code/{code}.html``, ``department/{name}.html``, and for every
resource under the base its page and its description in each RDF format, at its path: ``{base}report/x`` is
``id/report/x.html``, ``.ttl``, ``.jsonld`` and ``.nt``. Every link is relative, so the folder may be served under
any prefix. File names are the paths decoded (UTF-8), as a web server looks them up, one file-name segment for
each segment of a path: an encoded '/' inside a segment, or a segment over 100 bytes, is a plain name with a short
hash (:func:`.links.file_of`, which names both the files and every link to them).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from ..queries import available
from ..store import KnowledgeGraph
from . import pages
from .links import Links, file_of, site_path
from .negotiation import RDF_FORMS, serialize
from .site import Site

LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title"}


@dataclass(frozen=True)
class Written:
    pages: int
    resources: int


def write_site(kg: KnowledgeGraph, folder: Path, progress: Callable[[int], None] = lambda n: None) -> Written:
    """Write the site of the store into folder: its pages, and the resources they link to (an IRI nothing links
    to, e.g. a summation the checks test, has no file). The site is built in a new folder beside it that then takes
    its place, so an interrupted build leaves the earlier site (or none) and no file of an earlier site remains.
    A folder that holds anything but a site (no index.html) is refused, never replaced."""
    folder = Path(folder)
    if folder.exists() and not (folder.is_dir() and (not any(folder.iterdir()) or (folder / "index.html").is_file())):
        raise StoreError(f"{folder}: holds files but no site (no index.html); write the site into a new folder")
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
    about, labels = _subjects(kg)
    resources = {path: iri for iri in sorted(about) if (path := Links(kg.base).iri_path(iri)) is not None}
    linked: set[str] = set()
    site, links = _OnceSite(kg), Links(kg.base, static=True, pages=frozenset(resources), linked=linked)
    count = 0

    def write(path: str, body: str | bytes, suffix: str | None = None) -> None:
        nonlocal count
        target = folder / file_of(path, suffix)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        except OSError as exc:
            raise StoreError(f"{target}: cannot write the site ({exc.strerror or exc})") from exc
        count += 1
        if count % 200 == 0:
            progress(count)

    with as_file(files("coakg.web") / "static") as assets:
        shutil.copytree(assets, folder / "static", dirs_exist_ok=True)
    write("/", pages.home(site, links.at("/")))
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
    written: set[str] = set()
    while waiting := sorted(linked.intersection(resources) - written):  # the resources linked, until none is new
        for path in waiting:
            iri, triples = resources[path], _description(resources[path], about, labels)
            for form in RDF_FORMS:
                write(path, serialize(triples, form), form.extension)
            write(path, pages.for_resource(site, links.at(path), iri, triples) or "")
            written.add(path)
    progress(count)
    return Written(count - len(written) * len(RDF_FORMS), len(written))


class _OnceSite(Site):
    """A site whose code pages are read once: a code's page and each of its concepts' pages show the same data,
    every figure on one page (a static site has no pages of figures)."""

    def __init__(self, kg: KnowledgeGraph):
        super().__init__(kg)
        self._codes: dict[str, dict | None] = {}

    def code(self, notation: str, page: int | None = None) -> dict | None:
        if notation not in self._codes:
            self._codes[notation] = super().code(notation, None)
        return self._codes[notation]


def _subjects(kg: KnowledgeGraph) -> tuple[dict[str, list[ox.Triple]], dict[str, list[ox.Triple]]]:
    """Every subject IRI of the store with its triples in any graph, and with its labels, read in one pass."""
    about: dict[str, list[ox.Triple]] = defaultdict(list)
    labels: dict[str, list[ox.Triple]] = defaultdict(list)
    for _, triples in kg.graphs():
        for t in triples:
            if isinstance(t.subject, ox.NamedNode):
                about[t.subject.value].append(t)
                if t.predicate.value in LABELS:
                    labels[t.subject.value].append(t)
    return about, labels


def _description(iri: str, about: dict[str, list[ox.Triple]], labels: dict[str, list[ox.Triple]]) -> list[ox.Triple]:
    """An IRI's description as the page query describe.rq gives it: its triples in any graph, and the labels of
    what it points to."""
    triples = about[iri]
    seen = set(triples)
    linked = [label for t in triples if isinstance(t.object, ox.NamedNode)
              for label in labels.get(t.object.value, ()) if label not in seen]
    return list(dict.fromkeys(triples + linked))
