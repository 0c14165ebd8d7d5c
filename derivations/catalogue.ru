# title: 数据集描述（DCAT、VoID）
# derives: the graph graph:catalogue, from every report's graph (its source) and the size of the store
# what: the store as id:dataset, a dcat:Catalog and void:Dataset (each named graph a void:subset with its
#   void:triples and void:entities, void:triples of the whole store their sum, void:entities its resources that
#   have an rdf:type; a void:classPartition, with its void:entities, for each class of the resources a graph types
#   that are not its own (the periods, departments, source files and coakg itself that reports share, the codes),
#   void:vocabulary every namespace its predicates come from, void:exampleResource a report, an observation and a
#   code), with a title, a description and a publisher (id:publisher, a foaf:Agent: whoever publishes the store
#   with coakg; no government is claimed as its publisher); each report (its graph: a void:subset) a dcat:Dataset
#   listed by the catalogue, with its title, a description and its distributions: its source file (the source's
#   IRI, where its name, format and SHA-256 are served: its dcat:accessURL; its dcat:mediaType; its spdx:checksum)
#   and its description in each RDF form coakg serves ({report}/distribution/{ttl|nt|jsonld}, dcat:accessURL
#   {report}.ttl, .nt, .jsonld, with the IANA dcat:mediaType and the EU file type as dcterms:format). For the
#   DCAT-AP 3 shapes, checked as they are, without inference, each licence, media type and file type it names is
#   given its class (dcterms:LicenseDocument, dcterms:MediaType, dcterms:MediaTypeOrExtent); the class the shapes
#   ask of a URL, rdfs:Resource, is stated by the document served (catalogue-served.rq), not here: a URL such as
#   {report}.ttl stated about in the store would be served as a resource of its own, not as {report} in Turtle.
#   What a report's graph states already (its publisher, year and dcterms:temporal, phase,
#   prov:wasGeneratedBy, the source's name and format) is not repeated here, a query over the union of the store's
#   graphs would see it twice; the report's title is, as DCAT-AP asks every dataset of a catalogue for one. No
#   blank nodes: an endpoint such as Virtuoso takes none in INSERT DATA.
# licence: none is claimed unless stated. A licence stated (coakg load --licence IRI puts it in graph:changes as
#   id:dataset dcterms:license) replaces the one stated before, on the catalogue and on every report's RDF
#   distributions (not on a source file: its terms are its publisher's); a report described later gets the
#   licence the catalogue states.
# how: coakg runs it as one transaction after each load, after labels.ru. It keeps what it derived before and
#   derives again only what changed: graph:changes (filled in the same transaction, and dropped at its end) lists
#   as void:Dataset each graph written since (a new or replaced report's graph and checks graph, the code list, the
#   labels); after a load killed before deriving, or on a store never described, changed-everything.ru lists every
#   graph, keeps the licence stated and drops this graph first. The counts of the changed graphs read only those
#   graphs. The dataset's entities are counted from them too: a graph's own resources (its IRI, and IRIs under
#   it: a report's figures, tables, rows …; a checks graph's results; the summaries) are typed in no other graph,
#   so the store's entities are the sum of its graphs' void:entities, less each graph's resources that are not its
#   own, plus those counted once (read by their classes, the class partitions: some per report, and the codes).
#   The vocabularies and the class partitions of the changed graphs are added to those listed (one no report uses
#   any more stays listed until the next derivation of everything). A report an earlier coakg described (without a description) is described again,
#   and the licence it claimed for every store (not a user's: no dcterms:LicenseDocument) is withdrawn; a graph
#   an earlier coakg counted without its entities is counted again. The prefixes graph: and id: are the store's
#   (iris.Minter.derivation_prefixes).
PREFIX coakg: <https://coakg.org/ns#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

INSERT { GRAPH graph:changes { ?r a void:Dataset } }
WHERE { GRAPH graph:catalogue { ?r a dcat:Dataset . FILTER NOT EXISTS { ?r dcterms:description ?description } } } ;

INSERT { GRAPH graph:changes { ?g a void:Dataset } }
WHERE { GRAPH graph:catalogue { ?g void:triples ?triples . FILTER NOT EXISTS { ?g void:entities ?entities } } } ;

DELETE { GRAPH graph:catalogue { id:dataset dcterms:license ?claimed } }
WHERE { GRAPH graph:catalogue { id:dataset dcterms:license ?claimed .
                                FILTER NOT EXISTS { ?claimed a dcterms:LicenseDocument } } } ;

DELETE { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g a void:Dataset ; void:triples ?n . } }
WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH graph:catalogue { ?g void:triples ?n } } ;

INSERT { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g a void:Dataset ; void:triples ?triples . } }
WHERE { SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH ?g { ?s ?p ?o } }
        GROUP BY ?g } ;

DELETE { GRAPH graph:catalogue { ?g void:entities ?n } }
WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH graph:catalogue { ?g void:entities ?n } } ;

INSERT { GRAPH graph:catalogue { ?g void:entities ?entities } }
WHERE { SELECT ?g (COUNT(DISTINCT ?s) AS ?entities)
        WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH graph:catalogue { ?g void:triples ?triples }
                OPTIONAL { GRAPH ?g { ?s a ?type } FILTER(isIRI(?s)) } } GROUP BY ?g } ;

INSERT { GRAPH graph:catalogue { id:dataset void:classPartition ?partition . ?partition a void:Dataset ;
                                                                                  void:class ?class . } }
WHERE {
  { SELECT DISTINCT ?class WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH ?g { ?s a ?class }
                                   FILTER(isIRI(?s) && ?s != ?g && !STRSTARTS(STR(?s), CONCAT(STR(?g), "/"))) } }
  BIND(IRI(CONCAT(STR(id:dataset), "/class/", MD5(STR(?class)))) AS ?partition)
} ;

DELETE { GRAPH graph:catalogue { ?partition void:entities ?n } }
WHERE { GRAPH graph:catalogue { id:dataset void:classPartition ?partition . ?partition void:entities ?n } } ;

INSERT { GRAPH graph:catalogue { ?partition void:entities ?entities } }
WHERE { SELECT ?partition (COUNT(DISTINCT ?s) AS ?entities) WHERE {
          GRAPH graph:catalogue { id:dataset void:classPartition ?partition . ?partition void:class ?class }
          GRAPH ?g { ?s a ?class } FILTER(isIRI(?s) && ?g != graph:catalogue && ?g != graph:changes) }
        GROUP BY ?partition } ;

DELETE { GRAPH graph:catalogue { id:dataset ?p ?o } }
WHERE { GRAPH graph:catalogue { id:dataset ?p ?o } VALUES ?p { void:triples void:entities void:exampleResource
                                                                dcterms:title dcterms:description } } ;

INSERT { GRAPH graph:catalogue {
  id:dataset a dcat:Catalog, void:Dataset ;
    dcterms:title "部门预算与决算知识图谱"@zh, "Department budgets and final accounts knowledge graph"@en ;
    dcterms:description "中国政府部门预算与决算报告中印出的每一个数字（RDF Data Cube 观测值，附其代码、列、表、单位与页码）、收支分类科目（SKOS）、各报告的关键数字及其勾稽关系的核对结果；由 coakg 从各部门公开的报告读取。"@zh,
      "Every figure printed in Chinese government department budgets and final accounts (RDF Data Cube observations, each with its code, column, table, unit and page), the classifications of revenue and expenditure (SKOS), each report's key figures and the checks of its identities; read by coakg from the reports the departments publish."@en ;
    dcterms:publisher id:publisher ;
    void:triples ?triples ;
    void:entities ?entities .
  id:publisher a foaf:Agent ;
    foaf:name "以 coakg 发布本知识图谱者"@zh, "Whoever publishes this knowledge graph with coakg"@en .
} }
WHERE {
  { SELECT (SUM(?n) AS ?triples) WHERE { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g void:triples ?n } } }
  { SELECT (SUM(?n) AS ?typed) WHERE { GRAPH graph:catalogue { id:dataset void:subset ?g . ?g void:entities ?n } } }
  { SELECT (COUNT(*) AS ?pairs) (COUNT(DISTINCT ?s) AS ?shared) WHERE {
      SELECT DISTINCT ?g ?s WHERE {
        GRAPH graph:catalogue { id:dataset void:classPartition ?partition . ?partition void:class ?class }
        GRAPH ?g { ?s a ?class }
        FILTER(isIRI(?s) && ?g != graph:catalogue && ?g != graph:changes && ?s != ?g
               && !STRSTARTS(STR(?s), CONCAT(STR(?g), "/")))
      } } }
  BIND(?typed - ?pairs + ?shared AS ?entities)
} ;

DELETE { GRAPH graph:catalogue { id:dataset dcterms:license ?old . ?old a dcterms:LicenseDocument . } }
WHERE { GRAPH graph:changes { id:dataset dcterms:license ?stated } GRAPH graph:catalogue { id:dataset dcterms:license ?old } } ;

DELETE { GRAPH graph:catalogue { ?distribution dcterms:license ?old } }
WHERE { GRAPH graph:changes { id:dataset dcterms:license ?stated } GRAPH graph:catalogue { ?distribution dcterms:license ?old } } ;

INSERT { GRAPH graph:catalogue { id:dataset dcterms:license ?stated . ?stated a dcterms:LicenseDocument . } }
WHERE { GRAPH graph:changes { id:dataset dcterms:license ?stated } } ;

INSERT { GRAPH graph:catalogue { id:dataset void:vocabulary ?vocabulary } }
WHERE {
  { SELECT DISTINCT ?p WHERE { GRAPH graph:changes { ?g a void:Dataset } GRAPH ?g { ?s ?p ?o } } }
  BIND(IRI(REPLACE(STR(?p), "[^/#]*$", "")) AS ?vocabulary)
} ;

DELETE { GRAPH graph:catalogue { id:dataset dcat:dataset ?r . ?r ?p ?o . } }
WHERE { GRAPH graph:changes { ?r a void:Dataset }
        GRAPH graph:catalogue { ?r a dcat:Dataset ; ?p ?o .
                                FILTER(?p NOT IN (void:triples, void:entities) && ?o != void:Dataset) } } ;

DELETE { GRAPH graph:catalogue { ?distribution ?p ?o } }
WHERE { GRAPH graph:catalogue { ?distribution a dcat:Distribution ; ?p ?o .
                                FILTER NOT EXISTS { ?r dcat:distribution ?distribution } } } ;

DELETE { GRAPH graph:catalogue { ?checksum ?p ?o } }
WHERE { GRAPH graph:catalogue { ?checksum a spdx:Checksum ; ?p ?o . FILTER NOT EXISTS { ?source spdx:checksum ?checksum } } } ;

INSERT { GRAPH graph:catalogue {
  id:dataset dcat:dataset ?r .
  ?r a dcat:Dataset ; dcterms:title ?title ; dcterms:description ?zh, ?en ; dcat:distribution ?source .
  ?source a dcat:Distribution ; dcterms:title ?file ; dcat:accessURL ?source ; dcat:mediaType ?media ;
    spdx:checksum ?checksum .
  ?checksum a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?sha256 .
  spdx:checksumAlgorithm_sha256 a spdx:ChecksumAlgorithm .
  ?media a dcterms:MediaType .
} }
WHERE { GRAPH graph:changes { ?r a void:Dataset }
        GRAPH ?r { ?r a coakg:Report ; dcterms:title ?title ; prov:wasDerivedFrom ?source .
                   ?source rdfs:label ?file ; dcterms:format ?format ; coakg:sha256 ?hex . }
        BIND(STRLANG(CONCAT("coakg 从 ", ?file, " 读取的", STR(?title), "：其中印出的每一个数字（RDF Data Cube 观测值，附其代码、列、表、单位与页码）、关键数字及其勾稽关系的核对结果。"), "zh") AS ?zh)
        BIND(STRLANG(CONCAT(STR(?title), " as coakg read it from ", ?file, ": every figure it prints (RDF Data Cube observations, each with its code, column, table, unit and page), its key figures and the checks of its identities."), "en") AS ?en)
        BIND(IRI(CONCAT("http://www.iana.org/assignments/media-types/", ?format)) AS ?media)
        BIND(IRI(CONCAT(STR(?source), "/checksum")) AS ?checksum)
        BIND(STRDT(?hex, xsd:hexBinary) AS ?sha256) } ;

INSERT { GRAPH graph:catalogue {
  ?r dcat:distribution ?distribution .
  ?distribution a dcat:Distribution ; dcterms:title ?name ; dcat:accessURL ?url ; dcat:mediaType ?media ;
    dcterms:format ?fileType ; dcterms:license ?licence .
  ?media a dcterms:MediaType .
  ?fileType a dcterms:MediaTypeOrExtent .
} }
WHERE { GRAPH graph:changes { ?r a void:Dataset } GRAPH ?r { ?r a coakg:Report ; dcterms:title ?title }
        VALUES (?extension ?form ?media ?fileType) {
          ("ttl" "Turtle" <http://www.iana.org/assignments/media-types/text/turtle>
           <http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE>)
          ("nt" "N-Triples" <http://www.iana.org/assignments/media-types/application/n-triples>
           <http://publications.europa.eu/resource/authority/file-type/RDF_N_TRIPLES>)
          ("jsonld" "JSON-LD" <http://www.iana.org/assignments/media-types/application/ld+json>
           <http://publications.europa.eu/resource/authority/file-type/JSON_LD>) }
        BIND(IRI(CONCAT(STR(?r), "/distribution/", ?extension)) AS ?distribution)
        BIND(IRI(CONCAT(STR(?r), ".", ?extension)) AS ?url)
        BIND(STRLANG(CONCAT(STR(?title), "（", ?form, "）"), "zh") AS ?name)
        OPTIONAL { GRAPH graph:catalogue { id:dataset dcterms:license ?licence } } } ;

INSERT { GRAPH graph:catalogue { ?distribution dcterms:license ?stated } }
WHERE { GRAPH graph:changes { id:dataset dcterms:license ?stated }
        GRAPH graph:catalogue { ?r dcat:distribution ?distribution . ?distribution dcterms:format ?fileType } } ;

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
