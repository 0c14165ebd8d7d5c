# title: 数据集描述（DCAT、VoID）
# derives: the graph graph:catalogue, from every report's graph (its source) and the size of the store
# what: the store as id:dataset, a dcat:Catalog and void:Dataset under the licence licence: (each named graph a
#   void:subset with its void:triples, void:triples of the whole store their sum, void:entities its resources
#   that have an rdf:type, void:vocabulary every namespace its predicates come from, void:exampleResource a
#   report, an observation and a code); each report (its graph: a void:subset) a dcat:Dataset listed by the
#   catalogue, with its licence and its source file as its dcat:distribution. What a report's graph states
#   already (its title, publisher, year and dcterms:temporal, phase, prov:wasGeneratedBy, the source's format)
#   is not repeated here: a query over the union of the store's graphs would see it twice. No blank nodes: an
#   endpoint such as Virtuoso takes none in INSERT DATA.
# how: coakg runs it as one transaction after each load, after labels.ru. It keeps what it derived before and
#   derives again only what changed: graph:changes (filled in the same transaction, and dropped at its end) lists
#   as void:Dataset each graph written since (a new or replaced report's graph and checks graph, the code list, the
#   labels); after a load killed before deriving, or on a store never described, changed-everything.ru lists every
#   graph and drops this graph first. The counts of the changed graphs read only those graphs; the dataset's
#   entities read the store's typed resources (the type index); the vocabularies of the changed graphs are added
#   to those listed (a vocabulary no report uses any more stays listed until the next derivation of everything).
#   The prefixes graph: and id: are the store's (iris.Minter.derivation_prefixes), licence: is the licence IRI
#   (derivations.LICENCE).
PREFIX coakg: <https://coakg.org/ns#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

DELETE { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g a void:Dataset ; void:triples ?n . } }
WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH graph:catalogue { ?g void:triples ?n } } ;

INSERT { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g a void:Dataset ; void:triples ?triples . } }
WHERE { SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH ?g { ?s ?p ?o } }
        GROUP BY ?g } ;

DELETE { GRAPH graph:catalogue { id:dataset ?p ?o } }
WHERE { GRAPH graph:catalogue { id:dataset ?p ?o } VALUES ?p { void:triples void:entities void:exampleResource
                                                                dcterms:title dcterms:license } } ;

INSERT { GRAPH graph:catalogue {
  id:dataset a dcat:Catalog, void:Dataset ;
    dcterms:title "部门预算与决算知识图谱"@zh, "Department budgets and final accounts knowledge graph"@en ;
    dcterms:license licence: ;
    void:triples ?triples ;
    void:entities ?entities .
} }
WHERE {
  { SELECT (SUM(?n) AS ?triples) WHERE { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g void:triples ?n } } }
  { SELECT (COUNT(DISTINCT ?s) AS ?entities) WHERE { GRAPH ?g { ?s a ?type } FILTER(isIRI(?s) && ?g != graph:catalogue
                                                                                  && ?g != graph:changes) } }
} ;

INSERT { GRAPH graph:catalogue { id:dataset void:vocabulary ?vocabulary } }
WHERE {
  { SELECT DISTINCT ?p WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH ?g { ?s ?p ?o } } }
  BIND(IRI(REPLACE(STR(?p), "[^/#]*$", "")) AS ?vocabulary)
} ;

DELETE { GRAPH graph:catalogue { id:dataset dcat:dataset ?r . ?r a dcat:Dataset ; dcterms:license ?licence ;
                                 dcat:distribution ?source . } }
WHERE { GRAPH graph:changes { ?r a void:Dataset } GRAPH graph:catalogue { ?r dcat:distribution ?source ;
                                                                            dcterms:license ?licence . } } ;

DELETE { GRAPH graph:catalogue { ?source a dcat:Distribution ; dcterms:title ?file . } }
WHERE { GRAPH graph:catalogue { ?source a dcat:Distribution ; dcterms:title ?file .
                                FILTER NOT EXISTS { ?r dcat:distribution ?source } } } ;

INSERT { GRAPH graph:catalogue {
  id:dataset dcat:dataset ?r .
  ?r a dcat:Dataset ; dcterms:license licence: ; dcat:distribution ?source .
  ?source a dcat:Distribution ; dcterms:title ?file .
} }
WHERE { GRAPH graph:changes { ?r a void:Dataset } GRAPH ?r { ?r a coakg:Report ; prov:wasDerivedFrom ?source .
                                                              ?source rdfs:label ?file . } } ;

INSERT { GRAPH graph:catalogue { id:dataset void:exampleResource ?example } }
WHERE {
  { SELECT (MIN(?r) AS ?example) WHERE { GRAPH ?r { ?r a coakg:Report } } }
  UNION
  { SELECT (MIN(?c) AS ?example) WHERE { GRAPH graph:codes { ?c skos:notation "201" } } }
  UNION
  { SELECT (MIN(?o) AS ?example) WHERE {
      { SELECT (MIN(?r) AS ?first) WHERE { GRAPH ?r { ?r a coakg:Report } } }
      GRAPH ?first { ?o qb:dataSet ?first } } }
  FILTER(BOUND(?example))
} ;

DROP SILENT GRAPH graph:changes
