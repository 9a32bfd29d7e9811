/**
 * `npm run bench -- consumption [--small]`: the consumption monitor's storage at scale. Generates
 * 200 endpoints × 3 years of 15-minute readings into a fresh database through the module's own
 * ingest path, beside a plain insert loop; then times each report as its route computes it,
 * beside the same answer from the raw rows with plain SQL. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { assertTimeZone } from '../modules/consumption-monitor/src/lib/time-zone';
import { corePathMissing, routeCalls, startCore, type CorePath } from './consumption/core-path';
import { SLOT_MS, type DataShape } from './consumption/data';
import { createEndpoints, HOURLY, migrate, moduleDb, openDatabase, READINGS } from './consumption/db';
import { ingest } from './consumption/ingest';
import { findingsJson, findingsText, targetsOf, type Findings, type ReportFigures } from './consumption/output';
import { inputs, libraryCalls, rawCalls, REPORTS, sampleWithin, totalOf } from './consumption/queries';
import { rawQueries } from './consumption/raw-sql';
import { defineBench, environment, progress, type BenchArgs } from './lib/stats';

const DAY_MS = 86_400_000;
const FULL = { endpoints: 200, days: 3 * 365 };
const SMALL = { endpoints: 20, days: 60 };
const LIBRARY_CALLS = { monthly: 2000, monthlySummary: 500, summary: 100, live: 500, readings: 2000 } as const;
const RAW_CALLS = { monthly: 300, monthlySummary: 30, summary: 10, live: 30, readings: 2000 } as const;

function fileBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // No WAL file after a truncating checkpoint.
    }
  }
  return total;
}

/** The data ends at the current 15-minute slot, so that the live view and "this month" see it. */
function shapeFrom(args: BenchArgs): DataShape {
  const base = args.flag('small') ? SMALL : FULL;
  const days = Math.floor(args.number('days', base.days));
  return {
    endpoints: Math.floor(args.number('endpoints', base.endpoints)),
    days,
    start: Math.floor(Date.now() / SLOT_MS) * SLOT_MS - days * DAY_MS,
  };
}

const relativeDifference = (a: number | null, b: number | null): number => {
  const x = a ?? 0;
  const y = b ?? 0;
  return x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
};

async function run(args: BenchArgs): Promise<number> {
  const shape = shapeFrom(args);
  const batchDays = Math.floor(args.number('batch-days', 1));
  const timezone = args.string('tz') ?? 'Europe/Berlin';
  assertTimeZone(timezone);
  const budget = args.flag('small') ? { library: 3000, raw: 3000 } : { library: 10_000, raw: 30_000 };
  const env = environment();
  progress(args, `load avg at start: ${env.loadAverage.join(' ')} (1, 5, 15 min)`);

  const dir = mkdtempSync(join(tmpdir(), 'nxforge-bench-consumption-'));
  let corePath: CorePath | null = null;
  let sqlite: Database.Database | null = null;
  try {
    // With the app built, the module's tables live in the app's database, so its routes can be
    // called through the core on the same data.
    const corePathSkipped = args.flag('no-core') ? 'left out with --no-core' : corePathMissing();
    let databaseFile = join(dir, 'module.db');
    if (corePathSkipped === null) {
      progress(args, 'starting the core with the consumption-monitor module…');
      const coreDir = join(dir, 'core');
      mkdirSync(coreDir);
      corePath = await startCore(coreDir, timezone);
      databaseFile = corePath.databaseFile;
    }
    sqlite = openDatabase(databaseFile);
    if (!corePath) migrate(sqlite);
    const plainFile = join(dir, 'plain.db');
    const plain = openDatabase(plainFile);
    migrate(plain);
    const db = moduleDb(sqlite);
    createEndpoints(db, shape.endpoints);
    createEndpoints(moduleDb(plain), shape.endpoints);

    progress(args, `step 1: ${shape.endpoints} endpoints × ${shape.days} days of 15-minute readings, ${batchDays} day(s) of one endpoint per call…`);
    const ingested = ingest(db, plain, shape, batchDays, (line) => progress(args, line));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('wal_checkpoint(TRUNCATE)');
    const rawRows = (sqlite.prepare(`SELECT count(*) AS n FROM ${READINGS}`).get() as { n: number }).n;
    if (rawRows !== ingested.rows) throw new Error(`expected ${ingested.rows} raw rows, found ${rawRows}`);
    const data = {
      rawRows,
      hourlyRows: (sqlite.prepare(`SELECT count(*) AS n FROM ${HOURLY}`).get() as { n: number }).n,
      databaseBytes: fileBytes(databaseFile),
      plainBytes: fileBytes(plainFile),
    };
    plain.close();
    rmSync(plainFile, { force: true });

    progress(args, `step 2: timing the reports (time zone ${timezone})…`);
    const input = inputs(shape, timezone, Date.now());
    const lib = libraryCalls(db, input, timezone);
    const raw = rawCalls(sqlite, input, timezone);
    const route = corePath ? routeCalls(corePath.core, input) : null;
    const reports: ReportFigures[] = [];
    for (const r of REPORTS) {
      progress(args, `  ${r.route}`);
      const libTotal = totalOf(r.name, lib[r.name](0));
      const agreement = relativeDifference(libTotal, totalOf(r.name, raw[r.name](0)));
      // The route must answer what the library does (live differs only by the moment it is asked).
      if (route && r.name !== 'live' && relativeDifference(libTotal, totalOf(r.name, await route[r.name](0))) > 1e-9) {
        throw new Error(`${r.route} through the core answered differently from the library`);
      }
      const library = await sampleWithin(lib[r.name], LIBRARY_CALLS[r.name], budget.library);
      const viaRouter = route ? await sampleWithin(route[r.name], LIBRARY_CALLS[r.name], budget.library) : undefined;
      const baseline = await sampleWithin(raw[r.name], RAW_CALLS[r.name], budget.raw);
      reports.push({ ...r, library, raw: baseline, agreement, ...(viaRouter ? { router: viaRouter } : {}) });
    }

    const findings: Findings = {
      environment: env,
      loadAverageAtEnd: environment().loadAverage,
      shape: { ...shape, batchDays, timezone },
      data,
      ingest: ingested,
      reports,
      corePathSkipped,
      plans: rawQueries(sqlite).plans(),
    };
    const targets = targetsOf(findings);
    console.log(args.json ? findingsJson(findings, targets) : findingsText(findings, targets));
    return args.flag('strict') && targets.some((t) => !t.pass) ? 1 : 0;
  } finally {
    sqlite?.close();
    await corePath?.core.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default defineBench({
  description: 'consumption monitor at scale: ingest vs a plain insert loop, report latency vs plain SQL over raw rows',
  run,
});
