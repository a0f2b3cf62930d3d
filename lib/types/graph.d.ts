// ggen API types: RDF graphs: loading, querying, exporting. Hand-written; kept in step with lib/.

import type { CallOptions } from './base';

/** An RDF term as the query results carry it beside each plain value. */
export interface RdfTerm {
  type: 'iri' | 'literal' | 'bnode';
  /** IRI text, blank-node label (without `_:`), or the literal's lexical form. */
  value: string;
  /** Literals only: the datatype IRI (xsd:string for simple literals, rdf:langString with `lang`). */
  datatype?: string;
  /** Literals with a language tag only (lowercase). */
  lang?: string;
}

/**
 * The plain value of a term: IRI text, blank label, lexical form; a number for xsd numeric
 * literals (integers only when exact, i.e. |n| <= 2^53; otherwise the lexical string); a boolean
 * for xsd:boolean.
 */
export type RdfValue = string | number | boolean;

/** A SELECT result. Unbound variables are absent from a row (and from its terms). */
export interface SelectResult {
  variables: string[];
  /** rows[i][variable]: the plain value. */
  rows: Array<Record<string, RdfValue>>;
  /** terms[i][variable]: the full term behind rows[i][variable] (a parallel array). */
  terms: Array<Record<string, RdfTerm>>;
}

/** A CONSTRUCT / DESCRIBE result. */
export interface RdfTriple {
  subject: RdfTerm;
  predicate: RdfTerm;
  object: RdfTerm;
}

export type RdfFormat = 'turtle' | 'ntriples' | 'nquads' | 'trig';
export type ResultsFormat = 'json' | 'csv' | 'tsv' | 'table' | 'xml';

export interface GraphSource {
  text: string;
  /** Default `turtle`. */
  format?: RdfFormat | 'ttl' | 'nt' | 'nq';
  /** Base IRI for relative IRIs. */
  base?: string;
  /** Name used in error locations (default `<text>`). */
  name?: string;
}

export interface QueryOptions extends CallOptions {
  /** File name reported in syntax-error locations. */
  file?: string;
  /** Milliseconds; rejects with `E_TIMEOUT` past it. */
  timeout?: number;
}

export interface GraphStats {
  triples: number;
  graphs: number;
  subjects: number;
  predicates: number;
  objects: number;
  terms: number;
  memoryBytes: number;
  /** predicate IRI -> triples using it (sorted by IRI). */
  predicateCounts: Record<string, number>;
  /** class IRI -> rdf:type triples naming it (sorted by IRI). */
  classCounts: Record<string, number>;
}

/** An in-memory RDF dataset. Queries read snapshots, so several may run at once. */
export interface Graph {
  /** Quads in the dataset. */
  readonly size: number;
  /** Prefixes the loaded documents declared. */
  readonly prefixes: Record<string, string>;
  /** What each source contributed. */
  readonly sources: Array<{ name: string; parsed: number; added: number }>;
  /** SELECT -> SelectResult, ASK -> boolean, CONSTRUCT/DESCRIBE -> triples. */
  query(sparql: string, options?: QueryOptions): Promise<SelectResult | boolean | RdfTriple[]>;
  /** The result serialized (W3C JSON/CSV/TSV/XML or a text table; graphs as N-Triples). */
  query(sparql: string, options: QueryOptions & { format: ResultsFormat }): Promise<string>;
  /** Applies a SPARQL update atomically (all operations or none). */
  update(sparql: string, options?: QueryOptions): Promise<{ inserted: number; deleted: number; size: number }>;
  /** Serializes the dataset; N-Triples/N-Quads lines are sorted unless `sort: false`. */
  export(format?: RdfFormat, options?: CallOptions & { sort?: boolean }): Promise<string>;
  stats(options?: CallOptions): Promise<GraphStats>;
}

export namespace graph {
  /** The class of loaded graphs, for `instanceof`; graphs are made by load(). */
  const Graph: abstract new (...args: never[]) => Graph;
  /**
   * Parses documents (paths: format from the extension; or GraphSource) into a new graph.
   * Rejects with the first bad source's error; `err.errors` lists every bad source's error.
   */
  function load(sources: string | GraphSource | Array<string | GraphSource | { path: string; format?: RdfFormat; base?: string }>, options?: CallOptions): Promise<Graph>;
  const RDF_FORMATS: RdfFormat[];
  const RESULT_FORMATS: ResultsFormat[];
}

/** Tera engine switches shared by the template calls. */
