/** Time as the scheduler and runner see it; tests drive a manual clock instead of waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    // Node caps timers at ~24.8 days; a far schedule re-arms on wake instead.
    const handle = setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A clock that moves only when told to; timers fire in time order as it advances. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start: Date | number) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /**
   * Moves time forward, firing each due timer at its own time. `settle` is awaited after each
   * timer, so work a timer starts (which runs in real time) finishes before time moves on.
   */
  async advance(ms: number, settle?: () => Promise<void>): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = next[1].at;
      next[1].fn();
      await flush();
      if (settle) await settle();
    }
    this.current = target;
    await flush();
    if (settle) await settle();
  }

  /** Jumps without firing timers: what a sleeping machine looks like. */
  jump(ms: number): void {
    this.current += ms;
  }

  get pending(): number {
    return this.timers.size;
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
