import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDuration, formatRelative } from './format';

describe('formatBytes', () => {
  it('shows bytes whole and larger sizes with one decimal in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(4096 + 512)).toBe('4.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('carries into the next unit instead of showing 1024.0', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MB');
  });

  it('refuses nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatClock', () => {
  it('keeps milliseconds so lines within one second stay ordered', () => {
    expect(formatClock('2026-03-14T08:41:07.045Z', 'UTC')).toBe('08:41:07.045');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-03-14T08:00:00Z');
  it('says how far a time is from now, in the largest unit that fits', () => {
    expect(formatRelative('2026-03-14T08:00:05Z', now)).toBe('just now');
    expect(formatRelative('2026-03-14T08:05:00Z', now)).toMatch(/5 minutes/);
    expect(formatRelative('2026-03-14T05:00:00Z', now)).toMatch(/3 hours ago/);
    expect(formatRelative('2026-03-15T08:00:00Z', now)).toBe('tomorrow');
  });

  it('returns what it cannot read', () => {
    expect(formatRelative('soon', now)).toBe('soon');
  });
});

describe('formatDuration', () => {
  it('picks a unit by size', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(2_400)).toBe('2.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(80 * 60_000)).toBe('1 h 20 min');
    expect(formatDuration(-1)).toBe('—');
  });
});
