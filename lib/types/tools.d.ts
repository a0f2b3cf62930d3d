// ggen API types: Hooks, lifecycle phases, packs and the marketplace. Hand-written; kept in step with lib/.

import type { CallOptions } from './base';

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
