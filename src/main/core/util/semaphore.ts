/** Raised when a wait for a slot is given up through its AbortSignal. */
export class AbortedWaitError extends Error {
  constructor() {
    super('cancelled while waiting for a browser slot');
    this.name = 'AbortedWaitError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  fail: (err: Error) => void;
}

/**
 * A counting semaphore with a FIFO queue. `acquire` resolves to a release function (idempotent);
 * a waiter whose signal aborts leaves the queue at once and never holds a slot.
 */
export class Semaphore {
  private active = 0;
  private peakActive = 0;
  private readonly queue: Waiter[] = [];

  constructor(private limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** The most slots ever held at once. */
  get peak(): number {
    return this.peakActive;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AbortedWaitError());
    if (this.active < this.limit && this.queue.length === 0) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new AbortedWaitError());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Rejects every queued waiter (e.g. on dispose); held slots stay until released. */
  rejectWaiting(err: Error): void {
    for (const waiter of this.queue.splice(0)) waiter.fail(err);
  }

  private take(): () => void {
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.queue.shift();
      if (next) next.grant(this.take());
    };
  }
}
