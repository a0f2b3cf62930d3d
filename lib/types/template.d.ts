// ggen API types: Templates: rendering, showing, linting. Hand-written; kept in step with lib/.

import type { CallOptions } from './base';

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
