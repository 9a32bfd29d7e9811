import type { ChartPoint } from './types';

/**
 * M4 downsampling (Jugel et al., VLDB 2014): split the time range into equal buckets and keep
 * each bucket's first, last, lowest and highest point, in time order. A line drawn through
 * them looks the same as one through every point at one bucket per pixel column: peaks and
 * dips survive, and empty buckets stay gaps. `points` must be sorted by ts.
 */
export function downsample(points: readonly ChartPoint[], maxPoints: number): ChartPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError('maxPoints must be a positive integer');
  if (points.length <= maxPoints) return points.slice();
  if (maxPoints < 4) {
    const stride = (points.length - 1) / Math.max(1, maxPoints - 1);
    return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * stride)]!);
  }
  const buckets = Math.floor(maxPoints / 4);
  const t0 = points[0]!.ts;
  const span = points[points.length - 1]!.ts - t0 + 1;
  const out: ChartPoint[] = [];
  let i = 0;
  while (i < points.length) {
    const bucket = Math.min(buckets - 1, Math.floor(((points[i]!.ts - t0) / span) * buckets));
    const first = i;
    let min = i;
    let max = i;
    while (i < points.length && Math.min(buckets - 1, Math.floor(((points[i]!.ts - t0) / span) * buckets)) === bucket) {
      if (points[i]!.value < points[min]!.value) min = i;
      if (points[i]!.value > points[max]!.value) max = i;
      i++;
    }
    const last = i - 1;
    const keep = [first, min, max, last].sort((a, b) => a - b);
    keep.forEach((k, j) => {
      if (j === 0 || k !== keep[j - 1]) out.push(points[k]!);
    });
  }
  return out;
}
