"""Build the RDF graph of a report: RDF Data Cube observations, SKOS codes, PROV provenance.

The builder yields triples: the report's data (:func:`report_triples`); who published it, the
period it covers and how coakg read it (:func:`description_triples`); the vocabulary it uses
(:func:`code_list_triples`: the data structure definition, codes, items, columns, schemes) and its
identities (:func:`summation_triples`). :func:`to_graph` collects them into an rdflib graph, with
the labels the derivation of :mod:`derivations` gives the report's codes; the store keeps the
vocabulary of all reports in one code-list graph and derives the labels from all of them.

Each report is a qb:DataSet with the one data structure definition of :data:`COMPONENTS`;
the report and phase are attached to the data set; the observations of one row level (类, 款, 项 or
uncoded item) of one table's column are a qb:Slice (table and column fixed, with the table's unit and a
coakg:sliceKey). Each observation states what is its own: its row, its amount as printed and its decimals,
and the printed row it is in; the Data Cube's normalization gives it the rest. Each table lists the rows and
columns it prints, in order (the rows that print figures; every column, also one printed blank throughout): each
row with its concept, printed name and source page (or line), which all its figures share; each column with its
concept and printed header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePath

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, QB, SKOS, VOID, XSD
from rdflib.term import Node

from .iris import DEFAULT_BASE, Minter
from .key_figures import key_figures
from .model import LABEL_JOIN, YUAN_PER_UNIT, Report, Table, strip_ordinal
from .ntriples import Terms, formatted, iri, literal, statements, to_rdflib
from .rules import Cell, Summation, summations
from .tables import ANY_TOTAL, catalogue
from .vocab import COAKG

Triple = tuple[URIRef, URIRef, URIRef | Literal]
NtTriple = tuple[str, str, str]  # N-Triples terms

SCHEME_LABELS = {
    **{key: (s.zh, s.en) for key, s in catalogue().schemes.items()},
    "item": ("报表项目（无编码）", "Uncoded row items"),
    "column": ("报表栏目", "Table columns"),
}
# the currency of every amount (ISO 4217)
CURRENCY = "CNY"

# The data structure definition every report shares (RDF Data Cube): each component property, its role,
# and for an attribute whether every observation has it and where it is attached when not on the
# observation itself. The six dimensions name one figure; the measure is the amount as printed. What all
# figures of a printed row share (its printed name, page or line) is stated once, by the printed row.
COMPONENTS: tuple[tuple[URIRef, URIRef, bool, URIRef | None], ...] = (
    (COAKG.report, QB.dimension, True, QB.DataSet),
    (COAKG.phase, QB.dimension, True, QB.DataSet),
    (COAKG.table, QB.dimension, True, None),
    (COAKG.row, QB.dimension, True, None),
    (COAKG.inPrintedRow, QB.dimension, True, None),
    (COAKG.column, QB.dimension, True, None),
    (COAKG.amount, QB.measure, True, None),
    (COAKG.unit, QB.attribute, True, QB.Slice),
    (COAKG.decimals, QB.attribute, True, None),
    (COAKG.yuanPerUnit, QB.attribute, True, QB.Slice),
    (COAKG.currency, QB.attribute, True, QB.DataSet),
)
# the dimensions a slice fixes: one table's column (the report and phase are fixed by the data set)
SLICE_DIMENSIONS = (COAKG.table, COAKG.column)
SLICE_KEY = "table-column"
_ROLE = {QB.dimension: QB.DimensionProperty, QB.measure: QB.MeasureProperty, QB.attribute: QB.AttributeProperty}


@lru_cache(maxsize=65536)
def _lit(value, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
    return Literal(value, lang=lang, datatype=datatype)


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("coakg", COAKG._NS), ("qb", QB), ("skos", SKOS), ("prov", PROV),
                       ("dcterms", DCTERMS), ("xsd", XSD), ("dcat", DCAT), ("void", VOID)):
        graph.bind(prefix, ns)
    return graph


def report_iri(report: Report, base: str = DEFAULT_BASE) -> URIRef:
    return Minter(base).report(report.department, report.year, report.document, report.unit_name)


def to_graph(report: Report, base: str = DEFAULT_BASE, with_summations: bool = False) -> Graph:
    """The report, its description and provenance (without times: the graph of a file is the same whenever
    it is made) and the vocabulary it uses, with the labels derived from the report's code list, as an rdflib
    graph; with its summations (the identities the checks test) if asked."""
    return reports_graph((report,), base, with_summations)


def reports_graph(reports: Sequence[Report], base: str = DEFAULT_BASE, with_summations: bool = False) -> Graph:
    """The graphs of several reports (e.g. the units' reports one file holds) as one, with the labels derived
    from their code lists together (a code the reports of a year print under two names has one prefLabel)."""
    g = bind_prefixes(Graph())
    codes: list[Triple] = []
    for report in reports:
        data = statements(report_triples(report, base))
        if with_summations:
            data += statements(summation_triples(report, base))
        for t in ox.parse(data.encode(), format=ox.RdfFormat.N_TRIPLES):
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        for t in description_triples(report, base):
            g.add(t)
        codes += code_list_triples(report, base)
    for t in codes:
        g.add(t)
    g += derived_labels(codes, base)
    return g


def derived_labels(codes: list[Triple], base: str = DEFAULT_BASE) -> Graph:
    """What the labels derivation (:mod:`derivations`) derives from a code list: preferred and alternative labels,
    narrower concepts and top concepts of schemes, cross-year matches."""
    from .derivations import LABELS, derive

    mint = Minter(base)
    code_list = Graph()
    for t in codes:
        code_list.add(t)
    store = ox.Store()
    store.load(code_list.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(mint.graph("codes")))
    derive(store, base, (LABELS,))
    labels = store.quads_for_pattern(None, None, None, ox.NamedNode(mint.graph(LABELS)))
    data = ox.serialize((q.triple for q in labels), format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def description_triples(report: Report, base: str = DEFAULT_BASE, started: datetime | None = None,
                       ended: datetime | None = None) -> Iterator[Triple]:
    """Who published the report (its department, dcterms:publisher), the period it covers (dcterms:temporal:
    its fiscal year, the calendar year) and how coakg came to hold it: the report prov:wasGeneratedBy a
    prov:Activity that used its source document and was associated with this
    version of coakg (a prov:SoftwareAgent); with the times it started and ended when given (the store
    records them; ``coakg extract`` prints none, so that its output depends on the file only)."""
    from .derivations import coakg_version

    mint = Minter(base)
    r = report_iri(report, base)
    reading, version = mint.reading(r), coakg_version()
    agent, publisher = mint.software(version), mint.department(report.department)
    yield r, DCTERMS.publisher, publisher
    yield publisher, RDF.type, PROV.Organization
    yield publisher, RDFS.label, _lit(report.department, "zh")
    period = mint.year(report.year)
    yield r, DCTERMS.temporal, period
    yield period, RDF.type, DCTERMS.PeriodOfTime
    yield period, DCAT.startDate, Literal(f"{report.year}-01-01", datatype=XSD.date)
    yield period, DCAT.endDate, Literal(f"{report.year}-12-31", datatype=XSD.date)
    yield r, PROV.wasGeneratedBy, reading
    yield reading, RDF.type, PROV.Activity
    yield reading, RDFS.label, Literal(f"coakg {version} reads {PurePath(report.source.path).name}")
    yield reading, PROV.used, mint.source(report.source.sha256)
    yield reading, PROV.wasAssociatedWith, agent
    yield agent, RDF.type, PROV.SoftwareAgent
    yield agent, RDFS.label, _lit(f"coakg {version}")
    yield agent, OWL.versionInfo, _lit(version)
    for p, when in ((PROV.startedAtTime, started), (PROV.endedAtTime, ended)):
        if when is not None:
            yield reading, p, Literal(when.isoformat(), datatype=XSD.dateTime)


def _positions(table: Table) -> tuple[dict, dict]:
    """Where each row (per half) and each column of a table is printed, from 1: rows in the order the table
    prints them, each with its first figure (where the row is printed), columns in the order of its header (then
    any column the header does not name)."""
    rows: dict = {}
    columns: dict = {}
    for column, _, half in table.headers:
        columns.setdefault((column, half), len(columns) + 1)
    counts: dict[int, int] = {}
    for fig in table.figures:
        if (fig.half, fig.row) not in rows:
            counts[fig.half] = counts.get(fig.half, 0) + 1
            rows[fig.half, fig.row] = counts[fig.half], fig
        columns.setdefault((fig.column, fig.half), len(columns) + 1)
    return rows, columns


def report_triples(report: Report, base: str = DEFAULT_BASE) -> Iterator[NtTriple]:
    """The report's data, as N-Triples terms (a report has thousands of figures: :mod:`ntriples`)."""
    mint = Minter(base)
    r_ref = report_iri(report, base)
    r, src = iri(r_ref), iri(mint.source(report.source.sha256))
    yield r, _TYPE, _NT[COAKG.Report]
    yield r, _TYPE, _NT[QB.DataSet]
    yield r, _NT[COAKG.department], literal(report.department)
    yield r, _NT[COAKG.year], _integer(report.year)
    yield r, _NT[COAKG.documentType], literal(report.document)
    yield r, _NT[COAKG.phase], literal(report.document)
    yield r, _NT[COAKG.report], r  # the report dimension, attached to the data set (as phase and currency are)
    if report.unit_name:
        yield r, _NT[COAKG.unitName], literal(report.unit_name)
    who = f"{report.department}（{report.unit_name}）" if report.unit_name else report.department
    title = f"{who}{report.year}年度{catalogue().phases[report.document].title}"
    yield r, _NT[DCTERMS.title], literal(title, "zh")
    yield r, _NT[QB.structure], iri(mint.structure())
    yield r, _NT[COAKG.currency], literal(CURRENCY)
    yield r, _NT[PROV.wasDerivedFrom], src
    yield src, _TYPE, _NT[COAKG.SourceDocument]
    yield src, _NT[COAKG.sha256], literal(report.source.sha256)
    yield src, _NT[DCTERMS.format], literal(report.source.media_type)
    yield src, _NT[RDFS.label], literal(PurePath(report.source.path).name)
    seen: set[str] = set()
    observation, dataset, table_p, row_p, in_row, column_p, amount, decimals, unit_p, page_p, line_p, member = (
        _NT[QB.Observation], _NT[QB.dataSet], _NT[COAKG.table], _NT[COAKG.row], _NT[COAKG.inPrintedRow],
        _NT[COAKG.column], _NT[COAKG.amount], _NT[COAKG.decimals], _NT[COAKG.unit], _NT[COAKG.page],
        _NT[COAKG.line], _NT[QB.observation])
    structure = iri(mint.structure(SLICE_KEY))
    rows_of: dict[tuple[str, str], str] = {}
    for table in report.tables:
        t_ref = mint.table(r_ref, table.kind)
        t = iri(t_ref)
        unit = literal(table.unit)
        yuan = _integer(YUAN_PER_UNIT[table.unit])  # a reader gives one of these units, or none is read
        yield r, _NT[COAKG.hasTable], t
        yield t, _TYPE, _NT[COAKG.Table]
        yield t, _NT[DCTERMS.title], literal(table.title, "zh")
        yield t, _NT[COAKG.tableKind], literal(table.kind)
        yield t, unit_p, unit
        if table.page is not None:
            yield t, page_p, _integer(table.page)
        if table.line is not None:
            yield t, line_p, _integer(table.line)
        if table.note:
            yield t, _NT[COAKG.note], literal(table.note, "zh")
        rows, columns = _positions(table)
        headers = {(column, half): header for column, header, half in table.headers}
        halved = any(half for _, half in columns)  # printed in halves side by side: each row and column says which
        for (column, half), n in columns.items():
            printed = iri(mint.printed_column(t_ref, n))
            yield t, _NT[COAKG.printedColumn], printed
            yield printed, column_p, iri(mint.column(column))
            yield printed, _NT[COAKG.columnIndex], _integer(n)
            if halved:
                yield printed, _NT[COAKG.half], _integer(half)
            yield printed, _NT[RDFS.label], literal(headers.get((column, half), column), "zh")
        in_order = sorted(rows.items(), key=lambda r: (r[0][0], r[1][0]))  # by half, then index
        printed_rows: dict = {}
        row_pages: dict = {}  # the page a printed row states: its first figure's
        for n, ((half, row), (index, fig)) in enumerate(in_order, start=1):
            concept = rows_of.get((row.scheme, row.key))
            if concept is None:
                scheme, code = row.concept
                concept = rows_of[row.scheme, row.key] = iri(mint.code(scheme, code, report.year))
            printed = printed_rows[half, row] = iri(mint.printed_row(t_ref, n))
            yield t, _NT[COAKG.printedRow], printed
            yield printed, _NT[COAKG.rowConcept], concept
            if row.codes:  # a row printing codes of several classifications names each
                for code, _ in row.printed_codes():
                    code_iri = mint.code(catalogue().scheme_key(code), code, report.year)
                    yield printed, _NT[COAKG.printsCode], iri(code_iri)
            yield printed, _NT[COAKG.rowLabel], _zh(row.label)
            yield printed, _NT[COAKG.rowIndex], _integer(index)
            if fig.page is not None:
                yield printed, page_p, _integer(fig.page)
                row_pages[half, row] = fig.page
            if fig.line is not None:
                yield printed, line_p, _integer(fig.line)
            if halved:
                yield printed, _NT[COAKG.half], _integer(half)
        for fig in table.figures:
            row = fig.row
            o = iri(mint.observation(r_ref, table.kind, row.scheme, row.key, fig.column))
            yield o, _TYPE, observation  # stated, not left to the normalization: `?o a qb:Observation` answers
            yield o, dataset, r
            yield o, row_p, rows_of[row.scheme, row.key]
            yield o, in_row, printed_rows[fig.half, row]
            if fig.page is not None and fig.page != row_pages.get((fig.half, row)):  # a column printed on the next
                yield o, page_p, _integer(fig.page)  # page (a table printed column-wise over two pages)
            yield o, amount, _decimal(fig.value)
            yield o, decimals, _integer(fig.decimals)
            key = slice_key(table.kind, fig.column, row.scheme, row.key)
            sl = iri(mint.slice(r_ref, key))
            yield sl, member, o
            if sl not in seen:
                seen.add(sl)
                yield r, _NT[QB.slice], sl  # which makes it a qb:Slice (the Data Cube's normalization)
                yield sl, _NT[QB.sliceStructure], structure
                yield sl, _NT[COAKG.sliceKey], literal(key)
                yield sl, table_p, t
                yield sl, column_p, iri(mint.column(fig.column))
                yield sl, unit_p, unit
                yield sl, _NT[COAKG.yuanPerUnit], yuan
    yield from key_figure_triples(report, base)
    yield from statement_triples(report, base)


def key_figure_triples(report: Report, base: str = DEFAULT_BASE) -> Iterator[NtTriple]:
    """The report's key figures (:mod:`key_figures`): each what it is, its class where given per class, its amount
    as printed and in 万元 (exact), and the observations it is read from."""
    mint = Minter(base)
    r_ref = report_iri(report, base)
    r = iri(r_ref)
    for kf in key_figures(report):
        k = iri(mint.key_figure(r_ref, kf.key, kf.code))
        yield r, _NT[COAKG.hasKeyFigure], k
        yield k, _TYPE, _NT[COAKG.KeyFigure]
        yield k, _NT[COAKG.keyName], _literal(kf.key)
        yield k, _NT[COAKG.quantity], iri(mint.key_concept(kf.key))
        if kf.code:
            yield k, _NT[COAKG.classCode], _literal(kf.code)
            yield k, _NT[COAKG.classConcept], iri(mint.code(catalogue().scheme_key(kf.code), kf.code, report.year))
        yield k, _NT[COAKG.amount], _decimal(kf.value)
        yield k, _NT[COAKG.unit], _literal(kf.unit)
        yield k, _NT[COAKG.amountWanYuan], _decimal(kf.wan_yuan)
        for cell in kf.cells:
            yield k, _NT[PROV.wasDerivedFrom], iri(mint.observation(r_ref, kf.table, cell.row.scheme, cell.row.key,
                                                                   cell.column))


def statement_triples(report: Report, base: str = DEFAULT_BASE) -> Iterator[NtTriple]:
    """What the report's prose states (:mod:`narrative`): each amount, the words that name it and its sentence, as
    printed, where it is printed, the key figure its words name (or that they name a total the tables print, which
    is no key figure), and the change on the year before it states with it."""
    if not report.statements:  # its key figures are read only where the prose states something
        return
    mint = Minter(base)
    r_ref = report_iri(report, base)
    r = iri(r_ref)
    present = {kf.key for kf in key_figures(report) if kf.code is None}
    words = catalogue().narrative_words
    for n, s in enumerate(report.statements, start=1):
        st = iri(mint.statement(r_ref, n))
        yield r, _NT[COAKG.hasStatement], st
        yield st, _TYPE, _NT[COAKG.Statement]
        yield st, _NT[COAKG.words], _zh(s.words)
        yield st, _NT[COAKG.sentence], _zh(s.text)
        yield st, _NT[COAKG.amount], _decimal(s.amount.value)
        yield st, _NT[COAKG.decimals], _integer(s.amount.decimals)
        yield st, _NT[COAKG.unit], _literal(s.amount.unit)
        if s.page is not None:
            yield st, _NT[COAKG.page], _integer(s.page)
        if s.line is not None:
            yield st, _NT[COAKG.line], _integer(s.line)
        for key in words.get(s.words, ()):
            if key in present:
                yield st, _NT[COAKG.names], iri(mint.key_figure(r_ref, key))
            elif key == ANY_TOTAL:
                yield st, _NT[COAKG.namesTotal], _TRUE
        if s.change is not None:
            c = s.change
            yield st, _NT[COAKG.change], _decimal(-c.amount.value if c.falls else c.amount.value)
            yield st, _NT[COAKG.changeDecimals], _integer(c.amount.decimals)
            yield st, _NT[COAKG.percent], _decimal(c.percent)
            yield st, _NT[COAKG.percentDecimals], _integer(c.percent_decimals)


def slice_key(kind: str, column: str, scheme: str, key: str) -> str:
    """The slice an observation belongs to: its table kind, column and row level (类, 款, 项 or item), e.g.
    expenditure/expenditure-total/类. Queries across many reports start from a slice key."""
    level = catalogue().level(scheme, key)
    return f"{kind}/{Minter.column_slug(column)}/{level}"


def code_list_triples(report: Report, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """The report's part of the code list, the vocabulary its observations use: the data structure
    definition; the schemes; each row concept, a member of the row code list; each column.

    A code of a classification is a concept of that classification's scheme of the report's year (with its
    level, its parent, or as a top concept of the scheme, and coakg:withinCode for itself and every code above
    it) and the name the report prints it with (list numbering such as 一、 removed) is a coakg:PrintedName
    attested by the report; its preferred and alternative labels are derived from the names all reports of
    the year print (:mod:`derivations`). An uncoded item is a top concept of its own
    year-independent scheme, named by its key."""
    parts, names = _code_list(report, base)
    for make, args in parts:
        yield from make(*args)
    r = report_iri(report, base)
    for name in names:
        yield name, COAKG.attestedBy, r


def code_list_nquads(report: Report, graph: str, base: str = DEFAULT_BASE) -> str:
    """The triples of :func:`code_list_triples` as N-Quads of ``graph`` (an N-Triples term). A part of the code
    list that does not depend on the report (a concept, a column, a scheme) is formatted once per process: the
    reports of a load print mostly the same codes."""
    parts, names = _code_list(report, base)
    r = iri(report_iri(report, base))
    attested = _NT[COAKG.attestedBy]
    return "".join([*(_part_nquads(make, args, graph) for make, args in parts),
                    *(f"{iri(name)} {attested} {r} {graph} .\n" for name in names)])


@lru_cache(maxsize=1 << 14)
def _part_nquads(make, args: tuple, graph: str) -> str:
    return statements(formatted(make(*args), Terms()), graph)


Part = tuple[Callable[..., tuple[Triple, ...]], tuple]  # a function that makes a part of a code list, and its arguments


def _code_list(report: Report, base: str) -> tuple[list[Part], list[URIRef]]:
    """The report's code list (:func:`code_list_triples`) as parts that do not depend on the report, and the
    printed names the report attests."""
    parts: list[Part] = [(_structure, (base,)), (_key_figure_concepts, (base,))]
    names: list[URIRef] = []
    classifications = catalogue().schemes
    seen: set = set()
    for table in report.tables:
        names_codes = catalogue().kind(table.kind).names_codes  # else its rows name projects, not their codes
        for fig in table.figures:
            row = fig.row
            if fig.column not in seen:
                if not seen:
                    parts.append((_scheme_part, (base, "column", None)))
                seen.add(fig.column)
                parts.append((_column_part, (base, fig.column)))
            if (names_codes, row.scheme, row.key, row.label) in seen:
                continue
            seen.add((names_codes, row.scheme, row.key, row.label))
            coded = [(catalogue().scheme_key(code), code, name if names_codes else "")
                     for code, name in row.printed_codes()]
            for scheme, key, name in coded or [(*row.concept, row.label)]:
                if ("scheme", scheme) not in seen:  # the scheme, with the report's first concept of it
                    seen.add(("scheme", scheme))
                    parts.append((_scheme_part, (base, scheme, report.year if scheme in classifications else None)))
                plain = "" if LABEL_JOIN in name else strip_ordinal(name)  # unit｜project names no code
                if ("concept", scheme, key, plain) in seen:
                    continue
                seen.add(("concept", scheme, key, plain))
                parts.append((_concept_part, (base, scheme, key, report.year, plain)))
                if scheme in classifications and plain:
                    names.append(_printed_name(base, scheme, key, report.year, plain))
    return parts, names



@lru_cache(maxsize=1 << 14)
def _concept_part(base: str, scheme_key: str, key: str, year: int, plain: str) -> tuple[Triple, ...]:
    """A row concept: a code of a classification of the year, with the name printed (coakg:PrintedName, which
    reports attest), or an uncoded item (a top concept of its own scheme, named by its key)."""
    mint = Minter(base)
    concept = mint.code(scheme_key, key, year)
    out: list[Triple] = [(mint.collection("row"), SKOS.member, concept)]
    if scheme_key not in catalogue().schemes:
        scheme = mint.scheme(scheme_key)
        out += [(concept, RDF.type, SKOS.Concept), (concept, SKOS.notation, _lit(key)),
                (concept, SKOS.inScheme, scheme), (concept, SKOS.topConceptOf, scheme),
                (concept, SKOS.prefLabel, _lit(key.rsplit("/", 1)[-1], "zh"))]
        return tuple(out)
    scheme = mint.scheme(scheme_key, year)
    levels = catalogue().schemes[scheme_key].levels
    out += [(concept, RDF.type, SKOS.Concept), (concept, SKOS.notation, _lit(key)), (concept, SKOS.inScheme, scheme),
            (concept, COAKG.level, _lit(levels[len(key)]))]
    if len(key) in catalogue().schemes[scheme_key].local:
        out.append((concept, COAKG.publisherLevel, Literal(True)))
    out.append((concept, SKOS.broader, mint.code(scheme_key, key[:-2], year)) if len(key) > 3
               else (concept, SKOS.topConceptOf, scheme))
    out += [(concept, COAKG.withinCode, _lit(key[:end])) for end in range(3, len(key) + 1, 2)]
    if plain:
        name = _printed_name(base, scheme_key, key, year, plain)
        out += [(concept, COAKG.printedAs, name), (name, RDF.type, COAKG.PrintedName),
                (name, RDFS.label, _lit(plain, "zh"))]
    return tuple(out)


@lru_cache(maxsize=4)
def _key_figure_concepts(base: str) -> tuple[Triple, ...]:
    """What each key figure of the catalogue is: a concept of the key-figure scheme, named in Chinese and English."""
    mint = Minter(base)
    scheme = mint.scheme("key-figure")
    out: list[Triple] = [(scheme, RDF.type, SKOS.ConceptScheme), (scheme, SKOS.prefLabel, _lit("关键数据", "zh")),
                         (scheme, SKOS.prefLabel, _lit("Key figures of a report", "en"))]
    for spec in catalogue().key_figures:
        c = mint.key_concept(spec.key)
        out += [(c, RDF.type, SKOS.Concept), (c, SKOS.inScheme, scheme), (c, SKOS.topConceptOf, scheme),
                (c, SKOS.notation, _lit(spec.key)), (c, SKOS.prefLabel, _lit(spec.zh, "zh")),
                (c, SKOS.prefLabel, _lit(spec.en, "en"))]
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _printed_name(base: str, scheme_key: str, key: str, year: int, plain: str) -> URIRef:
    mint = Minter(base)
    return mint.printed_name(mint.code(scheme_key, key, year), plain)


@lru_cache(maxsize=1 << 12)
def _scheme_part(base: str, name: str, year: int | None) -> tuple[Triple, ...]:
    return tuple(_scheme(Minter(base), name, year))


@lru_cache(maxsize=1 << 12)
def _column_part(base: str, label: str) -> tuple[Triple, ...]:
    return tuple(_column(Minter(base), label))


def _scheme(mint: Minter, name: str, year: int | None = None) -> Iterator[Triple]:
    """A scheme; for a classification (with the year) the classification and its code list of the year, a
    version of it."""
    zh, en = SCHEME_LABELS[name]
    whole = mint.scheme(name)
    yield whole, RDF.type, COAKG.Classification if year is not None else SKOS.ConceptScheme
    yield whole, SKOS.prefLabel, _lit(zh, "zh")
    yield whole, SKOS.prefLabel, _lit(en, "en")
    if year is None:
        return
    s = mint.scheme(name, year)
    yield s, RDF.type, SKOS.ConceptScheme
    yield s, SKOS.prefLabel, _lit(f"{zh}（{year}年）", "zh")
    yield s, SKOS.prefLabel, _lit(f"{en} ({year})", "en")
    yield s, COAKG.year, _lit(year)
    yield s, DCTERMS.isVersionOf, whole
    yield whole, DCTERMS.hasVersion, s


def structure_triples(base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """The data structure definition of every report (:data:`COMPONENTS`), its slice key, and what the
    RDF Data Cube needs to know of each component property: its role, its range (from the ontology) and,
    for a coded dimension, its code list: the collection of row concepts of every scheme (rows are codes of
    several classifications, or uncoded items), and the column scheme."""
    mint = Minter(base)
    dsd, key = mint.structure(), mint.structure(SLICE_KEY)
    code_lists = {COAKG.row: mint.collection("row"), COAKG.column: mint.scheme("column")}
    ranges = _ranges()
    yield dsd, RDF.type, QB.DataStructureDefinition
    yield dsd, RDFS.label, _lit("部门预算、决算报表", "zh")
    yield dsd, RDFS.label, _lit("Department budget and final-account tables", "en")
    yield dsd, QB.sliceKey, key
    yield key, RDF.type, QB.SliceKey
    yield key, RDFS.label, _lit("一张报表的一栏", "zh")
    yield key, RDFS.label, _lit("One table's column", "en")
    for p in SLICE_DIMENSIONS:
        yield key, QB.componentProperty, p
    for order, (p, role, required, attachment) in enumerate(COMPONENTS, start=1):
        spec = mint.structure(p.split("#")[-1])
        yield dsd, QB.component, spec
        yield spec, RDF.type, QB.ComponentSpecification
        yield spec, role, p
        yield spec, QB.order, _lit(order)
        if role == QB.attribute:
            yield spec, QB.componentRequired, _lit(required)
        if attachment is not None:
            yield spec, QB.componentAttachment, attachment
        yield p, RDF.type, RDF.Property
        yield p, RDF.type, QB.ComponentProperty
        yield p, RDF.type, _ROLE[role]
        yield p, RDFS.range, ranges[p]
        if p in code_lists:
            yield p, RDF.type, QB.CodedProperty
            yield p, QB.codeList, code_lists[p]
    rows = code_lists[COAKG.row]
    yield rows, RDF.type, SKOS.Collection
    yield rows, SKOS.prefLabel, _lit("报表行", "zh")
    yield rows, SKOS.prefLabel, _lit("Table rows: codes of every classification and uncoded items", "en")


@lru_cache(maxsize=4)
def _structure(base: str) -> tuple[Triple, ...]:
    return tuple(structure_triples(base))


@lru_cache(maxsize=1)
def _ranges() -> dict[Node, URIRef]:
    """The rdfs:range of every component property, as the ontology declares it."""
    from importlib.resources import files

    ontology = Graph().parse(data=(files("coakg") / "data" / "ontology" / "coakg.ttl").read_text(encoding="utf-8"),
                             format="turtle")
    return {p: URIRef(str(o)) for p, _, _, _ in COMPONENTS for o in ontology.objects(p, RDFS.range)}


@lru_cache(maxsize=1)
def jsonld_context() -> dict:
    """The JSON-LD @context coakg publishes (ontology/context.jsonld): prefixes and terms for the common
    properties, amounts typed xsd:decimal."""
    import json
    from importlib.resources import files

    return json.loads((files("coakg") / "data" / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def compact_jsonld(graph: Graph) -> str:
    """The graph as compact JSON-LD with :func:`jsonld_context` embedded: short terms (``amount``, ``prefLabel``),
    one node per subject, the figures as the strings printed. ``coakg extract --format jsonld`` writes it, and
    ``coakg serve`` and the static site send it.

    The context is embedded, not referenced by its URL (``/context.jsonld``, where the server also serves it): a
    JSON-LD processor then expands the document without fetching anything, so it reads the same offline, from a
    static site opened from disk and from a server whose base is not coakg.org (a referenced context would name one
    host, which the client may not reach). It costs about 5 KB a document."""
    return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)


# the vocabularies the graph uses: Turtle declares them, pages name terms by them (coakg:amount)
PREFIXES = {"coakg": "https://coakg.org/ns#", "qb": "http://purl.org/linked-data/cube#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
            "prov": "http://www.w3.org/ns/prov#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "sh": "http://www.w3.org/ns/shacl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dcat": "http://www.w3.org/ns/dcat#",
            "void": "http://rdfs.org/ns/void#", "foaf": "http://xmlns.com/foaf/0.1/",
            "owl": "http://www.w3.org/2002/07/owl#"}


def serialized(triples: Sequence[ox.Triple], form: ox.RdfFormat) -> bytes:
    """Triples as one RDF document: Turtle with :data:`PREFIXES`, N-Triples, or JSON-LD compact with coakg's
    context (:func:`compact_jsonld`)."""
    if form == ox.RdfFormat.JSON_LD:  # each term made once; a store without contexts: a third faster
        term = lru_cache(maxsize=None)(to_rdflib)
        graph = Graph(store="SimpleMemory")
        for t in triples:
            graph.add((term(t.subject), term(t.predicate), term(t.object)))
        return compact_jsonld(graph).encode("utf-8")
    if form == ox.RdfFormat.N_TRIPLES:
        return ox.serialize(triples, format=form) or b""
    return ox.serialize(triples, format=form, prefixes=PREFIXES) or b""


def _column(mint: Minter, label: str) -> Iterator[Triple]:
    column = mint.column(label)
    yield column, RDF.type, COAKG.Column
    yield column, RDF.type, SKOS.Concept
    yield column, SKOS.inScheme, mint.scheme("column")
    yield column, SKOS.topConceptOf, mint.scheme("column")
    yield column, SKOS.prefLabel, _lit(label, "zh")
    yield column, SKOS.notation, _lit(catalogue().slug(label) or label)


def summation_triples(report: Report, base: str = DEFAULT_BASE,
                      sums: list[Summation] | None = None) -> Iterator[NtTriple]:
    """The report's identities as coakg:Summation nodes (the domain of coakg:total types them): a total
    observation, and the observations added (coakg:adds) and taken away (coakg:subtracts), as N-Triples terms.

    An item or total may name an observation that was not printed (a blank cell, an exact zero).
    ``sums`` are the report's summations if already expanded (:func:`rules.summations`).
    """
    mint = Minter(base)
    r_ref = report_iri(report, base)
    r = iri(r_ref)
    obs: dict[Cell, str] = {}

    def observation(cell: Cell) -> str:
        if cell not in obs:
            obs[cell] = iri(mint.observation(r_ref, cell.table, cell.scheme, cell.key, cell.column))
        return obs[cell]

    rule_p, report_p, total_p = _NT[COAKG.rule], _NT[COAKG.report], _NT[COAKG.total]
    sign = {1: _NT[COAKG.adds], -1: _NT[COAKG.subtracts]}
    for n, s in enumerate(summations(report) if sums is None else sums):
        node = iri(mint.summation(r_ref, n))
        yield node, rule_p, _literal(s.rule)
        yield node, report_p, r
        yield node, total_p, observation(s.total)
        for weight, cell in s.items:
            yield node, sign[weight], observation(cell)


_NT = Terms()  # the vocabulary's predicates and classes
_TYPE = _NT[RDF.type]
_XSD_DECIMAL, _XSD_INTEGER = str(XSD.decimal), str(XSD.integer)
_TRUE = f'"true"^^<{XSD.boolean}>'


def _decimal(value: Decimal) -> str:
    return f'"{value:f}"^^<{_XSD_DECIMAL}>'  # xsd:decimal has no exponent: 0E-6 is 0.000000


@lru_cache(maxsize=4096)
def _integer(value: int) -> str:
    return f'"{value}"^^<{_XSD_INTEGER}>'


@lru_cache(maxsize=65536)
def _zh(value: str) -> str:
    return literal(value, "zh")


@lru_cache(maxsize=1024)
def _literal(value: str) -> str:
    return literal(value)
