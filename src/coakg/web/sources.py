"""The report files a site serves beside their descriptions (``coakg serve --sources DIR``): a source is found
under the folder by the file name the store keeps, and served only when its SHA-256 is the one the store states
(a file since changed, or another file of the same name, is not the source). Nothing outside the folder is read."""

from __future__ import annotations

import hashlib
import math
import time
from pathlib import Path

import pyoxigraph as ox

EXTENSIONS = {"application/pdf": ".pdf", "text/plain": ".txt"}  # a source's media type -> its download's extension
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"  # the catalogue's dcat:mediaType: the IANA register's
DISTRIBUTION = "http://www.w3.org/ns/dcat#Distribution"
TYPE, TITLE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://purl.org/dc/terms/title"
MEDIA_TYPE = "http://www.w3.org/ns/dcat#mediaType"


RESCAN_SECONDS = 60  # a name not found is looked for again in the folder at most this often


class Sources:
    def __init__(self, folder: Path | None):
        self.folder = folder.resolve() if folder else None
        self._proven: dict[tuple[Path, int, int], str] = {}  # (file, size, mtime) -> its SHA-256
        self._names: dict[str, list[Path]] = {}  # the folder's files by name, from its last scan
        self._scanned = -math.inf

    def find(self, name: str, sha256: str) -> Path | None:
        """The file under the folder named ``name`` whose SHA-256 is ``sha256``, or None. The folder is scanned once,
        and again (at most every RESCAN_SECONDS) when a name is not in it: a page view walks no folder."""
        if self.folder is None or not name or "/" in name or "\\" in name:
            return None
        if name not in self._names and time.monotonic() - self._scanned > RESCAN_SECONDS:
            self._scanned = time.monotonic()
            names: dict[str, list[Path]] = {}
            for path in self.folder.rglob("*"):
                names.setdefault(path.name, []).append(path)
            self._names = names
        for path in sorted(self._names.get(name, ())):
            real = path.resolve()
            if real.is_file() and real.is_relative_to(self.folder) and self._sha256(real) == sha256:
                return real
        return None

    def _sha256(self, path: Path) -> str:
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in self._proven:
            digest = hashlib.sha256()
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            self._proven[key] = digest.hexdigest()
        return self._proven[key]


def downloads(files: Sources, catalogue: list[ox.Triple], sources: str) -> dict[str, str]:
    """The URL of each source file the site serves, by the IRI of its distribution in the ``catalogue`` (a
    dcat:Distribution whose IRI is ``sources`` + its SHA-256, with its file's name as dcterms:title and its
    dcat:mediaType): the source's IRI with its extension, where the site serves the file (``{source}.pdf``). Only
    a file found in the folder with its SHA-256 is served, so only such a file has a URL (none without a folder)."""
    if files.folder is None:
        return {}
    about: dict[str, dict[str, set[str]]] = {}
    for t in catalogue:
        if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode | ox.Literal):
            continue
        subject = t.subject.value
        if subject.startswith(sources) and "/" not in subject[len(sources):]:
            about.setdefault(subject, {}).setdefault(t.predicate.value, set()).add(t.object.value)
    found = {}
    for iri, said in sorted(about.items()):
        names, media = said.get(TITLE, set()), said.get(MEDIA_TYPE, set())
        extension = EXTENSIONS.get(next(iter(media)).removeprefix(MEDIA_TYPES)) if len(media) == 1 else None
        if DISTRIBUTION in said.get(TYPE, ()) and extension and len(names) == 1 and files.find(next(iter(names)),
                                                                                              iri[len(sources):]):
            found[iri] = iri + extension
    return found
