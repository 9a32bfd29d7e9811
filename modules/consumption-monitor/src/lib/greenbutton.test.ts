import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rejection } from './test-db';
import { parseGreenButton } from './greenbutton';
import { cumulativeReadings } from './import';

const SAMPLES = '/work/shared/testdata/greenbutton';
const sample = (name: string): string => readFileSync(`${SAMPLES}/${name}`, 'utf8');

/**
 * Expected figures were read from the files with grep and awk, not with this parser: the count
 * of <IntervalReading> elements, the sum of their <value>s, the first <start> and the last
 * start + duration. Every sample's intervals are contiguous (no gaps, no overlaps).
 */
const EXPECTED = [
  { file: '15minLP_15Days.xml', readings: 1340, sumValue: 1_397_734, first: 1_330_578_000, last: 1_331_784_000, exponent: -3, title: 'Fifteen Minute Electricity Consumption' },
  { file: '1hrLP_32Days.xml', readings: 768, sumValue: 2_354_843, first: 1_333_252_800, last: 1_336_017_600, exponent: -3, title: 'Hourly Electricity Consumption' },
  { file: 'hourlyForMonthMar.xml', readings: 743, sumValue: 2_278_213, first: 1_298_955_600, last: 1_301_630_400, exponent: -3, title: 'Hourly Electricity Consumption' },
  // powerOfTenMultiplier 3 on Wh: each value is kWh.
  { file: 'MonthlyOnlyElectricData.xml', readings: 14, sumValue: 9567, first: 1_314_331_200, last: 1_348_977_600, exponent: 0, title: 'Monthly Electricity Consumption' },
];

describe('parseGreenButton on the published samples', () => {
  for (const e of EXPECTED) {
    it(`reads ${e.file}`, () => {
      const data = parseGreenButton(sample(e.file));
      expect(data.rejected).toEqual([]);
      expect(data.intervals).toHaveLength(e.readings);
      expect(data.exponent).toBe(e.exponent);
      expect(data.intervals.reduce((s, iv) => s + iv.value, 0)).toBe(e.sumValue);
      expect(data.intervals[0]!.start).toBe(e.first * 1000);
      expect(data.intervals.at(-1)!.end).toBe(e.last * 1000);
      expect(data.source.meterReading.title).toBe(e.title);
      expect(data.source.usagePoints).toHaveLength(1);
      expect(data.source.usagePoints[0]!.kind).toBe(0);
      // Contiguous intervals: one reading per boundary, n + 1 in all.
      const readings = cumulativeReadings(data, 0);
      expect(readings).toHaveLength(e.readings + 1);
      expect(readings.at(-1)!.totalKwh).toBeCloseTo(e.sumValue * 10 ** e.exponent, 9);
    });
  }

  it('numbers IntervalReadings from 1 in file order', () => {
    const data = parseGreenButton(sample('MonthlyOnlyElectricData.xml'));
    expect(data.intervals.map((i) => i.line)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    // The first billing period: 778 kWh from 2011-08-26 04:00Z for 2 678 400 s (31 days).
    expect(data.intervals[0]).toEqual({ line: 1, start: Date.UTC(2011, 7, 26, 4), end: Date.UTC(2011, 8, 26, 4), value: 778 });
  });
});

interface Reading {
  start: number | string;
  duration?: number | string;
  value?: number | string;
}

/** A feed in the shape utilities publish, with espi: and atom: prefixes as some of them write it. */
function feed(opts: {
  points?: Array<{ n: number; kind: number | null; title: string; meters: Array<{ n: number; title: string; rt: number; readings: Reading[] }> }>;
  types?: Array<{ n: number; uom: number; power?: number; accumulation?: number; flow?: number; interval?: number }>;
}): string {
  const points = opts.points ?? [];
  const types = opts.types ?? [{ n: 1, uom: 72 }];
  const base = 'https://utility.example/DataCustodian/espi/1_1/resource/RetailCustomer/9/UsagePoint';
  const entries: string[] = [];
  for (const p of points) {
    entries.push(`<atom:entry><atom:id>urn:uuid:up-${p.n}</atom:id>
      <atom:link rel="self" href="${base}/${p.n}"/><atom:link rel="related" href="${base}/${p.n}/MeterReading"/>
      <atom:title>${p.title}</atom:title>
      <atom:content><espi:UsagePoint>${p.kind === null ? '' : `<espi:ServiceCategory><espi:kind>${p.kind}</espi:kind></espi:ServiceCategory>`}</espi:UsagePoint></atom:content></atom:entry>`);
    for (const m of p.meters) {
      const self = `${base}/${p.n}/MeterReading/${m.n}`;
      entries.push(`<atom:entry><atom:id>urn:uuid:mr-${p.n}-${m.n}</atom:id>
        <atom:link rel="self" href="${self}"/><atom:link rel="up" href="${base}/${p.n}/MeterReading"/>
        <atom:link rel="related" href="${self}/IntervalBlock"/><atom:link rel="related" href="https://utility.example/DataCustodian/espi/1_1/resource/ReadingType/${m.rt}"/>
        <atom:title>${m.title}</atom:title><atom:content><espi:MeterReading/></atom:content></atom:entry>`);
      const readings = m.readings
        .map(
          (r) =>
            `<espi:IntervalReading><espi:timePeriod>${r.duration === undefined ? '' : `<espi:duration>${r.duration}</espi:duration>`}<espi:start>${r.start}</espi:start></espi:timePeriod>${
              r.value === undefined ? '' : `<espi:value>${r.value}</espi:value>`
            }</espi:IntervalReading>`,
        )
        .join('');
      entries.push(`<atom:entry><atom:link rel="self" href="${self}/IntervalBlock/1"/><atom:link rel="up" href="${self}/IntervalBlock"/>
        <atom:content><espi:IntervalBlock>${readings}</espi:IntervalBlock></atom:content></atom:entry>`);
    }
  }
  for (const t of types) {
    entries.push(`<atom:entry><atom:link rel="self" href="https://utility.example/DataCustodian/espi/1_1/resource/ReadingType/${t.n}"/>
      <atom:content><espi:ReadingType>${t.accumulation === undefined ? '' : `<espi:accumulationBehaviour>${t.accumulation}</espi:accumulationBehaviour>`}
      ${t.flow === undefined ? '' : `<espi:flowDirection>${t.flow}</espi:flowDirection>`}${t.interval === undefined ? '' : `<espi:intervalLength>${t.interval}</espi:intervalLength>`}
      <espi:powerOfTenMultiplier>${t.power ?? 0}</espi:powerOfTenMultiplier><espi:uom>${t.uom}</espi:uom></espi:ReadingType></atom:content></atom:entry>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<atom:feed xmlns:atom="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">${entries.join('\n')}</atom:feed>`;
}

const hourly = (from: number, values: number[]): Reading[] => values.map((value, i) => ({ start: from + i * 3600, duration: 3600, value }));
const T0 = 1_700_000_000 - (1_700_000_000 % 3600);

describe('parseGreenButton: choosing what to import', () => {
  const electric = { n: 1, kind: 0, title: 'Main house', meters: [{ n: 1, title: 'Hourly', rt: 1, readings: hourly(T0, [100, 200]) }] };
  const gas = { n: 2, kind: 1, title: 'Gas meter', meters: [{ n: 1, title: 'Gas hourly', rt: 2, readings: hourly(T0, [5, 5]) }] };
  const garage = { n: 3, kind: 0, title: 'Garage', meters: [{ n: 1, title: 'Garage hourly', rt: 1, readings: hourly(T0, [7, 8, 9]) }] };
  const types = [
    { n: 1, uom: 72 },
    { n: 2, uom: 169 },
  ];

  it('takes the electricity usage point of a feed that also holds gas, and says which', () => {
    const data = parseGreenButton(feed({ points: [gas, electric], types }));
    expect(data.source.usagePoint).toEqual({ title: 'Main house', href: 'DataCustodian/espi/1_1/resource/RetailCustomer/9/UsagePoint/1' });
    expect(data.source.meterReading.title).toBe('Hourly');
    expect(data.source.usagePoints.map((p) => [p.title, p.kind])).toEqual([
      ['Gas meter', 1],
      ['Main house', 0],
    ]);
    expect(data.intervals.map((i) => i.value)).toEqual([100, 200]);
    // IntervalReadings are numbered over the whole file: the gas meter's two come first.
    expect(data.intervals.map((i) => i.line)).toEqual([3, 4]);
  });

  it('takes the first electricity usage point unless mapping.usagePoint names another', () => {
    expect(parseGreenButton(feed({ points: [electric, garage], types })).source.usagePoint!.title).toBe('Main house');
    const byTitle = parseGreenButton(feed({ points: [electric, garage], types }), { usagePoint: 'garage' });
    expect(byTitle.source.usagePoint!.title).toBe('Garage');
    expect(byTitle.intervals.map((i) => i.value)).toEqual([7, 8, 9]);
    const byHref = parseGreenButton(feed({ points: [electric, garage], types }), { usagePoint: 'UsagePoint/3' });
    expect(byHref.source.usagePoint!.title).toBe('Garage');
  });

  it('refuses a usage point that does not exist or is not electricity', () => {
    const missing = rejection(() => parseGreenButton(feed({ points: [electric, garage], types }), { usagePoint: 'Barn' }));
    expect(missing.message).toContain('mapping.usagePoint "Barn" matches no UsagePoint');
    expect(missing.message).toContain('"Garage"');
    const notPower = rejection(() => parseGreenButton(feed({ points: [electric, gas], types }), { usagePoint: 'Gas meter' }));
    expect(notPower.message).toContain('is gas (ServiceCategory kind 1), not electricity');
  });

  it('refuses a mapping that is not a name', () => {
    expect(rejection(() => parseGreenButton(feed({ points: [electric], types }), { usagePoint: 3 as unknown as string })).message).toBe(
      "mapping.usagePoint must be a title or href of the file's UsagePoint",
    );
  });

  it('refuses a feed with no electricity usage point', () => {
    const e = rejection(() => parseGreenButton(feed({ points: [gas], types })));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('no electricity UsagePoint');
  });

  it('prefers delivered energy and the finest interval among meter readings, and lets mapping.meterReading choose', () => {
    const point = {
      n: 1,
      kind: 0,
      title: 'House',
      meters: [
        { n: 1, title: 'Monthly', rt: 1, readings: [{ start: T0, duration: 2_592_000, value: 700 }] },
        { n: 2, title: 'Exported', rt: 3, readings: hourly(T0, [1]) },
        { n: 3, title: 'Quarter hours', rt: 2, readings: [{ start: T0, duration: 900, value: 3 }] },
      ],
    };
    const rts = [
      { n: 1, uom: 72, interval: 2_592_000, flow: 1 },
      { n: 2, uom: 72, interval: 900, flow: 1 },
      { n: 3, uom: 72, interval: 300, flow: 19 },
    ];
    const data = parseGreenButton(feed({ points: [point], types: rts }));
    expect(data.source.meterReading.title).toBe('Quarter hours');
    expect(data.source.meterReadings.map((m) => m.title)).toEqual(['Monthly', 'Exported', 'Quarter hours']);
    expect(parseGreenButton(feed({ points: [point], types: rts }), { meterReading: 'monthly' }).intervals.map((i) => i.value)).toEqual([700]);
    expect(rejection(() => parseGreenButton(feed({ points: [point], types: rts }), { meterReading: 'Daily' })).message).toContain('"Daily" matches no MeterReading');
  });

  it('refuses a unit other than Wh and register readings, naming the meter reading', () => {
    const one = (rt: { uom: number; accumulation?: number }): string =>
      feed({ points: [{ n: 1, kind: 0, title: 'House', meters: [{ n: 1, title: 'Demand', rt: 1, readings: hourly(T0, [1]) }] }], types: [{ n: 1, ...rt }] });
    const watts = rejection(() => parseGreenButton(one({ uom: 38 })));
    expect(watts.message).toContain('MeterReading "Demand"');
    expect(watts.message).toContain('uom 38, not 72 (Wh)');
    const register = rejection(() => parseGreenButton(one({ uom: 72, accumulation: 1 })));
    expect(register.message).toContain('accumulationBehaviour 1');
    expect(register.message).toContain('CSV');
    // Wh × 10^3 is kWh; Wh × 10^-1 is tenths of a Wh.
    const kwh = feed({ points: [{ n: 1, kind: 0, title: 'House', meters: [{ n: 1, title: 'M', rt: 1, readings: hourly(T0, [2]) }] }], types: [{ n: 1, uom: 72, power: 3, accumulation: 4 }] });
    expect(cumulativeReadings(parseGreenButton(kwh), 0).at(-1)!.totalKwh).toBe(2);
    const tenths = feed({ points: [{ n: 1, kind: 0, title: 'House', meters: [{ n: 1, title: 'M', rt: 1, readings: hourly(T0, [25]) }] }], types: [{ n: 1, uom: 72, power: -1 }] });
    expect(cumulativeReadings(parseGreenButton(tenths), 0).at(-1)!.totalKwh).toBe(0.0025);
  });
});

describe('parseGreenButton: bad readings', () => {
  const withReadings = (readings: Reading[]): string => feed({ points: [{ n: 1, kind: 0, title: 'House', meters: [{ n: 1, title: 'Hourly', rt: 1, readings }] }] });

  it('rejects each bad, duplicate or overlapping IntervalReading with its position and reason, and keeps the rest', () => {
    const data = parseGreenButton(
      withReadings([
        { start: T0, duration: 3600, value: 100 },
        { start: T0 + 3600, duration: 3600, value: 'abc' },
        { start: T0 + 7200, duration: 3600, value: -5 },
        { start: 'yesterday', duration: 3600, value: 1 },
        { start: T0 + 3600, duration: 0, value: 1 },
        { start: T0 + 3600, duration: 3600 },
        { start: T0 + 3600, duration: 3600, value: 150 },
        { start: T0 + 3600, duration: 3600, value: 150 },
        { start: T0 + 5400, duration: 3600, value: 7 },
        { start: T0 + 7200, duration: 3600, value: 120 },
      ]),
    );
    expect(data.intervals.map((i) => [i.line, i.value])).toEqual([
      [1, 100],
      [7, 150],
      [10, 120],
    ]);
    const iso = (s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    expect(data.rejected).toEqual([
      { line: 2, reason: 'value "abc" is not a number' },
      { line: 3, reason: expect.stringContaining('value -5 is negative') },
      { line: 4, reason: 'timePeriod/start "yesterday" is not a whole number of epoch seconds' },
      { line: 5, reason: 'timePeriod/duration "0" is not a positive whole number of seconds' },
      { line: 6, reason: 'IntervalReading has no value' },
      { line: 8, reason: `duplicate of IntervalReading 7: same timePeriod ${iso(T0 + 3600)} to ${iso(T0 + 7200)}` },
      { line: 9, reason: `timePeriod ${iso(T0 + 5400)} to ${iso(T0 + 9000)} overlaps IntervalReading 7 (${iso(T0 + 3600)} to ${iso(T0 + 7200)})` },
    ]);
  });

  it('sorts intervals given out of order, and a gap adds no energy', () => {
    const data = parseGreenButton(
      withReadings([
        { start: T0 + 7200, duration: 3600, value: 300 },
        { start: T0, duration: 3600, value: 100 },
      ]),
    );
    expect(cumulativeReadings(data, 50)).toEqual([
      { line: 2, ts: T0 * 1000, totalKwh: 50 },
      { line: 2, ts: (T0 + 3600) * 1000, totalKwh: 50.1 },
      // Nothing is known about 01:00–02:00: the counter stays until the next interval starts.
      { line: 1, ts: (T0 + 7200) * 1000, totalKwh: 50.1 },
      { line: 1, ts: (T0 + 10800) * 1000, totalKwh: 50.4 },
    ]);
  });
});

describe('parseGreenButton: files that are not Green Button', () => {
  const cases: Array<[string, string, string]> = [
    ['truncated XML', sample('1hrLP_32Days.xml').slice(0, 40_000), 'not well-formed XML'],
    ['an HTML page', '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Login</title></head><body>Sign in<br></body></html>', 'not well-formed XML'],
    ['well-formed XHTML', '<html><body><p>Please sign in</p></body></html>', 'root element is <html>'],
    ['a CSV file', 'timestamp,totalKwh\n2025-01-01T00:00:00Z,1\n', 'not XML'],
    ['an Atom feed without usage', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>news</title></entry></feed>', 'no MeterReading and no IntervalBlock'],
  ];
  for (const [what, content, message] of cases) {
    it(`refuses ${what}`, () => {
      const e = rejection(() => parseGreenButton(content));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain(message);
    });
  }
});
