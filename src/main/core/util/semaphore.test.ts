import { describe, expect, it } from 'vitest';
import { AbortedWaitError, Semaphore } from './semaphore';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('grants up to the limit, then queues in order', async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    const b = await sem.acquire();
    const order: string[] = [];
    const c = sem.acquire().then((release) => (order.push('c'), release));
    const d = sem.acquire().then((release) => (order.push('d'), release));
    await tick();
    expect(sem.running).toBe(2);
    expect(sem.waiting).toBe(2);
    expect(order).toEqual([]);
    a();
    a(); // idempotent: a second call frees nothing more
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(sem.running).toBe(2);
    b();
    const releaseD = await d;
    expect(order).toEqual(['c', 'd']);
    releaseC();
    releaseD();
    expect(sem.running).toBe(0);
    expect(sem.peak).toBe(2);
  });

  it('drops a waiter whose signal aborts, and it never holds a slot', async () => {
    const sem = new Semaphore(1);
    const held = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    const next = sem.acquire();
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedWaitError);
    expect(sem.waiting).toBe(1);
    held();
    const release = await next;
    expect(sem.running).toBe(1);
    release();
  });

  it('rejects at once for an already aborted signal', async () => {
    const sem = new Semaphore(3);
    await expect(sem.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortedWaitError);
    expect(sem.running).toBe(0);
  });

  it('rejects every waiter on rejectWaiting', async () => {
    const sem = new Semaphore(1);
    const held = await sem.acquire();
    const w1 = sem.acquire();
    const w2 = sem.acquire();
    sem.rejectWaiting(new Error('disposed'));
    await expect(w1).rejects.toThrow('disposed');
    await expect(w2).rejects.toThrow('disposed');
    held();
    expect(sem.running).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});
