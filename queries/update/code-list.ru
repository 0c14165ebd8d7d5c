# Code list: rebuilds the code-list graph from every report graph of the store.
# Each code of the function and economic classifications gets its notation, level,
# scheme and parent, and every name it was printed with; each name lists the reports
# that print the code with it. Relative IRIs resolve against the store's IRI base.
PREFIX coakg: <https://coakg.org/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

DROP SILENT GRAPH <graph/codes> ;

INSERT {
  GRAPH <graph/codes> {
    ?code a skos:Concept ; skos:inScheme ?scheme ; skos:notation ?key ; coakg:level ?level ;
          skos:broader ?parent ; coakg:printedAs ?name .
    ?name a coakg:PrintedName ; rdfs:label ?label ; coakg:attestedBy ?report .
  }
}
WHERE {
  VALUES ?scheme { <scheme/function> <scheme/economic> }
  GRAPH ?report {
    ?report a coakg:Report .
    ?o coakg:row ?code ; coakg:rowLabel ?printed .
    ?code skos:inScheme ?scheme ; skos:notation ?key ; coakg:level ?level .
    OPTIONAL { ?code skos:broader ?parent }
  }
  BIND(STRLANG(REPLACE(STR(?printed), "^[一二三四五六七八九十]+[、.．]", ""), LANG(?printed)) AS ?label)
  BIND(IRI(CONCAT(STR(?code), "/name/", ENCODE_FOR_URI(STR(?label)))) AS ?name)
}
