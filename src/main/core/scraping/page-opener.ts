import { STATUS_CODES } from 'node:http';
import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Frame, Page } from 'playwright-core';
import { DirectPages } from './direct-page';
import { downloadSignal, DownloadWatch } from './downloads';
import { Deadline, HttpStatusError, WaitTimeoutError, within } from './support';

/**
 * Opens a task's first page at its URL in one step: `Target.createTarget` with the URL, in the
 * task's context, instead of Playwright's `newPage()` (which commits an `about:blank` document)
 * followed by `goto`. The new renderer then builds one document, one view and one set of script
 * contexts instead of two, which takes about a tenth off the CPU of a scrape (bench/README.md,
 * scrape). Playwright attaches to the new page as to any page of its contexts (it does the same
 * for popups), with the context's viewport, credentials and cookies, before the page loads.
 *
 * Playwright does not expose a context's CDP id; it is the one id that appears in
 * `Target.getBrowserContexts` across `newContext()`, so contexts are created one at a time per
 * browser. Whatever goes wrong here falls back to `newPage()` and `goto`.
 */
/** How long a context creation waits for the one before it; a hung one must not hold up the rest. */
const QUEUE_WAIT_MS = 10_000;
const ATTACH_TIMEOUT_MS = 5000;

export class PageOpener {
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Pages driven without Playwright, over the same session (direct-page.ts); null unless the
   * browser is Chromium's headless shell (`chrome-headless-shell`, the one @sparticuz/chromium
   * ships), the browser they are built and tested on. Chrome's own headless mode, which a Chrome
   * or Edge install runs, behaves differently where Playwright smooths it over: it keeps
   * JavaScript dialogs open until answered, its 1280×720 window has a shorter viewport, and it
   * turns an unanswered login challenge into a network error instead of the meter's 401 page.
   * Tasks there run through Playwright.
   */
  readonly direct: DirectPages | null;
  private readonly downloads: DownloadWatch;

  private constructor(
    private readonly session: CDPSession,
    headlessShell: boolean,
  ) {
    // Direct pages create their contexts in the same queue: a context created meanwhile would
    // leave two new ids, and the Playwright context's id untold.
    this.downloads = new DownloadWatch(session);
    this.direct = headlessShell ? new DirectPages(session, (create) => this.serialized(create), this.downloads) : null;
  }

  /** An opener for `browser`, or null where it cannot have one (then tasks use `newPage()`). */
  static async attach(browser: Browser): Promise<PageOpener | null> {
    try {
      const session = await within(browser.newBrowserCDPSession(), ATTACH_TIMEOUT_MS, 'no CDP session');
      const { product } = await within(session.send('Browser.getVersion'), ATTACH_TIMEOUT_MS, 'no browser version');
      return new PageOpener(session, product.startsWith('HeadlessChrome/'));
    } catch {
      return null;
    }
  }

  /** `browser.newContext(options)`, and its CDP id (null where it could not be told apart). */
  newContext(browser: Browser, options: BrowserContextOptions): Promise<{ context: BrowserContext; id: string | null }> {
    const create = async () => {
      const before = await this.contextIds();
      const context = await browser.newContext(options);
      const after = before ? await this.contextIds() : null;
      const fresh = after?.filter((id) => !before?.includes(id)) ?? [];
      const id = fresh.length === 1 ? (fresh[0] ?? null) : null;
      // The same behaviour as Playwright sets, with its events for this session too: a page
      // opened at a URL that serves a file has no document coming, and Playwright, which takes
      // the page over later, does not hear of that download.
      if (id !== null && options.acceptDownloads === false) {
        await this.session.send('Browser.setDownloadBehavior', { behavior: 'deny', browserContextId: id, eventsEnabled: true }).catch(() => undefined);
      }
      return { context, id };
    };
    return this.serialized(create);
  }

  /** Runs context creations one at a time in this browser. */
  private serialized<T>(create: () => Promise<T>): Promise<T> {
    const created = this.queue.then(create, create);
    // Should a creation hang, the next one goes ahead after a while; two ids appearing at once
    // then leave both contexts without one (their tasks use newPage()).
    this.queue = within(created, QUEUE_WAIT_MS, 'context creation hung').catch(() => undefined);
    return created;
  }

  /**
   * A new page of `context` (whose CDP id is `id`) that is already loading `url`; hand it to
   * `settleOpened` where the task navigates there, with `downloaded`, which rejects should the
   * URL serve a file instead.
   */
  async openPage(context: BrowserContext, id: string, url: string, timeoutMs: number): Promise<{ page: Page; downloaded: Promise<never> }> {
    const attached = context.waitForEvent('page', { timeout: timeoutMs });
    let targetId: string;
    try {
      ({ targetId } = await this.session.send('Target.createTarget', { url, browserContextId: id }));
    } catch (err) {
      attached.catch(() => undefined);
      throw err;
    }
    // Only the first load waits on it (settleOpened); later navigations are Playwright's.
    const { downloaded, refuse } = downloadSignal();
    context.once('close', this.downloads.watch(targetId, refuse));
    return { page: await attached, downloaded };
  }

  private async contextIds(): Promise<string[] | null> {
    try {
      return (await this.session.send('Target.getBrowserContexts')).browserContextIds;
    } catch {
      return null;
    }
  }
}

/** What the in-page functions below use of the page's globals. */
type InPage = { location: { href: string }; performance: { getEntriesByType(type: string): { responseStatus?: number }[] } };

/**
 * Finishes the navigation a page was opened with, as `goto` would have: waits for its document's
 * `load`, then refuses an HTTP error status. A page that did not get a response (connection
 * refused, bad certificate) is navigated again with `goto` (`fallback`), whose error names the
 * cause (`net::ERR_CONNECTION_REFUSED`). A timeout rejects with `timeoutMessage`.
 */
export async function settleOpened(
  page: Page,
  url: string,
  timeoutMs: number,
  timeoutMessage: string,
  fallback: (timeoutMs: number) => Promise<void>,
  /** Rejects should the URL serve a file instead (`openPage`'s `downloaded`). */
  downloaded?: Promise<never>,
): Promise<void> {
  const clock = new Deadline(timeoutMs);
  const unlessDownload = <T>(wait: Promise<T>): Promise<T> => (downloaded ? Promise.race([wait, downloaded]) : wait);
  // Playwright hands the page over once the URL's document has committed. Should a page still
  // show its initial empty document, the URL's document commits later: wait for it (the listener
  // goes first so that the commit cannot slip in before it). Either way, the check at the end
  // reads the document that loaded.
  if (page.url() === 'about:blank' || page.url() === '') {
    let onNavigated: (frame: Frame) => void = () => undefined;
    const committed = new Promise<void>((resolve) => {
      onNavigated = (frame) => {
        if (frame === page.mainFrame()) resolve();
      };
      page.on('framenavigated', onNavigated);
    });
    try {
      const shown = await page.evaluate(() => (globalThis as unknown as InPage).location.href).catch(() => null);
      if (shown === null || shown === 'about:blank') await within(unlessDownload(committed), clock.left(), timeoutMessage);
    } finally {
      page.off('framenavigated', onNavigated);
    }
  }
  try {
    await unlessDownload(page.waitForLoadState('load', { timeout: clock.left() }));
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new WaitTimeoutError(timeoutMessage);
    throw err;
  }
  // Navigation Timing's responseStatus (Chromium 109 and later): the HTTP status of the document.
  let read: readonly [string, number];
  try {
    read = await page.evaluate(() => {
      const { location, performance } = globalThis as unknown as InPage;
      return [location.href, performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0] as const;
    });
  } catch {
    // The document loaded and a script of it already navigated on (a start page that moves to the
    // status page): as after `goto`, the steps go on with wherever the page went.
    return;
  }
  const [href, status] = read;
  if (!/^https?:/.test(href) || !status) return fallback(clock.left());
  if (status >= 400) throw new HttpStatusError(status, STATUS_CODES[status] ?? '', href);
}
