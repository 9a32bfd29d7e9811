/**
 * `npm run bench -- scrape`: 100 meter pages on the local fixture server, scraped two ways in one
 * run: (a) the scraping service (one shared browser, a context per endpoint) and (b) a browser
 * launched per scrape, as NxForge did. Both run 5 scrapes at once and read the same five values.
 *
 * Each way runs in a plain `node` process of its own (bench/scrape/way.ts, bundled at start), and
 * the memory figures are that process and its browsers: the service as the app runs it. This
 * process keeps the meter server and the sampler, outside what is measured.
 */
import os from 'node:os';
import { resolveBrowser, type BrowserCandidate } from '../src/main/core/scraping/browser-discovery';
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
import type { WayConfig, WayName } from './scrape/protocol';
import { bundleWay, runWay, type WayRun } from './scrape/run-way';

const TARGET_SPEEDUP = 3;
const TARGET_PEAK_RSS_MB = 800;
const SCRAPE_TIMEOUT_MS = 60_000;
const SELECTORS = ['kwh', 'voltage', 'current', 'power', 'pf'];

interface WayResult {
  label: string;
  browser: BrowserCandidate;
  /** The mean over the runs. */
  wallMs: number;
  wallsMs: number[];
  perScrape: Summary;
  baselineRssBytes: number;
  baselinePssBytes: number;
  peakRssBytes: number;
  peakPssBytes: number;
  peakProcesses: number;
  failures: string[];
}

/**
 * One way over its runs: the mean wall time, per-scrape figures over every scrape, the memory
 * baseline of the first run and the highest peaks.
 */
function combine(label: string, runs: WayRun[]): WayResult {
  const outcomes = runs.flatMap((r) => r.outcomes);
  const first = runs[0];
  if (!first) throw new Error(`no run of ${label}`);
  return {
    label,
    browser: first.browser,
    wallMs: runs.reduce((sum, r) => sum + r.wallMs, 0) / runs.length,
    wallsMs: runs.map((r) => r.wallMs),
    perScrape: summarize(Float64Array.from(outcomes.map((o) => o.ms * 1e6))),
    baselineRssBytes: first.baseline.rss,
    baselinePssBytes: first.baseline.pss,
    peakRssBytes: Math.max(...runs.map((r) => r.peak.peakRss)),
    peakPssBytes: Math.max(...runs.map((r) => r.peak.peakPss)),
    peakProcesses: Math.max(...runs.map((r) => r.peak.peakProcesses)),
    failures: outcomes.filter((o) => !o.ok).map((o) => o.error ?? 'failed'),
  };
}

/**
 * Starts the browser once and loads one meter page, in this process, before either way runs:
 * after a while of idling the machine may have dropped Chromium's files from its page cache, and
 * the way that ran first would pay for reading them back.
 */
async function warmUp(candidate: BrowserCandidate, url: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: candidate.executablePath, args: candidate.args, headless: true, chromiumSandbox: candidate.sandbox });
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await browser.close();
  }
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
  const rounds = args.number('rounds', args.flag('quick') ? 1 : 2);
  if (![count, concurrency, rounds].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--endpoints, --concurrency and --rounds expect whole numbers above 0');
  const env = environment();
  // Finding the browser the first time can unpack the bundled Chromium (and its fonts) to the
  // temp folder, which leaves tens of MB in the process that did it. Done here, neither way's
  // figures carry it.
  const candidate = await resolveBrowser();
  const bundle = await bundleWay();
  const server = await startMeterServer().catch((err: unknown) => {
    bundle.remove();
    throw err;
  });
  const config = (way: WayName): WayConfig => ({
    way,
    urls: Array.from({ length: count }, (_, i) => `${server.url}/meters/${i + 1}`),
    concurrency,
    steps: READINGS,
    values: SELECTORS,
    timeoutMs: SCRAPE_TIMEOUT_MS,
  });
  try {
    progress(args, 'warm-up: one browser start and one meter page, so that neither way starts on a cold disk cache…');
    await warmUp(candidate, `${server.url}/meters/0`);
    progress(args, `${count} endpoints, ${concurrency} at once; each way in its own node process; ${rounds} round(s)`);
    // Rounds alternate the order (a b, b a, …): a machine that slows down or speeds up during the
    // run then weighs on both ways alike.
    const runs: Record<WayName, WayRun[]> = { service: [], 'per-scrape': [] };
    for (let i = 0; i < rounds; i++) {
      const order: WayName[] = i % 2 === 0 ? ['service', 'per-scrape'] : ['per-scrape', 'service'];
      for (const way of order) {
        progress(args, `round ${i + 1}: ${way === 'service' ? '(a) scraping service: one shared browser, a context per endpoint' : '(b) a browser launched per scrape'}…`);
        runs[way].push(await runWay(bundle, config(way)));
      }
    }
    const a = combine('(a) service, shared browser', runs.service);
    const b = combine('(b) browser per scrape', runs['per-scrape']);

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
        wallsNs: w.wallsMs.map((ms) => Math.round(ms * 1e6)),
        perScrapeP50Ns: Math.round(w.perScrape.p50),
        perScrapeP99Ns: Math.round(w.perScrape.p99),
        baselineRssBytes: w.baselineRssBytes,
        baselinePssBytes: w.baselinePssBytes,
        peakRssBytes: w.peakRssBytes,
        peakPssBytes: w.peakPssBytes,
        peakProcesses: w.peakProcesses,
        failures: w.failures.length,
      });
      console.log(JSON.stringify({ environment: env, loadAverageAfter: loadAfter, browser: candidate, endpoints: count, concurrency, rounds, a: out(a), b: out(b), speedup: round(speedup), targets }, null, 2));
    } else {
      console.log(formatEnvironment(env));
      console.log(`load end  ${loadAfter.join(' ')} (the figures are CPU-bound: other work on the machine shrinks the ratio)`);
      console.log(`browser   ${candidate.executablePath} (${candidate.source}) ${candidate.args.join(' ')}`);
      console.log(`\n${count} endpoints (/meters/N on 127.0.0.1, five readings each), ${concurrency} scrapes at once in both ways`);
      console.log(`${rounds} round(s), the order alternating (a b, b a, …); "wall s" is the mean over the rounds, per-scrape figures are over every scrape.`);
      console.log('Each way runs in its own plain node process. Memory: that process and all its descendants (its browsers),');
      console.log('summed, RSS sampled every 50 ms, PSS every 200 ms; the bench process, the meter server and the sampler are not in it.');
      console.log('"node" is the way\'s process alone before any browser starts (node, playwright-core, the service);');
      console.log('"processes" the most processes in its tree at once (node, browsers, zygotes, network services, renderers).\n');
      console.log(
        table([
          ['way', 'wall s', 'each round s', 'per scrape p50 ms', 'p99 ms', 'node RSS MB', 'node PSS MB', 'peak RSS MB', 'peak PSS MB', 'processes', 'failed'],
          ...[a, b].map((w) => [
            w.label,
            (w.wallMs / 1000).toFixed(2),
            w.wallsMs.map((x) => (x / 1000).toFixed(2)).join(', '),
            ms(w.perScrape.p50),
            ms(w.perScrape.p99),
            mb(w.baselineRssBytes),
            mb(w.baselinePssBytes),
            mb(w.peakRssBytes),
            mb(w.peakPssBytes),
            String(w.peakProcesses),
            String(w.failures.length),
          ]),
        ]),
      );
      console.log(`\n(b) ÷ (a): ${formatRatio(speedup)} wall time, ${formatRatio(b.perScrape.p50 / a.perScrape.p50)} per-scrape p50`);
      console.log(`\n${formatTargets(targets)}`);
    }
    return args.flag('strict') && targets.some((t) => !t.pass) ? 1 : 0;
  } finally {
    bundle.remove();
    await server.close();
  }
}

export default defineBench({ description: '100 meter pages: the scraping service (shared browser) vs a browser per scrape, each in its own node process; wall time and peak RSS', run });
