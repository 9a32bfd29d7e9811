/**
 * Step 2: each report as its route computes it (the module's library function with the route's
 * arguments) and the same answer from the raw rows with plain SQL, over varied endpoints and
 * months of the data just ingested.
 */
import type Database from 'better-sqlite3';
import type { ModuleDb } from '@nxforge/sdk';
import {
  listReadings,
  live,
  localDayStart,
  monthly,
  monthlySummary,
  periodBoundaries,
  summary,
} from '../../modules/consumption-monitor/src/lib/index';
import { monthDayStarts, wallClock } from '../../modules/consumption-monitor/src/lib/time-zone';
import { sink, summarize, type Summary } from '../lib/stats';
import { dataEnd, rng, type DataShape } from './data';
import { rawQueries } from './raw-sql';

export type ReportName = 'monthly' | 'monthlySummary' | 'summary' | 'live' | 'readings';

export const REPORTS: readonly { name: ReportName; route: string; report: boolean }[] = [
  { name: 'monthly', route: 'GET /monthly/:endpointId?year&month', report: true },
  { name: 'monthlySummary', route: 'GET /monthly-summary?year&month', report: true },
  { name: 'summary', route: 'GET /summary?period=month (a year)', report: true },
  { name: 'live', route: 'GET /live', report: true },
  { name: 'readings', route: 'GET /readings?limit=1000', report: false },
];

/** One report's inputs for call i, the same for every way of answering it. */
export interface Inputs {
  monthly(i: number): { endpointId: number; year: number; month: number };
  monthlySummary(i: number): { year: number; month: number };
  summary(i: number): { from: number; to: number };
  live(i: number): { now: number };
  readings(i: number): { endpointId: number; cursor: string | undefined };
}

/** `now` is when the reports are asked, which the live view reports up to, as its route does with Date.now(). */
export function inputs(shape: DataShape, timezone: string, now: number): Inputs {
  const end = dataEnd(shape);
  const months: { year: number; month: number }[] = [];
  for (let w = wallClock(shape.start, timezone); localDayStart(w.year, w.month, 1, timezone) < end; ) {
    months.push({ year: w.year, month: w.month });
    w = w.month === 12 ? { ...w, year: w.year + 1, month: 1 } : { ...w, month: w.month + 1 };
  }
  const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)]!;
  // The same call i gets the same input for every way; across i they vary.
  const at = (i: number, salt: number): number => rng(i * 31 + salt)();
  return {
    monthly: (i) => ({ endpointId: 1 + Math.floor(at(i, 1) * shape.endpoints), ...pick(months, at(i, 2)) }),
    monthlySummary: (i) => pick(months, at(i, 3)),
    summary: (i) => {
      const m = pick(months, at(i, 4));
      return { from: localDayStart(m.year, m.month, 1, timezone), to: localDayStart(m.year, m.month + 12, 1, timezone) };
    },
    live: () => ({ now }),
    readings: (i) => ({
      endpointId: 1 + Math.floor(at(i, 6) * shape.endpoints),
      // Half the calls ask for the newest page, half for a page deep in the history.
      cursor: at(i, 7) < 0.5 ? undefined : String(shape.start + Math.floor(at(i, 8) * (end - shape.start))),
    }),
  };
}

export type Call = (i: number) => unknown;

/** The module's library functions, called as the routes call them. */
export function libraryCalls(db: ModuleDb, input: Inputs, timezone: string): Record<ReportName, Call> {
  return {
    monthly: (i) => {
      const q = input.monthly(i);
      return monthly(db, q.endpointId, q.year, q.month, timezone);
    },
    monthlySummary: (i) => {
      const q = input.monthlySummary(i);
      // The route adds the module's default price setting, unset here as in a fresh install.
      return monthlySummary(db, q.year, q.month, timezone, { defaultPricePerKwh: null });
    },
    summary: (i) => {
      const q = input.summary(i);
      return summary(db, 'month', q.from, q.to, timezone);
    },
    live: (i) => live(db, timezone, input.live(i).now),
    readings: (i) => {
      const q = input.readings(i);
      return listReadings(db, { endpointId: q.endpointId, limit: 1000, cursor: q.cursor ?? null });
    },
  };
}

/** The same answers from the raw rows (raw-sql.ts). */
export function rawCalls(sqlite: Database.Database, input: Inputs, timezone: string): Record<ReportName, Call> {
  const raw = rawQueries(sqlite);
  return {
    monthly: (i) => {
      const q = input.monthly(i);
      return raw.monthly(q.endpointId, monthDayStarts(q.year, q.month, timezone).starts);
    },
    monthlySummary: (i) => {
      const q = input.monthlySummary(i);
      const rows = raw.monthlySummary(localDayStart(q.year, q.month, 1, timezone), localDayStart(q.year, q.month + 1, 1, timezone));
      // Per-client totals, as the route answers them.
      const clients = new Map<string | null, { kwh: number; cost: number | null }>();
      for (const r of rows) {
        const c = clients.get(r.client_name) ?? { kwh: 0, cost: 0 };
        c.kwh += r.kwh;
        c.cost = c.cost === null || r.price === null ? null : c.cost + r.kwh * r.price;
        clients.set(r.client_name, c);
      }
      return { rows, clients };
    },
    summary: (i) => {
      const q = input.summary(i);
      return raw.summary(periodBoundaries('month', q.from, q.to, timezone));
    },
    live: (i) => {
      const now = input.live(i).now;
      const w = wallClock(now, timezone);
      return raw.live(localDayStart(w.year, w.month, 1, timezone), now);
    },
    readings: (i) => {
      const q = input.readings(i);
      return raw.readings(q.endpointId, q.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(q.cursor), 1001);
    },
  };
}

/** Wall time (what a caller waits) and CPU time of this process (what the work costs), per call. */
export interface Timing {
  wall: Summary;
  cpu: Summary;
}

/**
 * Times sequential calls 0, 1, 2… until `max` calls or `budgetMs` of wall time, whichever
 * comes first, but at least `min`; the first `warmup` calls are not kept. CPU time counts every
 * thread of the process, so through the core it includes the module host's worker.
 */
export async function sampleWithin(call: (i: number) => unknown, max: number, budgetMs: number, min = 3, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) sink.last = await call(max + i);
  const wall: number[] = [];
  const cpu: number[] = [];
  const stop = process.hrtime.bigint() + BigInt(budgetMs) * 1_000_000n;
  for (let i = 0; i < max && (i < min || process.hrtime.bigint() < stop); i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let r = call(i);
    if (r instanceof Promise) r = await r;
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    wall.push(Number(t1 - t0));
    cpu.push((c.user + c.system) * 1000);
    sink.last = r;
  }
  return { wall: summarize(Float64Array.from(wall)), cpu: summarize(Float64Array.from(cpu)) };
}

/** Total kWh of one answer, to check that the module and the raw SQL agree. */
export function totalOf(name: ReportName, answer: unknown): number | null {
  const sum = (rows: { kwh: number }[]): number => rows.reduce((s, r) => s + (r.kwh ?? 0), 0);
  switch (name) {
    case 'monthly':
      return Array.isArray(answer) ? sum(answer as { kwh: number }[]) : (answer as { consumptionKwh: number }).consumptionKwh;
    case 'monthlySummary':
      return 'totalKwh' in (answer as object) ? (answer as { totalKwh: number }).totalKwh : sum((answer as { rows: { kwh: number }[] }).rows);
    case 'summary':
      if (!Array.isArray(answer) && 'periods' in (answer as object)) return totalOf(name, (answer as { periods: unknown[] }).periods);
      return Array.isArray(answer) && answer.length > 0 && 'consumptionKwh' in answer[0]
        ? (answer as { consumptionKwh: number }[]).reduce((s, r) => s + r.consumptionKwh, 0)
        : sum(answer as { kwh: number }[]);
    case 'live':
      return Array.isArray(answer)
        ? (answer as { monthToDateKwh: number }[]).reduce((s, r) => s + r.monthToDateKwh, 0)
        : sum((answer as { month: { kwh: number }[] }).month);
    case 'readings':
      return Array.isArray(answer) ? Math.min(answer.length, 1000) : (answer as { readings: unknown[] }).readings.length;
  }
}
