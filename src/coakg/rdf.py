"""Build the RDF graph of a report: RDF Data Cube observations, SKOS codes, PROV provenance."""

from __future__ import annotations

from pathlib import PurePath

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, QB, SKOS, XSD

from .iris import DEFAULT_BASE, Minter
from .layout import COLUMNS
from .model import Report
from .rules import Cell, summations
from .vocab import COAKG

LEVELS = {"function": {3: "类", 5: "款", 7: "项"}, "economic": {3: "类", 5: "款"}}
SCHEME_LABELS = {
    "function": ("支出功能分类科目", "Expenditure function classification"),
    "economic": ("部门预算支出经济分类科目", "Economic classification of department expenditure"),
    "item": ("报表项目（无编码）", "Uncoded row items"),
    "column": ("报表栏目", "Table columns"),
}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in (("coakg", COAKG._NS), ("qb", QB), ("skos", SKOS), ("prov", PROV),
                       ("dcterms", DCTERMS), ("xsd", XSD)):
        graph.bind(prefix, ns)
    return graph


def report_iri(report: Report, base: str = DEFAULT_BASE) -> URIRef:
    return Minter(base).report(report.department, report.year, report.document)


def to_graph(report: Report, base: str = DEFAULT_BASE) -> Graph:
    mint = Minter(base)
    g = bind_prefixes(Graph())
    r = mint.report(report.department, report.year, report.document)
    src = mint.source(report.source.sha256)
    g.add((r, RDF.type, COAKG.Report))
    g.add((r, RDF.type, QB.DataSet))
    g.add((r, COAKG.department, Literal(report.department)))
    g.add((r, COAKG.year, Literal(report.year)))
    g.add((r, COAKG.documentType, Literal(report.document)))
    g.add((r, DCTERMS.title, Literal(f"{report.department}{report.year}年度部门{report.document}", lang="zh")))
    g.add((r, PROV.wasDerivedFrom, src))
    g.add((src, RDF.type, COAKG.SourceDocument))
    g.add((src, COAKG.sha256, Literal(report.source.sha256)))
    g.add((src, DCTERMS.format, Literal(report.source.media_type)))
    g.add((src, RDFS.label, Literal(PurePath(report.source.path).name)))
    for name, (zh, en) in SCHEME_LABELS.items():
        s = mint.scheme(name)
        g.add((s, RDF.type, SKOS.ConceptScheme))
        g.add((s, SKOS.prefLabel, Literal(zh, lang="zh")))
        g.add((s, SKOS.prefLabel, Literal(en, lang="en")))
    for table in report.tables:
        t = mint.table(r, table.kind)
        g.add((r, COAKG.hasTable, t))
        g.add((t, RDF.type, COAKG.Table))
        g.add((t, DCTERMS.title, Literal(table.title, lang="zh")))
        g.add((t, COAKG.tableKind, Literal(table.kind)))
        g.add((t, COAKG.unit, Literal(table.unit)))
        if table.page is not None:
            g.add((t, COAKG.page, Literal(table.page)))
        if table.line is not None:
            g.add((t, COAKG.line, Literal(table.line)))
        if table.note:
            g.add((t, COAKG.note, Literal(table.note, lang="zh")))
        for fig in table.figures:
            row = fig.row
            o = mint.observation(r, table.kind, row.scheme, row.key, fig.column)
            concept = mint.code(row.scheme, row.key)
            column = mint.column(fig.column)
            g.add((o, RDF.type, QB.Observation))
            g.add((o, QB.dataSet, r))
            g.add((o, COAKG.report, r))
            g.add((o, COAKG.table, t))
            g.add((o, COAKG.row, concept))
            g.add((o, COAKG.column, column))
            g.add((o, COAKG.amount, Literal(fig.value, datatype=XSD.decimal)))
            g.add((o, COAKG.decimals, Literal(fig.decimals)))
            g.add((o, COAKG.unit, Literal(table.unit)))
            g.add((o, COAKG.rowLabel, Literal(row.label, lang="zh")))
            g.add((o, PROV.wasDerivedFrom, src))
            if fig.page is not None:
                g.add((o, COAKG.page, Literal(fig.page)))
            if fig.line is not None:
                g.add((o, COAKG.line, Literal(fig.line)))
            _concept(g, mint, concept, row.scheme, row.key, row.label)
            _column(g, mint, column, fig.column)
    return g


def _concept(g: Graph, mint: Minter, concept: URIRef, scheme: str, key: str, label: str) -> None:
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.inScheme, mint.scheme(scheme)))
    g.add((concept, SKOS.notation, Literal(key)))
    if label:
        g.add((concept, SKOS.altLabel, Literal(label, lang="zh")))
    if scheme in LEVELS:
        g.add((concept, COAKG.level, Literal(LEVELS[scheme].get(len(key), "?"))))
        if len(key) > 3:
            g.add((concept, SKOS.broader, mint.code(scheme, key[:-2])))
        else:
            g.add((concept, SKOS.topConceptOf, mint.scheme(scheme)))


def _column(g: Graph, mint: Minter, column: URIRef, label: str) -> None:
    g.add((column, RDF.type, COAKG.Column))
    g.add((column, SKOS.inScheme, mint.scheme("column")))
    g.add((column, SKOS.prefLabel, Literal(label, lang="zh")))
    g.add((column, SKOS.notation, Literal(COLUMNS.get(label, label))))


def summation_graph(report: Report, base: str = DEFAULT_BASE) -> Graph:
    """The report's identities as coakg:Summation nodes: a total observation and weighted item observations.

    An item or total may name an observation that was not printed (a blank cell, an exact zero).
    """
    mint = Minter(base)
    g = bind_prefixes(Graph())
    r = mint.report(report.department, report.year, report.document)

    def obs(cell: Cell) -> URIRef:
        return mint.observation(r, cell.table, cell.scheme, cell.key, cell.column)

    for n, s in enumerate(summations(report)):
        node = URIRef(f"{r}/sum/{n}")
        g.add((node, RDF.type, COAKG.Summation))
        g.add((node, COAKG.rule, Literal(s.rule)))
        g.add((node, COAKG.report, r))
        g.add((node, COAKG.total, obs(s.total)))
        for m, (weight, cell) in enumerate(s.items):
            item = URIRef(f"{node}/{m}")
            g.add((node, COAKG.item, item))
            g.add((item, RDF.type, COAKG.SummationItem))
            g.add((item, COAKG.weight, Literal(weight)))
            g.add((item, COAKG.observation, obs(cell)))
    return g
