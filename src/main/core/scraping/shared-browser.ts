import type { Browser } from 'playwright-core';
import type { BrowserCandidate } from './browser-discovery';
import { PageOpener } from './page-opener';

export type LogFn = (level: 'info' | 'warn', message: string, details?: unknown) => void;

export interface SharedBrowserOptions {
  /** Finds the executable; called for every launch, so a changed setting applies to the next one. */
  resolve: () => Promise<BrowserCandidate>;
  /** Close the browser after this long without a task. */
  idleMs: number;
  launchTimeoutMs: number;
  log?: LogFn;
  /** Replaces Playwright's launch, for tests. */
  launch?: (candidate: BrowserCandidate, timeoutMs: number) => Promise<Browser>;
}

export interface BrowserLease {
  readonly browser: Browser;
  /** Opens a context's first page at its URL; null where this browser has none (use `newPage()`). */
  readonly opener: PageOpener | null;
  /** True once this browser has disconnected (crashed, killed or closed). */
  readonly lost: boolean;
  /** Calls `listener` once if this browser disconnects while the lease is held; returns the remover. */
  onLost(listener: () => void): () => void;
  release(): void;
}

/**
 * Flags of the shared browser, after the candidate's own. The network service runs inside the
 * browser process (as Chromium does on low-memory devices) instead of a process of its own,
 * which saves about 60 MB of resident memory per browser: the browser only loads the meter pages
 * the user configured. Chromium honours the last `--enable-features`, so this one repeats the
 * features Playwright enables by default. Windows open at the viewport the tasks use (Playwright's
 * contexts set theirs; direct pages, direct-page.ts, take the window's).
 */
export const SHARED_BROWSER_FLAGS = ['--enable-features=CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies,NetworkServiceInProcess2', '--window-size=1280,720'];

async function playwrightLaunch(candidate: BrowserCandidate, timeoutMs: number): Promise<Browser> {
  // Loaded on the first launch: playwright-core takes hundreds of milliseconds to import, and
  // most starts of the app (and every CLI command) never scrape.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: candidate.executablePath,
    args: [...candidate.args, ...SHARED_BROWSER_FLAGS],
    headless: true,
    chromiumSandbox: candidate.sandbox,
    timeout: timeoutMs,
  });
}

/**
 * One browser for every task: launched on the first lease, closed after `idleMs` without one,
 * relaunched on the next lease after it closed or died. Tasks isolate themselves with contexts.
 */
export class SharedBrowser {
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private readonly lostBrowsers = new WeakSet<Browser>();
  private readonly pids = new WeakMap<Browser, Promise<number | null>>();
  private readonly openers = new WeakMap<Browser, PageOpener>();
  private readonly lostListeners = new WeakMap<Browser, Set<() => void>>();
  private users = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private launchCount = 0;
  private candidate: BrowserCandidate | null = null;
  private disposed = false;

  constructor(private readonly options: SharedBrowserOptions) {}

  get running(): boolean {
    return this.browser !== null;
  }

  get launches(): number {
    return this.launchCount;
  }

  /** The executable of the last launch. */
  get lastCandidate(): BrowserCandidate | null {
    return this.candidate;
  }

  async acquire(): Promise<BrowserLease> {
    if (this.disposed) throw new Error('the browser was shut down');
    this.users++;
    this.clearIdle();
    let browser: Browser;
    try {
      browser = this.browser ?? (await (this.launching ??= this.launch()));
    } catch (err) {
      this.release();
      throw err;
    }
    let released = false;
    const lost = this.lostBrowsers;
    const listeners = this.lostListeners.get(browser) ?? new Set<() => void>();
    this.lostListeners.set(browser, listeners);
    const mine = new Set<() => void>();
    return {
      browser,
      opener: this.openers.get(browser) ?? null,
      get lost() {
        return lost.has(browser);
      },
      onLost: (listener) => {
        mine.add(listener);
        listeners.add(listener);
        return () => {
          mine.delete(listener);
          listeners.delete(listener);
        };
      },
      release: () => {
        if (released) return;
        released = true;
        for (const listener of mine) listeners.delete(listener);
        this.release();
      },
    };
  }

  /** The operating-system process id of the running browser (for diagnostics and tests). */
  async pid(): Promise<number | null> {
    const browser = this.browser;
    if (!browser) return null;
    let pid = this.pids.get(browser);
    if (!pid) {
      pid = (async () => {
        const session = await browser.newBrowserCDPSession();
        try {
          const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
          return info.processInfo.find((p) => p.type === 'browser')?.id ?? null;
        } finally {
          await session.detach().catch(() => undefined);
        }
      })().catch(() => null);
      this.pids.set(browser, pid);
    }
    return pid;
  }

  /** Closes the browser for good: no lease launches another. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.close();
  }

  /** Closes the browser now; the next lease launches a new one. */
  async close(): Promise<void> {
    this.clearIdle();
    const launching = this.launching;
    const browser = this.browser ?? (launching ? await launching.catch(() => null) : null);
    this.browser = null;
    if (browser) await browser.close().catch(() => undefined);
  }

  private release(): void {
    this.users--;
    if (this.users === 0 && this.browser) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.users > 0 || !this.browser) return;
        this.options.log?.('info', `closing the idle browser after ${this.options.idleMs} ms`);
        void this.close();
      }, this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async launch(): Promise<Browser> {
    try {
      const candidate = await this.options.resolve();
      const launch = this.options.launch ?? playwrightLaunch;
      let browser: Browser;
      try {
        browser = await launch(candidate, this.options.launchTimeoutMs);
      } catch (err) {
        // Some Linux desktops forbid the user namespaces Chromium's sandbox needs.
        if (!candidate.sandbox || process.platform !== 'linux') throw err;
        this.options.log?.('warn', 'the browser did not start with its sandbox; starting it without', { error: (err as Error).message });
        browser = await launch({ ...candidate, sandbox: false }, this.options.launchTimeoutMs);
      }
      this.candidate = candidate;
      this.launchCount++;
      browser.on('disconnected', () => {
        this.lostBrowsers.add(browser);
        if (this.browser === browser) this.browser = null;
        const listeners = [...(this.lostListeners.get(browser) ?? [])];
        this.lostListeners.delete(browser);
        for (const listener of listeners) listener();
      });
      const opener = await PageOpener.attach(browser);
      if (opener) this.openers.set(browser, opener);
      if (this.lostBrowsers.has(browser)) throw new Error('the browser closed right after it started');
      this.browser = browser;
      this.options.log?.('info', `browser started: ${candidate.executablePath} (${candidate.source})`, { version: browser.version() });
      return browser;
    } finally {
      this.launching = null;
    }
  }
}
