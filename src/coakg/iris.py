"""The one place that mints coakg IRIs. Patterns (under a configurable base):

- report       {base}report/{department}[/{unit}]/{year}/{final|budget}
- table        {report}/table/{kind}
- observation  {report}/obs/{kind}/{scheme}/{row key}/{column}
- slice        {report}/slice/{kind}/{column}/{level} (a qb:Slice: one table's column, one row level: 类, 款, 项
               or item)
- key figure   {report}/key/{key}[/{class}] (a report-level figure: income-total, class-expenditure/201 …); what it
               is: {base}key-figure/{key}, in the scheme {base}scheme/key-figure
- printed row  {table}/row/{n}, printed column {table}/column/{n} (in the order the table prints them)
- structure    {base}structure/report (the data structure definition of every report), its parts
               {base}structure/report/{part} (component specifications, the slice key)
- code         {base}code/{scheme}/{year}/{key} for a code of a classification (function, economic,
               government-economic: one concept per year, as the classification is revised every year);
               {base}code/item/{key} for an uncoded item (any year)
- scheme       {base}scheme/{scheme}/{year} (a classification's code list of one year, a skos:ConceptScheme),
               {base}scheme/{scheme} (the classification itself, of which the year's schemes are versions; the
               item, column and key-figure schemes)
- collection   {base}collection/row (the row concepts of every scheme: the code list of coakg:row)
- column       {base}column/{slug}
- source       {base}source/{sha256}
- summation    {report}/sum/{n} (an identity the checks test)
- checks       {report}/checks (graph and sh:ValidationReport; results {report}/checks/{n})
- code name    {code}/name/{label}
- graph        {base}graph/{name}: the code list (codes), the labels and cross-year matches derived from all
               reports (labels), the dataset description (catalogue), where each file was published, as loads
               state it (publication)
- dataset      {base}dataset: the whole store as a dcat:Catalog and void:Dataset; its publisher {base}publisher
               (a foaf:Agent: whoever publishes the store with coakg)
- distribution {report}/distribution/{ttl|nt|jsonld}: the report in an RDF form the site serves at
               {report}.{ttl|nt|jsonld} (its dcat:accessURL); the source file's checksum {source}/checksum
               (minted by derivations/catalogue.ru)
- department   {base}department/{department}: a publisher (dcterms:publisher of its reports)
- year         {base}year/{year}: a fiscal year as a dcterms:PeriodOfTime (dcterms:temporal of its reports)
- reading      {report}/reading: the prov:Activity in which coakg read the report's source
- software     {base}software/coakg/{version}: coakg as a prov:SoftwareAgent
- staging      {report}/staging/{report|checks|codes}: written by coakg 0.1 while replacing a report; a store
               opened for writing removes any it finds (see store.KnowledgeGraph)
Non-ASCII parts (department names, item labels) are percent-encoded UTF-8.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote as _quote

from rdflib import URIRef

from .tables import catalogue

DEFAULT_BASE = "https://coakg.org/id/"
STAGING_PARTS = ("report", "checks", "codes")


@lru_cache(maxsize=1 << 16)
def quote(part: str, safe: str = "") -> str:
    """A part of an IRI, percent-encoded (remembered: a report repeats its codes, columns and names)."""
    return _quote(part, safe=safe)


class Minter:
    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(p, safe="") for p in parts))

    def report(self, department: str, year: int, document: str, unit: str | None = None) -> URIRef:
        phase = catalogue().phases[document].slug if document in catalogue().phases else document
        if unit:
            return self._iri("report", department, unit, str(year), phase)
        return self._iri("report", department, str(year), phase)

    def table(self, report: URIRef, kind: str) -> URIRef:
        return URIRef(f"{report}/table/{quote(kind, safe='')}")

    def observation(self, report: URIRef, kind: str, scheme: str, key: str, column: str) -> URIRef:
        return URIRef(f"{report}/obs/{quote(kind, safe='')}/{scheme}/{quote(key, safe='')}/{self.column_slug(column)}")

    def key_figure(self, report: URIRef, key: str, code: str | None = None) -> URIRef:
        """A key figure of the report ({report}/key/{key}, per class {report}/key/{key}/{class})."""
        return URIRef(f"{report}/key/{quote(key, safe='')}" + (f"/{code}" if code else ""))

    def key_concept(self, key: str) -> URIRef:
        """What a key figure is: a concept of the key-figure scheme."""
        return self._iri("key-figure", key)

    def printed_row(self, table: URIRef, n: int) -> URIRef:
        """The nth row the table prints (its first half's rows first, for a table printed in halves)."""
        return URIRef(f"{table}/row/{n}")

    def printed_column(self, table: URIRef, n: int) -> URIRef:
        """The nth column of figures the table prints."""
        return URIRef(f"{table}/column/{n}")

    def slice(self, report: URIRef, key: str) -> URIRef:
        """The qb:Slice of a slice key (kind/column/level): one row level of one table's column."""
        return URIRef(f"{report}/slice/{quote(key, safe='/')}")

    def structure(self, part: str | None = None) -> URIRef:
        """The data structure definition every report has (qb:structure), or one of its parts."""
        return self._iri("structure", "report", *((part,) if part else ()))

    def code(self, scheme: str, key: str, year: int) -> URIRef:
        """The row concept: a classification's code of one year, or an uncoded item (of any year)."""
        if scheme in catalogue().schemes:
            return self._iri("code", scheme, str(year), key)
        return self._iri("code", scheme, key)

    def scheme(self, name: str, year: int | None = None) -> URIRef:
        """A scheme; with a year, that year's version of a classification."""
        return self._iri("scheme", name, *((str(year),) if year is not None else ()))

    def collection(self, name: str) -> URIRef:
        return self._iri("collection", name)

    def column(self, label: str) -> URIRef:
        return URIRef(f"{self.base}column/{self.column_slug(label)}")

    @staticmethod
    def column_slug(label: str) -> str:
        return catalogue().slug(label) or quote(label, safe="")

    def source(self, sha256: str) -> URIRef:
        return self._iri("source", sha256)

    def checks(self, report: URIRef) -> URIRef:
        """The graph, and the sh:ValidationReport, of a report's check results; results are {checks}/{n}."""
        return URIRef(f"{report}/checks")

    def summation(self, report: URIRef, n: int) -> URIRef:
        """The report's nth identity (coakg:Summation)."""
        return URIRef(f"{report}/sum/{n}")

    def statement(self, report: URIRef, n: int) -> URIRef:
        """The nth amount the report's prose states (coakg:Statement), counted from 1."""
        return URIRef(f"{report}/statement/{n}")

    def check_result(self, report: URIRef, n: int) -> URIRef:
        """The report's nth check result (sh:ValidationResult)."""
        return URIRef(f"{self.checks(report)}/{n}")

    def printed_name(self, code: URIRef, label: str) -> URIRef:
        return URIRef(f"{code}/name/{quote(label, safe='')}")

    def graph(self, name: str) -> URIRef:
        """A graph of the store that is not one report's: the code list ("codes"), the derived labels
        ("labels") and dataset description ("catalogue")."""
        return self._iri("graph", name)

    def dataset(self) -> URIRef:
        """The whole store: a dcat:Catalog of its reports and a void:Dataset."""
        return self._iri("dataset")

    def department(self, name: str) -> URIRef:
        return self._iri("department", name)

    def year(self, year: int) -> URIRef:
        return self._iri("year", str(year))

    def reading(self, report: URIRef) -> URIRef:
        """The prov:Activity in which coakg read the report from its source."""
        return URIRef(f"{report}/reading")

    def software(self, version: str) -> URIRef:
        return self._iri("software", "coakg", version)

    def derivation_prefixes(self) -> dict[str, str]:
        """The prefixes a derivation (a SPARQL update of coakg/data/derivations) names the store's own
        resources with: ``graph:codes`` is :meth:`graph` ("codes"), ``id:dataset`` is :meth:`dataset`."""
        return {"id": self.base, "graph": str(self.graph("x"))[:-1]}

    @staticmethod
    def is_staging(graph: str) -> bool:
        """Whether a graph is one that coakg 0.1 staged a replacement in ({report}/staging/{part}): a load
        killed at the wrong moment left these behind, and queries read them."""
        head, sep, part = graph.rpartition("/staging/")
        return bool(sep) and part in STAGING_PARTS and "/report/" in head


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def iri_problem(text: str) -> str | None:
    """Why text is not an absolute IRI (RFC 3987: a scheme, and no space, control character or <>"{}|\\^`),
    or None when it is one."""
    if not _SCHEME.match(text):
        return "an absolute IRI, starting with a scheme such as https:"
    bad = _NOT_IN_IRI.search(text)
    if bad:
        return f"an IRI without spaces, control characters or <>\"{{}}|\\^` (found {bad.group()!r} at {bad.start()})"
    return None
