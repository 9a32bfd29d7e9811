import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_GRACE_MS, Deadline, shortError } from './support';

describe('Deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('gives a wait its own timeout while the deadline is further away', () => {
    const deadline = new Deadline(10_000);
    expect(deadline.cap(3000)).toBe(3000);
    vi.advanceTimersByTime(6999);
    expect(deadline.cap(3000)).toBe(3000);
  });

  it('gives a wait that reaches the deadline what is left and the grace, so the task timeout fires first', () => {
    const deadline = new Deadline(1500);
    vi.advanceTimersByTime(177);
    expect(deadline.cap(30_000)).toBe(1323 + DEADLINE_GRACE_MS);
    expect(deadline.left()).toBe(1323);
  });

  it('gives a wait after the deadline only the grace', () => {
    const deadline = new Deadline(1000);
    vi.advanceTimersByTime(5000);
    expect(deadline.cap(30_000)).toBe(1 + DEADLINE_GRACE_MS);
    expect(deadline.left()).toBe(1);
  });
});

describe('shortError', () => {
  it('keeps the first line of a Playwright message, without the API name', () => {
    const err = new Error('locator.click: Timeout 500ms exceeded.\nCall log:\n  - waiting for locator("#go")');
    expect(shortError(err)).toBe('Timeout 500ms exceeded.');
    expect(shortError('plain text')).toBe('plain text');
  });
});
