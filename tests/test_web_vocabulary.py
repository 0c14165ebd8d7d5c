"""Linked data by the book (coakg serve): JSON-LD compact with coakg's context, for every kind of resource and for a
SPARQL CONSTRUCT; the ontology at its namespace's path (/ns) in Turtle, JSON-LD and HTML; the context at
/context.jsonld."""

from __future__ import annotations

import html as markup
import json
import re
from importlib.resources import files

import pytest
import test_web
from rdflib import RDF, RDFS, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from test_web import BASE, EXAMPLE_REPORT, RESOURCES

from coakg.rdf import jsonld_context

store, client = test_web.store, test_web.client  # the site of test_web's store (the bundled example, twice)

NS = "https://coakg.org/ns#"
JSONLD = {"Accept": "application/ld+json"}
TURTLE = {"Accept": "text/turtle"}
SERVED = {**{kind: path for kind, (path, _) in RESOURCES.items()}, "dataset catalogue": "/id/dataset"}


def same_graph(jsonld: bytes, turtle: bytes) -> None:
    """The two documents hold the same triples (a readable diff where they do not)."""
    expanded = Graph().parse(data=jsonld.decode("utf-8"), format="json-ld")
    written = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    if not isomorphic(expanded, written):
        _, only_jsonld, only_turtle = graph_diff(to_isomorphic(expanded), to_isomorphic(written))
        pytest.fail(f"only in JSON-LD:\n{only_jsonld.serialize(format='nt')}\n"
                    f"only in Turtle:\n{only_turtle.serialize(format='nt')}")


def assert_compact(document: dict) -> None:
    """The context coakg publishes, coakg's terms by their short names, one node a subject."""
    assert document["@context"] == jsonld_context()
    nodes = document["@graph"]
    assert not [key for node in nodes for key in node if key.startswith(NS)]
    ids = [node["@id"] for node in nodes]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("kind", list(SERVED))
def test_served_jsonld_is_compact_with_the_context_and_the_same_graph_as_turtle(client, kind):
    path = SERVED[kind]  # by Accept against Turtle by Accept, by extension against .ttl (a report's: its whole graph)
    for response, turtle in ((client.get(path, headers=JSONLD), client.get(path, headers=TURTLE)),
                             (client.get(path + ".jsonld"), client.get(path + ".ttl"))):
        assert response.status_code == 200 and response.mimetype == "application/ld+json"
        assert_compact(json.loads(response.data))
        same_graph(response.data, turtle.data)


def test_a_report_in_jsonld_reads_by_the_contexts_terms(client):
    document = json.loads(client.get(RESOURCES["report"][0], headers=JSONLD).data)
    report = next(node for node in document["@graph"] if node["@id"] == EXAMPLE_REPORT)
    assert report["department"] == "示例市示例局" and report["year"] == "2024"
    assert report["structure"] == BASE + "structure/report"
    figure = json.loads(client.get(RESOURCES["observation"][0] + ".jsonld").data)
    cell = next(n for n in figure["@graph"] if n["@id"].endswith("/obs/expenditure/function/20103/basic-expenditure"))
    assert (cell["amount"], cell["dataSet"]) == ("70", EXAMPLE_REPORT)


def test_a_sparql_construct_in_jsonld_is_compact(client):
    query = f"CONSTRUCT {{ <{EXAMPLE_REPORT}> ?p ?o }} WHERE {{ <{EXAMPLE_REPORT}> <{NS}department>|<{NS}year> ?o ; ?p ?o }}"
    jsonld = client.get("/sparql", query_string={"query": query}, headers=JSONLD)
    turtle = client.get("/sparql", query_string={"query": query, "format": "ttl"})
    assert jsonld.status_code == turtle.status_code == 200 and jsonld.mimetype == "application/ld+json"
    document = json.loads(jsonld.data)
    assert document["@context"] == jsonld_context()
    assert (document["department"], document["year"]) == ("示例市示例局", "2024")
    same_graph(jsonld.data, turtle.data)


def ontology() -> Graph:
    return Graph().parse(data=(files("coakg") / "data" / "ontology" / "coakg.ttl").read_text("utf-8"), format="turtle")


def test_the_ontology_is_served_at_its_namespaces_path_in_turtle_and_jsonld(client):
    for turtle in (client.get("/ns", headers=TURTLE), client.get("/ns.ttl")):
        assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
        assert turtle.data == (files("coakg") / "data" / "ontology" / "coakg.ttl").read_bytes()  # as written
    for jsonld in (client.get("/ns", headers=JSONLD), client.get("/ns.jsonld")):
        assert jsonld.status_code == 200 and jsonld.mimetype == "application/ld+json"
        assert json.loads(jsonld.data)["@context"] == jsonld_context()
        same_graph(jsonld.data, turtle.data)
    nt = client.get("/ns.nt")
    assert nt.mimetype == "application/n-triples" and isomorphic(Graph().parse(data=nt.data, format="nt"), ontology())
    assert client.get("/ns", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/ns", headers=TURTLE).headers["Vary"] == "Accept"


def test_the_ontology_page_lists_every_class_and_property_with_its_labels_and_links_only_what_is_there(client):
    response = client.get("/ns", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    graph = ontology()
    terms = {s for t in (RDFS.Class, RDF.Property) for s in graph.subjects(RDF.type, t) if str(s).startswith(NS)}
    assert len(terms) > 50
    for term in terms:  # a row whose id is the term's name, so that /ns#amount opens at it
        row = re.search(rf'<tr id="{str(term)[len(NS):]}">(.*?)</tr>', html, re.S)
        assert row, term
        for label in graph.objects(term, RDFS.label):
            assert str(label) in markup.unescape(row.group(1)), (term, label)
    for link in set(re.findall(r'href="([^"]+)"', html)):
        if link.startswith("#"):
            assert f'id="{link[1:]}"' in html, link
        elif link.startswith("/"):
            assert client.get(link).status_code == 200, link


def test_every_coakg_term_the_served_data_uses_is_defined_at_ns(client):
    defined = {str(s) for s in ontology().subjects(RDFS.label, None)}
    used = set()
    for path in SERVED.values():
        for _, p, o in Graph().parse(data=client.get(path, headers=TURTLE).data.decode("utf-8"), format="turtle"):
            used |= {str(p)} | ({str(o)} if p == RDF.type else set())
    coakg_terms = {t for t in used if t.startswith(NS)}
    assert coakg_terms and coakg_terms <= defined, coakg_terms - defined


def short_names(document: dict) -> tuple[set[str], set[str]]:
    """The keys of every node of a compact JSON-LD document (its properties) and the values of every @type (its
    classes) that are not short names of its context: an IRI or a compact IRI (``qb:measure``) where a term of
    the context should stand. Keywords (@id, @value, …) are not properties."""
    terms = set(document["@context"])
    keys: set[str] = set()
    types: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            keys.update(k for k in node if not k.startswith("@") and k not in terms)
            kinds = node.get("@type", [])
            if "@value" not in node:  # a literal's @type is its datatype, not a class
                types.update(t for t in ([kinds] if isinstance(kinds, str) else kinds) if t not in terms)
            for key, value in node.items():
                if key != "@context":
                    walk(value)

    walk({k: v for k, v in document.items() if k != "@context"})
    return keys, types


@pytest.mark.parametrize("path", [*SERVED.values(), RESOURCES["report"][0] + ".jsonld", "/ns.jsonld",
                                  "/id/code/function/2024/201", "/id/structure/report"])
def test_every_property_and_class_of_served_jsonld_has_a_short_name(client, path):
    """A report's download, its figures, checks and parts, the catalogue, the code lists, the Data Cube structure
    and the ontology: every property a key of the context's (``accessURL``, ``focusNode``), never a full or compact
    IRI; every class too (``Observation``, ``ValidationResult``)."""
    response = client.get(path, headers=JSONLD)
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    document = json.loads(response.data)
    assert document["@context"] == jsonld_context()
    assert short_names(document) == (set(), set())


def test_every_term_the_store_the_catalogue_and_the_ontology_use_has_a_short_name(store):
    """Whatever resource is asked for: each predicate and class of every graph of the store, of the catalogue a
    harvester fetches and of the ontology (every property it defines too) has a term in the context."""
    import pyoxigraph as ox

    from coakg.derivations import served_catalogue
    from coakg.store import KnowledgeGraph

    context = jsonld_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def expanded(value: str | dict) -> str:
        prefix, _, local = (value["@id"] if isinstance(value, dict) else value).partition(":")
        return prefixes[prefix] + local
    named = {expanded(v) for k, v in context.items() if k not in prefixes}
    with KnowledgeGraph.read_only(store) as kg:
        triples = [q.triple for q in kg.store.quads_for_pattern(None, None, None, None)]
        triples += served_catalogue(kg, "http://localhost/sparql")
    triples += ox.parse((files("coakg") / "data" / "ontology" / "coakg.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    used = {t.predicate.value for t in triples if t.predicate.value != str(RDF.type)}
    used |= {t.object.value for t in triples if t.predicate.value == str(RDF.type)}
    used |= {str(s) for s in ontology().subjects(RDF.type, RDF.Property)}
    assert used - named == set()


def test_the_context_is_served_and_is_the_one_the_jsonld_uses(client):
    response = client.get("/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert json.loads(response.data) == {"@context": jsonld_context()}
    served = json.loads(client.get(RESOURCES["code"][0] + ".jsonld").data)
    assert served["@context"] == json.loads(response.data)["@context"]


def test_the_vocabulary_is_served_whatever_the_base():
    from coakg.store import KnowledgeGraph
    from coakg.web.app import create_app

    other = create_app(KnowledgeGraph(base="https://data.example.org/budgets/id/")).test_client()
    assert other.get("/ns.ttl").status_code == other.get("/context.jsonld").status_code == 200
    assert b"<https://coakg.org/ns#>" in other.get("/ns.ttl").data or b"@prefix coakg:" in other.get("/ns.ttl").data
    with pytest.raises(ValueError, match="hide the site's own pages"):
        create_app(KnowledgeGraph(base="https://coakg.org/ns/"))
