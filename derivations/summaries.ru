# title: 汇总（跨报告的问题读取的预先计算）
# derives: the graph graph:summaries, from every report's graph and the code list graph:codes
# what: what a named query over all reports would otherwise read every figure or every printed name for, each a
#   coakg:Summary (an IRI under graph:summaries, never a blank node) kept exact: per key figure given by class
#   (class-expenditure, basic-economic-class), phase, year and class the sum of the reports' amounts in 万元
#   (xsd:decimal, added exactly) and how many departments print it (totals-by-function-class.rq,
#   basic-expenditure-by-economic-class.rq); per code as printed (skos:notation, every year together) how many
#   departments print it, the first of them and the first name it is printed with (codes-used-once.rq); per code
#   and name it is printed with, how many reports and departments print it so, and the first of those reports as
#   "department year" (skos:example; code-name-variants.rq); and of each report, how many figures and tables it prints and how many
#   findings its checks state (reports.rq, the home page's pages/reports.rq); and when it was derived
#   (prov:generatedAtTime of graph:summaries, to the nanosecond): the answers kept with the store are read only
#   while it is the derivation they were worked out from (coakg.answers).
# how: coakg runs it as one transaction after each load, with the labels and the description (it drops the graph
#   and derives it again from all reports, as labels.ru does). The prefixes graph: and id: are the store's
#   (iris.Minter.derivation_prefixes).
PREFIX coakg: <https://coakg.org/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sh: <http://www.w3.org/ns/shacl#>

DROP SILENT GRAPH graph:summaries ;

INSERT { GRAPH graph:summaries { graph:summaries prov:generatedAtTime ?now } } WHERE { BIND(NOW() AS ?now) } ;

INSERT { GRAPH graph:summaries {
  ?s a coakg:Summary ; coakg:summaryOf ?key ; coakg:phase ?phase ; coakg:year ?year ; coakg:classCode ?class ;
     coakg:classConcept ?c ; coakg:amountWanYuan ?total ; coakg:departmentCount ?departments .
} }
WHERE {
  {
    SELECT ?key ?phase ?year ?class ?c (SUM(?amount) AS ?total) (COUNT(DISTINCT ?department) AS ?departments) WHERE {
      VALUES ?key { "class-expenditure" "basic-economic-class" }
      GRAPH ?r {
        ?k coakg:keyName ?key ; coakg:classCode ?class ; coakg:classConcept ?c ; coakg:amountWanYuan ?amount .
        ?r coakg:hasKeyFigure ?k ; coakg:department ?department ; coakg:year ?year ; coakg:phase ?phase .
      }
    }
    GROUP BY ?key ?phase ?year ?class ?c
  }
  BIND(IRI(CONCAT(STR(graph:summaries), "/", ?key, "/", MD5(CONCAT(?phase, " ", STR(?year), " ", ?class, " ",
                                                                    STR(?c))))) AS ?s)
} ;

INSERT { GRAPH graph:summaries {
  ?s a coakg:Summary ; coakg:summaryOf "code" ; skos:notation ?code ; coakg:departmentCount ?departments ;
     coakg:department ?first ; rdfs:label ?name .
} }
WHERE {
  {
    SELECT ?code (COUNT(DISTINCT ?department) AS ?departments) (MIN(?department) AS ?first) (MIN(STR(?label)) AS ?name)
    WHERE {
      GRAPH graph:codes { ?c skos:notation ?code ; coakg:printedAs ?printed . ?printed coakg:attestedBy ?r ; rdfs:label ?label . }
      { SELECT ?r ?department WHERE { GRAPH ?r { ?r coakg:department ?department } } }  # each report read once
    }
    GROUP BY ?code
  }
  BIND(IRI(CONCAT(STR(graph:summaries), "/code/", MD5(?code))) AS ?s)
} ;

INSERT { GRAPH graph:summaries {
  ?s a coakg:Summary ; coakg:summaryOf "code-name" ; skos:notation ?code ; rdfs:label ?label ;
     coakg:reportCount ?reports ; coakg:departmentCount ?departments ; skos:example ?first .
} }
WHERE {
  {
    SELECT ?code ?label (COUNT(DISTINCT ?r) AS ?reports) (COUNT(DISTINCT ?department) AS ?departments)
           (MIN(?who) AS ?first)
    WHERE {
      GRAPH graph:codes { ?c skos:notation ?code ; coakg:printedAs ?printed . ?printed coakg:attestedBy ?r ; rdfs:label ?label . }
      {  # each report read once, not once for each name it prints (2.7x as long at 1,000 reports)
        SELECT ?r ?department (CONCAT(?department, " ", STR(?year)) AS ?who)
        WHERE { GRAPH ?r { ?r coakg:department ?department ; coakg:year ?year } }
      }
    }
    GROUP BY ?code ?label
  }
  BIND(IRI(CONCAT(STR(graph:summaries), "/code-name/", MD5(CONCAT(?code, " ", STR(?label), "@", LANG(?label))))) AS ?s)
} ;

INSERT { GRAPH graph:summaries { ?r coakg:figureCount ?figures ; coakg:tableCount ?tables ; coakg:findingCount ?found } }
WHERE {
  { SELECT ?r (COUNT(?o) AS ?figures) WHERE { GRAPH ?r { ?o qb:dataSet ?r } } GROUP BY ?r }
  { SELECT ?r (COUNT(?t) AS ?tables) WHERE { GRAPH ?r { ?r coakg:hasTable ?t } } GROUP BY ?r }
  { SELECT ?r (COUNT(?result) AS ?found) WHERE {
      GRAPH ?r { ?r a coakg:Report }
      OPTIONAL { GRAPH ?checks { ?result sh:focusNode ?r } }
    } GROUP BY ?r }
}
