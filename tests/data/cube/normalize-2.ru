# Normalization phase 2, push down attachment levels (RDF Data Cube, section 10.2): a component attached to
# the data set or to a slice, and a dimension fixed by a slice, is copied onto every observation below it.
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:   <http://purl.org/linked-data/cube#>
# Dataset attachments
INSERT { ?obs ?comp ?value } WHERE {
    ?spec    qb:componentProperty ?comp ;
             qb:componentAttachment qb:DataSet .
    ?dataset qb:structure [qb:component ?spec] ;
             ?comp ?value .
    ?obs     qb:dataSet ?dataset .
} ;
# Slice attachments
INSERT { ?obs ?comp ?value } WHERE {
    ?spec    qb:componentProperty ?comp ;
             qb:componentAttachment qb:Slice .
    ?dataset qb:structure [qb:component ?spec] ;
             qb:slice ?slice .
    ?slice ?comp ?value ;
           qb:observation ?obs .
} ;
# Dimension values on slices
INSERT { ?obs ?comp ?value } WHERE {
    ?spec    qb:componentProperty ?comp .
    ?comp a  qb:DimensionProperty .
    ?dataset qb:structure [qb:component ?spec] ;
             qb:slice ?slice .
    ?slice ?comp ?value ;
           qb:observation ?obs .
}
