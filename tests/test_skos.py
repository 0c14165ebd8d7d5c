"""SKOS code lists per year (labels and cross-year matches derived from every report) and the dataset
description (DCAT, VoID, PROV), on the graphs of real reports and on a store of them."""

from collections import Counter
from dataclasses import replace
from importlib.metadata import version

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import ALL, CZJ, EXAMPLE, GHZY, SEED, SGB
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, SKOS, VOID, XSD

from coakg.iris import Minter
from coakg.loading import add_report, load_files
from coakg.model import Source
from coakg.rdf import to_graph
from coakg.reader import read_file
from coakg.store import KnowledgeGraph
from coakg.vocab import COAKG

mint = Minter()


def skos_problems(g: Graph) -> list[str]:
    """What keeps a graph's code lists from being usable SKOS: a concept without exactly one preferred label in
    Chinese (or with two in any language), a scheme without top concepts (both ways, the same ones), skos:broader
    and skos:narrower not each other's inverse, a cycle of skos:broader."""
    problems = []
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    for c in concepts:
        languages = Counter(label.language for label in g.objects(c, SKOS.prefLabel))
        if languages.get("zh") != 1 or max(languages.values()) != 1:
            problems.append(f"{c}: prefLabels {dict(languages)}")
        if not any((s, RDF.type, SKOS.ConceptScheme) in g for s in g.objects(c, SKOS.inScheme)):
            problems.append(f"{c}: in no scheme")
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        tops = set(g.subjects(SKOS.topConceptOf, s))
        if not tops or tops != set(g.objects(s, SKOS.hasTopConcept)):
            problems.append(f"{s}: top concepts {len(tops)}, {len(set(g.objects(s, SKOS.hasTopConcept)))} listed")
    broader = set(g.subject_objects(SKOS.broader))
    if broader != {(c, p) for p, c in g.subject_objects(SKOS.narrower)}:
        problems.append("skos:broader and skos:narrower are not inverse")
    if not nx.is_directed_acyclic_graph(nx.DiGraph(list(broader))):
        problems.append("a cycle of skos:broader")
    return problems


def union(kg: KnowledgeGraph, *graphs: str) -> Graph:
    """Every graph of a store (or the graphs named) as one rdflib graph."""
    quads = [q for g in graphs for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(g))] if graphs \
        else kg.store
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def code_lists(kg: KnowledgeGraph) -> Graph:
    """The code list of a store with its derived labels."""
    return union(kg, mint.graph("codes"), mint.graph("labels"))


def graph_of(kg: KnowledgeGraph, name: str) -> set[ox.Quad]:
    return set(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(mint.graph(name))))


@pytest.fixture(scope="module")
def store(read_each_corpus_file_once):
    """The seed (2019) and the three Putuo reports (2024), loaded as `coakg load` does."""
    kg = KnowledgeGraph(None)
    load_files(kg, ALL)
    yield kg
    kg.close()


@pytest.mark.parametrize("name", [SEED.name, CZJ.name, GHZY.name, SGB.name])
def test_each_report_graph_has_usable_code_lists(reports, name):
    g = to_graph(reports[name])
    assert skos_problems(g) == []
    year = reports[name].year
    function = URIRef(mint.scheme("function", year))
    assert (function, RDF.type, SKOS.ConceptScheme) in g
    assert (function, DCTERMS.isVersionOf, URIRef(mint.scheme("function"))) in g
    assert (URIRef(mint.scheme("function")), RDF.type, COAKG.Classification) in g
    assert g.value(function, COAKG.year) == Literal(year)
    assert {str(label) for label in g.objects(function, SKOS.prefLabel)} == {
        f"支出功能分类科目（{year}年）", f"Expenditure function classification ({year})"}
    for o in g.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")):
        row = g.value(o, COAKG.row)
        assert (row, RDF.type, SKOS.Concept) in g
        if str(row).startswith(str(mint.base) + "code/function/"):  # a code: the concept of the report's year
            assert (row, SKOS.inScheme, function) in g


def test_a_code_of_a_year_and_an_uncoded_item(reports):
    g = to_graph(reports[SEED.name])
    code = URIRef(mint.code("function", "2010301", 2019))
    assert g.value(code, SKOS.prefLabel) == Literal("行政运行", lang="zh")
    assert g.value(code, SKOS.broader) == URIRef(mint.code("function", "20103", 2019))
    assert (URIRef(mint.code("function", "20103", 2019)), SKOS.narrower, code) in g
    top = URIRef(mint.code("function", "201", 2019))
    assert (URIRef(mint.scheme("function", 2019)), SKOS.hasTopConcept, top) in g
    item = next(g.subjects(SKOS.notation, Literal("收入/用事业基金弥补收支差额")))
    assert (item, SKOS.topConceptOf, URIRef(mint.scheme("item"))) in g
    assert (URIRef(mint.scheme("item")), SKOS.hasTopConcept, item) in g
    column = URIRef(mint.column("基本支出"))
    assert (URIRef(mint.scheme("column")), SKOS.hasTopConcept, column) in g


def test_the_example_and_the_store_have_usable_code_lists(store):
    assert skos_problems(to_graph(read_file(EXAMPLE).reports[0])) == []
    g = code_lists(store)
    assert skos_problems(g) == []
    years = {int(y) for s in g.subjects(DCTERMS.isVersionOf, URIRef(mint.scheme("function")))
             for y in g.objects(s, COAKG.year)}
    assert years == {2019, 2024}
    # 20805 is printed under its 2019 name by the 2019 report and under its 2024 name by the 2024 reports
    assert g.value(URIRef(mint.code("function", "20805", 2019)), SKOS.prefLabel) == Literal("行政事业单位离退休", lang="zh")
    assert g.value(URIRef(mint.code("function", "20805", 2024)), SKOS.prefLabel) == Literal("行政事业单位养老支出",
                                                                                             lang="zh")
    # the derived labels live in their own graph; the attestations stay in the code list
    labels = graph_of(store, "labels")
    assert labels and all(q.predicate.value.startswith(str(SKOS)) for q in labels)
    assert any(q.predicate.value == str(COAKG.attestedBy) for q in graph_of(store, "codes"))


def test_the_most_attested_name_of_a_year_is_preferred(reports):
    """30213 is printed 维修（护）费 (full-width brackets) by the three Putuo reports of 2024; a fourth report of
    2024 that prints it 维修(护)费 makes that an alternative label; where two names are printed equally often,
    the first in code-point order is preferred."""
    kg = KnowledgeGraph(None)
    putuo = [reports[p.name] for p in (CZJ, GHZY, SGB)]
    for r in putuo:
        add_report(kg, r)
    half_width = replace(putuo[0], department="另一个局", source=Source("other.pdf", "1" * 64, "application/pdf"),
                         tables=tuple(replace(t, figures=tuple(
                             replace(f, row=replace(f.row, label="维修(护)费")) if f.row.key == "30213" else f
                             for f in t.figures)) for t in putuo[0].tables))
    add_report(kg, half_width)
    kg.derive()
    g = code_lists(kg)
    code = URIRef(mint.code("economic", "30213", 2024))
    assert list(g.objects(code, SKOS.prefLabel)) == [Literal("维修（护）费", lang="zh")]
    assert list(g.objects(code, SKOS.altLabel)) == [Literal("维修(护)费", lang="zh")]
    assert len(list(g.objects(code, COAKG.printedAs))) == 2
    assert skos_problems(g) == []
    # two reports print each name: a tie; "(" (U+0028) comes before "（" (U+FF08)
    for n, r in enumerate(putuo[1:]):
        add_report(kg, replace(r, source=Source(f"{r.department}.pdf", f"{n}" * 64, "application/pdf"),
                               tables=half_width.tables))
    kg.derive()
    g = code_lists(kg)
    assert list(g.objects(code, SKOS.prefLabel)) == [Literal("维修(护)费", lang="zh")]


def renamed(report, year, code, name, sha):
    """A copy of a report for another year, with one code printed under another name."""
    tables = tuple(replace(t, figures=tuple(replace(f, row=replace(f.row, label=name)) if f.row.key == code else f
                                            for f in t.figures)) for t in report.tables)
    return replace(report, year=year, tables=tables, source=Source(f"copy-{year}.pdf", sha, report.source.media_type))


def test_the_same_code_in_consecutive_years_matches(reports):
    """Putuo's 财政局 2024 and a copy of it for 2023 that prints 2010601 as 财政行政运行: the unchanged codes are
    skos:exactMatch, the renamed one skos:closeMatch, both ways; replacing the copy by one without the new name
    makes it exact; deriving again, or loading the same file again, changes nothing."""
    czj = reports[CZJ.name]
    kg = KnowledgeGraph(None)
    add_report(kg, czj)
    add_report(kg, renamed(czj, 2023, "2010601", "财政行政运行", "a" * 64))
    kg.derive()
    g = code_lists(kg)
    old, new = URIRef(mint.code("function", "2010601", 2023)), URIRef(mint.code("function", "2010601", 2024))
    assert g.value(old, SKOS.prefLabel) == Literal("财政行政运行", lang="zh")
    assert g.value(new, SKOS.prefLabel) == Literal("行政运行", lang="zh")
    assert (old, SKOS.closeMatch, new) in g and (new, SKOS.closeMatch, old) in g
    assert (old, SKOS.exactMatch, new) not in g
    same = (URIRef(mint.code("function", "2010602", 2023)), URIRef(mint.code("function", "2010602", 2024)))
    assert (same[0], SKOS.exactMatch, same[1]) in g and (same[1], SKOS.exactMatch, same[0]) in g
    assert (same[0], SKOS.closeMatch, same[1]) not in g
    exact = set(g.subject_objects(SKOS.exactMatch))
    assert all(str(a).split("/")[-2] != str(b).split("/")[-2] for a, b in exact)  # only across years
    labels = graph_of(kg, "labels")
    kg.derive()
    assert graph_of(kg, "labels") == labels
    assert add_report(kg, renamed(czj, 2023, "2010601", "财政行政运行", "a" * 64)).status == "unchanged"
    kg.derive()
    assert graph_of(kg, "labels") == labels
    assert add_report(kg, renamed(czj, 2023, "2010699", "其他财政事务", "b" * 64)).status == "replaced"
    kg.derive()
    g = code_lists(kg)
    assert g.value(old, SKOS.prefLabel) == Literal("行政运行", lang="zh")
    assert list(g.objects(old, SKOS.altLabel)) == []  # the replaced report's name is gone
    assert (old, SKOS.exactMatch, new) in g and (old, SKOS.closeMatch, new) not in g
    assert skos_problems(g) == []


def test_loading_again_changes_no_label(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        load_files(kg, [SEED])
        labels = graph_of(kg, "labels")
        assert len(labels) > 300
        assert load_files(kg, [SEED])[0].status == "unchanged"
        assert graph_of(kg, "labels") == labels


CZJ_IRI = str(mint.report("上海市普陀区财政局", 2024, "决算"))


def test_the_catalogue_describes_the_store_and_each_report(store):
    g = union(store, mint.graph("catalogue"), CZJ_IRI, mint.graph("codes"))
    dataset = URIRef(mint.dataset())
    assert {DCAT.Catalog, VOID.Dataset} <= set(g.objects(dataset, RDF.type))
    assert (None, DCTERMS.license, None) not in g  # no licence is claimed unless the user states one
    reports = set(g.objects(dataset, DCAT.dataset))
    graphs = {URIRef(n.value) for n in store.store.named_graphs()} - {URIRef(mint.graph("catalogue"))}
    assert len(reports) == 4 and set(g.objects(dataset, VOID.subset)) == graphs  # the reports, checks, code list…
    assert sum(int(g.value(s, VOID.triples)) for s in graphs) == int(g.value(dataset, VOID.triples))
    catalogue = graph_of(store, "catalogue")
    assert int(g.value(dataset, VOID.triples)) == len(store.store) - len(catalogue)  # counted before it was written
    subjects = {q.subject for q in store.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None)
                if isinstance(q.subject, ox.NamedNode) and q.graph_name != ox.NamedNode(mint.graph("catalogue"))}
    assert int(g.value(dataset, VOID.entities)) == len(subjects)
    vocabularies = set(map(str, g.objects(dataset, VOID.vocabulary)))
    assert {str(COAKG._NS), "http://purl.org/linked-data/cube#", str(SKOS), str(PROV)} <= vocabularies
    examples = set(g.objects(dataset, VOID.exampleResource))
    assert URIRef(mint.code("function", "201", 2019)) in examples and len(examples) == 3
    assert (dataset, VOID.sparqlEndpoint, None) not in g
    czj = URIRef(mint.report("上海市普陀区财政局", 2024, "决算"))
    assert czj in reports
    assert {DCAT.Dataset, VOID.Dataset} <= set(g.objects(czj, RDF.type))
    assert str(g.value(czj, DCTERMS.title)) == "上海市普陀区财政局2024年度部门决算"
    assert g.value(czj, DCTERMS.publisher) == URIRef(mint.department("上海市普陀区财政局"))
    assert (g.value(czj, COAKG.year), str(g.value(czj, COAKG.phase))) == (Literal(2024), "决算")
    period = g.value(czj, DCTERMS.temporal)
    assert (g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)) == (
        Literal("2024-01-01", datatype=XSD.date), Literal("2024-12-31", datatype=XSD.date))
    # what the report's graph states is not stated again (a query over all graphs would see it twice), but for
    # the title DCAT-AP asks every dataset of a catalogue for
    assert not [q for q in catalogue if q.predicate.value in (str(COAKG.year), str(COAKG.phase), str(DCTERMS.publisher))
                and q.subject.value == str(czj)]
    triples = len(list(store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(czj)))))
    assert int(g.value(czj, VOID.triples)) == triples
    source = g.value(czj, PROV.wasDerivedFrom)
    assert (czj, DCAT.distribution, source) in g
    assert (source, RDF.type, DCAT.Distribution) in g and str(g.value(source, DCTERMS.title)) == CZJ.name
    assert str(g.value(source, DCTERMS.format)) == "application/pdf"


def test_provenance_says_which_coakg_read_which_file_when(store):
    g = union(store, CZJ_IRI)
    czj = URIRef(mint.report("上海市普陀区财政局", 2024, "决算"))
    reading = g.value(czj, PROV.wasGeneratedBy)
    assert reading == URIRef(mint.reading(czj)) and (reading, RDF.type, PROV.Activity) in g
    assert g.value(reading, PROV.used) == g.value(czj, PROV.wasDerivedFrom)
    agent = g.value(reading, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in g
    assert str(g.value(agent, OWL.versionInfo)) == version("coakg")
    started, ended = g.value(reading, PROV.startedAtTime), g.value(reading, PROV.endedAtTime)
    assert started.datatype == ended.datatype == XSD.dateTime
    assert started.toPython() <= ended.toPython()
    assert started.toPython().tzinfo is not None


def test_a_report_graph_made_twice_is_the_same(reports):
    """`coakg extract` output depends on the file only: its reading activity has no times."""
    first, second = to_graph(reports[CZJ.name]), to_graph(reports[CZJ.name])
    assert set(first) == set(second)
    assert (None, PROV.startedAtTime, None) not in first
    assert (None, PROV.wasGeneratedBy, None) in first


def test_the_ontology_is_under_cc_by_4():
    from conftest import ROOT

    ontology = Graph().parse(ROOT / "ontology" / "coakg.ttl")
    assert ontology.value(URIRef(str(COAKG._NS)), DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_a_load_killed_before_deriving_is_derived_by_the_next(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        add_report(kg, read_file(SEED).reports[0])  # written but not derived, as by a load killed before deriving
        assert not kg.described() and not graph_of(kg, "labels")
        assert load_files(kg, [SEED])[0].status == "unchanged"
        assert kg.described() and len(graph_of(kg, "labels")) > 300


def test_a_derivation_that_cannot_be_written_is_a_failure_of_the_store(tmp_path, monkeypatch):
    from coakg.errors import StoreError
    from coakg.loading import Failed

    def full(changed=None):
        raise StoreError(f"{tmp_path}: cannot write the derived labels and description (disk full)")

    with KnowledgeGraph(tmp_path / "store") as kg:
        monkeypatch.setattr(kg, "derive", full)
        added, failed = load_files(kg, [SEED])
        assert added.status == "added"
        assert failed == Failed(str(tmp_path / "store"), f"{tmp_path}: cannot write the derived labels and description "
                                                         "(disk full)")


@pytest.mark.slow
def test_budgets_of_2025_and_2026_from_four_publishers():
    """Three 2026 budgets print 303 对个人和家庭的补助 (烟台's prints 对个人和家庭补助, as all four 烟台 files of the
    corpus do): the name more reports print is preferred; 无锡's 2025 budget prints its codes under the names
    the 2026 budgets use, so each code both years print is skos:exactMatch, and none is closeMatch."""
    from conftest import CORPUS

    files = [CORPUS / "cn-budgets" / name for name in (
        "烟台-2026年烟台市信访局部门预算.pdf", "上海-2026年上海市审计局_部门预算.pdf",
        "上海-2026年上海市国有资产监督管理委员会_部门预算.pdf", "无锡-信访局_2026年部门预算.pdf")]
    kg = KnowledgeGraph(None)
    assert [o.status for o in load_files(kg, files)] == ["added"] * 4
    g = code_lists(kg)
    assert skos_problems(g) == []
    code = URIRef(mint.code("economic", "303", 2026))
    assert list(g.objects(code, SKOS.prefLabel)) == [Literal("对个人和家庭的补助", lang="zh")]
    assert list(g.objects(code, SKOS.altLabel)) == [Literal("对个人和家庭补助", lang="zh")]
    assert (URIRef(mint.code("economic", "303", 2025)), SKOS.exactMatch, code) in g
    assert (URIRef(mint.code("function", "2014001", 2025)), SKOS.exactMatch,
            URIRef(mint.code("function", "2014001", 2026))) in g
    assert len(set(g.subject_objects(SKOS.exactMatch))) == 2 * 33
    assert (None, SKOS.closeMatch, None) not in g


def test_the_catalogue_after_each_load_is_the_catalogue_of_the_whole_store(tmp_path):
    """A load describes again only the reports it wrote (and the code list and labels): after new reports, a
    replacement (another figure, so other counts), a derivation with nothing written, the first file again (a
    replacement back) with one unchanged, a file of two reports and then another file of one of them (the other
    keeps its source), the catalogue is the one a derivation of everything gives."""
    corrected = tmp_path / "增城-更正.txt"
    corrected.write_text(SEED.read_text(encoding="utf-8").replace("301 工资福利支出 1083.89", "301 工资福利支出 1083.90"),
                         encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8")  # a file of two units' reports; then the first unit's alone
    second = text[text.index("收入支出决算总表") - 10:].replace("部门： 示例市示例局", "部门： 示例市示例局第二中心")
    both, first = tmp_path / "两个单位.txt", tmp_path / "示例局-更正.txt"
    both.write_text(text + "\n" + second, encoding="utf-8")
    first.write_text(text + "\n", encoding="utf-8")
    steps = [([SEED], ["added"]), ([EXAMPLE], ["added"]), ([corrected], ["replaced"]), ([], None),
             ([SEED, EXAMPLE], ["replaced", "unchanged"]), ([both], ["replaced", "added"]), ([first], ["replaced"])]
    with KnowledgeGraph(tmp_path / "store") as kg:
        for files, statuses in steps:
            if files:
                assert [o.status for o in load_files(kg, files)] == statuses
            else:
                kg.derive(changed=[])
            described = graph_of(kg, "catalogue")
            assert _entities(kg) == _typed(kg), files  # counted from what changed, as if every resource were
            kg.derive()
            assert graph_of(kg, "catalogue") == described, files
        assert not any(g.value.endswith("/changes") for g in kg.store.named_graphs())


def test_a_catalogue_of_an_earlier_coakg_gets_its_entities_counted(tmp_path):
    """A store an earlier coakg described (each graph's triples counted, not its entities) has its graphs counted
    again by the next derivation: the store's entities are all its typed resources, not those of the graphs that
    changed."""
    with KnowledgeGraph(tmp_path / "store") as kg:
        load_files(kg, [SEED, EXAMPLE])
        catalogue = ox.NamedNode(mint.graph("catalogue"))
        for p in (VOID.entities, VOID.classPartition):
            for q in list(kg.store.quads_for_pattern(None, ox.NamedNode(str(p)), None, catalogue)):
                kg.store.remove(q)
        kg.derive(changed=[])
        assert _entities(kg) == _typed(kg) > 1000


def _entities(kg: KnowledgeGraph) -> int:
    """The store's void:entities, as its catalogue states it."""
    dataset, entities = ox.NamedNode(mint.dataset()), ox.NamedNode(str(VOID.entities))
    return int(next(kg.store.quads_for_pattern(dataset, entities, None, ox.NamedNode(mint.graph("catalogue")))).object.value)


def _typed(kg: KnowledgeGraph) -> int:
    """How many IRIs have an rdf:type in the store, outside its catalogue."""
    return len({q.subject for q in kg.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None)
                if isinstance(q.subject, ox.NamedNode) and q.graph_name != ox.NamedNode(mint.graph("catalogue"))})
