"""Content negotiation: which form of a resource to send, by the path's extension or the Accept header."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept

from ..rdf import serialized


@dataclass(frozen=True)
class Form:
    extension: str
    media_type: str
    rdf: ox.RdfFormat | None  # None: the HTML page


HTML = Form(".html", "text/html", None)
RDF_FORMS = (Form(".ttl", "text/turtle", ox.RdfFormat.TURTLE),
             Form(".jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
             Form(".nt", "application/n-triples", ox.RdfFormat.N_TRIPLES))
FORMS = (HTML, *RDF_FORMS)
BY_EXTENSION = {f.extension: f for f in RDF_FORMS}
ALSO = {"application/xhtml+xml": HTML, "application/json": RDF_FORMS[1], "text/plain": RDF_FORMS[2],
        "application/x-turtle": RDF_FORMS[0]}


def split_extension(path: str) -> tuple[str, Form | None]:
    """A path without its RDF extension (.ttl, .jsonld, .nt) and the form it names, or the path and None."""
    for ext, form in BY_EXTENSION.items():
        if path.endswith(ext):
            return path[: -len(ext)], form
    return path, None


def choose(accept: MIMEAccept) -> Form | None:
    """The form the Accept header prefers (HTML when it names none, as a bare client or ``*/*`` does); None when
    it accepts none of them (406)."""
    if not accept or not list(accept.values()):
        return HTML
    offers = [f.media_type for f in FORMS] + list(ALSO)
    best = accept.best_match(offers)
    if best is None:
        return None
    return ALSO.get(best) or next(f for f in FORMS if f.media_type == best)


def serialize(triples: list[ox.Triple], form: Form) -> bytes:
    """Triples in one RDF form (:func:`coakg.rdf.serialized`): Turtle with the usual prefixes, N-Triples, or
    JSON-LD compact with coakg's context, as ``coakg extract --format jsonld`` writes it."""
    if form.rdf is None:
        raise ValueError(f"{form.media_type} is not an RDF format")
    return serialized(triples, form.rdf)

