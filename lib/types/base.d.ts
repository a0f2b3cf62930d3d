// ggen API types: Options, errors, the runtime and doctor. Hand-written; kept in step with lib/.

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
