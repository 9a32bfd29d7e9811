import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { writeFailureArtifacts, writeScreenshot } from './artifacts';
import { DirectPage, type DirectPages } from './direct-page';
import { loginFormShown, submitLogin, type FormAuth } from './form-login';
import { settleOpened, type PageOpener } from './page-opener';
import { decodeState } from './session-store';
import type { BrowserLease } from './shared-browser';
import { describeStep, directSteps, navigate, runStep, type StepEnv } from './steps';
import { Deadline, HttpStatusError, shortError, TaskStoppedError, WaitTimeoutError, within } from './support';
import type { RunOptions, ScrapeResult, ScrapeStep, ScrapeTask, SessionStore, StepReport } from './types';

export interface TaskRunConfig {
  stepTimeoutMs: number;
  navigationTimeoutMs: number;
  ignoreHttpsErrors: boolean;
  log: (level: 'info' | 'warn', message: string, details?: unknown) => void;
}

const ARTIFACT_TIMEOUT_MS = 10_000;

/** Playwright's default viewport: a laptop screen; failure screenshots capture the full page anyway. */
const VIEWPORT = { width: 1280, height: 720 };

/** Chromium's own "stop" button: a script cannot run while a navigation is pending, CDP can. */
async function stopLoading(page: Page): Promise<void> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.stopLoading');
    await cdp.detach();
  } catch {
    // Best effort: the capture then waits for the page instead.
  }
}

export function browserLostMessage(stepIndex: number): string {
  const where = stepIndex >= 0 ? ` during step ${stepIndex}` : '';
  return `the browser closed unexpectedly (crashed or killed)${where}; the next task starts a new one`;
}

/** Marks an error that a step report already names, so the task's error is not prefixed twice. */
class StepFailure extends Error {}

/**
 * One task on one fresh browser context: auth, steps, session save, artifacts. `stop(reason)`
 * closes the context at once; every pending Playwright call then fails and the run ends.
 */
export class TaskRun {
  readonly result: ScrapeResult;
  private context: BrowserContext | null = null;
  private page: Page | null = null;
  private readonly stopper = new AbortController();
  private stopReason: string | null = null;
  private lastUrl: string;
  /**
   * A page opened at the task's first URL, still on its way (Playwright hands it over once its
   * document commits), until the task's first navigation takes it over.
   */
  private opening: { url: string; opened: ReturnType<PageOpener['openPage']> } | null = null;
  /** The task's page when it runs without Playwright (direct-page.ts), and the URL it opened at. */
  private direct: DirectPage | null = null;
  private directOpening: string | null = null;
  private loginDone = false;
  private restored = false;
  private failedAt = -1;
  private current: (Pick<StepReport, 'index' | 'type'> & { started: number }) | null = null;

  constructor(
    private readonly task: ScrapeTask,
    private readonly options: RunOptions & { sessions?: SessionStore },
    private readonly config: TaskRunConfig,
    private readonly deadline: Deadline,
  ) {
    this.lastUrl = task.url;
    this.result = { ok: false, values: {}, steps: [], loggedIn: false, sessionReused: false, artifacts: [], durationMs: 0, queuedMs: 0, finalUrl: task.url };
  }

  get stopped(): string | null {
    return this.stopReason;
  }

  /** Ends the task now: the context closes, the result says `reason`. First reason wins. */
  stop(reason: string): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    const current = this.current;
    if (current) this.pushReport({ ...current, ok: false, ms: Date.now() - current.started, error: reason });
    this.current = null;
    this.stopper.abort(reason);
    void this.context?.close().catch(() => undefined);
    void this.direct?.close(reason);
  }

  /** The task's work; rejects only with TaskStoppedError, records everything else in `result`. */
  async execute(lease: BrowserLease): Promise<void> {
    try {
      await this.open(lease);
      await this.runSteps();
      this.result.ok = true;
      await this.captureSuccess();
    } catch (err) {
      if (this.stopReason !== null) throw new TaskStoppedError(this.stopReason);
      if (lease.lost) {
        this.result.error = `${browserLostMessage(this.failedAt)} (${shortError(err)})`;
      } else {
        this.result.error = err instanceof StepFailure ? err.message : `could not open a browser page: ${shortError(err)}`;
        await this.captureFailure();
      }
    }
    if (this.direct) await within(this.direct.refreshUrl(), 1000, 'no URL').catch(() => undefined);
    this.result.sessionReused = this.restored && !this.loginDone;
    this.result.loggedIn = this.loginDone;
    this.result.finalUrl = this.currentUrl();
    await this.saveSession();
  }

  /** How the task's page was opened: over the DevTools protocol directly, or through Playwright. */
  get engine(): 'direct' | 'playwright' | null {
    return this.direct ? 'direct' : this.context ? 'playwright' : null;
  }

  /** Where the task is, for a stop reason: `during step 2`. */
  get where(): number {
    return this.current?.index ?? this.failedAt;
  }

  /** Closes the context (idempotent); waits at most a few seconds for a hung browser. */
  async close(): Promise<void> {
    const closing = this.direct?.close() ?? this.context?.close().catch(() => undefined);
    if (!closing) return;
    this.result.finalUrl = this.currentUrl();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  private currentUrl(): string {
    if (this.direct) return (this.lastUrl = this.direct.url);
    try {
      // A page whose first document never came (its URL was a download or did not answer) has
      // no URL of its own, or the blank page a capture showed instead.
      const url = this.page && !this.page.isClosed() ? this.page.url() : '';
      if (URL.canParse(url) && url !== 'about:blank') this.lastUrl = url;
    } catch {
      // keep the last known one
    }
    return this.lastUrl;
  }

  private get sessions(): SessionStore | undefined {
    return this.task.sessionKey ? this.options.sessions : undefined;
  }

  /**
   * A task that only opens pages and reads them (no form login, no session, no clicks or frames;
   * basic auth is fine) runs on a direct page: the same reads for a fraction of the work
   * (direct-page.ts).
   */
  private get readOnly(): boolean {
    const { task } = this;
    return !task.sessionKey && (!task.auth || task.auth.type === 'none' || task.auth.type === 'basic') && directSteps(task.steps ?? []);
  }

  /** The task's direct page, or null where it needs Playwright after all (or could not have one). */
  private async openDirect(direct: DirectPages, url: string): Promise<DirectPage | null> {
    const auth = this.task.auth;
    // As on Playwright's contexts: basic credentials go only to the meter's own origin.
    const credentials = auth?.type === 'basic' ? { username: auth.username, password: auth.password, origin: new URL(this.task.url).origin } : null;
    let page: DirectPage;
    try {
      page = await direct.open(url, VIEWPORT, this.config.ignoreHttpsErrors, credentials);
    } catch (err) {
      if (this.stopReason !== null) throw new TaskStoppedError(this.stopReason);
      this.config.log('warn', `could not open ${url} without Playwright, opening it with Playwright: ${shortError(err)}`);
      return null;
    }
    this.direct = page;
    if (this.stopReason !== null) {
      await page.close();
      throw new TaskStoppedError(this.stopReason);
    }
    return page;
  }

  private async open(lease: BrowserLease): Promise<void> {
    const { task } = this;
    const { opener } = lease;
    const first = this.firstUrl();
    if (opener?.direct && first !== null && this.readOnly && (await this.openDirect(opener.direct, first))) {
      this.directOpening = first;
      return;
    }
    let storageState: ReturnType<typeof decodeState>['state'] = null;
    if (this.sessions && task.sessionKey) {
      // A session that cannot be read (e.g. encrypted with a lost key) only costs a login.
      const raw = await this.sessions.get(task.sessionKey).catch((err: unknown) => {
        this.config.log('warn', `ignoring the stored session "${task.sessionKey}": ${shortError(err)}`);
        return null;
      });
      const decoded = decodeState(raw);
      if (decoded.problem) this.config.log('warn', `ignoring the stored session "${task.sessionKey}": ${decoded.problem}`);
      storageState = decoded.state;
    }
    const auth = task.auth;
    const options: BrowserContextOptions = {
      storageState: storageState ?? undefined,
      // Basic credentials go only to the meter's own origin, never into the URL.
      httpCredentials: auth?.type === 'basic' ? { username: auth.username, password: auth.password, origin: new URL(task.url).origin } : undefined,
      ignoreHTTPSErrors: this.config.ignoreHttpsErrors,
      serviceWorkers: 'block',
      acceptDownloads: false,
      viewport: VIEWPORT,
    };
    const { context, id } = opener ? await opener.newContext(lease.browser, options) : { context: await lease.browser.newContext(options), id: null };
    this.context = context;
    if (this.stopReason !== null) {
      await context.close().catch(() => undefined);
      throw new TaskStoppedError(this.stopReason);
    }
    this.restored = storageState !== null;
    context.setDefaultTimeout(this.config.stepTimeoutMs);
    context.setDefaultNavigationTimeout(this.navigationMs);
    if (opener && id !== null && first !== null) {
      const opened = opener.openPage(context, id, first, this.deadline.left());
      opened.catch(() => undefined); // the first navigation reports it
      this.opening = { url: first, opened };
    } else {
      this.page = await context.newPage();
    }
  }

  /** Where the task navigates first (the login page, its first `goto` or its URL), if it is http(s). */
  private firstUrl(): string | null {
    const { task } = this;
    const first = task.steps?.[0];
    let url: URL;
    try {
      if (task.auth?.type === 'form' && task.auth.loginUrl && !this.restored) url = new URL(task.auth.loginUrl, task.url);
      else if (first?.type === 'goto' && !first.frame) url = new URL(first.url, task.url);
      else if (first?.type !== 'goto') url = new URL(task.url);
      else return null;
    } catch {
      return null;
    }
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  }

  /**
   * Navigates the main frame. The first navigation of a page opened at its URL takes the page
   * over and finishes that load instead of starting another, within the same timeout.
   */
  private async go(url: string, timeoutMs: number): Promise<void> {
    if (this.direct) {
      const opened = this.directOpening;
      this.directOpening = null;
      if (opened === url) return this.direct.settle(url, timeoutMs, `Timeout ${timeoutMs}ms exceeded.`);
      return this.direct.navigate(url, timeoutMs);
    }
    const opening = this.opening;
    this.opening = null;
    if (!opening) return navigate(this.currentPage(), url, timeoutMs);
    const clock = new Deadline(timeoutMs);
    const timeoutMessage = `Timeout ${timeoutMs}ms exceeded.`;
    let page: Page;
    let downloaded: Promise<never>;
    try {
      ({ page, downloaded } = await within(opening.opened, timeoutMs, timeoutMessage));
    } catch (err) {
      // Not opened at its URL (the target could not be created): the usual way, unless the time
      // is up or the task is stopping.
      if (err instanceof WaitTimeoutError || this.stopReason !== null || !this.context) throw err;
      this.config.log('warn', `could not open the page at ${url} directly, opening it the usual way: ${shortError(err)}`);
      page = await this.context.newPage();
      this.page = page;
      return navigate(page, url, clock.left());
    }
    this.page = page;
    if (opening.url !== url) return navigate(page, url, clock.left());
    return settleOpened(page, url, clock.left(), timeoutMessage, (left) => navigate(page, url, left), downloaded);
  }

  private currentPage(): Page {
    if (!this.page) throw new Error('no page');
    return this.page;
  }

  private get navigationMs(): number {
    return this.task.navigationTimeoutMs ?? this.config.navigationTimeoutMs;
  }

  /** The steps' view of the task; `page` is there from the first navigation on. */
  private stepEnv(): StepEnv {
    const currentPage = () => this.currentPage();
    return {
      get page() {
        return currentPage();
      },
      ...(this.direct ? { direct: this.direct } : {}),
      baseUrl: this.task.url,
      deadline: this.deadline,
      stepTimeoutMs: this.config.stepTimeoutMs,
      navigationTimeoutMs: this.navigationMs,
      signal: this.stopper.signal,
      values: this.result.values,
      navigate: (url, timeoutMs) => this.go(url, timeoutMs),
      afterGoto: (url) => this.loginIfAsked(url),
    };
  }

  private async runSteps(): Promise<void> {
    const env = this.stepEnv();
    const auth = this.task.auth;
    const steps: ScrapeStep[] = this.task.steps ?? [];
    if (auth?.type === 'form' && auth.loginUrl && !this.restored) {
      const loginUrl = new URL(auth.loginUrl, this.task.url).href;
      await this.track({ index: -1, type: 'login' }, async () => {
        await this.go(loginUrl, this.deadline.cap(this.navigationMs));
        await this.login(auth);
      });
    }
    if (steps[0]?.type !== 'goto') {
      await this.track({ index: -1, type: 'goto' }, () => runStep({ type: 'goto', url: this.task.url }, env), `opening ${this.task.url}`);
    }
    for (const [index, step] of steps.entries()) {
      await this.track({ index, type: step.type }, () => runStep(step, env, steps.slice(index + 1)), describeStep(step, index));
    }
  }

  /** After a navigation: a login form means no session (or an expired one), so log in and go back. */
  private async loginIfAsked(url: string): Promise<void> {
    const auth = this.task.auth;
    const page = this.page;
    if (auth?.type !== 'form' || !page || !(await loginFormShown(page, auth))) return;
    if (this.loginDone) throw new Error('login failed: the login form came back after logging in');
    await this.login(auth);
    if (page.url() !== url) await this.go(url, this.deadline.cap(this.navigationMs));
    if (await loginFormShown(page, auth)) throw new Error('login failed: the login form came back after logging in');
  }

  private async login(auth: FormAuth): Promise<void> {
    const page = this.page;
    if (!page) return;
    const started = Date.now();
    try {
      await submitLogin(auth, { page, deadline: this.deadline, stepTimeoutMs: this.config.stepTimeoutMs, navigationTimeoutMs: this.navigationMs, signal: this.stopper.signal });
    } catch (err) {
      // A stored session that led here is worthless now.
      if (this.sessions && this.task.sessionKey) await this.sessions.delete(this.task.sessionKey).catch(() => undefined);
      this.report({ index: -1, type: 'login', ok: false, ms: Date.now() - started, error: shortError(err) });
      throw err;
    }
    this.loginDone = true;
    this.report({ index: -1, type: 'login', ok: true, ms: Date.now() - started });
  }

  /** Runs a piece of work as a reported step; failures become StepFailure naming the step. */
  private async track(base: Pick<StepReport, 'index' | 'type'>, work: () => Promise<void>, label?: string): Promise<void> {
    const started = Date.now();
    const reported = base.type !== 'login'; // a login reports itself
    if (reported) this.current = { ...base, started };
    try {
      await work();
    } catch (err) {
      if (this.stopReason !== null || err instanceof TaskStoppedError) throw err;
      this.current = null;
      const error = shortError(this.explain(err));
      if (reported) this.report({ ...base, ok: false, ms: Date.now() - started, error });
      this.failedAt = base.index;
      throw new StepFailure(label && !error.startsWith('login failed') ? `${label}: ${error}` : error);
    }
    this.current = null;
    if (reported) this.report({ ...base, ok: true, ms: Date.now() - started });
  }

  /**
   * A 401 from another origin than the task URL's, with basic auth: the login was withheld there
   * (it goes to the task URL's origin only), not wrong. A meter whose `http://` address moves on
   * to `https://` is the usual case.
   */
  private explain(err: unknown): unknown {
    if (!(err instanceof HttpStatusError) || err.status !== 401 || this.task.auth?.type !== 'basic') return err;
    const own = new URL(this.task.url).origin;
    const there = URL.canParse(err.url) ? new URL(err.url).origin : own;
    if (there === own) return err;
    return new Error(`HTTP 401 Unauthorized from ${err.url} (the basic-auth login goes only to ${own}, the task URL's origin; to log in at ${there}, use an address there as the task URL)`);
  }

  private report(report: StepReport): void {
    if (this.stopReason === null) this.pushReport(report);
  }

  private pushReport(report: StepReport): void {
    this.result.steps.push(report);
    try {
      this.options.onStep?.(report);
    } catch {
      // A progress listener must not break the scrape.
    }
  }

  /** The task's page, direct or Playwright's, while it is open. */
  private openPage(): Page | DirectPage | null {
    if (this.direct) return this.direct.isClosed ? null : this.direct;
    return this.page && !this.page.isClosed() ? this.page : null;
  }

  private async captureFailure(): Promise<void> {
    const dir = this.options.artifactsDir;
    if (!dir || this.stopReason !== null) return;
    // A first page that never arrived (its meter did not answer in time): the failure still leaves
    // what the browser shows, an empty page, as one opened before navigating would.
    if (!this.page && !this.direct && this.context) {
      this.page = await within(this.context.newPage(), ARTIFACT_TIMEOUT_MS, 'no page').catch(() => null);
    }
    const page = this.openPage();
    if (!page || this.stopReason !== null) return;
    // A page whose first document never came (its URL was a download) has drawn nothing, and a
    // screenshot would wait for a frame: the empty page then, as a page opened blank shows.
    if (!(page instanceof DirectPage) && !URL.canParse(page.url())) await page.goto('about:blank', { timeout: 1000 }).catch(() => undefined);
    // A navigation that timed out is still loading; stop it, or the capture would wait for it.
    const stopping = page instanceof DirectPage ? page.stopLoading() : stopLoading(page);
    await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    const label = this.failedAt >= 0 ? this.failedAt : this.result.steps.some((s) => s.type === 'login' && !s.ok) ? 'login' : 'open';
    const { artifacts, problems } = await writeFailureArtifacts(page, dir, label, {
      screenshot: this.task.screenshotOnError !== false,
      timeoutMs: this.deadline.cap(ARTIFACT_TIMEOUT_MS),
    });
    if (this.stopReason !== null) return;
    this.result.artifacts.push(...artifacts);
    if (problems.length) this.config.log('warn', `failure artifacts incomplete: ${problems.join('; ')}`);
  }

  private async captureSuccess(): Promise<void> {
    const dir = this.options.artifactsDir;
    const page = this.openPage();
    if (!this.task.screenshotOnSuccess || !dir || !page || this.stopReason !== null) return;
    const shot = await writeScreenshot(page, dir, 'success', this.deadline.cap(ARTIFACT_TIMEOUT_MS));
    if (this.stopReason !== null) return;
    if (typeof shot === 'string') this.config.log('warn', shot);
    else this.result.artifacts.push(shot);
  }

  /** Keeps the session after a success, or after a fresh login even if a later step failed. */
  private async saveSession(): Promise<void> {
    const store = this.sessions;
    const key = this.task.sessionKey;
    const context = this.context;
    if (!store || !key || !context || this.stopReason !== null) return;
    if (!this.result.ok && !this.loginDone) return;
    try {
      const state = await context.storageState();
      if (this.stopReason === null) await store.set(key, JSON.stringify(state));
    } catch (err) {
      this.config.log('warn', `could not save the session "${key}": ${shortError(err)}`);
    }
  }
}
