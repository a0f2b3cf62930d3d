'use strict';
// Writes an ontology-shaped Turtle document of about `triples` triples: a class tree with
// labels and comments, object and datatype properties with domain/range (comments on half),
// and instances typed by those classes with labels, scores and links. Deterministic (an LCG).
const fs = require('node:fs');

function generate(file, triples) {
  let seed = 42;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const classes = Math.max(20, Math.floor(triples / 200));
  const props = Math.max(20, Math.floor(triples / 100));
  const out = fs.openSync(file, 'w');
  let buf = '';
  let count = 0;
  const emit = (s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  };
  emit('@prefix ex: <http://example.org/onto#> .\n@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n');
  emit('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n');
  emit('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n');
  for (let i = 0; i < classes; i++) {
    emit(`ex:C${i} a owl:Class ; rdfs:label "Class ${i}"@en ; rdfs:comment "The class number ${i} of the benchmark ontology."`);
    count += 3;
    if (i > 0) {
      emit(` ; rdfs:subClassOf ex:C${Math.floor((i - 1) / 4)}`);
      count++;
    }
    emit(' .\n');
  }
  for (let i = 0; i < props; i++) {
    const object = i % 2 === 0;
    const range = object ? `ex:C${rand(classes)}` : ['xsd:string', 'xsd:integer', 'xsd:dateTime'][i % 3];
    emit(`ex:p${i} a ${object ? 'owl:ObjectProperty' : 'owl:DatatypeProperty'} ; rdfs:label "property ${i}" ; rdfs:domain ex:C${rand(classes)} ; rdfs:range ${range}`);
    count += 4;
    if (i % 2 === 1) {
      emit(` ; rdfs:comment "What property ${i} says."`);
      count++;
    }
    emit(' .\n');
  }
  let i = 0;
  while (count < triples) {
    emit(`ex:i${i} a ex:C${rand(classes)} ; rdfs:label "Instance ${i}" ; ex:score ${rand(1000)} ; ex:knows ex:i${rand(i + 1)} ; ex:p${rand(props)} "value ${rand(100000)}" .\n`);
    count += 5;
    i++;
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return count;
}

module.exports = { generate };
