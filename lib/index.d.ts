// Type definitions for ggen's JavaScript API. Hand-written; kept in step with lib/.

/** Options every asynchronous call accepts. */
export interface CallOptions {
  /** Aborting rejects the call with code `E_CANCELLED` and cancels the native work. */
  signal?: AbortSignal;
}

/** The one error type of ggen. `code` is stable; match on it, not on the message. */
export class GgenError extends Error {
  constructor(code: string, message: string, details?: Partial<Pick<GgenError, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'hint'>> & { cause?: unknown });
  readonly name: 'GgenError';
  /** e.g. `E_TEMPLATE_SYNTAX`, `E_RDF_SYNTAX`, `E_CANCELLED`, `E_CONFIG`, `E_INVALID_ARGUMENT`. */
  code: string;
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based, in characters */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** What to do about it. */
  hint?: string;
}

/** The package version. */
export const version: string;

export interface RuntimeStats {
  /** False until the first call that needs the native runtime. */
  created: boolean;
  threads: number;
  spawned: number;
  completed: number;
  failed: number;
  cancelled: number;
  active: number;
  queued: number;
  peakConcurrency: number;
  queueWaitP50Us: number;
  queueWaitP99Us: number;
}

export namespace runtime {
  /** Counters of the shared native runtime (does not create it). */
  function stats(): RuntimeStats;
  /** A no-op round trip JS -> native runtime -> Promise. */
  function ping(options?: CallOptions): Promise<void>;
  /** Waits `ms` on a runtime worker, cancellably; resolves with the milliseconds slept. */
  function sleep(ms: number, options?: CallOptions): Promise<number>;
}

export interface DoctorCheck {
  name: 'node' | 'node-api' | 'addon' | 'runtime' | 'write access' | 'git' | 'disk';
  ok: boolean;
  detail: string;
  hint?: string;
}

export interface DoctorReport {
  /** True when every required check passed (a missing git only warns). */
  ok: boolean;
  ggen: string;
  node: string;
  napi: number;
  platform: string;
  addon: { path: string; napiVersionBuilt: number; libuv: string; compiler: string };
  runtime: { threads: number; roundTripUs: number; stats: RuntimeStats };
  cwd: { path: string; writable: boolean };
  git: { found: boolean; path: string | null };
  disk: { freeBytes: number | null };
  checks: DoctorCheck[];
}

/** Checks this machine and the native addon. */
export function doctor(options?: CallOptions & { cwd?: string }): Promise<DoctorReport>;

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
  /**
   * Parses documents (paths: format from the extension; or GraphSource) into a new graph.
   * Rejects with the first bad source's error; `err.errors` lists every bad source's error.
   */
  function load(sources: string | GraphSource | Array<string | GraphSource | { path: string; format?: RdfFormat; base?: string }>, options?: CallOptions): Promise<Graph>;
  const RDF_FORMATS: RdfFormat[];
  const RESULT_FORMATS: ResultsFormat[];
}

/** Tera engine switches shared by the template calls. */
export interface EngineOptions {
  /** Escape HTML; default: only for templates named *.html / *.htm / *.xml (Tera's rule). */
  autoescape?: boolean;
  /** Drop the newline after a block tag. */
  trimBlocks?: boolean;
  /** Strip the indentation before a block tag that starts its line. */
  lstripBlocks?: boolean;
}

/** One problem in a template, in the shape editors turn into squiggles (1-based positions). */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  /** e.g. E_TEMPLATE_SYNTAX, E_FRONTMATTER, E_SPARQL_SYNTAX, W_UNDECLARED_VARIABLE, W_TEMPLATED_QUERY. */
  code: string;
  message: string;
  hint?: string;
}

export interface LintReport {
  diagnostics: Diagnostic[];
  files: Array<{ file: string; errors: number; warnings: number }>;
}

export interface FileOptions extends CallOptions {
  /** Folder include/extends/import names resolve in (default: the template's folder). */
  dir?: string;
  /** Base for relative paths and reported file names (default: process.cwd()). */
  cwd?: string;
}

export interface TemplateShow {
  file: string;
  hasFrontmatter: boolean;
  /** The frontmatter as written (YAML as JSON), or null. */
  frontmatter: unknown;
  /** False when lint found errors. */
  valid: boolean;
  parsed: null | {
    to: { value: string; line: number } | null;
    from: { value: string; line: number } | null;
    description: string;
    tags: string[];
    matrix: string | null;
    base: string;
    prefixes: Record<string, string>;
    vars: Record<string, unknown>;
    inject: boolean;
    force: boolean;
  };
  queries: Array<{ name: string; text: string; line: number }>;
  /** Names the body reads from its context. */
  variables: string[];
  /** Names generation provides (vars, sparql_results, row with a matrix). */
  provided: string[];
  diagnostics: Diagnostic[];
}

export namespace template {
  /** A context converted once into native values (a snapshot of the data it was made from). */
  class TemplateContext {
    private constructor();
  }
  /** Converts `data` once, for many renders over the same data (no per-call serialisation). */
  function context(data: Record<string, unknown>, callOptions?: CallOptions): Promise<TemplateContext>;
  /** Renders `name` from in-memory templates (compiled once, reused across calls). */
  function render(options: EngineOptions & { templates: Record<string, string>; name: string; context?: Record<string, unknown> | TemplateContext }, callOptions?: CallOptions): Promise<string>;
  /** Renders a one-off template source; it may include/extend `options.templates`. */
  function renderString(source: string, context?: Record<string, unknown> | TemplateContext, options?: EngineOptions & CallOptions & { templates?: Record<string, string> }): Promise<string>;
  /** Renders a template file's body (frontmatter stripped) over its `vars` defaults. */
  function renderFile(file: string, options?: FileOptions & EngineOptions & { context?: Record<string, unknown> }): Promise<string>;
  /** Lints template files (folders: every template in them). Problems are data; bad arguments reject. */
  function lint(paths: string | string[], options?: FileOptions): Promise<LintReport>;
  function show(file: string, options?: FileOptions): Promise<TemplateShow>;
  function list(options?: FileOptions): Promise<{ dir: string; templates: Array<{ path: string; description: string; error?: { code: string; message: string } }> }>;
  /** Writes a starter template (`<name>.tmpl` unless it has a template extension); never overwrites (E_EXISTS). */
  function create(name: string, options?: { dir?: string; cwd?: string }): Promise<{ file: string }>;
}

/** Same as template.lint. */
export function lint(paths: string | string[], options?: FileOptions): Promise<LintReport>;

export interface WatchOptions extends CallOptions {
  /** A folder inside the project (ggen.toml is found upward). Default: the current folder. */
  project?: string;
  /** Relative paths resolve here. Default: process.cwd(). */
  root?: string;
  /** Output root instead of ggen.toml's generate.output. */
  output?: string;
  /** Quiet window after the last event of a burst, in ms. Default 50. */
  debounce?: number;
  vars?: Record<string, unknown>;
  varsFiles?: string | string[];
  /** `name=value` assignments, as `--var` takes them. */
  varAssignments?: string | string[];
  force?: boolean;
  allowShell?: boolean;
  keepGoing?: boolean;
  jobs?: number;
  /** Timeout of each sh_before / sh_after command, in ms. Default 60000. */
  shellTimeout?: number;
}

export interface WatchChange {
  /** Relative to the project folder, '/'-separated. */
  path: string;
  kind: 'created' | 'modified' | 'removed';
}

export interface WatchReport {
  /** 1, 2, ... one per regeneration (failed ones included). */
  seq: number;
  /** The generation run when watching starts. */
  initial: boolean;
  /** What triggered it (empty for the initial one). */
  changes: WatchChange[];
  /** From the end of the debounce window to written files. */
  elapsedMs: number;
  mode: 'apply';
  plan: { summary: Record<string, number>; outputs: Array<{ path: string; action: string; reason?: string }> } & Record<string, unknown>;
  written: number;
  backups: string[];
  shell: Array<{ phase: string; command: string; exitCode: number; timedOut: boolean; stdout: string; stderr: string }>;
}

/** A running watcher. No event is emitted once close() has been called. */
export interface WatchHandle {
  /** Resolves once the folders are watched; rejects (E_PROJECT, E_CANCELLED...) if watching cannot start. */
  readonly ready: Promise<WatchHandle>;
  readonly closed: boolean;
  root: string | null;
  /** Watched recursively (folders created later included). */
  folders: string[];
  /** Watched one by one (ggen.toml, graph files named directly). */
  files: string[];
  /** Stops watching; cancels a regeneration in flight (it leaves no partial file). */
  close(): Promise<void>;
  on(event: 'change', listener: (change: { files: WatchChange[] }) => void): this;
  on(event: 'generated', listener: (report: WatchReport) => void): this;
  /** A failed regeneration, with its location; without a listener it is dropped. */
  on(event: 'error', listener: (err: GgenError & { seq: number }) => void): this;
  on(event: 'close', listener: () => void): this;
  once: WatchHandle['on'];
  off(event: string, listener: (...args: any[]) => void): this;
}

/** Watches a project's templates, graphs and ggen.toml and regenerates on every real change. */
export function watch(options?: WatchOptions): WatchHandle;

/** Options of `validate` (and `project.validate`): what `project gen` would be given. */
export interface ValidateOptions extends CallOptions {
  /** A folder inside the project (ggen.toml is found upward; default: `root`). */
  project?: string;
  /** Base for relative paths (default: process.cwd()). */
  root?: string;
  /** Extra graph files, as `--data`. */
  data?: string | string[];
  vars?: Record<string, unknown>;
  varsFiles?: string | string[];
  /** `name=value` strings, as `--var`. */
  varAssignments?: string | string[];
  /** Without it, a template with sh_before/sh_after is an error (as in generation). */
  allowShell?: boolean;
  /** Templates checked in parallel (0: the runtime's threads). */
  jobs?: number;
  /** Milliseconds; past it the call rejects with E_TIMEOUT. */
  timeout?: number;
  /** Phases "loaded" (graphs) and "validated" (templates). */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface ValidationReport {
  /** False when any diagnostic is an error. */
  ok: boolean;
  /** The project root; diagnostics' files are relative to it. */
  root: string;
  templates: number;
  graphs: number;
  triples: number;
  queries: number;
  errors: number;
  warnings: number;
  /** Every problem, sorted by file, line, column, code. Codes beyond lint's: E_UNDEFINED_VARIABLE,
   * E_UNKNOWN_COLUMN, E_UNKNOWN_QUERY, E_SPARQL_EVAL, E_RDF_SYNTAX, E_PROJECT, E_SHELL_REFUSED. */
  diagnostics: Diagnostic[];
}

/** Checks everything `project gen` would use, writing nothing. Problems are data; a missing
 * ggen.toml rejects with E_PROJECT, a stop with E_CANCELLED / E_TIMEOUT. */
export function validate(options?: ValidateOptions): Promise<ValidationReport>;

export namespace project {
  /** Same as ggen.validate. */
  function validate(options?: ValidateOptions): Promise<ValidationReport>;
}

/** What `--metrics` prints: the runtime's counters and the caches' hit rates (synchronous). A
 * generation report's `cache` array (a session's caches) is added when passed. */
export function metrics(report?: { cache?: Array<{ name: string; entries: number; bytes: number; hits: number; misses: number }> }): {
  runtime: RuntimeStats;
  caches: Array<{ name: string; hits: number; misses: number; hitRate: number | null; entries?: number; bytes?: number }>;
};

export type PlanAction = 'create' | 'overwrite' | 'inject' | 'skip' | 'unchanged' | 'delete';

export interface PlanOutput {
  /** Relative to the output root, '/'-separated. */
  path: string;
  /** `delete`: a stale output (ggen wrote it, the run no longer produces it). */
  action: PlanAction;
  reason?: string;
  template: string;
  /** Matrix row, when the template has `matrix:`. */
  row?: number;
  bytes: number;
  /** Of the new content; null for `delete`. */
  sha256: string | null;
  /** Of the target as it is now; null when absent. */
  before: string | null;
  backup?: boolean;
  owned?: boolean;
  shBefore?: string[];
  shAfter?: string[];
  /** The new bytes (plan() only; not for `delete`). */
  content?: string;
}

export interface Plan {
  version: 1;
  root: string;
  outputRoot: string;
  allowShell: boolean;
  summary: Record<PlanAction, number>;
  /** Input path -> sha256. */
  inputs: Record<string, string>;
  outputs: PlanOutput[];
  manifest: { before: string | null; after?: string };
  diff?: string;
}

export interface GenerateOptions extends CallOptions {
  /** Relative paths resolve here. Default: process.cwd(). */
  root?: string;
  /** A folder inside a ggen.toml project: it names templates, graphs and the output. */
  project?: string;
  templates?: string | string[];
  template?: string | string[];
  templatesDir?: string;
  output?: string;
  /** RDF files every template sees. */
  data?: string | string[];
  prefixes?: Record<string, string>;
  base?: string;
  vars?: Record<string, unknown>;
  varsFiles?: string | string[];
  varAssignments?: string | string[];
  force?: boolean;
  allowShell?: boolean;
  dryRun?: boolean;
  check?: boolean;
  jobs?: number;
  keepGoing?: boolean;
  /** Plan through a cached session (kept for the process; with a project, also
   * <root>/.ggen/cache/ between runs). ggen.toml's `[cache] persistent = true` does the same. */
  cache?: boolean;
  timeout?: number;
  shellTimeout?: number;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  /** Phases in order: "cache" (a cached run reading .ggen/cache/), "hashing" (a cached run's
   * inputs), "parsing" (graph files), "templates" (template files), "loaded", "rendered",
   * then "planned", and "written" when applying (the batch's files, the manifest included).
   * done/total count files, templates or outputs. */
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface GenerateReport {
  mode: 'apply' | 'dry-run' | 'check';
  plan: Plan;
  /** apply: files written (created, overwritten, injected) and stale files deleted. */
  written?: number;
  deleted?: number;
  backups?: string[];
  shell?: Array<{ phase: string; command: string; exitCode: number; timedOut: boolean; stdout: string; stderr: string }>;
  /** dry-run / check: unified diff, --stat text, and the paths that would change. */
  diff?: string;
  stat?: string;
  changed?: string[];
  /** With `cache`: each cache's counters (graphs, templates, queries, renders, plans — `plans`
   * counts the persistent "nothing changed" replays of the whole previous plan), and notes such
   * as a damaged persistent cache that was discarded. */
  cache?: CacheCounters[];
  cacheWarnings?: string[];
}

export interface CacheCounters {
  name: 'graphs' | 'templates' | 'queries' | 'renders' | 'plans';
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** Plan, then apply (or a dry run / check). */
export function generate(options: GenerateOptions): Promise<GenerateReport>;
/** The plan with every output's bytes; writes nothing. */
export function plan(options: GenerateOptions): Promise<Plan>;
/** Writes a saved plan; E_STALE if an input or target changed since (unless checkStale: false). */
export function apply(plan: Plan, options?: CallOptions & { checkStale?: boolean; timeout?: number }): Promise<GenerateReport>;
/** A template's output as text, nothing written; with `data` or a frontmatter with sparql:/rdf:,
 * queries run as in generation (a matrix concatenates every row's output). */
export function renderTemplate(file: string, options?: CallOptions & {
  data?: string | string[]; context?: Record<string, unknown>; dir?: string; cwd?: string;
  trimBlocks?: boolean; lstripBlocks?: boolean; autoescape?: boolean;
}): Promise<string>;

declare const ggen: {
  version: typeof version;
  generate: typeof generate;
  plan: typeof plan;
  apply: typeof apply;
  renderTemplate: typeof renderTemplate;
  GgenError: typeof GgenError;
  runtime: typeof runtime;
  doctor: typeof doctor;
  graph: typeof graph;
  template: typeof template;
  lint: typeof lint;
  validate: typeof validate;
  metrics: typeof metrics;
  project: typeof project;
  watch: typeof watch;
  hooks: typeof hooks;
  lifecycle: typeof lifecycle;
  pack: typeof pack;
  marketplace: typeof marketplace;
};
export default ggen;

/** One chunk of a running command's output (lifecycle phases, hooks). */
export interface OutputChunk {
  /** The phase name (lifecycle) or the hook's command as typed after `ggen`. */
  source: string;
  stream: 'stdout' | 'stderr';
  /** Raw bytes: a chunk may end inside a UTF-8 character. */
  data: Buffer;
}

export interface CommandResult {
  command: string;
  exitCode: number;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export type HookEvent = 'pre-commit' | 'post-merge' | 'watch';

export interface Hook {
  on: HookEvent;
  /** ggen's arguments, e.g. ['project', 'gen', '--check']. */
  run: string[];
  /** The same, as typed after `ggen`. */
  command: string;
  /** Milliseconds. */
  timeout: number;
}

/** Hooks: ggen commands stored in ggen.toml ([[hooks]]) and run on an event. See docs/hooks.md. */
export namespace hooks {
  const events: HookEvent[];
  /** How hooks start ggen: [node, <package>/bin/ggen.js]. */
  function ggenCommand(): string[];
  function create(options: CallOptions & {
    on: HookEvent;
    /** ggen's arguments (an array, or a string split on spaces); a leading "ggen" is dropped. */
    command: string[] | string;
    /** A folder inside the project (default: process.cwd()). */
    dir?: string;
    /** Milliseconds (default 600000). */
    timeout?: number;
    /** How the installed git hook starts ggen (default: ggenCommand()). */
    ggen?: string[];
  }): Promise<{ config: string; hook: Hook; added: boolean; installed: string | null; chained: boolean }>;
  function list(options?: CallOptions & { dir?: string }): Promise<{
    config: string;
    /** The repository's hooks folder, when the project is in a git working tree and has git hooks. */
    hooksDir: string | null;
    hooks: Array<Hook & { installed: boolean }>;
  }>;
  /** Removes the event's hooks (only `command`'s when given); E_HOOK_NOT_FOUND when none match. */
  function remove(options: CallOptions & { on: HookEvent; command?: string[] | string; dir?: string }): Promise<{
    config: string;
    removed: Hook[];
    uninstalled: boolean;
    restored: boolean;
  }>;
  /** Runs the event's hooks in order; rejects with E_HOOK_FAILED at the first failure. */
  function run(event: HookEvent, options?: CallOptions & {
    dir?: string;
    env?: Record<string, string>;
    ggen?: string[];
    onOutput?: (chunk: OutputChunk) => void;
  }): Promise<{ event: HookEvent; runs: CommandResult[] }>;
}

export interface LifecyclePhase {
  name: string;
  description: string;
  commands: string[];
  inputs: string[];
  outputs: string[];
  depends: string[];
  /** Milliseconds per command. */
  timeout: number;
}

/** Lifecycle phases of ggen.toml ([lifecycle.<phase>]). See docs/lifecycle.md. */
export namespace lifecycle {
  function list(options?: CallOptions & { dir?: string }): Promise<{ config: string; phases: LifecyclePhase[] }>;
  /**
   * Runs `phase` after its dependencies; unchanged phases are skipped unless `force`. Rejects with
   * E_LIFECYCLE_FAILED / E_LIFECYCLE_TIMEOUT at the first failing command, E_LIFECYCLE_CYCLE,
   * E_LIFECYCLE_UNKNOWN_PHASE, E_PROJECT.
   */
  function run(phase: string, options?: CallOptions & {
    dir?: string;
    force?: boolean;
    onOutput?: (chunk: OutputChunk) => void;
  }): Promise<{
    config: string;
    order: string[];
    phases: Array<{ name: string; status: 'ran' | 'skipped'; key: string; commands: CommandResult[] }>;
    stateDiscarded: boolean;
  }>;
}

/** One finding of `pack.lint`. */
export interface PackLintIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  hint: string;
}

/** Packs: ggen-pack.toml folders of templates. See docs/packs.md. */
export namespace pack {
  /** Scaffolds a lint-clean pack into `dir` (default: ./<id>). */
  function create(id: string, options?: CallOptions & { dir?: string; cwd?: string }): Promise<{ dir: string; id: string; files: string[] }>;
  /** Checks a pack; problems are data (`ok: false`), not rejections. */
  function lint(dir?: string, options?: CallOptions & { cwd?: string }): Promise<{
    dir: string; ok: boolean; id?: string; version?: string; files?: string[]; issues: PackLintIssue[];
  }>;
  /** `<pack-id>:<path>` -> the installed template file (through ggen.lock); other paths resolved against cwd. */
  function templatePath(cwd: string, path: string): string;
  function isTemplateRef(path: string): boolean;
}

export interface MarketplaceOptions extends CallOptions {
  /** Workspace folder (default: process.cwd(); the nearest ggen.toml above it wins). */
  cwd?: string;
  /**
   * A registry folder or http(s) URL (default: [marketplace] registry in ggen.toml; none: E_NO_REGISTRY).
   * https goes through Node's fetch on the calling thread: an untrusted certificate is E_TLS
   * (trust a private CA with NODE_EXTRA_CA_CERTS).
   */
  registry?: string;
  /** Milliseconds for the whole call (E_TIMEOUT). */
  timeout?: number;
  /** Milliseconds per HTTP attempt (default 10000; E_REGISTRY_TIMEOUT). */
  httpTimeout?: number;
  /** Retries on connection errors, timeouts and 5xx (default 3). */
  retries?: number;
  /** Milliseconds before the first retry, doubled each time (default 200). */
  backoff?: number;
}

export interface PackChange {
  id: string;
  version: string;
  action: 'installed' | 'kept' | 'updated' | 'removed';
  /** The previous version, for "updated". */
  from?: string;
}

export interface MarketplaceChanges {
  workspace: string;
  changes: PackChange[];
  /** The new ggen.lock. */
  lock: { lockfile: 1; requested: Record<string, string>; packs: Record<string, { version: string; sha256: string; dependencies: Record<string, string> }> };
}

/** Registries, installation and publishing. Rejections: E_NO_REGISTRY, E_REGISTRY_UNREACHABLE,
 * E_REGISTRY_TIMEOUT, E_HTTP_STATUS, E_HTTP_PROTOCOL, E_TLS, E_CANCELLED, E_SHUTDOWN, E_REGISTRY_INDEX,
 * E_INTEGRITY, E_PATH_ESCAPE, E_ARCHIVE, E_ARCHIVE_UNSAFE, E_DEP_CYCLE, E_DEP_CONFLICT,
 * E_NO_MATCHING_VERSION, E_NOT_FOUND, E_PACK_NOT_INSTALLED, E_PACK_REQUIRED, E_PACK_EXISTS, E_VERSION. */
export namespace marketplace {
  function search(query?: string, options?: MarketplaceOptions): Promise<{
    registry: string; query: string;
    results: Array<{ id: string; name: string; version: string; description: string; keywords: string[]; score: number; matched: 'id' | 'name' | 'keyword' | 'description' | '' }>;
  }>;
  function info(id: string, options?: MarketplaceOptions): Promise<{
    registry: string; id: string; name: string; description: string; keywords: string[]; license: string; latest: string;
    versions: Array<{ version: string; archive: string; sha256: string; size: number; ggen: string; dependencies: Record<string, string> }>;
    installed: string | null;
    /** `<id>:<path>` of each template, when installed. */
    templates: string[];
  }>;
  /** `<id>` or `<id>@<range>`. */
  function install(spec: string, options?: MarketplaceOptions): Promise<MarketplaceChanges>;
  /** All packs, or one, to the highest versions their ranges allow. */
  function update(id?: string, options?: MarketplaceOptions): Promise<MarketplaceChanges>;
  function remove(id: string, options?: MarketplaceOptions): Promise<MarketplaceChanges>;
  function list(options?: CallOptions & { cwd?: string }): Promise<{
    workspace: string;
    packs: Array<{ id: string; version: string; requested: string | null; path: string; present: boolean; templates: string[] }>;
  }>;
  /** Packs `dir` reproducibly into the registry folder `options.registry`. */
  function publish(dir?: string, options?: CallOptions & { cwd?: string; registry: string }): Promise<{
    id: string; version: string; archive: string; sha256: string; size: number; unchanged: boolean; files: string[]; registry: string;
  }>;
}
