import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appTimeZone } from '../server/time';
import { monthly, monthlyFrom } from './consumption';
import { dailyZone, keepsDaily, setDailyZone } from './daily';
import { ingestReadings } from './ingest';
import { deleteRawReadingsBefore } from './readings';
import { addEndpoint, at, openTestDb, rng, type TestDb } from './test-db';
import { localDayStart, monthDays, wallClock } from './time-zone';
import type { MonthlyReport, ReadingInput } from './types';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

type Row = Record<string, number>;

function dailyRows(db: TestDb): Row[] {
  return db.sqlite.prepare('SELECT * FROM consumption_monitor__daily ORDER BY endpoint_id, day').all() as Row[];
}

/**
 * What the daily rows must hold, computed here from the hourly rows: per endpoint and local day
 * of the hour's start, the first reading of the day's first hour and the last of its last.
 */
function expectedDaily(db: TestDb, zone: string): Row[] {
  const hours = db.sqlite.prepare('SELECT * FROM consumption_monitor__hourly ORDER BY endpoint_id, hour').all() as Row[];
  const out: Row[] = [];
  for (const h of hours) {
    const w = wallClock(h.hour!, zone);
    const day = localDayStart(w.year, w.month, w.day, zone);
    const prev = out[out.length - 1];
    if (prev && prev.endpoint_id === h.endpoint_id && prev.day === day) {
      Object.assign(prev, { last_ts: h.last_ts, last_kwh: h.last_kwh, last_off: h.last_off, last_rc: h.last_rc });
    } else {
      out.push({
        endpoint_id: h.endpoint_id!,
        day,
        first_ts: h.first_ts!,
        first_kwh: h.first_kwh!,
        first_off: h.first_off!,
        first_rc: h.first_rc!,
        last_ts: h.last_ts!,
        last_kwh: h.last_kwh!,
        last_off: h.last_off!,
        last_rc: h.last_rc!,
      });
    }
  }
  return out;
}

function expectRowsClose(got: Row[], want: Row[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    for (const [key, value] of Object.entries(want[i]!)) {
      if (Number.isInteger(value)) expect(row[key], `${key} of daily row ${i}`).toBe(value);
      else expect(row[key], `${key} of daily row ${i}`).toBeCloseTo(value, 6);
    }
  });
}

/**
 * Readings of a few meters from 2024-12-20 to 2026-02-10: one to three hours apart, often on a
 * whole hour (so some fall exactly on a midnight), with gaps of up to four days, counter resets,
 * a replaced meter, failed reads, and same-time replacements. One meter starts in mid-April and
 * stops in mid-September, so its months at both ends are incomplete.
 */
function generate(random: () => number, endpoints: number[]): ReadingInput[] {
  const out: ReadingInput[] = [];
  endpoints.forEach((endpointId, n) => {
    const late = n === 1;
    let ts = at(late ? '2025-04-14T09:20Z' : '2024-12-20T00:00Z');
    const stop = at(late ? '2025-09-16T17:00Z' : '2026-02-10T00:00Z');
    let kwh = 5000 * random();
    while (ts < stop) {
      const roll = random();
      const step = roll < 0.01 ? Math.floor(random() * 96) * 3_600_000 : 3_600_000 + Math.floor(random() * 7_200_000);
      ts += step;
      if (random() < 0.3) ts = Math.floor(ts / 3_600_000) * 3_600_000;
      if (roll > 0.998) kwh = 0;
      else if (roll > 0.996) kwh = 12.5;
      else kwh += 3 * random();
      const success = random() > 0.03;
      out.push({ endpointId, ts, totalKwh: success ? Math.round(kwh * 1000) / 1000 : random() > 0.5 ? 0 : null, success, error: success ? null : 'timeout' });
      if (random() < 0.02) out.push({ endpointId, ts, totalKwh: Math.round((kwh + random()) * 1000) / 1000, success: random() > 0.2 });
    }
  });
  return out;
}

/** Ingests mostly in time order, in batches of random size, with one batch in twelve held back and ingested late. */
function ingestShuffled(db: TestDb, random: () => number, readings: ReadingInput[]): void {
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  const held: ReadingInput[][] = [];
  for (let i = 0; i < sorted.length; ) {
    const size = 1 + Math.floor(random() * 60);
    const batch = sorted.slice(i, i + size);
    i += size;
    if (random() < 1 / 12) held.push(batch);
    else ingestReadings(db.db, batch);
    if (held.length > 0 && random() < 0.1) ingestReadings(db.db, held.shift()!);
  }
  for (const batch of held) ingestReadings(db.db, batch);
}

const MONTHS: [number, number][] = [];
for (let i = 0; i < 16; i++) MONTHS.push([2024 + Math.floor((11 + i) / 12), ((11 + i) % 12) + 1]);

function answers(db: TestDb, endpoints: number[], zone: string, rollup: 'daily' | 'hourly'): MonthlyReport[] {
  return endpoints.flatMap((id) => MONTHS.map(([y, m]) => monthlyFrom(db.db, id, y, m, zone, rollup)));
}

describe('the daily rollup', () => {
  for (const [zone, seed] of [
    ['Europe/Berlin', 1],
    ['America/Santiago', 2],
    ['America/New_York', 3],
    ['UTC', 4],
  ] as const) {
    it(`answers every month as the hourly rows do, through ingest, zone changes and a purge (${zone})`, () => {
      const random = rng(seed);
      const endpoints = [addEndpoint(t.db), addEndpoint(t.db), addEndpoint(t.db), addEndpoint(t.db)];
      expect(setDailyZone(t.db, zone)).toBe(true);
      // The last endpoint never gets a reading.
      ingestShuffled(t, random, generate(random, endpoints.slice(0, 3)));

      // The rows kept by ingest are the fold of the hourly rows, and the daily path is the one taken.
      const kept = dailyRows(t);
      expect(kept.length).toBeGreaterThan(3 * 100);
      expectRowsClose(kept, expectedDaily(t, zone));
      expect(dailyZone(t.db)).toBe(zone);
      expect(MONTHS.every(([y, m]) => monthDays(y, m, zone).onWholeHours)).toBe(true);

      const hourly = answers(t, endpoints, zone, 'hourly');
      expect(answers(t, endpoints, zone, 'daily')).toEqual(hourly);
      // The data holds what the comparison is about: resets, incomplete months, days without readings.
      expect(hourly.some((m) => !m.complete && m.consumptionKwh > 0)).toBe(true);
      expect(hourly.some((m) => m.complete)).toBe(true);
      expect(t.sqlite.prepare('SELECT count(*) AS n FROM consumption_monitor__hourly WHERE first_rc > 0').get()).not.toEqual({ n: 0 });

      // Another zone rebuilds the rows for it; coming back rebuilds the same rows as ingest kept.
      expect(setDailyZone(t.db, 'Asia/Tokyo')).toBe(true);
      expectRowsClose(dailyRows(t), expectedDaily(t, 'Asia/Tokyo'));
      expect(setDailyZone(t.db, zone)).toBe(true);
      expect(setDailyZone(t.db, zone)).toBe(false);
      expectRowsClose(dailyRows(t), kept);

      // A purge of raw readings keeps the daily rows, and every answer.
      expect(deleteRawReadingsBefore(t.db, at('2025-11-01T00:00Z'))).toBeGreaterThan(0);
      expectRowsClose(dailyRows(t), kept);
      expect(answers(t, endpoints, zone, 'daily')).toEqual(hourly);
      expect(answers(t, endpoints, zone, 'hourly')).toEqual(hourly);
    });
  }

  it('is what the months are read from: without hourly rows the daily rows still answer', () => {
    const id = addEndpoint(t.db);
    setDailyZone(t.db, 'Europe/Berlin');
    // 1 kWh an hour from 2025-03-20 00:00Z. March 30 has 23 hours in Berlin.
    ingestReadings(
      t.db,
      Array.from({ length: 24 * 20 }, (_, i) => ({ endpointId: id, ts: at('2025-03-20T00:00Z') + i * 3_600_000, totalKwh: 100 + i })),
    );
    const before = monthly(t.db, id, 2025, 3, 'Europe/Berlin');
    expect(before.days.find((d) => d.date === '2025-03-30')).toEqual({ date: '2025-03-30', consumptionKwh: 23, complete: true });
    expect(before).toMatchObject({ consumptionKwh: 286, complete: false });
    t.sqlite.exec('DELETE FROM consumption_monitor__hourly');
    expect(monthly(t.db, id, 2025, 3, 'Europe/Berlin')).toEqual(before);
    expect(monthlyFrom(t.db, id, 2025, 3, 'Europe/Berlin', 'hourly').consumptionKwh).toBe(0);
    // Another zone than the one the rows are built for reads the hourly rows.
    expect(monthly(t.db, id, 2025, 3, 'Europe/Paris').consumptionKwh).toBe(0);
  });

  it('is not kept for zones whose midnights fall inside UTC hours; their months read the hourly rows', () => {
    const id = addEndpoint(t.db);
    setDailyZone(t.db, 'UTC');
    // Readings every 20 minutes at +1 kWh each from 2025-02-27 00:00Z to 2025-04-03 00:00Z.
    const readings = Array.from({ length: 3 * 24 * 35 }, (_, i) => ({ endpointId: id, ts: at('2025-02-27T00:00Z') + i * 1_200_000, totalKwh: i }));
    ingestReadings(t.db, readings);
    for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide', 'Australia/Lord_Howe']) {
      expect(keepsDaily(zone)).toBe(false);
      expect(setDailyZone(t.db, zone)).toBe(zone === 'Asia/Kolkata');
      expect(dailyZone(t.db)).toBeNull();
      expect(dailyRows(t)).toEqual([]);
      expect(monthly(t.db, id, 2025, 3, zone)).toEqual(monthlyFrom(t.db, id, 2025, 3, zone, 'hourly'));
    }
    // Kolkata's March: midnight is 18:30Z, between the 18:20 and 18:40 readings: 31 days × 72 readings.
    expect(monthly(t.db, id, 2025, 3, 'Asia/Kolkata').consumptionKwh).toBe(31 * 72);
    expect(keepsDaily('Not/AZone')).toBe(false);
    expect(setDailyZone(t.db, 'Not/AZone')).toBe(false);
  });

  it('is deleted with its endpoint', () => {
    const id = addEndpoint(t.db);
    setDailyZone(t.db, 'UTC');
    ingestReadings(t.db, [
      { endpointId: id, ts: at('2025-03-01T10:00Z'), totalKwh: 1 },
      { endpointId: id, ts: at('2025-03-02T10:00Z'), totalKwh: 2 },
    ]);
    expect(dailyRows(t)).toHaveLength(2);
    t.sqlite.prepare('DELETE FROM consumption_monitor__endpoints WHERE id = ?').run(id);
    expect(dailyRows(t)).toEqual([]);
  });
});

function collectingLogger(): { warnings: string[]; debug(): void; info(): void; warn(message: string): void; error(): void } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (message: string) => warnings.push(message), error: () => {} };
}

describe('appTimeZone', () => {
  it('rebuilds the daily rows when the app time zone changes, once per change', () => {
    const id = addEndpoint(t.db);
    let zone = 'UTC';
    const ctx = { db: t.db, app: { timeZone: () => zone }, logger: collectingLogger() };
    expect(appTimeZone(ctx)).toBe('UTC');
    expect(dailyZone(t.db)).toBe('UTC');
    // Two readings a day at 05:00Z and 20:00Z: in UTC one day each; in Tokyo (+9) 20:00Z is the next day.
    const readings: ReadingInput[] = [];
    for (let d = 0; d < 3; d++) {
      readings.push({ endpointId: id, ts: at('2025-03-01T05:00Z') + d * 86_400_000, totalKwh: 10 * d });
      readings.push({ endpointId: id, ts: at('2025-03-01T20:00Z') + d * 86_400_000, totalKwh: 10 * d + 5 });
    }
    ingestReadings(t.db, readings);
    expect(dailyRows(t).map((r) => r.day)).toEqual([at('2025-03-01T00:00Z'), at('2025-03-02T00:00Z'), at('2025-03-03T00:00Z')]);
    zone = 'Asia/Tokyo';
    expect(appTimeZone(ctx)).toBe('Asia/Tokyo');
    expect(dailyZone(t.db)).toBe('Asia/Tokyo');
    expect(dailyRows(t).map((r) => r.day)).toEqual([at('2025-02-28T15:00Z'), at('2025-03-01T15:00Z'), at('2025-03-02T15:00Z'), at('2025-03-03T15:00Z')]);
    expectRowsClose(dailyRows(t), expectedDaily(t, 'Asia/Tokyo'));
  });

  it('answers from the hourly rows while another writer blocks the rebuild, and rebuilds on a later call', () => {
    const id = addEndpoint(t.db);
    let zone = 'UTC';
    const logger = collectingLogger();
    const ctx = { db: t.db, app: { timeZone: () => zone }, logger };
    appTimeZone(ctx);
    ingestReadings(
      t.db,
      Array.from({ length: 24 * 40 }, (_, i) => ({ endpointId: id, ts: at('2025-02-25T00:00Z') + i * 3_600_000, totalKwh: i })),
    );
    const other = new Database(t.sqlite.name);
    try {
      t.sqlite.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE');
      zone = 'Asia/Tokyo';
      expect(appTimeZone(ctx)).toBe('Asia/Tokyo');
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain('Asia/Tokyo');
      expect(dailyZone(t.db)).toBe('UTC');
      // March in Tokyo runs from 02-28 15:00Z to 03-31 15:00Z: 744 hours at 1 kWh an hour.
      expect(monthly(t.db, id, 2025, 3, 'Asia/Tokyo')).toMatchObject({ consumptionKwh: 744, complete: true });
      other.exec('ROLLBACK');
      expect(appTimeZone(ctx)).toBe('Asia/Tokyo');
      expect(dailyZone(t.db)).toBe('Asia/Tokyo');
      expect(logger.warnings).toHaveLength(1);
      expect(monthly(t.db, id, 2025, 3, 'Asia/Tokyo')).toEqual(monthlyFrom(t.db, id, 2025, 3, 'Asia/Tokyo', 'hourly'));
    } finally {
      other.close();
    }
  });
});
