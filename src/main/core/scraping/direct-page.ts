import { STATUS_CODES } from 'node:http';
import type { CDPSession } from 'playwright-core';
import { downloadSignal, DownloadWatch } from './downloads';
import { Deadline, DownloadError, HttpStatusError, sleep, WaitTimeoutError, within } from './support';

/**
 * A page driven over the DevTools protocol directly, for the tasks that only open pages and read
 * them (`goto`, `extract` and `wait` in the main frame, no form login, no session; basic auth is
 * answered): the scrapes a collector runs every few minutes against each meter.
 *
 * Playwright prepares every page of its contexts for everything it can do: about 20 commands at
 * attach (network, runtime and log domains, lifecycle events, a second script world, viewport and
 * media emulation, fonts), then an event for each request, frame and script context, parsed in
 * Node. A read-only scrape needs none of it. Measured per scrape on the 2-core build machine: about
 * a quarter less CPU in the browser and two thirds less in Node (bench/README.md, scrape).
 *
 * Its context is a browser context of its own, as fresh as Playwright's; Playwright, attached to
 * every target of the browser, lets go of pages of contexts it did not create. Everything else
 * (clicks, forms, form logins, sessions, frames, Playwright's own selectors) stays on Playwright.
 */

/** What the in-page functions use of the page's globals. */
type InPage = {
  location: { href: string };
  document: { readyState: string };
  performance: { timeOrigin: number; getEntriesByType(type: string): { responseStatus?: number }[] };
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
};

/** Where a document stands once loaded: its URL, HTTP status (0: none) and identity. */
type Loaded = readonly [href: string, status: number, timeOrigin: number];

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

/** A meter's basic-auth user, answered only to requests of `origin` (as Playwright's `httpCredentials`). */
export interface BasicCredentials {
  username: string;
  password: string;
  /** `https://pdu.example:8443`, as `new URL(url).origin` gives it. */
  origin: string;
}

/** What the browser tells of a request it paused or that met an auth challenge (Fetch domain). */
interface FetchEvent {
  requestId: string;
  request: { url: string };
  authChallenge?: { source?: 'Server' | 'Proxy' };
}

/** A protocol error of the page (the renderer's answer), e.g. a script context that went away. */
export class PageProtocolError extends Error {
  override name = 'PageProtocolError';
}

/** Raised by every pending and later command once the page is closed or its browser is gone. */
export class PageClosedError extends Error {
  override name = 'PageClosedError';
}

export interface DirectPageInit {
  browserContextId: string;
  targetId: string;
  sessionId: string;
  /** Closes the page's context; the page is unusable afterwards. */
  dispose: () => Promise<void>;
  /** The page's URL as the browser knows it (no round trip to the page). */
  targetUrl: () => Promise<string>;
  send: (message: string) => Promise<void>;
}

export class DirectPage {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closed: string | null = null;
  private loaded: Loaded | null = null;
  private disposing: Promise<void> | null = null;
  private credentials: BasicCredentials | null = null;
  /** Requests already given the credentials: a second challenge means they were refused. */
  private readonly challenged = new Set<string>();
  /** Rejects once a download begins in place of the document awaited (renewed per navigation). */
  private download = downloadSignal();
  /** The URL the page was last seen at. */
  url: string;

  constructor(
    private readonly init: DirectPageInit,
    url: string,
  ) {
    this.url = url;
  }

  get sessionId(): string {
    return this.init.sessionId;
  }

  /**
   * The browser began a download in the page: the document awaited is not coming. (A download
   * that the loaded page starts by script fails nothing: the next navigation waits afresh.)
   */
  downloadBegan(err: DownloadError): void {
    this.download.refuse(err);
  }

  get isClosed(): boolean {
    return this.closed !== null;
  }

  /** One command to the page; rejects with PageProtocolError for the page's own errors. */
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed !== null) return Promise.reject(new PageClosedError(this.closed));
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.init.send(JSON.stringify({ id, method, params })).catch((err: unknown) => {
        this.pending.delete(id);
        reject(new PageClosedError(`the browser did not take the command: ${(err as Error).message.split('\n')[0]}`));
      });
    });
  }

  /** A message from the page (an answer or an event), as the browser relays it. */
  receive(text: string): void {
    let message: { id?: number; result?: unknown; error?: { message?: string }; method?: string; params?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.method === 'Inspector.targetCrashed') return this.fail('the page crashed');
    if (message.method === 'Fetch.requestPaused') return this.letThrough(message.params as FetchEvent);
    if (message.method === 'Fetch.authRequired') return this.answerChallenge(message.params as FetchEvent);
    if (message.id === undefined) return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.error) waiting.reject(new PageProtocolError(message.error.message ?? 'protocol error'));
    else waiting.resolve(message.result);
  }

  /**
   * Answers the meter's basic-auth challenges with `credentials`; call it before the first
   * navigation. The browser raises challenges only for requests it pauses, so the requests to
   * the meter's origin pause (and go on at once) while every other origin's pass untouched and
   * never see the password. A request challenged again after getting the credentials was refused
   * them: the challenge is cancelled, and the page shows the meter's 401 as without a login.
   */
  async answerBasicAuth(credentials: BasicCredentials): Promise<void> {
    this.credentials = credentials;
    await this.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: `${credentials.origin}/*`, requestStage: 'Request' }] });
  }

  private letThrough(event: FetchEvent): void {
    this.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
  }

  private answerChallenge(event: FetchEvent): void {
    const { credentials } = this;
    let origin = '';
    try {
      origin = new URL(event.request.url).origin;
    } catch {
      // not a URL with an origin: no credentials
    }
    const answer =
      credentials && event.authChallenge?.source !== 'Proxy' && origin === credentials.origin && !this.challenged.has(event.requestId)
        ? { response: 'ProvideCredentials', username: credentials.username, password: credentials.password }
        : { response: 'CancelAuth' };
    if (answer.response === 'ProvideCredentials') this.challenged.add(event.requestId);
    this.send('Fetch.continueWithAuth', { requestId: event.requestId, authChallengeResponse: answer }).catch(() => undefined);
  }

  /** Rejects every pending command and every later one with `reason`. */
  fail(reason: string): void {
    if (this.closed !== null) return;
    this.closed = reason;
    for (const waiting of this.pending.values()) waiting.reject(new PageClosedError(reason));
    this.pending.clear();
  }

  /** Closes the page's context (idempotent); pending commands reject with `reason`. */
  async close(reason = 'the page was closed'): Promise<void> {
    this.fail(reason);
    this.disposing ??= this.init.dispose().catch(() => undefined);
    await this.disposing;
  }

  /**
   * Runs `fn(arg)` in the page's main world and returns its value (JSON-serialisable values only,
   * awaited if a promise). A script exception rejects with its description.
   */
  async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const answer = await this.send<{ result: { value?: unknown }; exceptionDetails?: { text?: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      // `__name`: what a bundler that keeps function names wraps named inner functions in.
      expression: `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`,
      returnByValue: true,
      awaitPromise: true,
    });
    if (answer.exceptionDetails) {
      const details = answer.exceptionDetails;
      throw new PageProtocolError(details.exception?.description?.split('\n')[0] ?? details.text ?? 'the page script failed');
    }
    return answer.result.value as R;
  }

  /**
   * Waits until the page shows a loaded document of its own (past `about:blank`, and another
   * than `notBefore`), then refuses an HTTP error as `goto` does. A document that did not get a
   * response (connection refused, bad certificate) is navigated to again for the browser's reason
   * (`net::ERR_CONNECTION_REFUSED at …`). Times out with `timeoutMessage`.
   */
  async settle(url: string, timeoutMs: number, timeoutMessage: string, notBefore: number | null = null): Promise<void> {
    const clock = new Deadline(timeoutMs);
    for (let retried = false; ; retried = true) {
      const loaded = await this.waitLoaded(clock, timeoutMessage, notBefore);
      const [href, status] = loaded;
      this.loaded = loaded;
      this.url = href;
      if (/^https?:/.test(href) && (status || retried)) {
        if (status >= 400) throw new HttpStatusError(status, STATUS_CODES[status] ?? '', href);
        return;
      }
      if (retried) throw new Error(`no page at ${url} (the browser shows ${href})`);
      // An error page (or a document without a status): navigating again gives the browser's
      // own reason, or the page.
      await this.startNavigation(url, clock, timeoutMessage);
      notBefore = loaded[2];
    }
  }

  /** `goto`: navigates the page to `url` and settles there. */
  async navigate(url: string, timeoutMs: number): Promise<void> {
    const clock = new Deadline(timeoutMs);
    const timeoutMessage = `Timeout ${timeoutMs}ms exceeded.`;
    const before = this.loaded?.[2] ?? null;
    // Within the document (a fragment): done at once, as goto is.
    if (!(await this.startNavigation(url, clock, timeoutMessage))) {
      this.url = url;
      return;
    }
    await this.settle(url, clock.left(), timeoutMessage, before);
  }

  /** Reads where the page is now (a script may have moved it on since it loaded) into `url`. */
  async refreshUrl(): Promise<string> {
    const url = this.closed === null ? await this.init.targetUrl().catch(() => '') : '';
    if (url && url !== 'about:blank') this.url = url;
    return this.url;
  }

  /** Chromium's "stop" button, for a capture of a page that is still loading. */
  async stopLoading(): Promise<void> {
    await this.send('Page.stopLoading').catch(() => undefined);
  }

  /** A full-page PNG, as wide as the page's content and at least the viewport. */
  async screenshot(timeoutMs: number): Promise<Buffer> {
    const shoot = async () => {
      // A page whose document never arrived has drawn nothing to capture: an empty page then, as
      // Playwright's page shows before its first navigation.
      const shown = await this.evaluate(() => (globalThis as unknown as InPage).location.href, null).catch(() => 'about:blank');
      if (shown === 'about:blank') await this.send('Page.navigate', { url: 'about:blank' });
      const metrics = await this.send<{ cssContentSize: { width: number; height: number } }>('Page.getLayoutMetrics');
      const { width, height } = metrics.cssContentSize;
      const clip = { x: 0, y: 0, width: Math.max(1, Math.ceil(width)), height: Math.max(1, Math.ceil(height)), scale: 1 };
      const shot = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip });
      return Buffer.from(shot.data, 'base64');
    };
    return within(shoot(), timeoutMs, `Timeout ${timeoutMs}ms exceeded.`);
  }

  /** The document's HTML with its doctype, as `page.content()` gives it. */
  content(): Promise<string> {
    return this.evaluate(() => {
      const page = globalThis as unknown as {
        document: { doctype: unknown; documentElement: { outerHTML: string } | null };
        XMLSerializer: new () => { serializeToString(node: unknown): string };
      };
      const doctype = page.document.doctype ? new page.XMLSerializer().serializeToString(page.document.doctype) : '';
      return doctype + (page.document.documentElement?.outerHTML ?? '');
    }, null);
  }

  /**
   * Starts a navigation; throws the browser's reason when it fails at once (`net::… at url`).
   * False when it stayed within the document (a fragment): no new document will load.
   */
  private async startNavigation(url: string, clock: Deadline, timeoutMessage: string): Promise<boolean> {
    this.download = downloadSignal();
    const answer = await within(this.send<{ loaderId?: string; errorText?: string; isDownload?: boolean }>('Page.navigate', { url }), clock.left(), timeoutMessage);
    if (answer.isDownload) throw new DownloadError(url);
    if (answer.errorText) throw new Error(`${answer.errorText} at ${url}`);
    return Boolean(answer.loaderId);
  }

  /**
   * Waits for a document other than the initial one (and `notBefore`) to fire `load`. Asked in a
   * document that is not the one awaited, the page waits a while in place: the awaited one's
   * commit ends that wait at once (its script context goes away), and the next ask lands there.
   */
  private async waitLoaded(clock: Deadline, timeoutMessage: string, notBefore: number | null): Promise<Loaded> {
    for (;;) {
      let loaded: Loaded | null = null;
      try {
        const asked = this.evaluate((stale) => {
          const page = globalThis as unknown as InPage & { setTimeout(fn: () => void, ms: number): void };
          const state = (): Loaded => [page.location.href, page.performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0, page.performance.timeOrigin];
          if (page.location.href === 'about:blank' || page.performance.timeOrigin === stale) return new Promise<void>((resolve) => page.setTimeout(resolve, 1000)).then(state);
          return new Promise<void>((resolve) => {
            if (page.document.readyState === 'complete') resolve();
            else page.addEventListener('load', () => resolve(), { once: true });
          }).then(state);
        }, notBefore);
        // A download never becomes a document: no need to wait for one.
        loaded = await within(Promise.race([asked, this.download.downloaded]), clock.left(), timeoutMessage);
      } catch (err) {
        // The document went away while waiting (the next one committed): ask the next one.
        if (err instanceof WaitTimeoutError || err instanceof PageClosedError || err instanceof DownloadError) throw err;
      }
      if (loaded && loaded[0] !== 'about:blank' && loaded[2] !== notBefore) return loaded;
      if (clock.left() <= 1) throw new WaitTimeoutError(timeoutMessage);
      if (!loaded) await sleep(Math.min(10, clock.left()));
    }
  }
}

/**
 * Opens direct pages in one browser, through Playwright's browser-level CDP session: each page's
 * messages travel wrapped (`Target.sendMessageToTarget`), since the session's connection belongs
 * to Playwright.
 */
export class DirectPages {
  private readonly pages = new Map<string, DirectPage>();
  private certificatesIgnored = false;

  constructor(
    private readonly session: CDPSession,
    /** Runs a context creation in turn with the browser's others (PageOpener's queue). */
    private readonly serialized: <T>(create: () => Promise<T>) => Promise<T> = (create) => create(),
    private readonly downloads = new DownloadWatch(session),
  ) {
    session.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId) this.pages.get(event.sessionId)?.receive(event.message);
    });
    session.on('Target.detachedFromTarget', (event) => {
      const page = event.sessionId ? this.pages.get(event.sessionId) : undefined;
      page?.fail('the page closed');
    });
  }

  /**
   * A page in a fresh browser context, already loading `url` in a `width`×`height` window; hand
   * it to `settle`. `ignoreHttpsErrors` applies browser-wide (as the service's setting does).
   * With `credentials` the page opens blank, is set to answer the meter's basic-auth challenge,
   * and then goes to `url`.
   */
  async open(url: string, viewport: { width: number; height: number }, ignoreHttpsErrors: boolean, credentials: BasicCredentials | null = null): Promise<DirectPage> {
    if (ignoreHttpsErrors && !this.certificatesIgnored) {
      await this.session.send('Security.setIgnoreCertificateErrors', { ignore: true });
      this.certificatesIgnored = true;
    }
    const { browserContextId } = await this.serialized(() => this.session.send('Target.createBrowserContext', { disposeOnDetach: true }));
    const dispose = () => this.session.send('Target.disposeBrowserContext', { browserContextId }).then(() => undefined);
    try {
      // As Playwright's contexts with `acceptDownloads: false`: a URL that serves a file saves
      // nothing, and the page hears of it (a download never becomes a document to wait for).
      await this.session.send('Browser.setDownloadBehavior', { behavior: 'deny', browserContextId, eventsEnabled: true });
      const { targetId } = await this.session.send('Target.createTarget', { url: credentials ? 'about:blank' : url, browserContextId, ...viewport });
      const { sessionId } = await this.session.send('Target.attachToTarget', { targetId, flatten: false });
      let release = () => {};
      const page = new DirectPage(
        {
          browserContextId,
          targetId,
          sessionId,
          dispose: async () => {
            this.pages.delete(sessionId);
            release();
            await dispose();
          },
          send: (message) => this.session.send('Target.sendMessageToTarget', { sessionId, message }).then(() => undefined),
          targetUrl: () => this.session.send('Target.getTargetInfo', { targetId }).then(({ targetInfo }) => targetInfo.url),
        },
        url,
      );
      this.pages.set(sessionId, page);
      release = this.downloads.watch(targetId, (err) => page.downloadBegan(err));
      if (credentials) {
        try {
          await page.answerBasicAuth(credentials);
        } catch (err) {
          await page.close();
          throw err;
        }
        // `settle` waits for the document and, should the navigation fail, asks again for the reason.
        page.send('Page.navigate', { url }).catch(() => undefined);
      }
      return page;
    } catch (err) {
      await dispose().catch(() => undefined);
      throw err;
    }
  }
}
