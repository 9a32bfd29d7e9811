/**
 * Opening a task's first page at its URL (src/main/core/scraping/page-opener.ts) in real Chromium
 * against the meter fixture: one document instead of about:blank and then the meter's, in the
 * right context, with the context's options, and the same outcomes as `goto` for slow pages, HTTP
 * errors and unreachable meters. (A first goto that times out while its page is on the way: the
 * "slow page" test of steps.test.ts, through the service.)
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageOpener, settleOpened } from '../../src/main/core/scraping/page-opener';
import { navigate } from '../../src/main/core/scraping/steps';
import { launchChromium } from '../helpers/chromium';
import { METER_DEFAULTS, startMeterServer, type MeterServer } from '../fixtures/meter-server';

let server: MeterServer;
let browser: Browser;
let opener: PageOpener;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startMeterServer();
  browser = await launchChromium();
  const attached = await PageOpener.attach(browser);
  if (!attached) throw new Error('no CDP session on the test browser');
  opener = attached;
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type InPage = { innerWidth: number; history: { length: number } };
const historyLength = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).history.length);

async function newContext(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; id: string }> {
  const { context, id } = await opener.newContext(browser, options);
  contexts.push(context);
  if (id === null) throw new Error('the context id was not found');
  return { context, id };
}

/** Opens `path` directly and finishes its load as the task run does; the fallback is a real goto. */
async function open(path: string, options: BrowserContextOptions = {}, timeoutMs = 10_000) {
  const { context, id } = await newContext(options);
  const url = path.startsWith('http') ? path : `${server.url}${path}`;
  const { page, downloaded } = await opener.openPage(context, id, url, 10_000);
  let fellBack = false;
  await settleOpened(
    page,
    url,
    timeoutMs,
    `Timeout ${timeoutMs}ms exceeded.`,
    (left) => {
      fellBack = true;
      return navigate(page, url, left);
    },
    downloaded,
  );
  return { context, page, fellBack };
}

describe('PageOpener', () => {
  it('opens the page at its URL in one document, with the context options', async () => {
    const { context, page, fellBack } = await open('/pdu/status', {
      viewport: { width: 1280, height: 720 },
      httpCredentials: { ...METER_DEFAULTS.basic, origin: server.url },
    });
    expect(fellBack).toBe(false);
    expect(page.context()).toBe(context);
    expect(page.url()).toBe(`${server.url}/pdu/status`);
    expect(await page.textContent('#pf')).toBe('0.97');
    expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
    expect(await page.evaluate(() => (globalThis as unknown as InPage).innerWidth)).toBe(1280);
    // One entry: the meter page. newPage() and goto leave two (about:blank, then the page).
    expect(await historyLength(page)).toBe(1);
    const { context: usual } = await newContext();
    const other = await usual.newPage();
    await other.goto(`${server.url}/meters/1`);
    expect(await historyLength(other)).toBe(2);
  });

  it('tells contexts created at the same time apart, and opens each page in its own', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, () => newContext()));
    expect(new Set(made.map((m) => m.id)).size).toBe(5);
    const pages = (await Promise.all(made.map(({ context, id }, i) => opener.openPage(context, id, `${server.url}/meters/${i + 1}`, 10_000)))).map((o) => o.page);
    for (const [i, page] of pages.entries()) {
      await settleOpened(page, page.url(), 10_000, 'timeout', () => Promise.reject(new Error('no fallback expected')));
      expect(page.context()).toBe(made[i]!.context);
      expect(await page.textContent('h1')).toBe(`Meter ${i + 1}`);
    }
  });

  it('follows redirects and waits for a slow page within its timeout', async () => {
    const { page } = await open('/meter/dashboard');
    expect(page.url()).toBe(`${server.url}/meter/login?next=%2Fmeter%2Fdashboard`);
    const slow = await open('/slow?delay=700', {}, 5000);
    expect(await slow.page.textContent('h1')).toBe('Slow meter');
  });

  it('refuses HTTP error pages with the status, as goto does', async () => {
    server.resetStats();
    await expect(open('/flaky')).rejects.toThrow(/^HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/flaky$/);
    await expect(open('/pdu/status')).rejects.toThrow(/HTTP 401 Unauthorized .*\(wrong or missing username and password\)/);
    await expect(open('/no-such-page')).rejects.toThrow(/HTTP 404 Not Found/);
  });

  it('hands an unreachable meter to goto, whose error names the cause', async () => {
    const closed = await startMeterServer();
    const url = `${closed.url}/meters/1`;
    await closed.close();
    await expect(open(url)).rejects.toThrow(/net::ERR_CONNECTION_REFUSED/);
  });
});
