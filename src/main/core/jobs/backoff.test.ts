import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay (full jitter)', () => {
  it('draws between 0 and base × 2^(attempt−1)', () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { random: () => 0.5 })).toBe(2500);
    expect(backoffDelay(2, { random: () => 0.5 })).toBe(5000);
    expect(backoffDelay(3, { random: () => 0.999 })).toBe(19_980);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, { random: () => 0.999, capMs: 60_000 })).toBe(59_940);
    for (let attempt = 1; attempt < 40; attempt++) {
      const d = backoffDelay(attempt, { random: Math.random });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(5 * 60_000);
    }
  });
});
