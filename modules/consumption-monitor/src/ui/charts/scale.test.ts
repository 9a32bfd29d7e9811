import { describe, expect, it } from 'vitest';
import { linear, linePath, nearestIndex, niceTicks } from './scale';

describe('chart scales', () => {
  it('picks round ticks covering the range', () => {
    expect(niceTicks(0, 37.1, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(1200, 1236.9, 4)).toEqual([1200, 1210, 1220, 1230, 1240]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
  });

  it('maps values linearly and breaks the line at a missing value', () => {
    const x = linear(0, 10, 0, 100);
    const y = linear(0, 1, 50, 0);
    expect(x(5)).toBe(50);
    expect(linePath([{ ts: 0, value: 0 }, { ts: 5, value: null }, { ts: 10, value: 1 }, { ts: 10, value: 0.5 }], x, y)).toBe('M0.0,50.0M100.0,0.0L100.0,25.0');
  });

  it('finds the point nearest to a time', () => {
    const points = [{ ts: 0 }, { ts: 10 }, { ts: 20 }];
    expect(nearestIndex(points, 4)).toBe(0);
    expect(nearestIndex(points, 16)).toBe(2);
    expect(nearestIndex(points, 99)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});
