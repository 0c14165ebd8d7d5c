"""The web layer: a site of the knowledge graph (``coakg serve``) and the same site as files (``coakg publish
--static``). It reads the store through the library only (:class:`~coakg.store.KnowledgeGraph`, opened
read-only, and the page queries of ``pages/``).

- :mod:`links`: where each page and resource lives, served or as files;
- :mod:`negotiation`: HTML or RDF (Turtle, JSON-LD, N-Triples) by extension or ``Accept``;
- :mod:`site`: the pages' data, from the page queries; :mod:`charts`: inline SVG; :mod:`pages`: rendering;
- :mod:`sparql`: the read-only SPARQL 1.1 Protocol endpoint;
- :mod:`vocabulary`: the ontology at its namespace's path (``/ns``) and the JSON-LD context;
- :mod:`app`: the Flask application; :mod:`static`: the static site.
"""
