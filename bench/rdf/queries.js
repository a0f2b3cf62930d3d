'use strict';
// The benchmark queries: what ggen's templates typically ask of an ontology, plus the classic
// stressors (ordering, grouping, a 3-way join, a transitive path).
const P = `PREFIX ex: <http://example.org/onto#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
`;

module.exports = {
  'classes+labels': `${P}SELECT ?c ?label WHERE { ?c a owl:Class ; rdfs:label ?label }`,
  'props per class (OPTIONAL)': `${P}SELECT ?c ?p ?range ?comment WHERE { ?p rdfs:domain ?c . OPTIONAL { ?p rdfs:range ?range } OPTIONAL { ?p rdfs:comment ?comment } }`,
  'FILTER + ORDER BY': `${P}SELECT ?s ?v WHERE { ?s ex:score ?v FILTER(?v >= 990) } ORDER BY DESC(?v) ?s`,
  'GROUP BY + COUNT': `${P}SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c`,
  '3-way join': `${P}SELECT ?a ?b ?l WHERE { ?a ex:knows ?b . ?b a ?c . ?c rdfs:label ?l }`,
  'subClassOf* path': `${P}SELECT ?c ?super WHERE { ?c a owl:Class . ?c rdfs:subClassOf* ?super }`,
};
