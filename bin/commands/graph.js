'use strict';
// `ggen graph`: load, query, update, export, describe and draw RDF graphs.
const fs = require('node:fs');
const path = require('node:path');
const ggen = require('../../lib');
const { UsageError } = require('../cli/usage-error');

const dataFlag = { type: 'list', short: 'd', value: 'file', description: 'an RDF file (.ttl .nt .nq .trig); repeatable, or list files after the flag' };
const moreFiles = { name: 'files', variadic: true, description: 'more data files' };
const RDF_BY_EXT = { '.ttl': 'turtle', '.nt': 'ntriples', '.nq': 'nquads', '.trig': 'trig' };

function dataFiles(opts, verb) {
  const files = [...(opts.data || []), ...(opts.files || [])];
  if (files.length === 0) throw new UsageError(`\`ggen graph ${verb}\` needs data`, 'pass --data <file.ttl>');
  return files;
}

async function loadData(files, ctx) {
  // Relative to the process cwd as given, so messages name the files as the user typed them.
  return ggen.graph.load(files.map((f) => (ctx.cwd === process.cwd() ? f : path.resolve(ctx.cwd, f))), { signal: ctx.signal });
}

// A query or update given inline or as @file; the file name goes into error locations.
function readRequest(arg, ctx) {
  if (!arg.startsWith('@')) {
    // Errors in an inline query point at "<query>": let the error printer show its line.
    if (ctx.out && ctx.out.sources) ctx.out.sources['<query>'] = arg;
    return { text: arg, file: undefined };
  }
  const file = path.resolve(ctx.cwd, arg.slice(1));
  try {
    return { text: fs.readFileSync(file, 'utf8'), file };
  } catch (err) {
    throw new ggen.GgenError(err.code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO', `cannot read ${arg.slice(1)}: ${err.message}`);
  }
}

// Temp file + rename: a failed write never leaves half a file behind.
function writeAtomic(target, text) {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw new ggen.GgenError('E_IO', `cannot write ${target}: ${err.message}`);
  }
}

function rdfFormat(name, flag) {
  if (!ggen.graph.RDF_FORMATS.includes(name)) {
    throw new UsageError(`unknown ${flag} '${name}'`, `use one of ${ggen.graph.RDF_FORMATS.join(', ')}`);
  }
  return name;
}

const rel = (ctx, f) => (path.isAbsolute(f) ? path.relative(ctx.cwd, f) || f : f);
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

// ---- visualize: the schema as Graphviz DOT or a Mermaid class diagram. Everything is sorted
// by IRI, so the same graph always draws the same text.
const SCHEMA_PREFIXES = `PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
`;
const CLASSES_Q = `${SCHEMA_PREFIXES}SELECT DISTINCT ?c WHERE {
  { ?c a owl:Class } UNION { ?c a rdfs:Class } UNION { ?c rdfs:subClassOf ?x } UNION { ?y rdfs:subClassOf ?c }
  UNION { ?p rdfs:domain ?c }
  FILTER(isIRI(?c))
}`;
const PROPS_Q = `${SCHEMA_PREFIXES}SELECT DISTINCT ?p ?d ?r WHERE {
  { ?p a owl:ObjectProperty } UNION { ?p a owl:DatatypeProperty } UNION { ?p a rdf:Property }
  UNION { ?p rdfs:domain ?x } UNION { ?p rdfs:range ?y }
  FILTER(isIRI(?p))
  OPTIONAL { ?p rdfs:domain ?d FILTER(isIRI(?d)) }
  OPTIONAL { ?p rdfs:range ?r FILTER(isIRI(?r)) }
}`;
const SUB_Q = `${SCHEMA_PREFIXES}SELECT DISTINCT ?sub ?sup WHERE { ?sub rdfs:subClassOf ?sup FILTER(isIRI(?sub) && isIRI(?sup)) }`;
const LABELS_Q = `${SCHEMA_PREFIXES}SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(isIRI(?s)) }`;

const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const isDatatype = (iri) => iri.startsWith('http://www.w3.org/2001/XMLSchema#') || iri === 'http://www.w3.org/2000/01/rdf-schema#Literal' || iri.startsWith('http://www.w3.org/1999/02/22-rdf-syntax-ns#');

function shortener(prefixes) {
  // Longest namespace first, so ex: does not shadow ex-sub: when one is a prefix of the other.
  const ns = Object.entries(prefixes).filter(([, v]) => v).sort((a, b) => b[1].length - a[1].length || byString(a[0], b[0]));
  return (iri) => {
    for (const [p, v] of ns) if (iri.startsWith(v) && iri.length > v.length) return `${p}:${iri.slice(v.length)}`;
    if (iri.startsWith('http://www.w3.org/2001/XMLSchema#')) return `xsd:${iri.slice(33)}`;
    const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
    return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  };
}

async function schemaModel(g, signal) {
  const [classes, props, subs, labels] = await Promise.all([CLASSES_Q, PROPS_Q, SUB_Q, LABELS_Q].map((q) => g.query(q, { signal })));
  const label = new Map();
  for (const r of labels.rows) {
    const l = String(r.l);
    if (!label.has(r.s) || l < label.get(r.s)) label.set(r.s, l);
  }
  const classSet = new Set(classes.rows.map((r) => r.c));
  const properties = props.rows
    .map((r) => ({ iri: r.p, domain: r.d === undefined ? null : r.d, range: r.r === undefined ? null : r.r }))
    .sort((a, b) => byString(a.iri, b.iri) || byString(a.domain || '', b.domain || '') || byString(a.range || '', b.range || ''));
  // A non-datatype range is drawn as a class even when the graph does not declare it.
  for (const p of properties) if (p.range && !isDatatype(p.range)) classSet.add(p.range);
  const short = shortener(g.prefixes);
  return {
    classes: [...classSet].sort(byString).map((iri) => ({ iri, name: short(iri), ...(label.has(iri) ? { label: label.get(iri) } : {}) })),
    properties: properties.map((p) => ({ ...p, name: short(p.iri), kind: p.range && !isDatatype(p.range) ? 'relation' : 'attribute', rangeName: p.range ? short(p.range) : null })),
    subclasses: subs.rows.map((r) => ({ sub: r.sub, sup: r.sup })).sort((a, b) => byString(a.sub, b.sub) || byString(a.sup, b.sup)),
  };
}

const dotString = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function toDot(m) {
  const lines = ['digraph schema {', '  rankdir=BT;', '  node [shape=record, fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  const attrs = new Map();
  for (const p of m.properties) {
    if (p.kind === 'attribute' && p.domain) {
      if (!attrs.has(p.domain)) attrs.set(p.domain, []);
      attrs.get(p.domain).push(`${p.name}${p.rangeName ? `: ${p.rangeName}` : ''}`);
    }
  }
  const esc = (s) => s.replace(/([{}|<>])/g, '\\$1');
  for (const c of m.classes) {
    const rows = (attrs.get(c.iri) || []).map(esc).join('\\l');
    const label = rows ? `{${esc(c.name)}|${rows}\\l}` : esc(c.name);
    // Record labels keep their backslash escapes; only quotes need escaping for DOT itself.
    lines.push(`  ${dotString(c.iri)} [label="${label.replace(/"/g, '\\"')}"];`);
  }
  for (const s of m.subclasses) lines.push(`  ${dotString(s.sub)} -> ${dotString(s.sup)} [arrowhead=empty];`);
  for (const p of m.properties) {
    if (p.kind === 'relation' && p.domain) lines.push(`  ${dotString(p.domain)} -> ${dotString(p.range)} [label=${dotString(p.name)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function toMermaid(m) {
  // Mermaid class names are identifiers: sanitize, and number the rare collisions in IRI order.
  const ids = new Map();
  const used = new Set();
  for (const c of m.classes) {
    const base = c.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_') || 'Class';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(c.iri, id);
  }
  const attrs = new Map();
  for (const p of m.properties) {
    if (p.kind === 'attribute' && p.domain && ids.has(p.domain)) {
      if (!attrs.has(p.domain)) attrs.set(p.domain, []);
      attrs.get(p.domain).push(`    +${(p.rangeName || 'any').replace(/[^A-Za-z0-9_:]/g, '_')} ${p.name.replace(/[^A-Za-z0-9_:]/g, '_')}`);
    }
  }
  const lines = ['classDiagram'];
  for (const c of m.classes) {
    const a = attrs.get(c.iri);
    if (a) lines.push(`  class ${ids.get(c.iri)} {`, ...a, '  }');
    else lines.push(`  class ${ids.get(c.iri)}`);
  }
  for (const s of m.subclasses) if (ids.has(s.sub) && ids.has(s.sup)) lines.push(`  ${ids.get(s.sup)} <|-- ${ids.get(s.sub)}`);
  for (const p of m.properties) {
    if (p.kind === 'relation' && p.domain && ids.has(p.domain) && ids.has(p.range)) {
      lines.push(`  ${ids.get(p.domain)} --> ${ids.get(p.range)} : ${p.name.replace(/[^A-Za-z0-9_:]/g, '_')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function visualize(g, format, signal) {
  const model = await schemaModel(g, signal);
  return { model, text: format === 'dot' ? toDot(model) : toMermaid(model) };
}

const load = {
  summary: 'parse and validate RDF files, and print what they hold',
  args: [{ name: 'files', required: true, variadic: true, description: 'RDF files (.ttl .nt .nq .trig)' }],
  flags: {},
  examples: ['ggen graph load ontology.ttl data/*.ttl'],
  async run(opts, ctx) {
    let g;
    try {
      g = await loadData(opts.files, ctx);
    } catch (err) {
      // Every bad file at once: all but the last are printed here, the last by the driver.
      if (!ctx.json && Array.isArray(err.errors) && err.errors.length > 1) {
        for (const e of err.errors.slice(0, -1)) ctx.out.error(e);
        throw err.errors[err.errors.length - 1];
      }
      throw err;
    }
    const s = await g.stats({ signal: ctx.signal });
    return {
      files: g.sources.map((x) => ({ file: rel(ctx, x.name), parsed: x.parsed, added: x.added })),
      triples: s.triples,
      subjects: s.subjects,
      predicates: s.predicates,
      classes: Object.keys(s.classCounts).length,
    };
  },
  render(r, out) {
    for (const f of r.files) out.line(`${out.paint('green', 'ok')}  ${f.file}: ${plural(f.parsed, 'statement')}`);
    out.line(`loaded ${plural(r.triples, 'triple')} (${plural(r.subjects, 'subject')}, ${plural(r.predicates, 'predicate')}, ${plural(r.classes, 'class')}) from ${plural(r.files.length, 'file')}`);
  },
};

const query = {
  summary: 'run a SPARQL query over RDF files',
  args: [{ name: 'query', required: true, description: 'the query text, or @file.rq' }, moreFiles],
  flags: {
    data: dataFlag,
    format: { type: 'string', short: 'f', value: 'fmt', default: 'table', description: 'json (W3C SPARQL results JSON) | csv | tsv | table' },
  },
  examples: [
    "ggen graph query 'SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }' --data ontology.ttl",
    'ggen graph query @classes.rq --data ontology.ttl --format json',
  ],
  async run(opts, ctx) {
    if (!['json', 'csv', 'tsv', 'table'].includes(opts.format)) {
      throw new UsageError(`unknown --format '${opts.format}'`, 'use json, csv, tsv or table');
    }
    const req = readRequest(opts.query, ctx);
    const g = await loadData(dataFiles(opts, 'query'), ctx);
    const format = ctx.json ? 'json' : opts.format;
    const text = await g.query(req.text, { signal: ctx.signal, file: req.file, format });
    if (!ctx.json) return text;
    // --json: the W3C results document as JSON; a graph result as an array of triples.
    return text.startsWith('{') ? JSON.parse(text) : g.query(req.text, { signal: ctx.signal, file: req.file });
  },
  render(text, out) {
    out.data(text);
  },
};

const update = {
  summary: 'apply a SPARQL update to RDF files and write the result',
  args: [{ name: 'update', required: true, description: 'the update text, or @file.ru' }, moreFiles],
  flags: {
    data: dataFlag,
    output: { type: 'string', short: 'o', value: 'file', description: 'where to write the updated graph (format from the extension); default: Turtle on stdout' },
  },
  examples: ["ggen graph update 'DELETE WHERE { ?s ?p ?o }' --data in.ttl -o out.ttl", 'ggen graph update @fix.ru --data in.ttl -o in.ttl'],
  async run(opts, ctx) {
    let format = 'turtle';
    if (opts.output) {
      format = RDF_BY_EXT[path.extname(opts.output).toLowerCase()];
      if (!format) throw new UsageError(`cannot tell the RDF format of ${opts.output}`, 'use a .ttl, .nt, .nq or .trig extension');
    }
    const req = readRequest(opts.update, ctx);
    const g = await loadData(dataFiles(opts, 'update'), ctx);
    const r = await g.update(req.text, { signal: ctx.signal, file: req.file });
    const text = await g.export(format, { signal: ctx.signal });
    if (opts.output) {
      writeAtomic(path.resolve(ctx.cwd, opts.output), text);
      return { ...r, output: opts.output, format };
    }
    return ctx.json ? { ...r, format, text } : { ...r, text };
  },
  render(r, out) {
    if (r.output) out.line(`updated: ${r.inserted} inserted, ${r.deleted} deleted; ${plural(r.size, 'triple')} written to ${r.output}`);
    else out.data(r.text);
  },
};

const exportVerb = {
  summary: 'serialize RDF files as Turtle, N-Triples, N-Quads or TriG',
  args: [moreFiles],
  flags: {
    data: dataFlag,
    format: { type: 'string', short: 'f', value: 'fmt', default: 'turtle', description: 'turtle | ntriples | nquads | trig' },
    sort: { type: 'boolean', default: true, description: 'sort N-Triples/N-Quads lines (--no-sort: index order)' },
    output: { type: 'string', short: 'o', value: 'file', description: 'write to a file instead of stdout' },
  },
  examples: ['ggen graph export --data a.ttl b.ttl --format ntriples -o all.nt'],
  async run(opts, ctx) {
    const format = rdfFormat(opts.format, '--format');
    const g = await loadData(dataFiles(opts, 'export'), ctx);
    const text = await g.export(format, { signal: ctx.signal, sort: opts.sort });
    if (opts.output) {
      writeAtomic(path.resolve(ctx.cwd, opts.output), text);
      return { format, triples: g.size, output: opts.output };
    }
    return { format, triples: g.size, text };
  },
  render(r, out) {
    if (r.output) out.line(`${plural(r.triples, 'triple')} written to ${r.output} (${r.format})`);
    else out.data(r.text);
  },
};

const stats = {
  summary: 'count triples, subjects, predicates, and uses of each predicate and class',
  args: [moreFiles],
  flags: { data: dataFlag },
  async run(opts, ctx) {
    const g = await loadData(dataFiles(opts, 'stats'), ctx);
    return g.stats({ signal: ctx.signal });
  },
  render(s, out) {
    out.line(`triples     ${s.triples}`);
    out.line(`subjects    ${s.subjects}`);
    out.line(`predicates  ${s.predicates}`);
    out.line(`objects     ${s.objects}`);
    if (s.graphs) out.line(`graphs      ${s.graphs}`);
    const section = (title, counts) => {
      const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (rows.length === 0) return;
      out.line('');
      out.line(title);
      const w = Math.max(...rows.map(([, n]) => String(n).length));
      for (const [iri, n] of rows) out.line(`  ${String(n).padStart(w)}  ${iri}`);
    };
    section('per predicate:', s.predicateCounts);
    section('per class (rdf:type):', s.classCounts);
  },
};

const visualizeVerb = {
  summary: 'draw the schema: classes, properties with domain and range, subclass edges',
  args: [moreFiles],
  flags: {
    data: dataFlag,
    format: { type: 'string', short: 'f', value: 'fmt', default: 'dot', description: 'dot (Graphviz) | mermaid (classDiagram)' },
    output: { type: 'string', short: 'o', value: 'file', description: 'write to a file instead of stdout' },
  },
  examples: ['ggen graph visualize --data ontology.ttl | dot -Tsvg > ontology.svg', 'ggen graph visualize --data ontology.ttl --format mermaid'],
  async run(opts, ctx) {
    if (!['dot', 'mermaid'].includes(opts.format)) throw new UsageError(`unknown --format '${opts.format}'`, 'use dot or mermaid');
    const g = await loadData(dataFiles(opts, 'visualize'), ctx);
    const { model, text } = await visualize(g, opts.format, ctx.signal);
    if (opts.output) {
      writeAtomic(path.resolve(ctx.cwd, opts.output), text);
      return { format: opts.format, output: opts.output, ...model };
    }
    return ctx.json ? { format: opts.format, ...model, text } : { text };
  },
  render(r, out) {
    if (r.output) out.line(`${r.format} diagram written to ${r.output}`);
    else out.data(r.text);
  },
};

module.exports = {
  description: 'RDF graphs: load, query (SPARQL), update, export, stats, visualize',
  verbs: { load, query, update, export: exportVerb, stats, visualize: visualizeVerb },
};
