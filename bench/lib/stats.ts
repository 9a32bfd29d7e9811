/**
 * What every bench shares: the contract a `bench/*.bench.ts` file exports, flag access,
 * sampling with `process.hrtime.bigint`, percentiles, and the printed environment and tables.
 */
import os from 'node:os';

// ─── the contract ───────────────────────────────────────────────────────────

export interface BenchArgs {
  /** Bare words after the bench name. */
  readonly positional: readonly string[];
  /** `--json`: print one JSON document on stdout and send progress to stderr. */
  readonly json: boolean;
  flag(name: string): boolean;
  string(name: string): string | undefined;
  number(name: string, fallback: number): number;
}

export interface Bench {
  /** One line, shown by the dispatcher's list. */
  readonly description: string;
  /** Resolves to the process exit code. */
  run(args: BenchArgs): Promise<number>;
}

/** A bench file's default export: `export default defineBench({ description, run })`. */
export function defineBench(bench: Bench): Bench {
  return bench;
}

export function isBench(value: unknown): value is Bench {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Bench>;
  return typeof candidate.description === 'string' && typeof candidate.run === 'function';
}

/** Parses `--name value`, `--name=value` and bare `--name` (true). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const positional: string[] = [];
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 2) {
      values.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--') && !BOOLEAN_FLAGS.has(arg.slice(2))) {
      values.set(arg.slice(2), next);
      i++;
    } else {
      values.set(arg.slice(2), true);
    }
  }
  return {
    positional,
    json: values.get('json') === true,
    flag: (name) => {
      const v = values.get(name);
      return v === true || v === 'true' || v === '1';
    },
    string: (name) => {
      const v = values.get(name);
      return typeof v === 'string' ? v : undefined;
    },
    number: (name, fallback) => {
      const v = values.get(name);
      if (typeof v !== 'string') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got "${v}"`);
      return n;
    },
  };
}

/** Flags that never take a value, so `--json router` cannot swallow a word. */
const BOOLEAN_FLAGS = new Set(['json', 'quick', 'strict', 'breakdown', 'help']);

/** Progress lines: stderr under `--json`, so stdout stays one JSON document. */
export function progress(args: BenchArgs, line: string): void {
  if (args.json) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

// ─── sampling ───────────────────────────────────────────────────────────────

/** Keeps results alive so the optimiser cannot drop the work being timed. */
export const sink: { last: unknown } = { last: undefined };

/** Times `iterations` sequential calls of a synchronous function; nanoseconds per call. */
export function sampleSync(iterations: number, fn: (i: number) => unknown): Float64Array {
  const out = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn(i);
    const t1 = process.hrtime.bigint();
    out[i] = Number(t1 - t0);
    sink.last = r;
  }
  return out;
}

/** Times `iterations` sequential awaited calls (one in flight); nanoseconds per call. */
export async function sampleAsync(iterations: number, fn: (i: number) => Promise<unknown>): Promise<Float64Array> {
  const out = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fn(i);
    const t1 = process.hrtime.bigint();
    out[i] = Number(t1 - t0);
    sink.last = r;
  }
  return out;
}

/** Joins the samples gathered over several rounds. */
export function concatSamples(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ─── percentiles ────────────────────────────────────────────────────────────

export interface Summary {
  n: number;
  /** All figures in nanoseconds. */
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentile of sorted values by linear interpolation between closest ranks (q in 0..1). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: Float64Array): Summary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

// ─── formatting ─────────────────────────────────────────────────────────────

export const nsToUs = (ns: number): number => ns / 1000;

/** Microseconds with precision that suits the size: 0.214, 3.41, 87.2, 1204. */
export function formatUs(ns: number): string {
  const us = nsToUs(ns);
  if (!Number.isFinite(us)) return '–';
  const abs = Math.abs(us);
  if (abs < 1) return us.toFixed(3);
  if (abs < 10) return us.toFixed(2);
  if (abs < 1000) return us.toFixed(1);
  return us.toFixed(0);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(1)}×`;
}

/** Rounds for JSON output: nanoseconds as integers, ratios to 3 significant digits. */
export function round(value: number, digits = 3): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}

export type Align = 'left' | 'right';

/** A plain-text table; the first row is the header. */
export function table(rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        return (align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}

export interface Target {
  label: string;
  pass: boolean;
  /** The measured figure, in words: "adds 1.6 µs at p50". */
  measured: string;
  /** The goal, in words: "≤ 20 µs". */
  goal: string;
}

export function formatTargets(targets: readonly Target[]): string {
  return targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${t.measured} (target ${t.goal})`).join('\n');
}

// ─── environment ────────────────────────────────────────────────────────────

export interface Environment {
  date: string;
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpu: string;
  cpus: number;
  memoryGiB: number;
  loadAverage: number[];
}

export function environment(): Environment {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 3),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

export function formatEnvironment(env: Environment): string {
  return [
    `date      ${env.date}`,
    `node      ${env.node} (V8 ${env.v8}), ${env.platform} ${env.arch}`,
    `cpu       ${env.cpu} × ${env.cpus}, ${env.memoryGiB} GiB`,
    `load avg  ${env.loadAverage.join(' ')} (1, 5, 15 min)`,
  ].join('\n');
}
