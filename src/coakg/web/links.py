"""Where the site's pages and the resources' descriptions live, as links from one page to another.

The site maps each IRI under the base to a path of its own: ``{base}report/…`` is ``{base path}report/…`` (for the
default base ``https://coakg.org/id/``: ``/id/report/…``). Pages that are not resources live beside them:
``/`` (home), ``/code/{notation}``, ``/department/{name}``, ``/schemes``, ``/queries/{name}``, ``/sparql``,
``/static/…``. Paths are percent-encoded as in the IRIs.

Served, a link is the path itself. Written as files (``coakg publish --static``), a page is ``{path}.html`` and
every link is relative to the page that holds it, so that the folder works from any web server, under any
prefix, or opened from disk. One function, :func:`file_of`, names the file of a path: the site writes that file
and every link to the path is that name, percent-encoded. A static site shows the parts of a report (its figures,
tables, printed rows and columns, sums, checks, key figures: the IRIs below the report's) on the report's page,
at the anchor of the part (:meth:`Links.anchor`: ``obs/expenditure/function/2010301/expenditure-total``), with no file
of their own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import quote, unquote, urlsplit

from ..vocab import COAKG

RDF_SUFFIXES = (".ttl", ".jsonld", ".nt")
VOCABULARY = str(COAKG)  # https://coakg.org/ns#: its terms are rows of the page at the namespace's path, /ns
VOCABULARY_PATH = urlsplit(VOCABULARY).path
LONGEST_NAME = 100  # bytes of a file name's readable part: with its hash and suffix far below a file system's 255
SLASH = "\u2215"  # ∕ DIVISION SLASH: stands for a '/' inside one segment of a path (%2F in the IRI)
HASH_LENGTH = 10
_HASHED = re.compile(rf"~[0-9a-f]{{{HASH_LENGTH}}}$")
_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]")


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
    files only: links are then relative to it, and pages end in .html); ``pages`` the paths of the resources a
    static site can write (a resource with none, e.g. an IRI the graph names but does not describe, is linked by
    its IRI, as one not under the base); ``linked`` gathers the path of every link made (static files only: the
    site writes the resources its pages link to); ``wholes`` the paths of the resources whose page shows their
    parts (static files only: the reports), a part being linked to its whole's page at its anchor."""

    base: str
    static: bool = False
    here: str = "/"
    pages: Container[str] | None = None
    linked: set[str] | None = None
    wholes: frozenset[str] | None = None

    def iri_path(self, iri: str) -> str | None:
        """The site's path for an IRI under the base, or None for any other IRI."""
        if not iri.startswith(self.base):
            return None
        return base_path(self.base) + iri[len(self.base):]

    def iri_of(self, path: str) -> str | None:
        """The IRI under the base whose path on the site is ``path``, or None for a path outside the base's."""
        start = base_path(self.base)
        return self.base + path[len(start):] if path.startswith(start) else None

    def iri(self, iri: str) -> str:
        """A link to a resource: its page on this site, or the IRI itself when the site has no page for it (an http
        or https IRI only: any other, such as javascript:…, which a query's answer may hold, links nowhere); a term
        of coakg's vocabulary, its row on the site's copy of the vocabulary (``/ns#amount``), whatever the base."""
        if iri.startswith(VOCABULARY):
            return self.path(VOCABULARY_PATH) + "#" + iri[len(VOCABULARY):]
        path = self.iri_path(iri)
        if path is None or (self.pages is not None and path not in self.pages and self.whole_of(path) is None):
            return iri if urlsplit(iri).scheme in ("http", "https") else ""
        whole = self.whole_of(path)
        if whole is not None:
            return self.path(whole) + "#" + self.anchor(path, whole)
        return self.path(path)

    def whole_of(self, path: str) -> str | None:
        """The path of the resource of ``wholes`` whose page shows the resource at ``path`` (the nearest one it lies
        below), or None."""
        if self.wholes is None:
            return None
        end = path.rfind("/")
        while end > 0:
            if path[:end] in self.wholes:
                return path[:end]
            end = path.rfind("/", 0, end)
        return None

    def path(self, path: str, suffix: str | None = None) -> str:
        """A link to a site path (percent-encoded); ``suffix`` for another form than the page (e.g. .ttl)."""
        if not self.static:
            return (path or "/") + (suffix or "")
        if self.linked is not None:
            self.linked.add(path)
        return self._up + quote(file_of(path, suffix))

    @cached_property
    def _up(self) -> str:
        """The relative link from this page's file to the site's folder ('../' a folder it lies in)."""
        return "../" * file_of(self.here).count("/")

    def page(self, kind: str, name: str = "") -> str:
        return self.path(site_path(kind, name))

    def asset(self, name: str) -> str:
        return self.path("/static/" + name, suffix="")

    def at(self, here: str) -> Links:
        return Links(self.base, self.static, here, self.pages, self.linked, self.wholes)

    @staticmethod
    def anchor(part: str, whole: str) -> str:
        """The anchor of a part on its whole's page: the part's IRI (or path) below the whole's, as in the IRI
        (``obs/expenditure/function/2010301/expenditure-total`` of a figure on its report's page); '' if the part
        does not lie below the whole."""
        return part[len(whole) + 1:] if part.startswith(whole + "/") else ""


def file_of(path: str, suffix: str | None = None) -> str:
    """The file, relative to the site's folder, that a static site writes for a site path (percent-encoded as in
    the IRIs): ``.html`` unless another suffix is asked for; the home page is index.html. Each segment of the path
    is one segment of the file's name (see :func:`file_segment`), so a file lies exactly as deep as its path, never
    outside the folder, and two paths never share a file."""
    stem = path.strip("/")
    if not stem:
        return "index.html"
    return "/".join(file_segment(part) for part in stem.split("/")) + (".html" if suffix is None else suffix)


@lru_cache(maxsize=1 << 16)
def file_segment(part: str) -> str:
    """The file name of one percent-encoded segment of a path: the segment decoded (a web server decodes a request
    to find its file), when that is a plain, short name. Any other (one holding an encoded '/' or '\\', a control
    character, '', '.' or '..', over LONGEST_NAME bytes, or ending like a hashed name) is made plain ('/' and '\\' as
    SLASH, control characters left out, cut to LONGEST_NAME bytes) and ends in '~' and a hash of the segment, so
    that two segments never share a name."""
    name = unquote(part)
    if (not _UNSAFE.search(name) and name not in ("", ".", "..") and len(name.encode("utf-8")) <= LONGEST_NAME
            and not _HASHED.search(name)):
        return name
    plain = _UNSAFE.sub(lambda m: SLASH if m.group() in "/\\" else "", name).strip(".")
    short = plain.encode("utf-8")[:LONGEST_NAME].decode("utf-8", errors="ignore")
    return f"{short}~{hashlib.sha256(part.encode('utf-8')).hexdigest()[:HASH_LENGTH]}"
