// ggen API types: Projects: generation, plans, validation, watching. Hand-written; kept in step with lib/.

import type { CallOptions, GgenError, RuntimeStats } from './base';
import type { Diagnostic } from './template';

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

/** A project's ggen.toml as generation sees it (paths absolute, `/`-separated). */
export interface ProjectInfo {
  root: string;
  config: string;
  name: string;
  description: string;
  templatesDir: string;
  output: string;
  templates: string[];
  graphs: string[];
  vars: Record<string, unknown>;
}

export namespace project {
  /** The ggen.toml found at or above `dir` (default: process.cwd()); E_CONFIG when there is none
   * or it is invalid. */
  function info(dir?: string, options?: CallOptions): Promise<ProjectInfo>;
  /** Writes a small working project (ggen.toml, graphs/, templates/) into `dir`; E_EXISTS if any
   * of its files is already there. */
  function init(dir?: string, options?: { name?: string }): Promise<{ root: string; name: string; written: string[] }>;
  /** A new project folder `name` from the template folder `from`: names and .tera/.tmpl files are
   * rendered with { name, ...vars }. */
  function create(name: string, options: CallOptions & {
    from: string; root?: string; dir?: string; vars?: Record<string, unknown>;
    varAssignments?: string[]; force?: boolean; dryRun?: boolean;
  }): Promise<GenerateReport>;
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
/** A file-tree spec (YAML: name, variables, defaults, tree) rendered into `output`; paths in the
 * spec are relative to the spec file. */
export function generateTree(spec: string, options?: Omit<GenerateOptions, 'project' | 'templates' | 'template' | 'templatesDir' | 'onProgress'>): Promise<GenerateReport>;

/** A template's output as text, nothing written; with `data` or a frontmatter with sparql:/rdf:,
 * queries run as in generation (a matrix concatenates every row's output). */
export function renderTemplate(file: string, options?: CallOptions & {
  data?: string | string[]; context?: Record<string, unknown>; dir?: string; cwd?: string;
  trimBlocks?: boolean; lstripBlocks?: boolean; autoescape?: boolean;
}): Promise<string>;
