import { EventEmitter } from 'node:events';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BrowserCandidate } from './browser-discovery';
import { SharedBrowser } from './shared-browser';

/** Just enough of a Playwright Browser: close, version and the disconnected event. */
class FakeBrowser extends EventEmitter {
  closed = false;
  version = () => '143.0';
  close = async () => {
    this.closed = true;
    this.emit('disconnected');
  };
  crash() {
    this.emit('disconnected');
  }
}

const candidate: BrowserCandidate = { executablePath: '/usr/bin/chromium', args: [], source: 'system', sandbox: true };

function setup(options: { idleMs?: number; launch?: (c: BrowserCandidate) => Promise<FakeBrowser> } = {}) {
  const launched: FakeBrowser[] = [];
  const launch = vi.fn(async (c: BrowserCandidate) => {
    const browser = options.launch ? await options.launch(c) : new FakeBrowser();
    launched.push(browser);
    return browser as unknown as Browser;
  });
  const shared = new SharedBrowser({ resolve: () => Promise.resolve(candidate), idleMs: options.idleMs ?? 1000, launchTimeoutMs: 1000, launch });
  return { shared, launch, launched };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SharedBrowser', () => {
  it('launches lazily, once for leases asked at the same time', async () => {
    const { shared, launch } = setup();
    expect(shared.running).toBe(false);
    const [a, b] = await Promise.all([shared.acquire(), shared.acquire()]);
    expect(launch).toHaveBeenCalledTimes(1);
    expect(a.browser).toBe(b.browser);
    expect(shared.launches).toBe(1);
    a.release();
    b.release();
    await shared.dispose();
  });

  it('closes the browser after the idle period, and only when no lease is held', async () => {
    vi.useFakeTimers();
    const { shared, launched } = setup({ idleMs: 500 });
    const a = await shared.acquire();
    a.release();
    const b = await shared.acquire(); // taken again before the idle period ends
    await vi.advanceTimersByTimeAsync(1000);
    expect(launched[0]?.closed).toBe(false);
    b.release();
    b.release(); // idempotent
    await vi.advanceTimersByTimeAsync(499);
    expect(launched[0]?.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(launched[0]?.closed).toBe(true);
    expect(shared.running).toBe(false);
  });

  it('tells the holders of a lease when the browser dies, and launches a new one next', async () => {
    const { shared, launched } = setup();
    const lease = await shared.acquire();
    const lost = vi.fn();
    const removed = vi.fn();
    lease.onLost(lost);
    lease.onLost(removed)();
    launched[0]?.crash();
    expect(lease.lost).toBe(true);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(shared.running).toBe(false);
    lease.release();
    const next = await shared.acquire();
    expect(next.browser).toBe(launched[1]);
    expect(next.lost).toBe(false);
    next.release();
    await shared.dispose();
  });

  it.runIf(process.platform === 'linux')('retries without the sandbox on Linux when the sandboxed launch fails', async () => {
    let attempts = 0;
    const { shared, launch } = setup({
      launch: (c) => {
        attempts++;
        return c.sandbox ? Promise.reject(new Error('No usable sandbox!')) : Promise.resolve(new FakeBrowser());
      },
    });
    const lease = await shared.acquire();
    expect(attempts).toBe(2);
    expect(launch.mock.calls.map(([c]) => c.sandbox)).toEqual([true, false]);
    lease.release();
    await shared.dispose();
  });

  it('passes a launch failure on and holds nothing', async () => {
    const bare = new SharedBrowser({
      resolve: () => Promise.resolve({ ...candidate, sandbox: false }),
      idleMs: 10,
      launchTimeoutMs: 10,
      launch: () => Promise.reject(new Error('bad executable')),
    });
    await expect(bare.acquire()).rejects.toThrow('bad executable');
    expect(bare.running).toBe(false);
    expect(bare.launches).toBe(0);
  });

  it('refuses leases after dispose and closes the browser', async () => {
    const { shared, launched } = setup();
    (await shared.acquire()).release();
    await shared.dispose();
    expect(launched[0]?.closed).toBe(true);
    await expect(shared.acquire()).rejects.toThrow(/shut down/);
  });
});
