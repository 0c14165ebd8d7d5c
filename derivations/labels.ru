# title: 科目名称与跨年对应
# derives: the graph graph:labels, from the code list graph:codes (every report's part of it)
# what: each code's skos:prefLabel per language: the name the reports of its year print, the one the most reports
#   print where they differ (a tie goes to the name first in code-point order; a code printed with no name of its
#   own, only beside a unit's number, its notation), every other name a skos:altLabel;
#   the inverse links skos:narrower (of skos:broader) and skos:hasTopConcept (of skos:topConceptOf); the same code
#   in consecutive years of a classification skos:exactMatch where its preferred name is the same, skos:closeMatch
#   where it changed (both ways).
# how: coakg runs it as one transaction after each load (it drops the graph and derives it again), and over a
#   single report's code list for `coakg extract`. The prefixes graph: and id: are the store's (iris.Minter
#   .derivation_prefixes): graph:codes is {base}graph/codes.
PREFIX coakg: <https://coakg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>

DROP SILENT GRAPH graph:labels ;

INSERT { GRAPH graph:labels { ?c skos:prefLabel ?preferred } }
WHERE {
  {
    SELECT ?c ?lang (MIN(?text) AS ?first) WHERE {
      {
        SELECT ?c ?lang (MAX(?reports) AS ?most) WHERE {
          {
            SELECT ?c ?label (COUNT(DISTINCT ?r) AS ?reports) WHERE {
              GRAPH graph:codes { ?c coakg:printedAs ?name . ?name rdfs:label ?label ; coakg:attestedBy ?r . }
            }
            GROUP BY ?c ?label
          }
          BIND(LANG(?label) AS ?lang)
        }
        GROUP BY ?c ?lang
      }
      {
        SELECT ?c ?label (COUNT(DISTINCT ?r) AS ?reports) WHERE {
          GRAPH graph:codes { ?c coakg:printedAs ?name . ?name rdfs:label ?label ; coakg:attestedBy ?r . }
        }
        GROUP BY ?c ?label
      }
      FILTER(LANG(?label) = ?lang && ?reports = ?most)
      BIND(STR(?label) AS ?text)
    }
    GROUP BY ?c ?lang
  }
  BIND(STRLANG(?first, ?lang) AS ?preferred)
} ;

INSERT { GRAPH graph:labels { ?c skos:prefLabel ?notation } }
WHERE {
  GRAPH graph:codes { ?c skos:notation ?code ; coakg:level ?level . FILTER NOT EXISTS { ?c coakg:printedAs ?name } }
  BIND(STRLANG(?code, "zh") AS ?notation)
} ;

INSERT { GRAPH graph:labels { ?c skos:altLabel ?label } }
WHERE {
  GRAPH graph:codes { ?c coakg:printedAs ?name . ?name rdfs:label ?label . }
  GRAPH graph:labels { ?c skos:prefLabel ?preferred . }
  FILTER(LANG(?preferred) = LANG(?label) && ?preferred != ?label)
} ;

INSERT { GRAPH graph:labels { ?parent skos:narrower ?c } }
WHERE { GRAPH graph:codes { ?c skos:broader ?parent } } ;

INSERT { GRAPH graph:labels { ?scheme skos:hasTopConcept ?c } }
WHERE { GRAPH graph:codes { ?c skos:topConceptOf ?scheme } } ;

INSERT { GRAPH graph:labels { ?a ?match ?b . ?b ?match ?a } }
WHERE {
  {  # the pairs of schemes first (a few dozen), the next year bound before it is joined: with the years filtered
     # after the join, Oxigraph paired every concept of every two schemes (7.2 s against 0.27 s at 1,000 reports)
    SELECT ?earlier ?later WHERE {
      GRAPH graph:codes {
        ?earlier dcterms:isVersionOf ?classification ; coakg:year ?year .
        BIND(?year + 1 AS ?next)
        ?later dcterms:isVersionOf ?classification ; coakg:year ?next .
      }
    }
  }
  GRAPH graph:codes {
    ?a skos:inScheme ?earlier ; skos:notation ?code .
    ?b skos:inScheme ?later ; skos:notation ?code .
  }
  GRAPH graph:labels { ?a skos:prefLabel ?name . ?b skos:prefLabel ?nextName . }
  FILTER(LANG(?name) = "zh" && LANG(?nextName) = "zh")
  BIND(IF(?name = ?nextName, skos:exactMatch, skos:closeMatch) AS ?match)
}
