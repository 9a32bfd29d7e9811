/**
 * `npm run bench -- modules`: how fast the core is ready with 0, 1 and 10 enabled modules (a
 * fresh process each time, median of several), and what a route call into a module host costs
 * against the same handler in process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as CoreIndex from '../src/main/core/index';
import {
  defineBench,
  environment,
  formatEnvironment,
  formatTargets,
  formatUs,
  progress,
  round,
  sampleAsync,
  summarize,
  table,
  type BenchArgs,
  type Target,
} from './lib/stats';

const root = resolve(import.meta.dirname, '..');
const coreBundle = join(root, 'out', 'main', 'core.js');
const COUNTS = [0, 1, 10] as const;

type CoreModule = typeof CoreIndex;

/** A small but real module: a migration, a route, a job handler. Built-in modules are left out, so the counts are exact. */
function writeModule(dir: string, name: string): void {
  const prefix = `${name.replace(/-/g, '_')}__`;
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifestVersion: 1,
      name,
      version: '1.0.0',
      displayName: name,
      engines: { nxforge: '*' },
      permissions: ['database:read', 'database:write'],
    }),
  );
  writeFileSync(join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'dist', 'main.js'),
    `export default {
  activate(ctx) {
    const count = ctx.db.prepare('SELECT count(*) AS n FROM ${prefix}items');
    ctx.routes.get('/monthly/:endpointId', { query: { type: 'object', properties: { year: { type: 'integer' }, month: { type: 'integer' } } } },
      ({ params, query }) => ({ endpointId: params.endpointId, year: query.year, month: query.month, kwh: 1234.5 }));
    ctx.routes.get('/count', () => count.get());
    ctx.jobs.handle('noop', () => null);
  },
};
`,
  );
  writeFileSync(join(dir, 'migrations', '0001_items.sql'), `CREATE TABLE ${prefix}items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);`);
}

async function prepareDataDir(core: CoreModule, base: string, count: number): Promise<string> {
  const dataDir = join(base, `data-${count}`);
  const instance = core.createCore({ dataDir, mode: 'cli', builtInModules: [] });
  try {
    await instance.start();
    for (let i = 0; i < count; i++) {
      const dir = join(base, 'packages', `bench-module-${i}`);
      writeModule(dir, `bench-module-${i}`);
      await instance.modules.install(dir);
      await instance.modules.enable(`bench-module-${i}`);
    }
  } finally {
    await instance.dispose();
  }
  return dataDir;
}

/** One fresh process: node start → import the core → create it → start its modules. */
function startOnce(dataDir: string, expected: number): { processMs: number; coreMs: number; firstCallsMs: number } {
  const script = `
const t0 = performance.now();
const { createCore } = await import(${JSON.stringify(pathToFileURL(coreBundle).href)});
const core = createCore({ dataDir: ${JSON.stringify(dataDir)}, mode: 'cli', builtInModules: [] });
await core.start();
const ready = performance.now();
const names = core.modules.list().filter((m) => core.modules.isRunning(m.name)).map((m) => m.name);
// Hosts start on a module's first use: time the first call into every module, all at once.
const results = await Promise.all(names.map((module) => core.router.call({ module, method: 'GET', path: '/count' })));
const firstCallsMs = performance.now() - ready;
const failed = results.filter((r) => !r.ok);
await core.dispose();
process.stdout.write(JSON.stringify({ processMs: ready, coreMs: ready - t0, running: names.length, firstCallsMs, failed: failed.length }));
`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) throw new Error(`core start failed: ${out.stderr}`);
  if (out.stderr) process.stderr.write(out.stderr);
  const parsed = JSON.parse(out.stdout) as { processMs: number; coreMs: number; running: number; firstCallsMs: number; failed: number };
  if (parsed.running !== expected) throw new Error(`expected ${expected} running modules, found ${parsed.running}`);
  if (parsed.failed) throw new Error(`${parsed.failed} first call(s) into the modules failed`);
  return parsed;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function run(args: BenchArgs): Promise<number> {
  if (!existsSync(coreBundle)) {
    console.error(`${coreBundle} is missing: run npm run build first.`);
    return 2;
  }
  const runs = args.number('runs', args.flag('quick') ? 3 : 7);
  const calls = args.number('calls', args.flag('quick') ? 2000 : 10_000);
  const core = (await import(pathToFileURL(coreBundle).href)) as CoreModule;
  const base = mkdtempSync(join(tmpdir(), 'nxforge-bench-modules-'));
  try {
    const env = environment();
    const startRows: string[][] = [['modules', 'process ready (median ms)', 'core ready (median ms)', 'then first call into every module (median ms)', 'runs']];
    const medians = new Map<number, { processMs: number; coreMs: number; firstCallsMs: number }>();
    for (const count of COUNTS) {
      progress(args, `preparing a data folder with ${count} enabled module(s)…`);
      const dataDir = await prepareDataDir(core, base, count);
      startOnce(dataDir, count); // warm the file cache
      const samples = Array.from({ length: runs }, () => startOnce(dataDir, count));
      const m = {
        processMs: median(samples.map((s) => s.processMs)),
        coreMs: median(samples.map((s) => s.coreMs)),
        firstCallsMs: median(samples.map((s) => s.firstCallsMs)),
      };
      medians.set(count, m);
      startRows.push([String(count), m.processMs.toFixed(1), m.coreMs.toFixed(1), count ? m.firstCallsMs.toFixed(1) : '–', String(runs)]);
    }

    progress(args, 'measuring route calls: module host vs in process…');
    const dataDir = join(base, 'data-1');
    const instance = core.createCore({ dataDir, mode: 'cli', builtInModules: [] });
    await instance.start();
    const handler = ({ params, query }: { params: { endpointId: string }; query: Record<string, unknown> }) => ({
      endpointId: params.endpointId,
      year: Number(query.year),
      month: Number(query.month),
      kwh: 1234.5,
    });
    instance.router.add({ module: 'bench-in-process', method: 'GET', path: '/monthly/:endpointId', handler: handler as never });
    const call = (module: string) => () =>
      instance.router.call({ module, method: 'GET', path: '/monthly/rack-7', query: { year: '2026', month: '3' } });
    const hostCall = call('bench-module-0');
    const localCall = call('bench-in-process');
    const check = await hostCall();
    if (!check.ok) throw new Error(`module route failed: ${JSON.stringify(check)}`);
    await sampleAsync(500, hostCall);
    await sampleAsync(500, localCall);
    const host = summarize(await sampleAsync(calls, hostCall));
    const local = summarize(await sampleAsync(calls, localCall));
    await instance.dispose();

    const m0 = medians.get(0)?.processMs ?? 0;
    const m10 = medians.get(10)?.processMs ?? 0;
    const perModule = (m10 - m0) / 10;
    const hop = host.p50 - local.p50;
    const targets: Target[] = [
      { label: 'ready with 10 modules', pass: m10 < 500, measured: `${m10.toFixed(1)} ms from process start`, goal: '< 500 ms' },
      { label: 'cost per added module', pass: perModule < 30, measured: `${perModule.toFixed(1)} ms ((10 modules − 0) ÷ 10)`, goal: '< 30 ms' },
      { label: 'host hop at p50', pass: hop < 200_000, measured: `${formatUs(hop)} µs over the in-process call`, goal: '< 200 µs' },
    ];
    const result = {
      environment: env,
      start: Object.fromEntries(
        [...medians].map(([k, v]) => [k, { processMs: round(v.processMs, 2), coreMs: round(v.coreMs, 2), firstCallsMs: round(v.firstCallsMs, 2) }]),
      ),
      perModuleMs: round(perModule, 2),
      route: { hostP50Us: round(host.p50 / 1000, 2), hostP99Us: round(host.p99 / 1000, 2), inProcessP50Us: round(local.p50 / 1000, 2), inProcessP99Us: round(local.p99 / 1000, 2) },
      targets,
    };
    if (args.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      console.log(formatEnvironment(env));
      console.log('\nCore start, fresh process each run. Ready = every enabled module migrated, its routes and jobs answerable;');
      console.log('a module host (a worker thread) starts on its first route call or job, timed in the last column.');
      console.log(table(startRows));
      console.log(`\nOne route call (GET /monthly/:endpointId with a query schema), ${calls} sequential calls`);
      console.log(
        table([
          ['path', 'p50 µs', 'p99 µs'],
          ['in process (baseline)', formatUs(local.p50), formatUs(local.p99)],
          ['into a module host (worker thread)', formatUs(host.p50), formatUs(host.p99)],
        ]),
      );
      console.log(`\n${formatTargets(targets)}`);
    }
    return args.flag('strict') && targets.some((t) => !t.pass) ? 1 : 0;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export default defineBench({ description: 'core start with 0, 1 and 10 modules; route call into a module host vs in process', run });
