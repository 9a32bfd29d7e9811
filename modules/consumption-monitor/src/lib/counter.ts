import { round6 } from './sql';
import type { ConsumptionResult } from './types';

/**
 * Counter arithmetic, pure. A successful reading becomes a point (ts, kwh, off, rc): kwh as read,
 * off the reset offset (kwh + off is the reset-adjusted counter, which never drops) and rc the
 * number of drops so far. After a drop the new counter counts from zero, as TimescaleDB
 * Toolkit's counter_agg does: the increase across the drop is the new value itself.
 */
export interface CounterPoint {
  ts: number;
  kwh: number;
  off: number;
  rc: number;
}

export function nextPoint(prev: CounterPoint | null, ts: number, kwh: number): CounterPoint {
  if (!prev) return { ts, kwh, off: 0, rc: 0 };
  if (kwh < prev.kwh) return { ts, kwh, off: prev.off + prev.kwh, rc: prev.rc + 1 };
  return { ts, kwh, off: prev.off, rc: prev.rc };
}

export function adjusted(p: CounterPoint): number {
  return p.kwh + p.off;
}

/** The last successful reading before a boundary and the first at or after it. */
export interface Bracket {
  before: CounterPoint | null;
  after: CounterPoint | null;
}

/** Counter value between two consecutive readings, linear in time, after reset adjustment. */
export function interpolate(p1: CounterPoint, p2: CounterPoint, ts: number): { adj: number; kwh: number } {
  const f = (ts - p1.ts) / (p2.ts - p1.ts);
  if (p1.off === p2.off) {
    const increase = p2.kwh - p1.kwh;
    return { adj: adjusted(p1) + increase * f, kwh: p1.kwh + increase * f };
  }
  // A reset lies between them. On the meter's own scale the new counter is the one shown: for
  // consecutive readings it rises from 0 at p1 to p2.kwh at p2.
  const increase = adjusted(p2) - adjusted(p1);
  return { adj: adjusted(p1) + increase * f, kwh: Math.max(0, p2.kwh - increase * (1 - f)) };
}

interface Edge {
  adj: number;
  kwh: number;
  /** rc of the reading that bounds the counted drops on this side. */
  rc: number;
  known: boolean;
  interpolated: boolean;
  gapMs: number;
}

const EMPTY: ConsumptionResult = {
  consumptionKwh: 0,
  startKwh: null,
  endKwh: null,
  complete: false,
  startInterpolated: false,
  endInterpolated: false,
  resets: 0,
  gapWarning: false,
};

/**
 * Consumption over [a, b) from the brackets of its two boundaries. A boundary with a reading on
 * it is exact; with readings on both sides it is interpolated; with none before (start) or none
 * after (end) it is never guessed: the period counts from the first reading inside it, or to the
 * last one, and is incomplete. Drops are counted when the pair of readings around them overlaps
 * the period.
 */
export function periodConsumption(a: number, b: number, start: Bracket, end: Bracket, maxGapMs = Infinity): ConsumptionResult {
  let s: Edge;
  const sa = start.after;
  if (!sa) return EMPTY;
  if (sa.ts === a) s = { adj: adjusted(sa), kwh: sa.kwh, rc: sa.rc, known: true, interpolated: false, gapMs: 0 };
  else if (start.before) {
    const v = interpolate(start.before, sa, a);
    s = { adj: v.adj, kwh: v.kwh, rc: start.before.rc, known: true, interpolated: true, gapMs: sa.ts - start.before.ts };
  } else if (sa.ts < b) s = { adj: adjusted(sa), kwh: sa.kwh, rc: sa.rc, known: false, interpolated: false, gapMs: 0 };
  else return EMPTY;

  let e: Edge;
  const ea = end.after;
  const eb = end.before;
  if (!eb) return EMPTY;
  if (ea && ea.ts === b) e = { adj: adjusted(ea), kwh: ea.kwh, rc: ea.rc, known: true, interpolated: false, gapMs: 0 };
  else if (ea) {
    const v = interpolate(eb, ea, b);
    e = { adj: v.adj, kwh: v.kwh, rc: ea.rc, known: true, interpolated: true, gapMs: ea.ts - eb.ts };
  } else e = { adj: adjusted(eb), kwh: eb.kwh, rc: eb.rc, known: false, interpolated: false, gapMs: 0 };

  return {
    consumptionKwh: round6(Math.max(0, e.adj - s.adj)),
    startKwh: round6(s.kwh),
    endKwh: round6(e.kwh),
    complete: s.known && e.known,
    startInterpolated: s.interpolated,
    endInterpolated: e.interpolated,
    resets: Math.max(0, e.rc - s.rc),
    gapWarning: (s.interpolated && s.gapMs > maxGapMs) || (e.interpolated && e.gapMs > maxGapMs),
  };
}
