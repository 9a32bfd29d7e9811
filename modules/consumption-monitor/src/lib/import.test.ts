import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumption, monthly } from './consumption';
import { importReadings, type ImportOptions } from './import';
import { ingestReadings } from './ingest';
import { deleteRawReadingsBefore, listReadings } from './readings';
import { addEndpoint, at, openTestDb, rejection, type TestDb } from './test-db';

const SAMPLES = '/work/shared/testdata/greenbutton';
const sample = (name: string): string => readFileSync(`${SAMPLES}/${name}`, 'utf8');

let t: TestDb;
let ep: number;
beforeEach(() => {
  t = openTestDb();
  ep = addEndpoint(t.db, { name: 'house' });
});
afterEach(() => t.close());

/** Every row of the module's tables, hashed: equal before and after means nothing was written. */
function checksum(): string {
  const h = createHash('sha256');
  for (const table of ['endpoints', 'readings', 'hourly', 'raw_retention']) {
    h.update(JSON.stringify(t.sqlite.prepare(`SELECT * FROM consumption_monitor__${table} ORDER BY 1, 2`).all()));
  }
  return h.digest('hex');
}

const count = (): number => (t.sqlite.prepare('SELECT count(*) AS n FROM consumption_monitor__readings').get() as { n: number }).n;

function readingsOf(endpointId: number): Array<{ ts: number; totalKwh: number | null }> {
  return listReadings(t.db, { endpointId, limit: 10_000 })
    .readings.map((r) => ({ ts: r.ts, totalKwh: r.totalKwh }))
    .reverse();
}

// Counted from the files with grep and awk (see greenbutton.test.ts): IntervalReadings, sum of
// values in Wh (kWh for the monthly file), first start and last end in epoch seconds.
const SAMPLE_FIGURES = [
  { file: '15minLP_15Days.xml', n: 1340, kwh: 1397.734, first: 1_330_578_000, last: 1_331_784_000 },
  { file: '1hrLP_32Days.xml', n: 768, kwh: 2354.843, first: 1_333_252_800, last: 1_336_017_600 },
  { file: 'hourlyForMonthMar.xml', n: 743, kwh: 2278.213, first: 1_298_955_600, last: 1_301_630_400 },
  { file: 'MonthlyOnlyElectricData.xml', n: 14, kwh: 9567, first: 1_314_331_200, last: 1_348_977_600 },
];

describe('importReadings: Green Button samples', () => {
  for (const s of SAMPLE_FIGURES) {
    it(`imports ${s.file} as a counter rising by the file's energy`, () => {
      const report = importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample(s.file) });
      expect(report).toMatchObject({ format: 'greenbutton', inserted: s.n + 1, updated: 0, rejected: [], first: s.first * 1000, last: s.last * 1000, warnings: [] });
      expect(report.source!.usagePoint!.href).toBe(s.file === 'MonthlyOnlyElectricData.xml' ? 'User/9b6c7063/UsagePoint/01' : 'RetailCustomer/9b6c7063/UsagePoint/01');
      expect(count()).toBe(s.n + 1);
      const rows = readingsOf(ep);
      expect(rows[0]).toEqual({ ts: s.first * 1000, totalKwh: 0 });
      expect(rows.at(-1)!.totalKwh).toBeCloseTo(s.kwh, 9);
      // Through the rollup: the whole file's energy, with both ends on a reading.
      const c = consumption(t.db, ep, s.first * 1000, s.last * 1000);
      expect(c.consumptionKwh).toBe(s.kwh);
      expect(c.complete).toBe(true);
      expect(c.resets).toBe(0);
    });
  }

  it('puts each billing period of the monthly file in its own span', () => {
    importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('MonthlyOnlyElectricData.xml') });
    // Second period: 756 kWh from 2011-09-26 04:00Z to 2011-10-26 04:00Z.
    expect(consumption(t.db, ep, at('2011-09-26T04:00:00Z'), at('2011-10-26T04:00:00Z')).consumptionKwh).toBe(756);
    expect(readingsOf(ep).slice(0, 3).map((r) => r.totalKwh)).toEqual([0, 778, 1534]);
  });

  it('keeps a DST month exact: March 2011 in New York has 743 hours and a 23-hour 13th', () => {
    importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('hourlyForMonthMar.xml') });
    const m = monthly(t.db, ep, 2011, 3, 'America/New_York');
    expect(m.complete).toBe(true);
    expect(m.consumptionKwh).toBe(2278.213);
    expect(m.days).toHaveLength(31);
    expect(m.days.every((d) => d.complete)).toBe(true);
    // The 23 IntervalReadings of the IntervalBlock of duration 82800 sum to 81 535 Wh.
    expect(m.days[12]).toEqual({ date: '2011-03-13', consumptionKwh: 81.535, complete: true });
    expect(m.startKwh).toBe(0);
  });

  it('continues from the last successful reading at or before the first interval', () => {
    ingestReadings(t.db, [
      { endpointId: ep, ts: at('2011-03-01T03:00:00Z'), totalKwh: 5000 },
      { endpointId: ep, ts: at('2011-03-01T04:00:00Z'), totalKwh: null, success: false, error: 'timeout' },
    ]);
    const report = importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('hourlyForMonthMar.xml') });
    expect(report.inserted).toBe(744);
    const rows = readingsOf(ep).filter((r) => r.totalKwh !== null);
    expect(rows[1]).toEqual({ ts: at('2011-03-01T05:00:00Z'), totalKwh: 5000 });
    expect(rows.at(-1)!.totalKwh).toBeCloseTo(7278.213, 9);
    expect(consumption(t.db, ep, at('2011-03-01T03:00:00Z'), at('2011-04-01T04:00:00Z')).consumptionKwh).toBe(2278.213);
  });

  it('gives the README worked example: 5000 kWh, then 1200 Wh and 800 Wh', () => {
    ingestReadings(t.db, [{ endpointId: ep, ts: at('2025-01-01T03:00:00Z'), totalKwh: 5000 }]);
    const start = at('2025-01-01T05:00:00Z') / 1000;
    const reading = (s: number, wh: number): string => `<IntervalReading><timePeriod><duration>3600</duration><start>${s}</start></timePeriod><value>${wh}</value></IntervalReading>`;
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link rel="self" href="UsagePoint/1"/><title>Home</title><content><UsagePoint xmlns="http://naesb.org/espi"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint></content></entry>
      <entry><link rel="self" href="UsagePoint/1/MeterReading/1"/><link rel="up" href="UsagePoint/1/MeterReading"/><link rel="related" href="ReadingType/1"/><content><MeterReading xmlns="http://naesb.org/espi"/></content></entry>
      <entry><link rel="up" href="UsagePoint/1/MeterReading/1/IntervalBlock"/><content><IntervalBlock xmlns="http://naesb.org/espi">${reading(start, 1200)}${reading(start + 3600, 800)}</IntervalBlock></content></entry>
      <entry><link rel="self" href="ReadingType/1"/><content><ReadingType xmlns="http://naesb.org/espi"><powerOfTenMultiplier>0</powerOfTenMultiplier><uom>72</uom></ReadingType></content></entry>
    </feed>`;
    expect(importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: xml }).inserted).toBe(3);
    expect(readingsOf(ep)).toEqual([
      { ts: at('2025-01-01T03:00:00Z'), totalKwh: 5000 },
      { ts: at('2025-01-01T05:00:00Z'), totalKwh: 5000 },
      { ts: at('2025-01-01T06:00:00Z'), totalKwh: 5001.2 },
      { ts: at('2025-01-01T07:00:00Z'), totalKwh: 5002 },
    ]);
  });

  it('takes the base from the rollup when the raw readings before the file were purged', () => {
    ingestReadings(t.db, [
      { endpointId: ep, ts: at('2011-02-01T00:00:00Z'), totalKwh: 100 },
      { endpointId: ep, ts: at('2011-02-27T00:00:00Z'), totalKwh: 200 },
    ]);
    deleteRawReadingsBefore(t.db, at('2011-02-28T00:00:00Z'));
    expect(count()).toBe(0);
    importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('hourlyForMonthMar.xml') });
    expect(readingsOf(ep)[0]).toEqual({ ts: at('2011-03-01T05:00:00Z'), totalKwh: 200 });
    expect(consumption(t.db, ep, at('2011-02-01T00:00:00Z'), at('2011-04-01T04:00:00Z')).consumptionKwh).toBe(2378.213);
  });

  it('chains two files: the second continues the counter where the first ended', () => {
    importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('hourlyForMonthMar.xml') });
    // The 15-minute file starts 2012-03-01, after the March 2011 counter ended at 2278.213.
    const second = importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('15minLP_15Days.xml') });
    expect(second.inserted).toBe(1341);
    expect(readingsOf(ep).at(-1)!.totalKwh).toBeCloseTo(2278.213 + 1397.734, 9);
    expect(consumption(t.db, ep, at('2011-03-01T05:00:00Z'), at('2012-03-15T04:00:00Z')).consumptionKwh).toBe(3675.947);
  });

  it('is idempotent: importing the same file again updates every reading with the same values', () => {
    const content = sample('1hrLP_32Days.xml');
    importReadings(t.db, { endpointId: ep, format: 'greenbutton', content });
    const before = checksum();
    const again = importReadings(t.db, { endpointId: ep, format: 'greenbutton', content });
    expect(again).toMatchObject({ inserted: 0, updated: 769, rejected: [] });
    expect(checksum()).toBe(before);
  });

  it('warns when a later reading of the endpoint is below the imported counter', () => {
    ingestReadings(t.db, [{ endpointId: ep, ts: at('2012-06-01T00:00:00Z'), totalKwh: 100 }]);
    const report = importReadings(t.db, { endpointId: ep, format: 'greenbutton', content: sample('1hrLP_32Days.xml') });
    expect(report.warnings).toEqual([expect.stringContaining("next reading (2012-06-01T00:00:00.000Z, 100 kWh) is below the imported counter's end (2354.843 kWh)")]);
  });
});

describe('importReadings: CSV', () => {
  const csv = ['timestamp,totalKwh,power', '2025-03-01T00:00:00+01:00,1000,', '2025-03-01T01:00:00+01:00,1001.5,1500', 'bad,1,', '2025-03-01T02:00:00+01:00,1003,1500'].join('\r\n');

  it('writes the good rows through ingest and lists the bad ones with their line', () => {
    const report = importReadings(t.db, { endpointId: ep, format: 'csv', content: csv });
    expect(report).toEqual({
      format: 'csv',
      inserted: 3,
      updated: 0,
      rejected: [{ line: 4, reason: expect.stringContaining('timestamp "bad"') }],
      first: at('2025-02-28T23:00:00Z'),
      last: at('2025-03-01T01:00:00Z'),
      warnings: [],
    });
    expect(consumption(t.db, ep, at('2025-02-28T23:00:00Z'), at('2025-03-01T01:00:00Z')).consumptionKwh).toBe(3);
    expect(t.db.prepare('SELECT last_read_at FROM consumption_monitor__endpoints WHERE id = ?').get<{ last_read_at: number }>(ep)!.last_read_at).toBe(at('2025-03-01T01:00:00Z'));
  });

  it('re-imports with 0 inserted and every row updated, and the rollup unchanged', () => {
    importReadings(t.db, { endpointId: ep, format: 'csv', content: csv });
    const before = checksum();
    expect(importReadings(t.db, { endpointId: ep, format: 'csv', content: csv })).toMatchObject({ inserted: 0, updated: 3 });
    expect(checksum()).toBe(before);
  });

  it('merges late rows into existing data and keeps the figures exact', () => {
    ingestReadings(t.db, [
      { endpointId: ep, ts: at('2025-03-01T00:00:00Z'), totalKwh: 10 },
      { endpointId: ep, ts: at('2025-03-01T04:00:00Z'), totalKwh: 50 },
    ]);
    const r = importReadings(t.db, { endpointId: ep, format: 'csv', content: 'timestamp,totalKwh\n2025-03-01T02:00:00Z,40\n2025-03-01T04:00:00Z,52\n' });
    expect(r).toMatchObject({ inserted: 1, updated: 1 });
    // 10 → 40 by 02:00, then 40 → 52: 01:00 interpolates to 25.
    expect(consumption(t.db, ep, at('2025-03-01T01:00:00Z'), at('2025-03-01T04:00:00Z')).consumptionKwh).toBe(27);
  });

  it('reports rows the ingest refuses (older than purged raw data) at their file line', () => {
    ingestReadings(t.db, [
      { endpointId: ep, ts: at('2025-01-01T00:00:00Z'), totalKwh: 1 },
      { endpointId: ep, ts: at('2025-02-01T00:00:00Z'), totalKwh: 2 },
    ]);
    deleteRawReadingsBefore(t.db, at('2025-01-15T00:00:00Z'));
    const r = importReadings(t.db, { endpointId: ep, format: 'csv', content: 'timestamp,totalKwh\n2025-02-02T00:00:00Z,3\n2025-01-10T00:00:00Z,1.5\n' });
    expect(r.inserted).toBe(1);
    expect(r.rejected).toEqual([{ line: 3, reason: expect.stringContaining('before which raw readings were purged') }]);
  });

  it('takes times without an offset in the given zone', () => {
    const r = importReadings(t.db, { endpointId: ep, format: 'csv', content: 'timestamp,totalKwh\n2025-07-01 00:00,5\n', timeZone: 'Europe/Berlin' });
    expect(r.first).toBe(at('2025-06-30T22:00:00Z'));
  });
});

describe('importReadings: dry run', () => {
  it('returns the report a real import gives and writes nothing', () => {
    const options: ImportOptions = { endpointId: ep, format: 'greenbutton', content: sample('MonthlyOnlyElectricData.xml') };
    const before = checksum();
    const dry = importReadings(t.db, { ...options, dryRun: true });
    expect(checksum()).toBe(before);
    expect(count()).toBe(0);
    expect(importReadings(t.db, options)).toEqual(dry);
    expect(count()).toBe(15);
    const dryAgain = importReadings(t.db, { ...options, dryRun: true });
    expect(dryAgain).toMatchObject({ inserted: 0, updated: 15 });
  });
});

describe('importReadings: a bad file changes nothing', () => {
  beforeEach(() => {
    importReadings(t.db, { endpointId: ep, format: 'csv', content: 'timestamp,totalKwh\n2025-01-01T00:00:00Z,1\n2025-01-01T01:00:00Z,2\n' });
  });

  const gb = (content: string): ImportOptions => ({ endpointId: ep, format: 'greenbutton', content });
  const csv = (content: string, mapping?: ImportOptions['mapping']): ImportOptions => ({ endpointId: ep, format: 'csv', content, mapping });
  const cases: Array<[string, () => ImportOptions, string, string]> = [
    ['truncated Green Button XML', () => gb(sample('15minLP_15Days.xml').slice(0, 150_000)), 'VALIDATION', 'not well-formed XML'],
    ['an HTML page as Green Button', () => gb('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>Session expired</body></html>'), 'VALIDATION', 'not well-formed XML'],
    ['a CSV as Green Button', () => gb('timestamp,totalKwh\n2025-01-01T00:00:00Z,1\n'), 'VALIDATION', 'not XML'],
    ['an empty file', () => csv('  \n'), 'VALIDATION', 'The file is empty'],
    ['wrong columns', () => csv('date,value\n2025-01-02T00:00:00Z,5\n'), 'VALIDATION', 'no timestamp and no totalKwh column'],
    ['all rows bad', () => csv('timestamp,totalKwh\n2025-01-02,5\nyesterday,6\n2025-01-03T00:00:00Z,x\n'), 'VALIDATION', 'No usable rows: all 3 were rejected (line 2:'],
    ['a usage point that is not in the feed', () => ({ ...gb(sample('1hrLP_32Days.xml')), mapping: { usagePoint: 'office' } }), 'VALIDATION', 'matches no UsagePoint'],
    ['an unknown endpoint', () => ({ ...csv('timestamp,totalKwh\n2025-01-02T00:00:00Z,5\n'), endpointId: 999 }), 'NOT_FOUND', 'No endpoint 999'],
    ['an unknown format', () => ({ ...csv('timestamp,totalKwh\n'), format: 'xlsx' as 'csv' }), 'VALIDATION', 'format must be "csv" or "greenbutton"'],
    ['a file over 50 MB', () => csv(`timestamp,totalKwh\n${'2025-01-02T00:00:00Z,5\n'.repeat(2_400_000)}`), 'VALIDATION', 'at most 50 MB'],
  ];
  for (const [what, options, code, message] of cases) {
    it(`refuses ${what}`, () => {
      const before = checksum();
      const e = rejection(() => importReadings(t.db, options()));
      expect(e.code).toBe(code);
      expect(e.message).toContain(message);
      expect(checksum()).toBe(before);
      expect(count()).toBe(2);
    });
  }

  it('refuses a feed whose IntervalReadings are all bad, with each reason in the details', () => {
    const xml = sample('MonthlyOnlyElectricData.xml').replace(/<value>\d+<\/value>/g, '<value>n/a</value>');
    const before = checksum();
    const e = rejection(() => importReadings(t.db, gb(xml)));
    expect(e.message).toContain('No usable rows: all 14 were rejected (line 1: value "n/a" is not a number');
    expect((e.details as { rejected: unknown[] }).rejected).toHaveLength(14);
    expect(checksum()).toBe(before);
  });

  it('refuses rows that all fall before purged raw data, writing nothing', () => {
    deleteRawReadingsBefore(t.db, at('2025-01-01T01:00:00Z'));
    const before = checksum();
    const e = rejection(() => importReadings(t.db, csv('timestamp,totalKwh\n2024-12-31T00:00:00Z,0.5\n')));
    expect(e.message).toContain('before which raw readings were purged');
    expect(checksum()).toBe(before);
  });
});
