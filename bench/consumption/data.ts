/**
 * Realistic meter readings, generated on the fly and seeded so every run ingests the same data:
 * one reading every 15 minutes per endpoint, a few seconds late as a collector would take it,
 * a daily load curve with noise, counters that only rise, a few counter resets and meter
 * replacements, a few gaps (meter unreachable) and some failed reads.
 */
import type { ReadingInput } from '../../modules/consumption-monitor/src/lib/index';

export const SLOT_MS = 15 * 60_000;
export const SLOTS_PER_DAY = 96;
const DAY_MS = 86_400_000;

/** Small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DataShape {
  endpoints: number;
  days: number;
  /** Epoch ms of the first slot, a UTC midnight. */
  start: number;
}

/** What the generator put in, printed so a reader knows what the figures were measured on. */
export interface DataStats {
  readings: number;
  failed: number;
  resets: number;
  gaps: number;
  missingSlots: number;
}

interface Gap {
  from: number;
  to: number;
}

/** One endpoint's meter: its load, its counter and the events planned for it. */
class Meter {
  private readonly random: () => number;
  private counter: number;
  private readonly baseWatts: number;
  private readonly phase: number;
  private readonly resets = new Map<number, number>();
  private readonly gaps: Gap[] = [];

  constructor(
    readonly endpointId: number,
    totalSlots: number,
    stats: DataStats,
  ) {
    this.random = rng(0x5eed + endpointId * 7919);
    const r = this.random;
    this.counter = Math.round(r() * 80_000 * 1000) / 1000;
    this.baseWatts = 300 + r() * 4700;
    this.phase = r() * 2 * Math.PI;
    // About one endpoint in ten has its counter reset to zero once; one in forty is replaced by
    // a meter that starts with a few kWh already on it.
    if (r() < 0.1) this.resets.set(Math.floor(r() * totalSlots), 0);
    if (r() < 0.025) this.resets.set(Math.floor(r() * totalSlots), Math.round(r() * 50 * 1000) / 1000);
    stats.resets += this.resets.size;
    // Up to three gaps, from an hour to three days.
    const gaps = Math.floor(r() * 4);
    for (let i = 0; i < gaps; i++) {
      const from = Math.floor(r() * totalSlots);
      const length = 4 + Math.floor(r() * r() * 3 * SLOTS_PER_DAY);
      this.gaps.push({ from, to: Math.min(totalSlots, from + length) });
      stats.missingSlots += Math.min(totalSlots, from + length) - from;
    }
    stats.gaps += gaps;
  }

  private inGap(slot: number): boolean {
    return this.gaps.some((g) => slot >= g.from && slot < g.to);
  }

  /** Watts at a slot: a daily curve (busier in the day), slow weekly drift and noise. */
  private watts(slot: number): number {
    const dayAngle = ((slot % SLOTS_PER_DAY) / SLOTS_PER_DAY) * 2 * Math.PI;
    const daily = 1 + 0.25 * Math.sin(dayAngle - Math.PI / 2 + this.phase * 0.1);
    const weekly = 1 + 0.05 * Math.sin((slot / (7 * SLOTS_PER_DAY)) * 2 * Math.PI + this.phase);
    return this.baseWatts * daily * weekly * (0.9 + 0.2 * this.random());
  }

  /** The readings of one UTC day (slots [day × 96, day × 96 + 96)). */
  day(shape: DataShape, day: number, stats: DataStats): ReadingInput[] {
    const out: ReadingInput[] = [];
    for (let s = day * SLOTS_PER_DAY; s < (day + 1) * SLOTS_PER_DAY; s++) {
      const power = this.watts(s);
      // The meter counts whether or not anyone reads it.
      this.counter += (power * 0.25) / 1000;
      const reset = this.resets.get(s);
      if (reset !== undefined) this.counter = reset;
      if (this.inGap(s)) continue;
      const ts = shape.start + s * SLOT_MS + 2_000 + Math.floor(this.random() * 28_000);
      stats.readings += 1;
      if (this.random() < 0.002) {
        stats.failed += 1;
        out.push({ endpointId: this.endpointId, ts, totalKwh: null, success: false, error: 'Timed out waiting for #energy after 10000 ms' });
        continue;
      }
      const voltage = 229 + this.random() * 3;
      const powerFactor = 0.92 + this.random() * 0.07;
      out.push({
        endpointId: this.endpointId,
        ts,
        // Meters show three decimals; rounding keeps the counter from ever dropping.
        totalKwh: Math.round(this.counter * 1000) / 1000,
        power: Math.round(power * 10) / 10,
        voltage: Math.round(voltage * 10) / 10,
        current: Math.round((power / voltage / powerFactor) * 1000) / 1000,
        powerFactor: Math.round(powerFactor * 1000) / 1000,
        success: true,
      });
    }
    return out;
  }
}

/**
 * The readings in the order a collector produces them: day by day, and within a day one batch
 * per endpoint holding `batchDays` days of its readings.
 */
export function* batches(shape: DataShape, batchDays: number, stats: DataStats): Generator<ReadingInput[]> {
  const totalSlots = shape.days * SLOTS_PER_DAY;
  const meters = Array.from({ length: shape.endpoints }, (_, i) => new Meter(i + 1, totalSlots, stats));
  for (let day = 0; day < shape.days; day += batchDays) {
    for (const meter of meters) {
      const batch: ReadingInput[] = [];
      for (let d = day; d < Math.min(shape.days, day + batchDays); d++) batch.push(...meter.day(shape, d, stats));
      if (batch.length > 0) yield batch;
    }
  }
}

export const dataEnd = (shape: DataShape): number => shape.start + shape.days * DAY_MS;
