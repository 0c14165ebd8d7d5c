import subprocess
import sys

import pytest
from conftest import CZJ, ROOT, SEED
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import QB, RDFS, SKOS, XSD

from coakg.rdf import to_graph
from coakg.shacl import validate
from coakg.vocab import COAKG


def test_turtle_round_trip_keeps_every_observation(reports):
    report = reports[SEED.name]
    graph = to_graph(report)
    back = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, back)
    amounts = {str(back.value(o, COAKG.amount)) for o in back.subjects(QB.dataSet, None)}
    assert len(set(back.subjects(predicate=QB.dataSet))) == 578
    assert "5230.08" in amounts


@pytest.mark.slow  # pySHACL: seconds a report
def test_observations_conform_to_shape(reports):
    for name in (SEED.name, CZJ.name):
        conforms, _ = validate(to_graph(reports[name]))
        assert conforms


@pytest.mark.slow  # pySHACL: seconds a report
def test_shapes_locate_an_ill_formed_observation_slice_and_printed_row(reports):
    """Each well-formedness shape plants its error and names the node: an observation without its decimals, a
    slice without its unit, a printed row without its line (where its figures are printed)."""
    from rdflib import RDF, Literal
    from rdflib.namespace import SH

    g = to_graph(reports[SEED.name])
    obs = next(o for o in g.subjects(QB.dataSet, None) if str(o).endswith("/obs/expenditure/function/2010301/expenditure-total"))
    assert g.value(obs, COAKG.amount) == Literal("865.89", datatype=XSD.decimal)
    slice_ = g.value(predicate=QB.observation, object=obs)
    printed = g.value(obs, COAKG.inPrintedRow)
    assert (g.value(slice_, COAKG.table), COAKG.printedRow, printed) in g
    assert g.value(printed, COAKG.line) == Literal(303)  # 2010301 行政运行 865.89 865.89 0.00 …, the 支出决算表's row
    for node, p in ((obs, COAKG.decimals), (slice_, COAKG.unit), (printed, COAKG.line)):
        g.remove((node, p, None))
    conforms, results = validate(g)
    located = {(results.value(r, SH.focusNode), results.value(r, SH.resultPath)) for r in results.subjects(RDF.type, SH.ValidationResult)}
    assert not conforms
    in_row = set(g.subjects(COAKG.inPrintedRow, printed))  # each figure of the row is named too, by its link to it
    assert len(in_row) == 6 and obs in in_row
    assert located == {(obs, COAKG.decimals), (slice_, COAKG.unit), (printed, None)} | {  # the row: neither page nor line
        (o, COAKG.inPrintedRow) for o in in_row}


def test_each_figure_is_where_its_printed_row_is(reports):
    """A figure's page (PDF) or line (text) and printed name are its printed row's: the figure read from the
    report and the printed row its observation is in agree (a row of its table, of its row concept), for every
    figure of a PDF and of a text report."""
    from coakg.iris import Minter
    from coakg.rdf import report_iri

    for name, where in ((CZJ.name, COAKG.page), (SEED.name, COAKG.line)):
        report, mint = reports[name], Minter()
        g, iri = to_graph(report), report_iri(report)
        located = []
        for t in report.tables:
            for f in t.figures:
                printed = g.value(mint.observation(iri, t.kind, f.row.scheme, f.row.key, f.column), COAKG.inPrintedRow)
                assert (mint.table(iri, t.kind), COAKG.printedRow, printed) in g
                assert g.value(printed, COAKG.rowConcept) == mint.code(f.row.scheme, f.row.key, report.year)
                located.append(((f.page if where == COAKG.page else f.line, f.row.label),
                                (g.value(printed, where).toPython(), str(g.value(printed, COAKG.rowLabel)))))
        assert len(located) > 150 and all(a == b for a, b in located)


def test_codes_are_skos_with_parents(reports):
    g = to_graph(reports[SEED.name])
    code = next(g.subjects(SKOS.notation, __import__("rdflib").Literal("2010301")))
    parent = g.value(code, SKOS.broader)
    assert str(code).endswith("/code/function/2019/2010301")  # the code of the report's year
    assert str(parent).endswith("/code/function/2019/20103")
    assert (parent, SKOS.narrower, code) in g
    assert str(g.value(code, COAKG.level)) == "项"


def test_summary_class_row_links_to_class(reports):
    g = to_graph(reports[CZJ.name])
    rows = {str(g.value(o, COAKG.row)) for sl in g.subjects(COAKG.table, None)
            if str(g.value(sl, COAKG.table)).endswith("/table/summary") for o in g.objects(sl, QB.observation)}
    assert any(r.endswith("/code/function/2024/201") for r in rows)


def test_vocabulary_module_is_generated_from_ontology(tmp_path):
    subprocess.run([sys.executable, "-m", "rdflib.tools.defined_namespace_creator",
                    str(ROOT / "ontology" / "coakg.ttl"), "https://coakg.org/ns#", "COAKG"],
                   cwd=tmp_path, check=True, capture_output=True)
    terms = lambda text: [line for line in text.splitlines() if ": URIRef" in line]  # noqa: E731
    assert terms((tmp_path / "_COAKG.py").read_text()) == terms((ROOT / "src/coakg/vocab.py").read_text())


def test_shapes_are_valid_shacl():
    from pyshacl import validate as run

    for path in (ROOT / "shapes").glob("*.ttl"):
        conforms, _, text = run(Graph().parse(path), meta_shacl=True, shacl_graph=Graph().parse(path))
        assert conforms, text


def test_ontology_types_every_property_for_owl_and_says_where_terms_are_defined():
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import DCTERMS

    import coakg

    g = Graph().parse(ROOT / "ontology" / "coakg.ttl")
    ontology = URIRef(str(COAKG._NS))
    assert str(g.value(ontology, OWL.versionInfo)) == coakg.__version__
    assert g.value(ontology, DCTERMS.license) is not None
    terms = {s for s in g.subjects() if str(s).startswith(str(ontology)) and s != ontology}
    assert terms and all(g.value(t, RDFS.isDefinedBy) == ontology for t in terms)
    for p in g.subjects(RDF.type, RDF.Property):
        kinds = set(g.objects(p, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert len(kinds) == 1, p
    for p in (COAKG.rowLabel, COAKG.note):
        assert g.value(p, RDFS.range) == RDF.langString


def test_the_stored_code_list_is_the_code_list(reports):
    """What the store is given of a report's code list (N-Quads, its report-independent parts formatted once per
    process) is exactly code_list_triples, for two reports that share most codes (the second reuses the parts)."""
    import pyoxigraph as ox

    from coakg.ntriples import Terms, formatted, statements
    from coakg.rdf import code_list_nquads, code_list_triples

    graph = "<https://coakg.org/id/graph/codes>"
    for name in (SEED.name, CZJ.name):
        report = reports[name]
        stored = set(ox.parse(code_list_nquads(report, graph).encode(), format=ox.RdfFormat.N_QUADS))
        made = set(ox.parse(statements(formatted(code_list_triples(report), Terms()), graph).encode(),
                            format=ox.RdfFormat.N_QUADS))
        assert stored == made and len(made) > 800
        attested = {q for q in stored if q.predicate.value == str(COAKG.attestedBy)}
        assert attested and all(q.object.value.endswith(("/final", "/budget")) for q in attested)


def test_rows_that_are_no_code_of_their_own_are_printed_rows_never_concepts():
    """A code printed with codes of other classifications (北京), printed again for each project (#2) and scoped
    to each unit of a table of units: every concept of a classification is a real code, named by the name printed
    beside it; the printed rows tell the figures apart, and each row names every code it prints."""
    import re

    from test_layout import grid, read, report

    combined = read(grid(["支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计"], [
        ["2080201-行政运行", "50101-工资奖金津补贴", "30107-绩效工资", "121.700000"],
        ["2080201-行政运行", "50101-工资奖金津补贴", "30101-基本工资", "9.500000"],
    ]))
    projects = read(grid(["科目编码", "项目名称", "项目金额"], [
        ["2010602", "政务公开", "10.00"], ["2010602", "数据平台运维", "20.00"],
    ], title="项目支出表"), kind="project")
    units = read(grid(["单位名称", "科目编码", "科目名称", "合计"], [
        ["某局机关", "201", "一般公共服务支出", "5.00"], ["", "20101", "人大事务", "5.00"],
        ["某局中心", "201", "一般公共服务支出", "7.00"], ["", "20101", "人大事务", "7.00"],
    ], title="一般公共预算支出表"), kind="general-budget")
    g = to_graph(report(combined, projects, units))
    concepts = {c for c in g.subjects(SKOS.inScheme, None) if re.search(r"/code/[a-z-]+/2026/", str(c))}
    assert {str(c).rsplit("/", 1)[-1] for c in concepts} == {
        "2080201", "50101", "30107", "30101", "2010602", "201", "20101"}
    for c in concepts:
        notation = str(g.value(c, SKOS.notation))
        assert notation.isdigit() and str(c).endswith(notation)
    names = {str(g.value(c, SKOS.notation)): {str(g.value(n, RDFS.label)) for n in g.objects(c, COAKG.printedAs)}
             for c in concepts}
    assert names["30107"] == {"绩效工资"} and names["50101"] == {"工资奖金津补贴"} and names["2080201"] == {"行政运行"}
    assert names["2010602"] == set()  # a project's name is no name of its code
    observations = set(g.subjects(COAKG.row, None))
    assert len(observations) == 2 + 2 + 4  # every figure, each in its printed row
    printed = {row for o in observations for row in g.objects(o, COAKG.inPrintedRow)}
    assert len(printed) == len(observations)
    first = next(r for r in printed if g.value(r, COAKG.rowIndex) is not None
                 and str(g.value(r, COAKG.rowLabel)) == "行政运行")
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(first, COAKG.printsCode)} >= {"2080201", "50101"}
