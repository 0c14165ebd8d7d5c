# title: 原始发布地址（数据来源）
# derives: the graph graph:publication: where each report file was published, as the user stated it when loading it
#   (coakg load --published-at URL, --published-list LIST.csv): the file's source ({base}source/{sha256}: the file
#   is known by its content) with the URL as its dcat:accessURL (the URL gives access to the file as its publisher
#   published it: the file itself or a page that links it)
# how: coakg runs it in the transaction of the catalogue, before catalogue.ru. graph:changes holds the URLs stated by
#   this load (a source dcat:accessURL a URL); each replaces the URL stated before for the same file; a URL is never
#   removed otherwise (a file replaced by another version keeps its URL, which shows again if it is loaded again).
#   When it changes anything, graph:publication is listed in graph:changes as a void:Dataset, so that catalogue.ru
#   counts its triples again; stating the same URL again changes nothing. The catalogue a harvester fetches
#   (catalogue-served.rq) gives each report's source distribution the URL stated for its file; the report's page
#   links it.
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>

INSERT { GRAPH graph:changes { graph:publication a void:Dataset } }
WHERE { { SELECT (COUNT(*) AS ?new) WHERE {
            GRAPH graph:changes { ?source dcat:accessURL ?url }
            FILTER NOT EXISTS { GRAPH graph:publication { ?source dcat:accessURL ?url } } } }
        FILTER(?new > 0) } ;

DELETE { GRAPH graph:publication { ?source dcat:accessURL ?old } }
WHERE { GRAPH graph:changes { ?source dcat:accessURL ?url } GRAPH graph:publication { ?source dcat:accessURL ?old } } ;

INSERT { GRAPH graph:publication { ?source dcat:accessURL ?url } }
WHERE { GRAPH graph:changes { ?source dcat:accessURL ?url } }
