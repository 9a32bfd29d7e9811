import { existsSync } from 'node:fs';
import type Sparticuz from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { resolveBrowser, systemBrowserPaths, type BrowserCandidate } from '../../src/main/core/scraping/browser-discovery';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags from @sparticuz/chromium that we drop: the first two weaken the very web security the
 * app's token and CSP rely on, and a single-process browser dies with its first crashed page.
 * Its `--headless=...` is dropped too, since playwright sets headless mode itself.
 */
const DROPPED_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--single-process'];

const DEBIAN_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Candidate {
  executablePath: string;
  args: string[];
}

async function sparticuzCandidate(): Promise<Candidate | null> {
  let chromium: typeof Sparticuz;
  try {
    chromium = (await import('@sparticuz/chromium')).default;
  } catch {
    return null; // An optional dependency: absent on platforms it does not ship for.
  }
  try {
    const executablePath = await chromium.executablePath();
    if (!executablePath || !existsSync(executablePath)) return null;
    const args = chromium.args.filter((flag) => !DROPPED_FLAGS.includes(flag) && !flag.startsWith('--headless'));
    return { executablePath, args };
  } catch {
    return null;
  }
}

/** The Chromium the browser tests drive: the one @sparticuz/chromium ships, else Debian's. */
export async function findChromium(): Promise<Candidate> {
  const sparticuz = await sparticuzCandidate();
  if (sparticuz) return sparticuz;
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: DEBIAN_FLAGS };
  throw new Error(
    'No Chromium for the browser tests: install the npm package @sparticuz/chromium (npm install) ' +
      `or Debian's chromium package (apt-get install chromium, which provides ${DEBIAN_CHROMIUM}).`,
  );
}

/**
 * The browser for the scraping services of tests: the one the app picks on a machine without a
 * Chrome, Edge or Chromium install (the headless shell of @sparticuz/chromium, with the app's
 * flags), else Debian's chromium as the page tests use it. Pinned, so that a browser installed
 * on a developer's machine does not change what the tests drive.
 */
export async function scrapingBrowser(): Promise<BrowserCandidate> {
  const installed = new Set(systemBrowserPaths(process.platform, process.env));
  try {
    return await resolveBrowser({ env: {}, exists: (path) => !installed.has(path) && existsSync(path) });
  } catch {
    const { executablePath } = await findChromium();
    return { executablePath, args: [], source: 'system', sandbox: false };
  }
}

/**
 * Launches a headless Chromium. Playwright gives every launch its own temporary profile
 * and every `newContext()` a fresh, empty storage, so tests never share state.
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return playwright.launch({ executablePath, args, headless: true, timeout: 30_000 });
}

/** Records a page's console errors and uncaught errors, so a test can assert there were none. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
}

/** A fresh context at the size the screenshots are judged at, with one watched page. */
export async function openAppPage(
  browser: Browser,
  problems: string[],
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  watchProblems(page, problems);
  return { context, page };
}
