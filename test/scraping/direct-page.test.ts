/**
 * Pages driven over the DevTools protocol without Playwright (src/main/core/scraping/direct-page.ts),
 * in real Chromium against the meter fixture: a fresh context each, the same outcomes as `goto`
 * for redirects, slow pages, HTTP errors and unreachable meters, failure captures, and a close that
 * ends every wait. Then which tasks the scraping service runs on them, and that the others still
 * read through Playwright.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageClosedError, type DirectPage, type DirectPages } from '../../src/main/core/scraping/direct-page';
import { systemBrowserPaths } from '../../src/main/core/scraping/browser-discovery';
import { PageOpener } from '../../src/main/core/scraping/page-opener';
import { createScrapingService, type ScrapingService } from '../../src/main/core/scraping/scraping-service';
import { directSteps, playwrightSelector } from '../../src/main/core/scraping/steps';
import { launchChromium, scrapingBrowser } from '../helpers/chromium';
import { startMeterServer, TEST_TLS, type MeterServer } from '../fixtures/meter-server';
import { basicAuth, extract, pngSize, READINGS } from './meter-tasks';

let server: MeterServer;
/** Pages of the corner cases below, beside the meter fixture. */
let corners: Server;
let cornersUrl: string;
/** The Authorization header of each request to the corner server's `/challenge`. */
const challenged: (string | null)[] = [];
let browser: Browser;
let direct: DirectPages;
/**
 * Direct pages run on Chromium's headless shell (the one @sparticuz/chromium ships, which the
 * tests drive); where it did not install, the tests drive Debian's chromium, and these skip.
 */
const HEADLESS_SHELL = (await scrapingBrowser()).source === 'bundled';
const NO_SHELL = `direct pages need Chromium's headless shell (@sparticuz/chromium), not installed here`;
const opened: DirectPage[] = [];

const CORNER_PAGES: Record<string, string> = {
  // A single-page UI that routes by the URL's fragment.
  '/hash': '<!doctype html><title>h</title><span id="v">1</span><script>addEventListener("hashchange", () => { document.getElementById("v").textContent = location.hash === "#b" ? "2" : "1"; })</script>',
  // Readings inside web components, one nested in another.
  '/components':
    '<!doctype html><title>c</title><x-a></x-a><x-b></x-b><script>const a = document.querySelector("x-a").attachShadow({ mode: "open" }); a.innerHTML = "<x-a1></x-a1>"; a.querySelector("x-a1").attachShadow({ mode: "open" }).innerHTML = "<span class=v>1</span>"; document.querySelector("x-b").attachShadow({ mode: "open" }).innerHTML = "<span class=v>2</span>";</script>',
  // An image that never arrives: the document is there, its load never fires.
  '/hangload': '<!doctype html><title>hang</title><h1 id="real">Real meter page</h1><img src="/never">',
  '/closes': '<!doctype html><title>c</title><span id="v">1</span><script>setTimeout(() => window.close(), 300)</script>',
  '/value': '<!doctype html><title>v</title><span id="v">222</span>',
  // A portal that greets with dialogs; a scrape must get past them as a visitor clicking them away.
  '/dialogs': '<!doctype html><title>d</title><span id="v">1</span><script>alert("Welcome"); document.getElementById("v").textContent = confirm("Stay?") ? "2" : "3";</script>',
  // A page that starts its CSV export by itself once shown.
  '/autoexport': '<!doctype html><title>a</title><span id="v">111</span><script>setTimeout(() => { location.href = "/export.csv"; }, 300)</script>',
  '/viewport': '<!doctype html><title>w</title><span id="v"></span><script>document.getElementById("v").textContent = innerWidth + "x" + innerHeight;</script>',
};

beforeAll(async () => {
  server = await startMeterServer();
  corners = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/never') return; // never answers
    if (path === '/to-challenge') {
      res.writeHead(302, { Location: '/challenge' });
      return res.end();
    }
    if (path === '/challenge') {
      // Another origin that asks for a login: what a meter's password must never reach.
      challenged.push(req.headers.authorization ?? null);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="elsewhere"', 'Content-Type': 'text/html' });
      return res.end('<!doctype html><title>401</title>login required');
    }
    if (path === '/export.csv') {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="export.csv"' });
      return res.end('kwh\n1\n');
    }
    const body = CORNER_PAGES[path];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
    res.end(body ?? 'no page');
  });
  await new Promise<void>((resolve) => corners.listen(0, '127.0.0.1', resolve));
  cornersUrl = `http://127.0.0.1:${(corners.address() as AddressInfo).port}`;
  browser = await launchChromium();
  const attached = await PageOpener.attach(browser);
  if (!attached) throw new Error('no CDP session on the test browser');
  if (HEADLESS_SHELL && !attached.direct) throw new Error(`no direct pages on the headless shell (${browser.version()})`);
  if (attached.direct) direct = attached.direct;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  corners?.closeAllConnections();
  corners?.close();
});

type InPage = { innerWidth: number; innerHeight: number; history: { length: number }; document: { cookie: string; querySelector(s: string): { textContent: string } | null } };

async function open(path: string, timeoutMs = 10_000): Promise<DirectPage> {
  const url = path.startsWith('http') ? path : `${server.url}${path}`;
  const page = await direct.open(url, { width: 1280, height: 720 }, true);
  opened.push(page);
  await page.settle(url, timeoutMs, `Timeout ${timeoutMs}ms exceeded.`);
  return page;
}

const text = (page: DirectPage, selector: string) => page.evaluate((sel) => (globalThis as unknown as InPage).document.querySelector(sel)?.textContent ?? null, selector);

describe.skipIf(!HEADLESS_SHELL)(`DirectPage${HEADLESS_SHELL ? '' : ` (${NO_SHELL})`}`, () => {
  it('opens its URL in one document of a fresh context, in a 1280×720 window, outside Playwright', async () => {
    const page = await open('/meters/3');
    expect(page.url).toBe(`${server.url}/meters/3`);
    expect(await text(page, 'h1')).toBe('Meter 3');
    expect(await page.evaluate(() => {
      const { innerWidth, innerHeight, history } = globalThis as unknown as InPage;
      return [innerWidth, innerHeight, history.length];
    }, null)).toEqual([1280, 720, 1]);
    await page.evaluate(() => void ((globalThis as unknown as InPage).document.cookie = 'seen=1; path=/'), null);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.cookie, null)).toBe('seen=1');
    // The next page's context has no cookie of the first, and Playwright holds neither.
    const next = await open('/meters/4');
    expect(await next.evaluate(() => (globalThis as unknown as InPage).document.cookie, null)).toBe('');
    expect(browser.contexts()).toHaveLength(0);
  });

  it('follows redirects and a page that moves on by script, and waits for a slow page', async () => {
    const redirected = await open('/meter/dashboard');
    expect(redirected.url).toBe(`${server.url}/meter/login?next=%2Fmeter%2Fdashboard`);
    const started = await open('/start');
    await expect.poll(() => started.refreshUrl()).toBe(`${server.url}/meters/42`);
    const slow = await open('/slow?delay=700', 5000);
    expect(await text(slow, 'h1')).toBe('Slow meter');
  });

  it('refuses HTTP errors and unreachable meters as goto does, and times out on a page too slow', async () => {
    await expect(open('/flaky')).rejects.toThrow(/^HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/flaky$/);
    await expect(open('/pdu/status')).rejects.toThrow(/HTTP 401 Unauthorized .*\(wrong or missing username and password\)/);
    await expect(open('/no-such-page')).rejects.toThrow(/HTTP 404 Not Found/);
    const closed = await startMeterServer();
    await closed.close();
    await expect(open(`${closed.url}/meters/1`)).rejects.toThrow(/^net::ERR_CONNECTION_REFUSED at http:\/\/127\.0\.0\.1:\d+\/meters\/1$/);
    await expect(open('/slow?delay=3000', 300)).rejects.toThrow('Timeout 300ms exceeded.');
  });

  it('navigates to the next page and settles on its document', async () => {
    const page = await open('/meters/5');
    await page.navigate(`${server.url}/meters/6`, 5000);
    expect(page.url).toBe(`${server.url}/meters/6`);
    expect(await text(page, 'h1')).toBe('Meter 6');
    await expect(page.navigate(`${server.url}/no-such-page`, 5000)).rejects.toThrow(/HTTP 404 Not Found/);
  });

  it('captures the full page and its HTML, also when its document never arrived', async () => {
    const page = await open('/meters/9');
    const png = await page.screenshot(5000);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(720);
    const html = await page.content();
    expect(html.startsWith('<!DOCTYPE html><html')).toBe(true);
    expect(html).toContain('</html>');

    const url = `${server.url}/slow?delay=3000`;
    const never = await direct.open(url, { width: 1280, height: 720 }, true);
    opened.push(never);
    await expect(never.settle(url, 200, 'too slow')).rejects.toThrow('too slow');
    await never.stopLoading();
    const blank = await never.screenshot(5000);
    expect([blank.readUInt32BE(16), blank.readUInt32BE(20)]).toEqual([1280, 720]);
  });

  it('ends every pending wait when closed, with the reason', async () => {
    const url = `${server.url}/slow?delay=3000`;
    const page = await direct.open(url, { width: 1280, height: 720 }, true);
    const waiting = page.settle(url, 10_000, 'too slow');
    setTimeout(() => void page.close('cancelled'), 100);
    await expect(waiting).rejects.toThrow(PageClosedError);
    await expect(waiting).rejects.toThrow('cancelled');
    await expect(page.evaluate(() => 1, null)).rejects.toThrow('cancelled');
  });
});

describe.skipIf(!HEADLESS_SHELL)(`DirectPage, corner cases${HEADLESS_SHELL ? '' : ` (${NO_SHELL})`}`, () => {
  const contextCount = async () => {
    const cdp = await browser.newBrowserCDPSession();
    try {
      return (await cdp.send('Target.getBrowserContexts')).browserContextIds.length;
    } finally {
      await cdp.detach();
    }
  };

  it('settles at once on a navigation within the document, as goto does', async () => {
    const page = await open(`${cornersUrl}/hash`);
    await page.navigate(`${cornersUrl}/hash#b`, 3000);
    expect(page.url).toBe(`${cornersUrl}/hash#b`);
    // The page's own hashchange handler runs after the navigation, as after Playwright's goto.
    await expect.poll(() => text(page, '#v')).toBe('2');
  });

  it('lets go of its context when the page closes itself or crashes, and says so to what waits', async () => {
    const before = await contextCount();
    const closes = await open(`${cornersUrl}/closes`);
    await expect.poll(() => closes.isClosed).toBe(true);
    await expect(closes.evaluate(() => 1, null)).rejects.toThrow('the page closed');
    await closes.close();
    const crashes = await open(`${cornersUrl}/value`);
    const waiting = crashes.evaluate(() => new Promise(() => undefined), null);
    void crashes.send('Page.crash').catch(() => undefined);
    await expect(waiting).rejects.toThrow('the page crashed');
    await crashes.close();
    expect(await contextCount()).toBe(before);
  });

  it('says at once that a URL serves a file, opened there or navigated to', async () => {
    const download = (url: string, file = '') => `${url} serves a file to download${file}, not a page to read: give the address of the meter's web page`;
    // Within the timeout, which would otherwise end the wait for a document that never comes.
    await expect(open(`${cornersUrl}/export.csv`, 8000)).rejects.toThrow(download(`${cornersUrl}/export.csv`, ' (export.csv)'));
    const page = await open(`${cornersUrl}/value`);
    await expect(page.navigate(`${cornersUrl}/export.csv`, 8000)).rejects.toThrow(download(`${cornersUrl}/export.csv`));
  });
});

describe('which tasks run on a direct page', () => {
  it('tells Playwright selectors from plain CSS', () => {
    for (const css of ['#energy-kwh', 'table.readings td.value', 'tr:nth-child(2) > td + td', '[data-id="a=b"]', 'td:has(> b)', 'input[name=kwh]', '*', 'a:is(.x, .y)'])
      expect([css, playwrightSelector(css)]).toEqual([css, false]);
    for (const pw of ['text=Active energy', 'css=#x', 'xpath=//td', '//td[1]', '"Voltage"', "'Voltage'", '#list >> nth=1', 'td:has-text("kWh")', 'button:visible', 'data-testid=kwh', 'internal:role=cell', 'id=kwh', 'role=cell[name="x"]', 'td:text("1")', 'td:near(#x)', '..', 'text = 222', 'span:Visible', 'td:HAS-TEXT("kWh")'])
      expect([pw, playwrightSelector(pw)]).toEqual([pw, true]);
  });

  it('admits goto, wait and CSS extracts in the main frame only', () => {
    expect(directSteps(READINGS)).toBe(true);
    expect(directSteps([{ type: 'goto', url: '/x' }, { type: 'wait', ms: 10 }, extract('kwh', '#energy-kwh')])).toBe(true);
    expect(directSteps([extract('kwh', 'text=kWh')])).toBe(false);
    expect(directSteps([extract('kwh', '#value', { frame: 'readings' })])).toBe(false);
    expect(directSteps([{ type: 'click', selector: '#refresh' }])).toBe(false);
    expect(directSteps([{ type: 'waitForSelector', selector: '#value' }])).toBe(false);
  });

  describe.skipIf(!HEADLESS_SHELL)(`through the scraping service${HEADLESS_SHELL ? '' : ` (${NO_SHELL})`}`, () => {
    let service: ScrapingService;
    let artifactsDir: string;
    beforeAll(() => {
      service = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: 2, stepTimeoutMs: 5000, navigationTimeoutMs: 10_000 });
      artifactsDir = mkdtempSync(join(tmpdir(), 'nxforge-direct-'));
    });
    afterAll(async () => {
      await service.dispose();
      rmSync(artifactsDir, { recursive: true, force: true });
    });

    it('reads a meter, and fails a missing value with the selector and the failure captures', async () => {
      const read = await service.run({ url: `${server.url}/meters/7`, steps: READINGS });
      expect(read.error).toBeUndefined();
      expect(read.values.pf).toBe(0.97);
      expect(read.steps.map((s) => s.type)).toEqual(['goto', 'extract', 'extract', 'extract', 'extract', 'extract']);
      // A trial scrape keeps a picture of the page it read.
      const shown = await service.run({ url: `${server.url}/meters/7`, steps: READINGS, screenshotOnSuccess: true }, { artifactsDir });
      expect(shown.ok).toBe(true);
      expect(shown.artifacts.map((a) => a.kind)).toEqual(['screenshot']);
      expect(pngSize(shown.artifacts[0]!.path).width).toBe(1280);
      const missing = await service.run({ url: `${server.url}/meters/7`, steps: [extract('kwh', '#energy-kwh'), extract('gone', '#no-such-value', { timeout: 300 })] }, { artifactsDir });
      expect(missing.ok).toBe(false);
      expect(missing.values.kwh).toBeGreaterThan(0);
      expect(missing.error).toBe('step 1 (extract gone "#no-such-value"): Timeout 300ms exceeded: no element matches "#no-such-value"');
      const shot = missing.artifacts.find((a) => a.kind === 'screenshot');
      expect(pngSize(shot!.path).width).toBe(1280);
      expect(missing.artifacts.map((a) => a.kind).sort()).toEqual(['html', 'screenshot']);
    });

    it('refuses a selector that is not valid CSS at once, and reads Playwright selectors through Playwright', async () => {
      const invalid = await service.run({ url: `${server.url}/meters/8`, steps: [extract('kwh', '#energy-kwh['), extract('pf', '#pf')] });
      expect(invalid.ok).toBe(false);
      expect(invalid.error).toBe('step 0 (extract kwh "#energy-kwh["): "#energy-kwh[" is not a valid CSS selector');
      const mixed = await service.run({ url: `${server.url}/meters/8`, steps: [extract('pf', '#pf'), extract('kwh', 'td:right-of(:text("Active energy"))')] });
      expect(mixed.error).toBeUndefined();
      expect(mixed.values.kwh).toBeGreaterThan(0);
    });

    it('reads inside web components as Playwright does, and names shadow roots when a selector spans one', async () => {
      const forcePlaywright = { type: 'waitForSelector', selector: 'body', state: 'attached' } as const;
      const direct = await service.run({ url: `${cornersUrl}/components`, steps: [extract('v', '.v')] });
      const playwright = await service.run({ url: `${cornersUrl}/components`, steps: [forcePlaywright, extract('v', '.v')] });
      expect([direct.values.v, playwright.values.v]).toEqual([1, 1]);
      const spanning = await service.run({ url: `${cornersUrl}/components`, steps: [extract('v', 'x-b .v', { timeout: 500 })] });
      expect(spanning.error).toContain('no element matches "x-b .v" (the page has shadow roots: for a selector that reaches into one from outside, write "css=x-b .v")');
      const written = await service.run({ url: `${cornersUrl}/components`, steps: [extract('v', 'css=x-b .v')] });
      expect(written.values.v).toBe(2);
    });

    it('fails a page that closes itself at once, keeps a page whose load never fires for the captures, and skips an optional bad selector', async () => {
      const closes = await service.run({ url: `${cornersUrl}/closes`, steps: [extract('v', '#missing', { timeout: 4000 })] });
      expect(closes.error).toMatch(/the page closed/);
      expect(closes.steps.at(-1)?.ms).toBeLessThan(3000);
      const hangs = await service.run({ url: `${cornersUrl}/hangload`, navigationTimeoutMs: 1000, steps: [extract('v', '#real', { parse: 'text' })] }, { artifactsDir });
      expect(hangs.error).toMatch(/Timeout 1000ms exceeded/);
      const html = hangs.artifacts.find((a) => a.kind === 'html');
      expect(readFileSync(html!.path, 'utf8')).toContain('Real meter page');
      const optional = await service.run({ url: `${cornersUrl}/value`, steps: [extract('v', '#v'), extract('bad', '#v[', { optional: true })] });
      expect(optional.error).toBeUndefined();
      expect(optional.values).toEqual({ v: 222, bad: null });
    });

    it('reads a PDU behind basic auth, answering its challenge only, and only for its own origin', async () => {
      const before = service.status().pages;
      server.resetStats();
      const read = await service.run({ url: `${server.url}/pdu/status`, auth: basicAuth(), steps: READINGS });
      expect(read.error).toBeUndefined();
      expect(read.values.pf).toBe(0.97);
      expect(service.status().pages).toEqual({ direct: before.direct + 1, playwright: before.playwright });
      // The browser asks without a login first, then once with it.
      expect(server.stats.requests['/pdu/status']).toBe(2);

      server.resetStats();
      const wrong = await service.run({ url: `${server.url}/pdu/status`, auth: basicAuth('nope'), steps: READINGS, screenshotOnError: false });
      expect(wrong.error).toMatch(/^opening http:\/\/127\.0\.0\.1:\d+\/pdu\/status: HTTP 401 Unauthorized .*\(wrong or missing username and password\)/);
      // Refused credentials are not tried again and again.
      expect(server.stats.requests['/pdu/status']).toBe(2);

      // Another origin that asks for a login gets none, on both paths; the error names the page
      // that asked, past the redirect.
      challenged.length = 0;
      const forcePlaywright = { type: 'waitForSelector', selector: '#pf', state: 'attached' } as const;
      for (const first of [[], [forcePlaywright]]) {
        const elsewhere = await service.run({ url: `${server.url}/pdu/status`, auth: basicAuth(), steps: [...first, ...READINGS, { type: 'goto', url: `${cornersUrl}/to-challenge` }], screenshotOnError: false });
        expect(elsewhere.values.pf).toBe(0.97);
        expect(elsewhere.error).toBe(
          `step ${first.length + 5} (goto ${cornersUrl}/to-challenge): HTTP 401 Unauthorized from ${cornersUrl}/challenge ` +
            `(the basic-auth login goes only to ${server.url}, the task URL's origin; to log in at ${cornersUrl}, use an address there as the task URL)`,
        );
      }
      expect(service.status().pages).toEqual({ direct: before.direct + 3, playwright: before.playwright + 1 });
      expect(challenged).toEqual([null, null]);
    });

    it('fails a URL that serves a file at once on both paths, with the captures of the blank page', async () => {
      const url = `${cornersUrl}/export.csv`;
      const forcePlaywright = { type: 'waitForSelector', selector: 'body', state: 'attached' } as const;
      const message = `opening ${url}: ${url} serves a file to download (export.csv), not a page to read: give the address of the meter's web page`;
      for (const steps of [[extract('v', '#v')], [forcePlaywright, extract('v', '#v')]]) {
        const failed = await service.run({ url, navigationTimeoutMs: 8000, steps }, { artifactsDir });
        expect(failed.error).toBe(message);
        expect(failed.finalUrl).toBe(url);
        expect(failed.artifacts.map((a) => a.kind).sort()).toEqual(['html', 'screenshot']);
        expect(pngSize(failed.artifacts.find((a) => a.kind === 'screenshot')!.path).width).toBe(1280);
      }
      // A later goto of the Playwright path says the same.
      const later = await service.run({ url: `${cornersUrl}/value`, navigationTimeoutMs: 8000, steps: [forcePlaywright, { type: 'goto', url: '/export.csv' }] });
      expect(later.error).toBe(`step 1 (goto /export.csv): ${url} serves a file to download, not a page to read: give the address of the meter's web page`);
      // A download the loaded page starts by itself fails nothing: the next page reads.
      for (const first of [[], [forcePlaywright]]) {
        const steps = [...first, extract('v', '#v'), { type: 'wait', ms: 1000 } as const, { type: 'goto', url: '/value' } as const, extract('v2', '#v')];
        const read = await service.run({ url: `${cornersUrl}/autoexport`, navigationTimeoutMs: 8000, steps });
        expect([read.error, read.values]).toEqual([undefined, { v: 111, v2: 222 }]);
      }
    });

    it('gets past JavaScript dialogs as Playwright does: dismissed', async () => {
      const read = await service.run({ url: `${cornersUrl}/dialogs`, steps: [extract('v', '#v')] });
      expect(read.error).toBeUndefined();
      expect(read.values.v).toBe(3);
    });

    it('reads a meter served over HTTPS with a self-signed certificate, unless told to check certificates', async () => {
      const tls = await startMeterServer({ tls: TEST_TLS });
      const strict = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: 1, ignoreHttpsErrors: false });
      try {
        expect(tls.url).toMatch(/^https:/);
        const read = await service.run({ url: `${tls.url}/meters/11`, steps: READINGS });
        expect(read.error).toBeUndefined();
        expect(read.values.pf).toBe(0.97);
        // A task with a waitForSelector step runs on Playwright, with the same setting.
        const playwright = await service.run({ url: `${tls.url}/meters/12`, steps: [{ type: 'waitForSelector', selector: '#pf' }, ...READINGS] });
        expect(playwright.error).toBeUndefined();
        const refused = await strict.run({ url: `${tls.url}/meters/13`, steps: READINGS });
        expect(refused.error).toMatch(/^opening https:\/\/127\.0\.0\.1:\d+\/meters\/13: net::ERR_CERT_AUTHORITY_INVALID at https:/);
      } finally {
        await strict.dispose();
        await tls.close();
      }
    });
  });
});

const systemChrome = systemBrowserPaths(process.platform, process.env).find((path) => existsSync(path));

// Direct pages are for the headless shell only: where the app finds a Chrome, Edge or Chromium
// install (its own headless mode), every task runs through Playwright. CI has none; a machine
// with one runs these.
describe.skipIf(!systemChrome)(`with an installed browser in its own headless mode (${systemChrome ?? 'none installed'})`, () => {
  let chrome: ScrapingService;
  beforeAll(() => {
    chrome = createScrapingService({
      concurrency: 1,
      stepTimeoutMs: 5000,
      navigationTimeoutMs: 10_000,
      resolveBrowser: () => Promise.resolve({ executablePath: systemChrome ?? '', args: [], source: 'system', sandbox: process.getuid?.() !== 0 }),
    });
  });
  afterAll(() => chrome?.dispose());

  it('reads through Playwright: dialogs dismissed, a 1280×720 viewport, a missing login as HTTP 401', async () => {
    const dialogs = await chrome.run({ url: `${cornersUrl}/dialogs`, steps: [extract('v', '#v')] });
    expect(dialogs.values.v).toBe(3);
    const viewport = await chrome.run({ url: `${cornersUrl}/viewport`, steps: [extract('v', '#v', { parse: 'text' })] });
    expect(viewport.values.v).toBe('1280x720');
    const none = await chrome.run({ url: `${server.url}/pdu/status`, steps: READINGS, screenshotOnError: false });
    expect(none.error).toMatch(/^opening http:\/\/127\.0\.0\.1:\d+\/pdu\/status: HTTP 401 Unauthorized from .*\(wrong or missing username and password\)$/);
    const read = await chrome.run({ url: `${server.url}/pdu/status`, auth: basicAuth(), steps: READINGS });
    expect(read.values.pf).toBe(0.97);
    expect(chrome.status().pages).toEqual({ direct: 0, playwright: 4 });
  });
});
