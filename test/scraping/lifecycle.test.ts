/** The shared browser and the task lifecycle: limits, timeouts, cancels, crashes, idle close, dispose. */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createScrapingService, type ScrapeResult, type ScrapingService } from '../../src/main/core/scraping';
import { scrapingBrowser } from '../helpers/chromium';
import { startMeterServer, type MeterServer } from '../fixtures/meter-server';
import { extract, READINGS, waitFor } from './meter-tasks';

const LIMIT = 2;
let server: MeterServer;
let service: ScrapingService;

beforeAll(async () => {
  server = await startMeterServer();
  service = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: LIMIT, stepTimeoutMs: 5000 });
});

afterAll(async () => {
  await service?.dispose();
  await server?.close();
});

beforeEach(() => server.resetStats());

/** A task that sits on the polling page until stopped: its page sends a request every 100 ms. */
const pollTask = () => ({ url: `${server.url}/poll`, steps: [{ type: 'waitForSelector' as const, selector: '#never', timeout: 30_000 }], screenshotOnError: false });

/** Resolves once the polling page runs (its script has sent a request), i.e. mid-task. */
const pageRunning = () => waitFor(() => (server.stats.requests['/api/poll'] ?? 0) > 0, 15_000, 'the polling page to run');

describe('limits', () => {
  it('never runs more tasks (contexts) at once than the limit', async () => {
    const tasks = Array.from({ length: 6 }, () => service.run({ url: `${server.url}/slow?delay=400`, steps: [extract('kwh', '#energy-kwh')] }));
    await waitFor(() => service.status().queued > 0, 10_000, 'tasks to queue');
    const results = await Promise.all(tasks);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.stats.requests['/slow']).toBe(6);
    expect(server.stats.peakInFlightByPath['/slow']).toBe(LIMIT);
    expect(service.status().peakRunning).toBe(LIMIT);
    expect(Math.max(...results.map((r) => r.queuedMs))).toBeGreaterThan(300);
  });
});

describe('timeouts and cancels', () => {
  it('stops the work when the task times out: the context closes and the page sends nothing more', async () => {
    const started = Date.now();
    const result = await service.run({ ...pollTask(), timeoutMs: 1500 });
    const elapsed = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(result.error).toBe('timed out after 1500 ms');
    expect(result.steps.at(-1)).toMatchObject({ index: 0, type: 'waitForSelector', ok: false, error: 'timed out after 1500 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(1500 + 3000);
    expect(server.stats.requests['/api/poll']).toBeGreaterThan(0);

    await waitFor(() => service.status().running === 0, 5000, 'the slot to free');
    const polls = server.stats.requests['/api/poll'];
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.stats.requests['/api/poll']).toBe(polls);
  });

  it('abandons a slow answer at the timeout: the server sees the request go away', async () => {
    const result = await service.run({ url: `${server.url}/slow?delay=20000`, timeoutMs: 1200, screenshotOnError: false });
    expect(result.error).toBe('timed out after 1200 ms');
    await waitFor(() => server.stats.aborted >= 1, 5000, 'the server to see the request closed');
    expect(server.stats.inFlight).toBe(0);
  });

  it('cancels a running task through its AbortSignal', async () => {
    const controller = new AbortController();
    const running = service.run(pollTask(), { signal: controller.signal });
    await pageRunning();
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ ok: false, error: 'cancelled' });
    expect(result.steps.at(-1)).toMatchObject({ index: 0, ok: false, error: 'cancelled' });
  });

  it('cancels a queued task before it gets a browser', async () => {
    const blockers = Array.from({ length: LIMIT }, () => service.run({ url: `${server.url}/slow?delay=1500` }));
    await waitFor(() => service.status().running === LIMIT, 10_000, 'the slots to fill');
    const controller = new AbortController();
    const queued = service.run({ url: `${server.url}/meters/9` }, { signal: controller.signal });
    await waitFor(() => service.status().queued === 1, 5000, 'the task to queue');
    controller.abort();
    const result = await queued;
    expect(result).toMatchObject({ ok: false, error: 'cancelled', steps: [] });
    expect(service.status().queued).toBe(0);
    await Promise.all(blockers);
    expect(server.stats.requests['/meters/9']).toBeUndefined();
  });
});

describe('the shared browser', () => {
  it('fails the running task when the browser is killed, and the next task starts a new one', async () => {
    await service.run({ url: `${server.url}/meters/1` }); // make sure a browser runs
    const launches = service.status().launches;
    const pid = await service.browserPid();
    expect(pid).toEqual(expect.any(Number));

    const running = service.run(pollTask());
    await pageRunning();
    process.kill(pid!, 'SIGKILL');
    const result = await running;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^the browser closed unexpectedly \(crashed or killed\) during step 0; the next task starts a new one/);
    await waitFor(() => !service.status().browserRunning, 5000, 'the browser to be gone');

    const next: ScrapeResult = await service.run({ url: `${server.url}/meters/2`, steps: READINGS });
    expect(next.error).toBeUndefined();
    expect(next.ok).toBe(true);
    expect(service.status().launches).toBe(launches + 1);
    expect(await service.browserPid()).not.toBe(pid);
  });

  it.runIf(process.platform === 'linux')('runs the network service inside the browser process, not in a process of its own', async () => {
    const running = service.run(pollTask());
    await pageRunning();
    const browser = await service.browserPid();
    const parents = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // the process ended meanwhile
      }
    }
    const underBrowser = (pid: number): boolean => {
      for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === browser) return true;
      return false;
    };
    const types = [...parents.keys()].filter(underBrowser).map((pid) => {
      try {
        // A forked child rewrites its title into one line, so the flags are matched, not split.
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return [/--type=\S+/.exec(cmdline)?.[0], /--utility-sub-type=\S+/.exec(cmdline)?.[0]].filter(Boolean).join(' ');
      } catch {
        return '';
      }
    });
    expect(types).toContain('--type=renderer');
    expect(types.filter((t) => t.includes('network'))).toEqual([]);
    await service.dispose();
    service = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: LIMIT, stepTimeoutMs: 5000 });
    expect((await running).ok).toBe(false);
  });

  it('closes the browser when idle and starts it again on demand', async () => {
    const idle = createScrapingService({ resolveBrowser: scrapingBrowser, idleMs: 300 });
    try {
      expect(idle.status().browserRunning).toBe(false); // lazy: nothing before the first task
      expect((await idle.run({ url: `${server.url}/meters/3` })).ok).toBe(true);
      expect(idle.status()).toMatchObject({ launches: 1 });
      await waitFor(() => !idle.status().browserRunning, 5000, 'the idle close');
      expect((await idle.run({ url: `${server.url}/meters/4` })).ok).toBe(true);
      expect(idle.status().launches).toBe(2);
    } finally {
      await idle.dispose();
    }
  });

  it('cancels running and queued tasks on dispose, and refuses new ones', async () => {
    const doomed = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: 1 });
    const running = doomed.run(pollTask());
    const queued = doomed.run({ url: `${server.url}/meters/5` });
    await pageRunning();
    await doomed.dispose();
    expect(await running).toMatchObject({ ok: false, error: 'cancelled: the scraping service is shutting down' });
    expect(await queued).toMatchObject({ ok: false, error: 'cancelled: the scraping service is shutting down' });
    expect(await doomed.run({ url: `${server.url}/meters/6` })).toMatchObject({ ok: false, error: 'cancelled: the scraping service is shutting down' });
    expect(doomed.status()).toMatchObject({ browserRunning: false, disposed: true });
  });

  it('says how to fix a missing browser', async () => {
    const nowhere = createScrapingService({ browserPath: '/nonexistent/chrome' });
    try {
      const result = await nowhere.run({ url: `${server.url}/` });
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/setting points at \/nonexistent\/chrome.*Install Google Chrome.*NXFORGE_CHROMIUM_PATH/);
    } finally {
      await nowhere.dispose();
    }
  });
});
