"""The store's catalogue as a harvester fetches it (issue 22): it passes the DCAT-AP 3 shapes as published
(pySHACL, no inference) on a store of several reports; it names the SPARQL endpoint that serves it as a
dcat:DataService; each report has a distribution per RDF form the site serves and its source file; no licence is
claimed unless the user states one (coakg load --licence), which a later load and a derivation of everything
keep; and every figure answers `?o a qb:Observation`, on the store and on /sparql."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import EXAMPLE, ROOT, SEED
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, QB, VOID
from typer.testing import CliRunner

from coakg.cli import app
from coakg.derivations import derive
from coakg.iris import Minter
from coakg.store import KnowledgeGraph

SHAPES = ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.0-SHACL.ttl"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
RDF_FORMS = {  # the accessURL's extension: the IANA media type and the EU file type of the distribution
    "ttl": ("http://www.iana.org/assignments/media-types/text/turtle",
            "http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE"),
    "nt": ("http://www.iana.org/assignments/media-types/application/n-triples",
           "http://publications.europa.eu/resource/authority/file-type/RDF_N_TRIPLES"),
    "jsonld": ("http://www.iana.org/assignments/media-types/application/ld+json",
               "http://publications.europa.eu/resource/authority/file-type/JSON_LD"),
}
mint = Minter()
runner = CliRunner()


def load(store: Path, *args: str) -> None:
    result = runner.invoke(app, ["load", *args, "--store", str(store)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The bundled example and a real report, loaded with no licence stated."""
    path = tmp_path_factory.mktemp("catalogue") / "store"
    load(path, str(EXAMPLE), str(SEED))
    return path


def served(store: Path, path: str = "/id/dataset", accept: str = "text/turtle"):
    from coakg.web.app import create_app

    with KnowledgeGraph.read_only(store) as kg:
        return create_app(kg).test_client().get(path, headers={"Accept": accept})


def catalogue_served(store: Path) -> Graph:
    response = served(store)
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def catalogue_stored(store: Path) -> Graph:
    with KnowledgeGraph.read_only(store) as kg:
        quads = kg.store.quads_for_pattern(None, None, None, ox.NamedNode(mint.graph("catalogue")))
        data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def violations(graph: Graph) -> list[tuple[str, str, str]]:
    """(focus node, path, constraint component) of each result of the DCAT-AP 3 shapes, checked without inference."""
    import pyshacl

    shapes = Graph().parse(SHAPES)
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    sh = "http://www.w3.org/ns/shacl#"
    return sorted((str(report.value(r, URIRef(sh + "focusNode"))), str(report.value(r, URIRef(sh + "resultPath"))),
                   str(report.value(r, URIRef(sh + "sourceConstraintComponent")))[len(sh):])
                  for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult")))


def reports_of(g: Graph) -> set:
    return set(g.objects(URIRef(mint.dataset()), DCAT.dataset))


def test_the_catalogue_a_harvester_fetches_passes_the_dcat_ap_shapes(store):
    g = catalogue_served(store)
    assert len(reports_of(g)) == 2
    assert violations(g) == []


def test_the_stored_catalogue_lacks_only_what_a_server_states(store):
    """The store states no rdfs:Resource of a URL (the shapes ask it without inference; the server states it), and
    names no endpoint: nothing else of the shapes fails on the graph itself."""
    assert {(path, component) for _, path, component in violations(catalogue_stored(store))} == {
        (str(DCAT.accessURL), "ClassConstraintComponent")}


def test_the_catalogue_describes_itself_with_a_neutral_publisher(store):
    g = catalogue_served(store)
    dataset = URIRef(mint.dataset())
    assert {str(d.language) for d in g.objects(dataset, DCTERMS.description)} == {"zh", "en"}
    publisher = g.value(dataset, DCTERMS.publisher)
    assert publisher == URIRef(mint.base + "publisher")
    assert "coakg" in str(g.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name")))
    assert (publisher, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")) in g


def test_the_sparql_endpoint_is_a_data_service_serving_every_report(store):
    g = catalogue_served(store)
    endpoint = URIRef("http://localhost/sparql")
    assert g.value(URIRef(mint.dataset()), DCAT.service) == endpoint
    assert (URIRef(mint.dataset()), VOID.sparqlEndpoint, endpoint) in g
    assert (endpoint, RDF.type, DCAT.DataService) in g and g.value(endpoint, DCAT.endpointURL) == endpoint
    assert set(g.objects(endpoint, DCAT.servesDataset)) == reports_of(g)
    assert (URIRef(mint.dataset()), DCAT.service, None) not in catalogue_stored(store)  # only a server knows it


def test_each_report_has_its_source_and_each_rdf_form_as_a_distribution_the_site_serves(store):
    g = catalogue_served(store)
    for report in reports_of(g):
        assert g.value(report, DCTERMS.title) is not None and g.value(report, DCTERMS.description) is not None
        distributions = set(g.objects(report, DCAT.distribution))
        source = next(d for d in distributions if str(d).startswith(mint.base + "source/"))
        assert g.value(source, DCAT.accessURL) == source
        assert str(g.value(source, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/text/plain"
        checksum = g.value(source, URIRef("http://spdx.org/rdf/terms#checksum"))
        assert str(g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))) == str(source).rsplit("/")[-1]
        forms = {}
        for d in distributions - {source}:
            url = str(g.value(d, DCAT.accessURL))
            forms[url.rsplit(".", 1)[1]] = (str(g.value(d, DCAT.mediaType)), str(g.value(d, DCTERMS.format)))
            assert url == f"{report}.{url.rsplit('.', 1)[1]}"
            response = served(store, "/id/" + url.removeprefix(mint.base), accept="*/*")
            assert response.status_code == 200
            assert str(g.value(d, DCAT.mediaType)).endswith("/" + response.mimetype)
            assert report.n3().strip("<>") in response.get_data(as_text=True)
        assert forms == dict(RDF_FORMS.items())


def test_a_source_file_the_server_serves_is_its_distributions_download_url(store, tmp_path):
    """coakg serve --sources DIR: the source file of a report found in DIR (with the store's SHA-256) is served at
    {source}.txt, and the catalogue a harvester fetches gives its distribution that dcat:downloadURL; a source not in
    DIR has none; without DIR none has one. The DCAT-AP 3 shapes pass."""
    import hashlib
    import shutil

    from coakg.web.app import create_app

    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / SEED.name).write_text("another file of the same name", encoding="utf-8")  # not the source
    example, seed = (URIRef(mint.source(hashlib.sha256(f.read_bytes()).hexdigest())) for f in (EXAMPLE, SEED))
    with KnowledgeGraph.read_only(store) as kg:
        client = create_app(kg, sources=tmp_path).test_client()
        turtle = client.get("/id/dataset", headers={"Accept": "text/turtle"})
        g = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
        url = URIRef(f"{example}.txt")
        assert {(d, u) for d, _, u in g.triples((None, DCAT.downloadURL, None))} == {(example, url)}
        assert seed in set(g.objects(None, DCAT.distribution))
        download = client.get("/id/" + str(url).removeprefix(mint.base))
        assert download.status_code == 200 and download.data == EXAMPLE.read_bytes()
    assert violations(g) == []
    assert (None, DCAT.downloadURL, None) not in catalogue_served(store)  # no folder of sources: no download


def test_no_licence_is_claimed_unless_the_user_states_one(store):
    assert (None, DCTERMS.license, None) not in catalogue_served(store)


def test_a_stated_licence_is_shown_on_the_catalogue_and_every_rdf_distribution(tmp_path):
    path = tmp_path / "store"
    load(path, str(EXAMPLE), "--licence", CC_BY)
    load(path, str(SEED))  # a later load states none: the licence stands, also for the report it adds
    g = catalogue_served(path)
    licensed = {s for s, _, o in g.triples((None, DCTERMS.license, None)) if str(o) == CC_BY}
    rdf_forms = {d for r in reports_of(g) for d in g.objects(r, DCAT.distribution) if g.value(d, DCTERMS.format)}
    assert len(rdf_forms) == 6 and licensed == rdf_forms | {URIRef(mint.dataset())}  # not the source files
    assert (URIRef(CC_BY), RDF.type, DCTERMS.LicenseDocument) in g
    assert violations(g) == []
    with KnowledgeGraph(path) as kg:  # a derivation of everything (after a load killed before deriving) keeps it
        derive(kg.store, kg.base)
    assert {o for o in catalogue_served(path).objects(None, DCTERMS.license)} == {URIRef(CC_BY)}
    load(path, str(EXAMPLE), "--licence", CC0)  # another replaces it, everywhere
    g = catalogue_served(path)
    assert {o for o in g.objects(None, DCTERMS.license)} == {URIRef(CC0)}
    assert (URIRef(CC_BY), RDF.type, DCTERMS.LicenseDocument) not in g


def test_a_licence_that_is_not_an_iri_is_refused_before_loading(tmp_path):
    result = runner.invoke(app, ["load", str(EXAMPLE), "--store", str(tmp_path / "store"), "--licence", "CC BY"])
    assert result.exit_code == 2 and "is not an IRI" in result.output
    assert not (tmp_path / "store").exists()


def test_every_figure_is_a_qb_observation_on_the_store_and_on_the_endpoint(store):
    from coakg.web.app import create_app

    query = f"SELECT ?o {{ ?o a <{QB.Observation}> }}"
    with KnowledgeGraph.read_only(store) as kg:
        typed = {s["o"] for s in kg.evaluate(query)}
        figures = {q.subject for q in kg.store.quads_for_pattern(None, ox.NamedNode(str(QB.dataSet)), None)}
        answer = create_app(kg).test_client().get("/sparql", query_string={"query": query},
                                                  headers={"Accept": "text/csv"})
    assert typed == figures and len(figures) > 500
    assert answer.status_code == 200 and len(answer.get_data(as_text=True).splitlines()) == len(figures) + 1
