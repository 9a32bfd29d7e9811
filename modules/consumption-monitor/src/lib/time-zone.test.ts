import { describe, expect, it } from 'vitest';
import { ConsumptionError } from './errors';
import { isoLocal, localDayStart, monthDayStarts, offsetAt, periodBoundaries } from './time-zone';
import { at } from './test-db';

const iso = (ts: number): string => new Date(ts).toISOString();

describe('local days', () => {
  it('starts Berlin days at local midnight on both sides of DST', () => {
    expect(iso(localDayStart(2025, 3, 30, 'Europe/Berlin'))).toBe('2025-03-29T23:00:00.000Z');
    expect(iso(localDayStart(2025, 3, 31, 'Europe/Berlin'))).toBe('2025-03-30T22:00:00.000Z');
    expect(iso(localDayStart(2025, 10, 26, 'Europe/Berlin'))).toBe('2025-10-25T22:00:00.000Z');
    expect(iso(localDayStart(2025, 10, 27, 'Europe/Berlin'))).toBe('2025-10-26T23:00:00.000Z');
  });

  it('starts a day whose midnight is skipped when the clock jumps (America/Santiago, 8 September 2024)', () => {
    // Clocks went from 24:00 on the 7th to 01:00 on the 8th: the day starts at 01:00 -03:00.
    expect(isoLocal(localDayStart(2024, 9, 8, 'America/Santiago'), 'America/Santiago')).toBe('2024-09-08T01:00:00-03:00');
  });

  it('knows offsets of half and three-quarter hours', () => {
    expect(offsetAt(at('2025-03-01T00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(offsetAt(at('2025-03-01T00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
    expect(iso(localDayStart(2025, 3, 1, 'Asia/Kathmandu'))).toBe('2025-02-28T18:15:00.000Z');
  });

  it('answers the same inside and outside the offset cache, to the second of a transition', () => {
    // St. John's changed its clocks at 00:01 local until 2011: 2010-03-14 03:31Z.
    expect(offsetAt(at('2010-03-14T03:30:59Z'), 'America/St_Johns')).toBe(-3.5 * 3_600_000);
    expect(offsetAt(at('2010-03-14T03:31:00Z'), 'America/St_Johns')).toBe(-2.5 * 3_600_000);
  });

  it('lists the days of a month plus the next month’s first', () => {
    const { starts, dates } = monthDayStarts(2024, 2, 'UTC');
    expect(dates).toHaveLength(29);
    expect(starts).toHaveLength(30);
    expect(iso(starts[29]!)).toBe('2024-03-01T00:00:00.000Z');
  });

  it('refuses an unknown zone or month', () => {
    expect(() => localDayStart(2025, 1, 1, 'Mars/Olympus')).toThrow(ConsumptionError);
    expect(() => monthDayStarts(2025, 13, 'UTC')).toThrow(/month/);
  });
});

describe('periods', () => {
  it('starts weeks on Monday and lists whole periods overlapping the range', () => {
    // 2025-03-05 is a Wednesday; its week starts Monday 03-03.
    const weeks = periodBoundaries('week', at('2025-03-05T12:00Z'), at('2025-03-20T00:00Z'), 'Europe/Berlin');
    expect(weeks.map((t) => isoLocal(t, 'Europe/Berlin'))).toEqual([
      '2025-03-03T00:00:00+01:00',
      '2025-03-10T00:00:00+01:00',
      '2025-03-17T00:00:00+01:00',
      '2025-03-24T00:00:00+01:00',
    ]);
  });

  it('gives local hours across DST, twice 02:00 in October', () => {
    const hours = periodBoundaries('hour', at('2025-10-26T00:00Z'), at('2025-10-26T02:00Z'), 'Europe/Berlin');
    expect(hours.map((t) => isoLocal(t, 'Europe/Berlin'))).toEqual(['2025-10-26T02:00:00+02:00', '2025-10-26T02:00:00+01:00', '2025-10-26T03:00:00+01:00']);
  });

  it('makes the local hour 90 minutes where the offset drops by half an hour (Australia/Lord_Howe)', () => {
    const hours = periodBoundaries('hour', at('2025-04-05T14:00Z'), at('2025-04-05T16:00Z'), 'Australia/Lord_Howe');
    expect(hours.map((t) => isoLocal(t, 'Australia/Lord_Howe'))).toEqual(['2025-04-06T01:00:00+11:00', '2025-04-06T02:00:00+10:30', '2025-04-06T03:00:00+10:30']);
  });

  it('caps the number of periods', () => {
    expect(() => periodBoundaries('hour', at('2020-01-01T00:00Z'), at('2025-01-01T00:00Z'), 'UTC')).toThrow(/periods/);
  });
});
