/**
 * Starts one way of the scrape bench in its own plain `node` process and samples that process
 * with its descendants (its browsers and their renderers): the service's process as the app runs
 * it, without the bench's TypeScript loader, the meter server or the sampler.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserCandidate } from '../../src/main/core/scraping/browser-discovery';
import type { Outcome, WayConfig, WayMessage } from './protocol';
import { TreeSampler, type TreeMemory } from './sampler';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '..', '..');

export interface WayBundle {
  file: string;
  remove(): void;
}

/**
 * Bundles way.ts for plain `node`. The bundle goes to a fresh folder under the repo's
 * node_modules/.cache, so that playwright-core and @sparticuz/chromium, left out of it, load from
 * the repo's node_modules as the app loads them.
 */
export async function bundleWay(): Promise<WayBundle> {
  const cache = join(repoRoot, 'node_modules', '.cache', 'scrape-bench');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'way-'));
  const file = join(dir, 'way.mjs');
  await build({
    entryPoints: [join(here, 'way.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['playwright-core', '@sparticuz/chromium'],
    logLevel: 'warning',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WayRun {
  browser: BrowserCandidate;
  /** The way's process alone, loaded, before any browser starts. */
  baseline: TreeMemory;
  wallMs: number;
  outcomes: Outcome[];
  /** Peaks of the process and its descendants while the way ran. */
  peak: TreeMemory;
}

/**
 * Runs one way: spawn, wait for `ready`, read the baseline, reset the peaks, `go`, wait for the
 * result. The way times itself (wall time from `go` to its browsers closed), so the pipe's latency
 * is in neither way's figure.
 */
export async function runWay(bundle: WayBundle, config: WayConfig): Promise<WayRun> {
  const child = spawn(process.execPath, [bundle.file, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'], cwd: repoRoot });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T extends WayMessage['type']>(type: T): Promise<Extract<WayMessage, { type: T }>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the ${config.way} way ended (${await exited}) before its "${type}" message`);
    let message: WayMessage;
    try {
      message = JSON.parse(line.value) as WayMessage;
    } catch {
      throw new Error(`the ${config.way} way printed something other than its messages: ${line.value}`);
    }
    if (message.type === 'error') throw new Error(`the ${config.way} way failed: ${message.message}`);
    if (message.type !== type) throw new Error(`the ${config.way} way sent "${message.type}" where "${type}" was expected`);
    return message as Extract<WayMessage, { type: T }>;
  };

  let sampler: TreeSampler | null = null;
  try {
    const { browser } = await next('ready');
    if (child.pid === undefined) throw new Error(`the ${config.way} way did not start`);
    sampler = new TreeSampler(child.pid);
    const baseline = await sampler.ask('reset');
    child.stdin.write('go\n');
    const { wallMs, outcomes } = await next('result');
    const peak = await sampler.ask('now');
    await exited;
    return { browser, baseline, wallMs, outcomes, peak };
  } finally {
    await sampler?.stop();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
