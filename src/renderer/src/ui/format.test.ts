import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock } from './format';

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
