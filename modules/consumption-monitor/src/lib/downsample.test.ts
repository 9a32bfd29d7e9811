import { describe, expect, it } from 'vitest';
import { downsample } from './downsample';
import type { ChartPoint } from './types';

describe('downsample', () => {
  const points: ChartPoint[] = Array.from({ length: 100_000 }, (_, i) => ({ ts: i * 900_000, value: 1000 + 200 * Math.sin(i / 500) }));
  points[31_337] = { ts: points[31_337]!.ts, value: 5000 };
  points[77_777] = { ts: points[77_777]!.ts, value: -5 };

  it('keeps at most maxPoints, in time order, with the first, last, highest and lowest point', () => {
    const out = downsample(points, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    // 250 buckets; a bucket where the series only rises or falls needs just its first and last point.
    expect(out.length).toBeGreaterThanOrEqual(500);
    expect(out.every((p, i) => i === 0 || p.ts > out[i - 1]!.ts)).toBe(true);
    expect(out[0]).toBe(points[0]);
    expect(out[out.length - 1]).toBe(points[points.length - 1]);
    expect(out).toContain(points[31_337]);
    expect(out).toContain(points[77_777]);
  });

  it('leaves gaps as gaps and short series as they are', () => {
    const gappy: ChartPoint[] = [...points.slice(0, 1000), ...points.slice(99_000)];
    const out = downsample(gappy, 400);
    expect(out.some((p) => p.ts > points[1000]!.ts && p.ts < points[99_000]!.ts)).toBe(false);
    expect(downsample(points.slice(0, 10), 100)).toEqual(points.slice(0, 10));
    expect(downsample(points, 2)).toEqual([points[0], points[points.length - 1]]);
  });
});
