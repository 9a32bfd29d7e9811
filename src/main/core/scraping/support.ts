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

/** A per-task clock: how long is left before the deadline, never below 1 ms. */
export class Deadline {
  readonly at: number;

  constructor(ms: number) {
    this.at = Date.now() + ms;
  }

  left(): number {
    return Math.max(1, this.at - Date.now());
  }

  /** The smaller of `ms` and what is left. */
  cap(ms: number): number {
    return Math.max(1, Math.min(ms, this.at - Date.now()));
  }
}
