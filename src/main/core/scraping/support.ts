/** Small helpers shared by the steps engine, the login and the task run. */

/** Raised inside a task once it has been stopped (timeout, cancel, browser lost). */
export class TaskStoppedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TaskStoppedError';
  }
}

/** Resolves after `ms`, or rejects with TaskStoppedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TaskStoppedError(String(signal.reason ?? 'stopped')));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TaskStoppedError(String(signal?.reason ?? 'stopped')));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Playwright's messages carry a call log over many lines and the API name in front
 * (`locator.click: Timeout 500ms exceeded.`); a run record wants the first line's substance.
 */
export function shortError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n').find((line) => line.trim() !== '') ?? message;
  return first.replace(/^(locator|page|frame|elementHandle|browserContext|browser|keyboard)\.\w+: /, '').trim();
}

/** What `within` rejects with when its time is up. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** A URL that serves a file to download instead of a page (a meter's CSV export, say). */
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(url: string, filename = '') {
    super(`${url} serves a file to download${filename ? ` (${filename})` : ''}, not a page to read: give the address of the meter's web page`);
  }
}

/** `promise`, or a WaitTimeoutError with `message` once `ms` have passed. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The error for a page that answered with an HTTP error status: it must not be scraped as the
 * meter. `url` is the page that answered (after redirects), which a redirect to another origin
 * may have moved away from the meter's.
 */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly status: number,
    statusText: string,
    readonly url: string,
  ) {
    const hint = status === 401 ? ' (wrong or missing username and password)' : '';
    super(`HTTP ${status} ${statusText}`.trim() + ` from ${url}${hint}`);
  }
}

/**
 * How far past the task's deadline a wait capped by it may run. The task's own timer fires at the
 * deadline, stops the run and names the cause ("timed out after 1500 ms"); a step that timed out
 * at the same moment would otherwise race it and leave Playwright's "Timeout 1323ms exceeded." in
 * the step's report.
 */
export const DEADLINE_GRACE_MS = 250;

/** A per-task clock: how long is left before the deadline, never below 1 ms. */
export class Deadline {
  readonly at: number;

  constructor(ms: number) {
    this.at = Date.now() + ms;
  }

  left(): number {
    return Math.max(1, this.at - Date.now());
  }

  /**
   * A timeout for one wait of the task: `ms` while the deadline is further away, else what is left
   * plus DEADLINE_GRACE_MS, so that the task's timeout, not the wait's, ends it.
   */
  cap(ms: number): number {
    const left = this.at - Date.now();
    return ms < left ? Math.max(1, ms) : Math.max(1, left) + DEADLINE_GRACE_MS;
  }
}
