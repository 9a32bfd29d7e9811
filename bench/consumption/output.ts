/** What the consumption bench found, as targets and as printed text or JSON. */
import { formatEnvironment, formatRatio, formatTargets, round, table, type Environment, type Target } from '../lib/stats';
import type { DataShape } from './data';
import type { IngestFigures } from './ingest';
import type { ReportName, Timing } from './queries';

export interface ReportFigures {
  name: ReportName;
  route: string;
  report: boolean;
  library: Timing;
  raw: Timing;
  /** Through the core's router into the module host; absent when the core path did not run. */
  router?: Timing;
  /** Relative difference of the totals of one answer each way: both compute the same thing. */
  agreement: number;
}

export interface Findings {
  environment: Environment;
  loadAverageAtEnd: number[];
  shape: DataShape & { batchDays: number; timezone: string };
  data: { rawRows: number; hourlyRows: number; databaseBytes: number; plainBytes: number };
  ingest: IngestFigures;
  reports: ReportFigures[];
  /** Why the route calls through the core were not measured, or null when they were. */
  corePathSkipped: string | null;
  plans: Record<string, string[]>;
}

const ms = (ns: number): string => {
  const v = ns / 1e6;
  if (!Number.isFinite(v)) return '–';
  return v < 10 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(1);
};
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Raw SQL p50 over library p50, by wall time and by CPU time. On a shared machine a long raw
 * call is interrupted more often than a short library call, which flatters the wall-time ratio;
 * CPU time is what the work costs. A target counts the lower of the two.
 */
export function speedups(r: ReportFigures): { wall: number; cpu: number; worst: number } {
  const wall = r.raw.wall.p50 / r.library.wall.p50;
  const cpu = r.raw.cpu.p50 / r.library.cpu.p50;
  return { wall, cpu, worst: Math.min(wall, cpu) };
}

export function targetsOf(f: Findings): Target[] {
  const ratio = f.ingest.module.rowsPerSecond / f.ingest.plain.rowsPerSecond;
  const cpuRatio = f.ingest.plain.cpuUs / f.ingest.module.cpuUs;
  const by = (name: ReportName): ReportFigures => f.reports.find((r) => r.name === name)!;
  const limit = (name: ReportName, maxMs: number, label: string): Target => {
    const p50 = by(name).library.wall.p50;
    return { label: `${label} p50 (library, wall time)`, pass: p50 <= maxMs * 1e6, measured: `${ms(p50)} ms`, goal: `≤ ${maxMs} ms` };
  };
  return [
    {
      label: 'ingest rate vs plain insert loop',
      pass: Math.min(ratio, cpuRatio) >= 0.5,
      measured:
        `${Math.round(ratio * 100)} % by wall time (${count(Math.round(f.ingest.module.rowsPerSecond))} vs ` +
        `${count(Math.round(f.ingest.plain.rowsPerSecond))} rows/s), ${Math.round(cpuRatio * 100)} % by CPU time`,
      goal: '≥ 50 % by both',
    },
    limit('monthly', 2, '/monthly'),
    limit('monthlySummary', 20, '/monthly-summary'),
    limit('live', 10, '/live'),
    ...f.reports
      .filter((r) => r.report)
      .map((r) => {
        const s = speedups(r);
        return {
          label: `${r.route} vs raw SQL`,
          pass: s.worst >= 50,
          measured: `${formatRatio(s.wall)} faster at p50 by wall time, ${formatRatio(s.cpu)} by CPU time`,
          goal: '≥ 50× by both',
        };
      }),
  ];
}

const timingMs = (t: Timing | undefined) =>
  t ? { n: t.wall.n, p50Ms: round(t.wall.p50 / 1e6), p99Ms: round(t.wall.p99 / 1e6), cpuP50Ms: round(t.cpu.p50 / 1e6), cpuP99Ms: round(t.cpu.p99 / 1e6) } : null;

export function findingsJson(f: Findings, targets: Target[]): string {
  const { ingest } = f;
  return JSON.stringify(
    {
      environment: f.environment,
      loadAverageAtEnd: f.loadAverageAtEnd,
      shape: { ...f.shape, start: new Date(f.shape.start).toISOString() },
      data: { ...ingest.stats, ...f.data },
      ingest: {
        batches: ingest.batches,
        module: { ...ingest.module, rowsPerSecond: Math.round(ingest.module.rowsPerSecond) },
        plain: { ...ingest.plain, rowsPerSecond: Math.round(ingest.plain.rowsPerSecond) },
        ratio: round(ingest.module.rowsPerSecond / ingest.plain.rowsPerSecond),
        cpuRatio: round(ingest.plain.cpuUs / ingest.module.cpuUs),
      },
      reports: f.reports.map((r) => ({
        name: r.name,
        route: r.route,
        library: timingMs(r.library),
        router: timingMs(r.router),
        raw: timingMs(r.raw),
        speedup: round(speedups(r).wall),
        cpuSpeedup: round(speedups(r).cpu),
        agreement: round(r.agreement),
      })),
      corePathSkipped: f.corePathSkipped,
      plans: f.plans,
      targets,
    },
    null,
    2,
  );
}

export function findingsText(f: Findings, targets: Target[]): string {
  const { ingest, shape, data } = f;
  const ratio = ingest.module.rowsPerSecond / ingest.plain.rowsPerSecond;
  const cpuRatio = ingest.plain.cpuUs / ingest.module.cpuUs;
  const withRouter = f.corePathSkipped === null;
  const lines = [
    formatEnvironment(f.environment),
    `load avg  ${f.loadAverageAtEnd.join(' ')} at the end`,
    '',
    `data      ${shape.endpoints} endpoints × ${shape.days} days up to ${new Date(shape.start + shape.days * 86_400_000).toISOString().slice(0, 16)}Z: ` +
      `${count(data.rawRows)} raw rows (${count(ingest.stats.failed)} failed reads, ${ingest.stats.resets} counter resets, ` +
      `${ingest.stats.gaps} gaps missing ${count(ingest.stats.missingSlots)} readings), ${count(data.hourlyRows)} hourly rows`,
    `files     module tables ${mb(data.databaseBytes)} (raw + hourly), plain ${mb(data.plainBytes)} (raw only)`,
    '',
    `Step 1: ingest, ${count(ingest.batches)} calls of ${shape.batchDays} day(s) of one endpoint each (≤ ${96 * shape.batchDays} readings, one transaction), the two ways interleaved`,
    table([
      ['way', 'rows/s', 'wall s', 'CPU s'],
      ['ingestReadings (validation, upsert, hourly rollup)', count(Math.round(ingest.module.rowsPerSecond)), (ingest.module.wallNs / 1e9).toFixed(1), (ingest.module.cpuUs / 1e6).toFixed(1)],
      ['plain INSERT loop, same table, no rollup (baseline)', count(Math.round(ingest.plain.rowsPerSecond)), (ingest.plain.wallNs / 1e9).toFixed(1), (ingest.plain.cpuUs / 1e6).toFixed(1)],
    ]),
    `module ÷ plain: ${Math.round(ratio * 100)} % of the plain rate by wall time, ${Math.round(cpuRatio * 100)} % by CPU time`,
    '',
    `Step 2: reports in ${shape.timezone}: the library function with the route's arguments${withRouter ? ', the route through the core' : ''}, and plain SQL over the raw rows (bench/consumption/raw-sql.ts)`,
    table([
      ['route', 'calls', 'p50 ms', 'p99 ms', 'CPU p50', ...(withRouter ? ['route p50', 'route p99'] : []), 'raw calls', 'raw p50 ms', 'raw CPU p50', 'speedup', 'CPU speedup', 'totals differ'],
      ...f.reports.map((r) => [
        r.route,
        String(r.library.wall.n),
        ms(r.library.wall.p50),
        ms(r.library.wall.p99),
        ms(r.library.cpu.p50),
        ...(withRouter ? [ms(r.router?.wall.p50 ?? Number.NaN), ms(r.router?.wall.p99 ?? Number.NaN)] : []),
        String(r.raw.wall.n),
        ms(r.raw.wall.p50),
        ms(r.raw.cpu.p50),
        formatRatio(speedups(r).wall),
        formatRatio(speedups(r).cpu),
        `${(r.agreement * 100).toFixed(2)} %`,
      ]),
    ]),
    'p50, p99: wall time of the library call; CPU p50: CPU time of it; route: the same call through the core (router, module host).',
    'speedup: raw p50 ÷ library p50. The /readings baseline is the same SELECT without the library: no report, no speedup target.',
  ];
  if (!withRouter) lines.push(`Route calls through the core not measured: ${f.corePathSkipped}.`);
  lines.push('', formatTargets(targets));
  return lines.join('\n');
}
