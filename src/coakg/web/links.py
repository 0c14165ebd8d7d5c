"""Where the site's pages and the resources' descriptions live, as links from one page to another.

The site maps each IRI under the base to a path of its own: ``{base}report/…`` is ``{base path}report/…`` (for the
default base ``https://coakg.org/id/``: ``/id/report/…``). Pages that are not resources live beside them:
``/`` (home), ``/code/{notation}``, ``/department/{name}``, ``/schemes``, ``/queries/{name}``, ``/sparql``,
``/static/…``. Paths are percent-encoded as in the IRIs.

Served, a link is the path itself. Written as files (``coakg publish --static``), a page is ``{path}.html`` and
every link is relative to the page that holds it, so that the folder works from any web server, under any
prefix, or opened from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

RDF_SUFFIXES = (".ttl", ".jsonld", ".nt")


def base_path(base: str) -> str:
    """The path the site gives the IRIs under base: the base's own path (``/id/`` for https://coakg.org/id/)."""
    path = urlsplit(base).path
    return path if path.endswith("/") else path + "/"


def site_path(kind: str, name: str = "") -> str:
    """The path of a page that is not a resource: home (''), code, department, schemes, queries, sparql."""
    return "/" + kind + ("/" + quote(name, safe="") if name else "")


@dataclass(frozen=True)
class Links:
    """Links for pages of one site: ``base`` the IRIs' base; ``here`` the path of the page being written (static
    files only: links are then relative to it, and pages end in .html)."""

    base: str
    static: bool = False
    here: str = "/"

    def iri_path(self, iri: str) -> str | None:
        """The site's path for an IRI under the base, or None for any other IRI."""
        if not iri.startswith(self.base):
            return None
        return base_path(self.base) + iri[len(self.base):]

    def iri(self, iri: str) -> str:
        """A link to a resource: its page on this site, or the IRI itself when it is not under the base."""
        path = self.iri_path(iri)
        return iri if path is None else self.path(path)

    def path(self, path: str, suffix: str | None = None) -> str:
        """A link to a site path (percent-encoded); ``suffix`` for another form than the page (e.g. .ttl)."""
        if not self.static:
            return (path or "/") + (suffix or "")
        file = file_of(path, suffix)
        depth = self.here.strip("/").count("/") if self.here.strip("/") else 0
        return "../" * depth + file

    def page(self, kind: str, name: str = "") -> str:
        return self.path(site_path(kind, name))

    def asset(self, name: str) -> str:
        return self.path("/static/" + name, suffix="")

    def at(self, here: str) -> Links:
        return Links(self.base, self.static, here)


def file_of(path: str, suffix: str | None = None) -> str:
    """The file (relative to the site's folder, percent-encoded) a static site writes for a path: ``.html``
    unless another suffix is asked for; the home page is index.html."""
    stem = path.strip("/")
    if not stem:
        return "index.html"
    return stem + (".html" if suffix is None else suffix)


def disk_name(file: str) -> str:
    """The name on disk of a percent-encoded file path (web servers decode a request's path to find the file)."""
    return unquote(file)
