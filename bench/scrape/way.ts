/**
 * One way of the scrape bench, in a process of its own: the scrape bench bundles this file and
 * runs it with plain `node`, so that the memory it samples is this process and its browsers, as
 * the app runs the service, without the bench's TypeScript loader, the meter server or the
 * sampler. Both ways load the same code and resolve the browser before `ready`, so they start from
 * the same baseline; see protocol.ts for the exchange.
 */
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { resolveBrowser, type BrowserCandidate } from '../../src/main/core/scraping/browser-discovery';
import { createScrapingService } from '../../src/main/core/scraping/scraping-service';
import { runStep, type StepEnv } from '../../src/main/core/scraping/steps';
import { Deadline } from '../../src/main/core/scraping/support';
import type { ScrapeValue } from '../../src/main/core/scraping/types';
import { parseWayConfig, type Outcome, type WayConfig, type WayMessage } from './protocol';

const send = (message: WayMessage): Promise<void> =>
  new Promise((resolve, reject) => process.stdout.write(`${JSON.stringify(message)}\n`, (err) => (err ? reject(err) : resolve())));

const readAll = (config: WayConfig, values: Record<string, ScrapeValue>): boolean => config.values.every((k) => typeof values[k] === 'number');

/** Runs `count` jobs, `concurrency` at a time. */
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
 * (b): launch → page → goto → steps → close, for every endpoint, on a Playwright page as NxForge
 * drove its browsers, with the service's own steps engine. (a) is the service as the app runs it:
 * a shared browser, and for a read-only task like this one a direct page (direct-page.ts).
 */
async function perScrapeBrowser(config: WayConfig, candidate: BrowserCandidate, url: string): Promise<Outcome> {
  const started = performance.now();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: candidate.executablePath, args: candidate.args, headless: true, chromiumSandbox: candidate.sandbox, timeout: config.timeoutMs });
    const page = await browser.newPage();
    const values: Record<string, ScrapeValue> = {};
    const env: StepEnv = { page, baseUrl: url, deadline: new Deadline(config.timeoutMs), stepTimeoutMs: 15_000, navigationTimeoutMs: 30_000, signal: new AbortController().signal, values };
    const steps = [{ type: 'goto' as const, url }, ...config.steps];
    for (const [i, step] of steps.entries()) await runStep(step, env, steps.slice(i + 1));
    const ok = readAll(config, values);
    return { ok, ms: performance.now() - started, error: ok ? undefined : 'a value was not read' };
  } catch (err) {
    return { ok: false, ms: performance.now() - started, error: (err as Error).message.split('\n')[0] };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/** (a): the scraping service as the app creates it, one task per endpoint; its disposal closes the browser. */
async function service(config: WayConfig): Promise<Outcome[]> {
  const scraping = createScrapingService({ concurrency: config.concurrency, idleMs: 60_000 });
  try {
    return await pool(config.urls.length, config.concurrency, async (i) => {
      const r = await scraping.run({ url: config.urls[i], steps: config.steps, timeoutMs: config.timeoutMs, screenshotOnError: false });
      return { ok: r.ok && readAll(config, r.values), ms: r.durationMs - r.queuedMs, error: r.error ?? (r.ok ? undefined : 'failed') };
    });
  } finally {
    await scraping.dispose();
  }
}

async function main(): Promise<void> {
  const config = parseWayConfig(process.argv[2]);
  const browser = await resolveBrowser();
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  await send({ type: 'ready', browser });
  const go = await lines.next();
  if (go.done || go.value !== 'go') throw new Error(`expected "go" on stdin, got ${go.done ? 'its end' : JSON.stringify(go.value)}`);
  process.stdin.destroy();

  const started = performance.now();
  const outcomes =
    config.way === 'service'
      ? await service(config)
      : await pool(config.urls.length, config.concurrency, (i) => perScrapeBrowser(config, browser, config.urls[i] ?? ''));
  await send({ type: 'result', wallMs: performance.now() - started, outcomes });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }).catch(() => undefined);
    process.exit(1);
  },
);
