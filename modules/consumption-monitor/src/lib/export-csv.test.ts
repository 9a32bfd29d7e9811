import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsumptionError } from './errors';
import { csvCell, monthlyCsv, readingsCsv } from './export-csv';
import { importReadings } from './import';
import { parseCsvRecords } from './import-csv';
import { ingestReadings } from './ingest';
import { listReadings } from './readings';
import { monthlySummary } from './reports';
import { setClientPrice } from './endpoints';
import { addEndpoint, at, openTestDb, type TestDb } from './test-db';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.close());

const lines = (csv: string): string[] => csv.split('\r\n').slice(0, -1);

describe('csvCell', () => {
  it('quotes per RFC 4180 and defuses formulas in text, never in numbers', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-rack')).toBe("'-rack");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell(-5.25)).toBe('-5.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });
});

describe('readingsCsv', () => {
  it('writes the header and one row per reading, times in the zone with their offset', () => {
    const a = addEndpoint(t.db, { name: 'Rack 1, row "A"' });
    const b = addEndpoint(t.db, { name: '=cmd|calc' });
    ingestReadings(t.db, [
      { endpointId: a, ts: at('2025-03-30T00:30:00Z'), totalKwh: 10.5, power: 1200, voltage: 231, current: 5.2, powerFactor: 0.99 },
      { endpointId: a, ts: at('2025-03-30T01:30:00.250Z'), totalKwh: 11 },
      { endpointId: b, ts: at('2025-03-30T01:00:00Z'), totalKwh: null, success: false, error: '-timeout, "page" blank' },
    ]);
    expect(lines(readingsCsv(t.db, { timeZone: 'Europe/Berlin' }))).toEqual([
      'endpointId,endpointName,timestamp,totalKwh,power,voltage,current,powerFactor,success,error',
      `${a},"Rack 1, row ""A""",2025-03-30T01:30:00+01:00,10.5,1200,231,5.2,0.99,true,`,
      `${a},"Rack 1, row ""A""",2025-03-30T03:30:00.250+02:00,11,,,,,true,`,
      `${b},'=cmd|calc,2025-03-30T03:00:00+02:00,,,,,,false,"'-timeout, ""page"" blank"`,
    ]);
  });

  it('filters by endpoint and [from, to), in UTC by default', () => {
    const a = addEndpoint(t.db, { name: 'a' });
    const b = addEndpoint(t.db, { name: 'b' });
    ingestReadings(t.db, [
      { endpointId: a, ts: at('2025-01-01T00:00:00Z'), totalKwh: 1 },
      { endpointId: a, ts: at('2025-01-02T00:00:00Z'), totalKwh: 2 },
      { endpointId: a, ts: at('2025-01-03T00:00:00Z'), totalKwh: 3 },
      { endpointId: b, ts: at('2025-01-02T00:00:00Z'), totalKwh: 9 },
    ]);
    expect(lines(readingsCsv(t.db, { endpointId: a, from: at('2025-01-02T00:00:00Z'), to: at('2025-01-03T00:00:00Z') })).slice(1)).toEqual([
      `${a},a,2025-01-02T00:00:00+00:00,2,,,,,true,`,
    ]);
    expect(lines(readingsCsv(t.db, {})).slice(1).map((l) => l.split(',')[1])).toEqual(['a', 'a', 'a', 'b']);
  });

  it('refuses an unknown endpoint, zone or range', () => {
    expect(() => readingsCsv(t.db, { endpointId: 42 })).toThrow(ConsumptionError);
    expect(() => readingsCsv(t.db, { timeZone: 'Nowhere/City' })).toThrow('Unknown time zone');
    expect(() => readingsCsv(t.db, { from: 10, to: 5 })).toThrow('from must be before to');
  });

  it('round-trips: an export imports into another endpoint with the default mapping, reading for reading', () => {
    const source = addEndpoint(t.db, { name: '-source' });
    const target = addEndpoint(t.db, { name: 'target' });
    ingestReadings(t.db, [
      { endpointId: source, ts: at('2025-10-25T23:59:59.999Z'), totalKwh: 99.125, power: -12.5, voltage: 229.9, current: 0.05, powerFactor: 1 },
      { endpointId: source, ts: at('2025-10-26T00:30:00Z'), totalKwh: 100, power: 1e-7 },
      { endpointId: source, ts: at('2025-10-26T01:30:00Z'), totalKwh: null, success: false, error: '=1+1, "quoted"\nsecond line' },
      { endpointId: source, ts: at('2025-10-26T02:30:00Z'), totalKwh: 3, error: null },
    ]);
    // Berlin's clocks go back on 2025-10-26: 02:30 local happens twice; the offsets tell which.
    const csv = readingsCsv(t.db, { endpointId: source, timeZone: 'Europe/Berlin' });
    const report = importReadings(t.db, { endpointId: target, format: 'csv', content: csv });
    expect(report).toMatchObject({ inserted: 4, updated: 0, rejected: [] });
    const strip = (id: number): unknown[] => listReadings(t.db, { endpointId: id, limit: 100 }).readings.map(({ endpointId: _e, raw: _r, ...rest }) => rest);
    expect(strip(target)).toEqual(strip(source));
    expect(readingsCsv(t.db, { endpointId: target, timeZone: 'Europe/Berlin' }).split('\r\n').slice(1)).toEqual(
      csv
        .split('\r\n')
        .slice(1)
        .map((l) => l.replace(`${source},'-source`, `${target},target`)),
    );
  });
});

describe('monthlyCsv', () => {
  it('lists each endpoint with its counters, then client totals and the grand total, matching monthlySummary', () => {
    const a = addEndpoint(t.db, { name: 'a', clientName: 'ACME', price: 0.3 });
    const b = addEndpoint(t.db, { name: 'b', clientName: 'ACME' });
    const c = addEndpoint(t.db, { name: '@home', clientName: '+Beta' });
    setClientPrice(t.db, '+Beta', 0.25);
    ingestReadings(t.db, [
      { endpointId: a, ts: at('2025-02-28T23:00:00Z'), totalKwh: 100 },
      { endpointId: a, ts: at('2025-03-31T22:00:00Z'), totalKwh: 150 },
      { endpointId: b, ts: at('2025-03-10T00:00:00Z'), totalKwh: 7 },
      { endpointId: b, ts: at('2025-03-20T00:00:00Z'), totalKwh: 17 },
      { endpointId: c, ts: at('2025-02-28T23:00:00Z'), totalKwh: 0 },
      { endpointId: c, ts: at('2025-03-31T22:00:00Z'), totalKwh: 8 },
    ]);
    const csv = monthlyCsv(t.db, { year: 2025, month: 3, timeZone: 'Europe/Berlin' });
    expect(lines(csv)).toEqual([
      'kind,endpointId,endpoint,client,consumptionKwh,startKwh,endKwh,complete,pricePerKwh,cost',
      `endpoint,${c},'@home,'+Beta,8,0,8,true,0.25,2`,
      `endpoint,${a},a,ACME,50,100,150,true,0.3,15`,
      `endpoint,${b},b,ACME,10,7,17,false,,`,
      `client,,,'+Beta,8,,,true,,2`,
      'client,,,ACME,60,,,false,,',
      'total,,,,68,,,false,,17',
    ]);
    const s = monthlySummary(t.db, 2025, 3, 'Europe/Berlin');
    expect(s.totalKwh).toBe(68);
    expect(s.totalCost).toBe(17);
    // Every row parses back to the header's width.
    expect(parseCsvRecords(csv, ',').every((r) => r.fields.length === 10)).toBe(true);
  });

  it('refuses a bad month or zone', () => {
    expect(() => monthlyCsv(t.db, { year: 2025, month: 13, timeZone: 'UTC' })).toThrow('month must be an integer from 1 to 12');
    expect(() => monthlyCsv(t.db, { year: 2025, month: 1, timeZone: 'Atlantis' })).toThrow('Unknown time zone');
  });
});

describe('readingsCsv of a Green Button import', () => {
  it('exports the imported counter, which re-imports into an identical series', () => {
    const gb = addEndpoint(t.db, { name: 'utility' });
    const copy = addEndpoint(t.db, { name: 'copy' });
    importReadings(t.db, { endpointId: gb, format: 'greenbutton', content: readFileSync('/work/shared/testdata/greenbutton/MonthlyOnlyElectricData.xml', 'utf8') });
    const csv = readingsCsv(t.db, { endpointId: gb, timeZone: 'America/New_York' });
    expect(lines(csv)[1]).toBe(`${gb},utility,2011-08-26T00:00:00-04:00,0,,,,,true,`);
    expect(importReadings(t.db, { endpointId: copy, format: 'csv', content: csv })).toMatchObject({ inserted: 15, rejected: [] });
    // Every billing month reads the same from the copy as from the original.
    for (const [year, month] of [[2011, 9], [2011, 12], [2012, 3], [2012, 9]] as const) {
      const byId = new Map(monthlySummary(t.db, year, month, 'America/New_York').endpoints.map((e) => [e.endpointId, e]));
      expect(byId.get(copy)!.consumptionKwh).toBe(byId.get(gb)!.consumptionKwh);
      expect(byId.get(copy)!.complete).toBe(byId.get(gb)!.complete);
      expect(byId.get(gb)!.consumptionKwh).toBeGreaterThan(0);
    }
  });
});
