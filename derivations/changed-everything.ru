# title: 全部重新派生（数据集描述）
# derives: nothing itself: it drops the catalogue graph:catalogue and lists every other named graph of the store in
#   graph:changes (as void:Dataset), so that catalogue.ru, run after it in the same transaction, describes the
#   whole store again; the licence the catalogue states is kept, as if stated again (id:dataset dcterms:license
#   in graph:changes), unless this load states one
# how: coakg runs it before catalogue.ru when the catalogue does not describe the reports the store held before a
#   load (a store never described, a load killed before deriving, a store of an earlier coakg).
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcterms: <http://purl.org/dc/terms/>

INSERT { GRAPH graph:changes { id:dataset dcterms:license ?licence } }
WHERE { GRAPH graph:catalogue { id:dataset dcterms:license ?licence . ?licence a dcterms:LicenseDocument }
        FILTER NOT EXISTS { GRAPH graph:changes { id:dataset dcterms:license ?stated } } } ;

DROP SILENT GRAPH graph:catalogue ;

INSERT { GRAPH graph:changes { ?g a void:Dataset } }
WHERE { GRAPH ?g { } FILTER(?g != graph:catalogue && ?g != graph:changes) }
