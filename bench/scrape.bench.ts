/**
 * `npm run bench -- scrape`: 100 meter pages on the local fixture server, scraped two ways in one
 * run: (a) the scraping service (one shared browser, a context per endpoint) and (b) a browser
 * launched per scrape, as NxForge did. Both run 5 scrapes at once and read the same five values.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { resolveBrowser, type BrowserCandidate } from '../src/main/core/scraping/browser-discovery';
import { runStep, type StepEnv } from '../src/main/core/scraping/steps';
import { Deadline } from '../src/main/core/scraping/support';
import type { ScrapeValue } from '../src/main/core/scraping/types';
import { createScrapingService } from '../src/main/core/scraping/scraping-service';
import { startMeterServer } from '../test/fixtures/meter-server';
import { READINGS } from '../test/scraping/meter-tasks';
import {
  defineBench,
  environment,
  formatEnvironment,
  formatRatio,
  formatTargets,
  progress,
  round,
  summarize,
  table,
  type BenchArgs,
  type Summary,
  type Target,
} from './lib/stats';

const TARGET_SPEEDUP = 3;
const TARGET_PEAK_RSS_MB = 800;
const SCRAPE_TIMEOUT_MS = 60_000;
const SELECTORS = ['kwh', 'voltage', 'current', 'power', 'pf'];

// ─── memory: this process and every descendant, from /proc ──────────────────

/**
 * A separate process reads /proc, so that sampling every 50 ms never stalls the event loop that
 * drives the browsers; it leaves itself out of the sum. RSS is VmRSS (resident pages × 4 KiB),
 * summed: pages shared between processes (Chromium's binary, mapped by every renderer) count once
 * per process, as `ps` and `top` show them. PSS (from smaps_rollup, every 200 ms) splits shared
 * pages between the processes that map them: what the tree really occupies.
 */
const SAMPLER = `
const { readdirSync, readFileSync } = require('node:fs');
const root = Number(process.argv[1]);
const PAGE_SIZE = 4096;
function tree() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) || []));
  return out;
}
const sum = (pids, read) => pids.reduce((total, pid) => { try { return total + read(pid); } catch { return total; } }, 0);
const rss = (pid) => Number(readFileSync('/proc/' + pid + '/statm', 'utf8').split(' ')[1]) * PAGE_SIZE;
const pss = (pid) => Number(/^Pss:\\s+(\\d+)/m.exec(readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'))[1]) * 1024;
let peakRss = 0, peakPss = 0, ticks = 0;
function sample() {
  const pids = tree();
  const now = { rss: sum(pids, rss), processes: pids.length };
  peakRss = Math.max(peakRss, now.rss);
  if (ticks++ % 4 === 0) peakPss = Math.max(peakPss, (now.pss = sum(pids, pss)));
  return now;
}
const timer = setInterval(sample, 50);
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let nl; (nl = buffer.indexOf('\\n')) >= 0; ) {
    const message = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (message === 'reset') { peakRss = 0; peakPss = 0; ticks = 0; }
    const now = sample();
    process.stdout.write(JSON.stringify({ ...now, peakRss, peakPss }) + '\\n');
    if (message === 'stop') { clearInterval(timer); process.stdin.destroy(); }
  }
});
`;

interface RssReading {
  /** The tree's RSS now, bytes. */
  rss: number;
  processes: number;
  peakRss: number;
  peakPss: number;
}

class RssSampler {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor() {
    this.child = spawn(process.execPath, ['-e', SAMPLER, String(process.pid)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** `reset` starts new peaks; every message answers with the figures now. */
  async ask(message: 'now' | 'reset' | 'stop'): Promise<RssReading> {
    this.child.stdin.write(`${message}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('the memory sampler ended');
    return JSON.parse(line.value) as RssReading;
  }

  async stop(): Promise<void> {
    await this.ask('stop').catch(() => undefined);
    this.child.kill();
  }
}

// ─── the two ways ───────────────────────────────────────────────────────────

interface Outcome {
  ok: boolean;
  ms: number;
  error?: string;
}

/** Runs `count` jobs, `concurrency` at a time, each timed from its own start (no queue wait). */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<Outcome>): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

/**
 * (b): launch → page → goto → extract → close, for every endpoint. The page runs the service's
 * own steps engine, so the two ways differ only in how the browser lives.
 */
async function perScrapeBrowser(candidate: BrowserCandidate, url: string): Promise<Outcome> {
  const started = performance.now();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: candidate.executablePath, args: candidate.args, headless: true, chromiumSandbox: candidate.sandbox, timeout: SCRAPE_TIMEOUT_MS });
    const page = await browser.newPage();
    const values: Record<string, ScrapeValue> = {};
    const env: StepEnv = { page, baseUrl: url, deadline: new Deadline(SCRAPE_TIMEOUT_MS), stepTimeoutMs: 15_000, navigationTimeoutMs: 30_000, signal: new AbortController().signal, values };
    for (const step of [{ type: 'goto' as const, url }, ...READINGS]) await runStep(step, env);
    const readAll = SELECTORS.every((k) => typeof values[k] === 'number');
    return { ok: readAll, ms: performance.now() - started, error: readAll ? undefined : 'a value was not read' };
  } catch (err) {
    return { ok: false, ms: performance.now() - started, error: (err as Error).message.split('\n')[0] };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

interface WayResult {
  label: string;
  wallMs: number;
  perScrape: Summary;
  peakRssBytes: number;
  peakPssBytes: number;
  failures: string[];
}

async function measure(
  rss: RssSampler,
  label: string,
  count: number,
  concurrency: number,
  job: (i: number) => Promise<Outcome>,
  teardown: () => Promise<void>,
): Promise<WayResult> {
  await rss.ask('reset');
  const started = performance.now();
  let outcomes: Outcome[];
  try {
    outcomes = await pool(count, concurrency, job);
  } finally {
    await teardown();
  }
  const wallMs = performance.now() - started;
  const { peakRss: peakRssBytes, peakPss: peakPssBytes } = await rss.ask('now');
  const perScrape = summarize(Float64Array.from(outcomes.map((o) => o.ms * 1e6)));
  const failures = outcomes.filter((o) => !o.ok).map((o) => o.error ?? 'failed');
  return { label, wallMs, perScrape, peakRssBytes, peakPssBytes, failures };
}

/** Lets the last browser processes exit, so that the next way starts from the same baseline. */
async function settle(rss: RssSampler, processes: number): Promise<void> {
  for (let i = 0; i < 100 && (await rss.ask('now')).processes > processes; i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const ms = (ns: number): string => (ns / 1e6).toFixed(0);

async function run(args: BenchArgs): Promise<number> {
  if (process.platform !== 'linux') {
    console.error('The scrape bench reads memory from /proc: it runs on Linux only.');
    return 2;
  }
  const count = args.number('endpoints', args.flag('quick') ? 20 : 100);
  const concurrency = args.number('concurrency', 5);
  const env = environment();
  const candidate = await resolveBrowser();
  const server = await startMeterServer();
  const rss = new RssSampler();
  const url = (i: number) => `${server.url}/meters/${i + 1}`;
  try {
    progress(args, `browser: ${candidate.executablePath} (${candidate.source}); ${count} endpoints, ${concurrency} at once`);
    const { rss: baselineRss, processes: baselineProcesses } = await rss.ask('now');

    progress(args, '(a) scraping service: one shared browser, a context per endpoint…');
    const service = createScrapingService({ concurrency, idleMs: 60_000 });
    const a = await measure(
      rss,
      '(a) service, shared browser',
      count,
      concurrency,
      async (i) => {
        const r = await service.run({ url: url(i), steps: READINGS, timeoutMs: SCRAPE_TIMEOUT_MS, screenshotOnError: false });
        const readAll = SELECTORS.every((k) => typeof r.values[k] === 'number');
        return { ok: r.ok && readAll, ms: r.durationMs - r.queuedMs, error: r.error };
      },
      () => service.dispose(),
    );
    await settle(rss, baselineProcesses);

    progress(args, '(b) a browser launched per scrape…');
    const b = await measure(rss, '(b) browser per scrape', count, concurrency, (i) => perScrapeBrowser(candidate, url(i)), async () => undefined);
    await settle(rss, baselineProcesses);

    const loadAfter = os.loadavg().map((l) => round(l, 2));
    const speedup = b.wallMs / a.wallMs;
    const targets: Target[] = [
      { label: '(a) faster than (b)', pass: speedup >= TARGET_SPEEDUP, measured: `${formatRatio(speedup)} by wall time`, goal: `≥ ${TARGET_SPEEDUP}×` },
      { label: '(a) peak RSS', pass: a.peakRssBytes <= TARGET_PEAK_RSS_MB * 2 ** 20, measured: `${mb(a.peakRssBytes)} MB`, goal: `≤ ${TARGET_PEAK_RSS_MB} MB` },
      { label: 'every scrape read its five values', pass: a.failures.length + b.failures.length === 0, measured: `${a.failures.length} + ${b.failures.length} failed`, goal: '0' },
    ];
    for (const way of [a, b]) for (const f of new Set(way.failures)) progress(args, `${way.label} failure: ${f}`);

    if (args.json) {
      const out = (w: WayResult) => ({
        wallNs: Math.round(w.wallMs * 1e6),
        perScrapeP50Ns: Math.round(w.perScrape.p50),
        perScrapeP99Ns: Math.round(w.perScrape.p99),
        peakRssBytes: w.peakRssBytes,
        peakPssBytes: w.peakPssBytes,
        failures: w.failures.length,
      });
      console.log(JSON.stringify({ environment: env, loadAverageAfter: loadAfter, browser: candidate, endpoints: count, concurrency, baselineRssBytes: baselineRss, a: out(a), b: out(b), speedup: round(speedup), targets }, null, 2));
    } else {
      console.log(formatEnvironment(env));
      console.log(`load end  ${loadAfter.join(' ')} (the figures are CPU-bound: other work on the machine shrinks the ratio)`);
      console.log(`browser   ${candidate.executablePath} (${candidate.source}) ${candidate.args.join(' ')}`);
      console.log(`\n${count} endpoints (/meters/N on 127.0.0.1, five readings each), ${concurrency} scrapes at once in both ways`);
      console.log(`RSS: sum over this process and all its descendants, sampled every 50 ms (PSS every 200 ms); before either way: ${mb(baselineRss)} MB\n`);
      console.log(
        table([
          ['way', 'wall s', 'per scrape p50 ms', 'p99 ms', 'peak RSS MB', 'peak PSS MB', 'failed'],
          ...[a, b].map((w) => [
            w.label,
            (w.wallMs / 1000).toFixed(2),
            ms(w.perScrape.p50),
            ms(w.perScrape.p99),
            mb(w.peakRssBytes),
            mb(w.peakPssBytes),
            String(w.failures.length),
          ]),
        ]),
      );
      console.log(`\n(b) ÷ (a): ${formatRatio(speedup)} wall time, ${formatRatio(b.perScrape.p50 / a.perScrape.p50)} per-scrape p50`);
      console.log(`\n${formatTargets(targets)}`);
    }
    return args.flag('strict') && targets.some((t) => !t.pass) ? 1 : 0;
  } finally {
    await rss.stop();
    await server.close();
  }
}

export default defineBench({ description: '100 meter pages: the scraping service (shared browser) vs a browser per scrape, wall time and peak RSS', run });
