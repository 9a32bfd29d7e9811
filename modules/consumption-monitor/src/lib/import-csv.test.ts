import { describe, expect, it } from 'vitest';
import { parseCsvRecords, parseReadingsCsv, parseTime } from './import-csv';
import { at, rejection } from './test-db';

describe('parseCsvRecords', () => {
  it('reads quoted fields, doubled quotes, delimiters and line breaks inside quotes, with the line each record starts on', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",3\r\n"two\r\nlines",,"end"\n\n  \nlast,"",\n';
    expect(parseCsvRecords(text, ',')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', '3'] },
      { line: 3, fields: ['two\r\nlines', '', 'end'] },
      { line: 7, fields: ['last', '', ''] },
    ]);
  });

  it('strips a BOM, accepts old Mac CR line ends and skips rows of empty cells', () => {
    expect(parseCsvRecords('\uFEFFa;b\r1;2\r;\r3;4', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('marks text after a closing quote on its record, and fails a quote that never closes', () => {
    expect(parseCsvRecords('a,b\n"1"x,2\n', ',')[1]).toEqual({ line: 2, fields: ['1', '2'], error: 'text after a closing quote ("x")' });
    const e = rejection(() => parseCsvRecords('a,b\n1,2\n"3,4\n5,6\n', ','));
    expect(e.message).toContain('Line 3: a quoted field is never closed');
  });
});

describe('parseTime', () => {
  it('reads ISO 8601 with an offset or Z, and epoch milliseconds', () => {
    expect(parseTime('2025-03-01T00:15:00+01:00', 'timestamp', undefined)).toBe(at('2025-02-28T23:15:00Z'));
    expect(parseTime('2025-03-01 00:15:00.250Z', 'timestamp', undefined)).toBe(at('2025-03-01T00:15:00.250Z'));
    expect(parseTime('2025-03-01T00:15-0530', 'timestamp', undefined)).toBe(at('2025-03-01T05:45:00Z'));
    expect(parseTime(' 1740787200000 ', 'timestamp', undefined)).toBe(1_740_787_200_000);
  });

  it('rejects times without an offset unless a zone is given, and then the ones DST skips or repeats', () => {
    expect(parseTime('2025-03-01T00:15:00', 'Zeit', undefined)).toBe(
      'Zeit "2025-03-01T00:15:00" has no UTC offset, so the instant is ambiguous: add the offset (e.g. +01:00 or Z) or give a time zone (mapping.timeZone)',
    );
    expect(parseTime('2025-03-01T00:15:00', 'Zeit', 'Europe/Berlin')).toBe(at('2025-02-28T23:15:00Z'));
    expect(parseTime('2025-07-01', 'Zeit', 'Europe/Berlin')).toBe(at('2025-06-30T22:00:00Z'));
    expect(parseTime('2025-03-30T02:30:00', 'Zeit', 'Europe/Berlin')).toBe('Zeit "2025-03-30T02:30:00" does not exist in Europe/Berlin (the clocks jump over it)');
    expect(parseTime('2025-10-26T02:30:00', 'Zeit', 'Europe/Berlin')).toContain('occurs twice in Europe/Berlin');
    expect(parseTime('2025-10-26T02:30:00+02:00', 'Zeit', 'Europe/Berlin')).toBe(at('2025-10-26T00:30:00Z'));
  });

  it('rejects impossible dates, epoch seconds and other text, naming the column and value', () => {
    expect(parseTime('2025-02-29T00:00:00Z', 't', undefined)).toBe('t "2025-02-29T00:00:00Z" is not a valid date and time');
    expect(parseTime('2025-01-01T24:00:00Z', 't', undefined)).toBe('t "2025-01-01T24:00:00Z" is not a valid date and time');
    expect(parseTime('1740787200', 't', undefined)).toContain('epoch seconds?');
    expect(parseTime('01/03/2025 10:00', 't', undefined)).toBe('t "01/03/2025 10:00" is neither ISO 8601 (2025-03-01T00:15:00+01:00) nor epoch milliseconds');
    expect(parseTime('', 't', undefined)).toBe('t is empty');
  });
});

describe('parseReadingsCsv', () => {
  it('reads the default columns in any case and order, with the optional ones, and ignores others', () => {
    const csv = 'Note,TOTALKWH,Timestamp,power,Voltage,current,powerfactor\nfirst,100.5,2025-01-01T00:00:00Z,1200,230.1,5.2,0.98\nsecond,101,1735693200000,,,,\n';
    const { rows, rejected } = parseReadingsCsv(csv);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 2, reading: { ts: at('2025-01-01T00:00:00Z'), totalKwh: 100.5, power: 1200, voltage: 230.1, current: 5.2, powerFactor: 0.98, success: true, error: null } },
      { line: 3, reading: { ts: at('2025-01-01T01:00:00Z'), totalKwh: 101, power: null, voltage: null, current: null, powerFactor: null, success: true, error: null } },
    ]);
  });

  it('maps other column names, a semicolon delimiter, a decimal comma and a time zone', () => {
    const csv = '\uFEFFZeitpunkt;Zählerstand;Leistung\r\n01.01.2025;1;2\r\n2025-01-01 00:00;1234,5;980,25\r\n2025-01-01 01:00;1.234,6;\r\n';
    const { rows, rejected } = parseReadingsCsv(csv, { timestamp: 'zeitpunkt', totalKwh: 'Zählerstand', power: 'Leistung', decimal: ',', timeZone: 'Europe/Berlin' });
    expect(rows).toEqual([{ line: 3, reading: expect.objectContaining({ ts: at('2024-12-31T23:00:00Z'), totalKwh: 1234.5, power: 980.25 }) }]);
    expect(rejected).toEqual([
      { line: 2, reason: expect.stringContaining('Zeitpunkt "01.01.2025" is neither ISO 8601') },
      { line: 4, reason: 'Zählerstand "1.234,6" is not a number' },
    ]);
  });

  it('finds a semicolon or tab delimiter from the header when none is given', () => {
    expect(parseReadingsCsv('timestamp;totalKwh\n2025-01-01T00:00:00Z;7\n').rows[0]!.reading.totalKwh).toBe(7);
    expect(parseReadingsCsv('timestamp\ttotalKwh\n2025-01-01T00:00:00Z\t8\n').rows[0]!.reading.totalKwh).toBe(8);
  });

  it('rejects bad rows with the line, the column and the value, and keeps the good ones', () => {
    const csv = [
      'timestamp,totalKwh,power',
      '2025-01-01T00:00:00Z,10,',
      '2025-01-01T01:00:00Z,abc,',
      '2025-01-01T02:00:00Z,,',
      '2025-01-01T03:00:00Z,-4,',
      '2025-01-01T04:00:00Z,12,lots',
      '2025-01-01T05:00:00Z,13',
      '2025-01-01T00:00:00Z,10.5,',
      '2025-01-01T06:00:00Z,"1,5",',
      '2025-01-01T07:00:00Z,14,',
    ].join('\n');
    const { rows, rejected } = parseReadingsCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2, 10]);
    expect(rejected).toEqual([
      { line: 3, reason: 'totalKwh "abc" is not a number' },
      { line: 4, reason: 'totalKwh is empty' },
      { line: 5, reason: 'totalKwh "-4" is negative: a meter\'s counter cannot be' },
      { line: 6, reason: 'power "lots" is not a number' },
      { line: 7, reason: 'the row has 2 fields, the header has 3' },
      { line: 8, reason: 'timestamp "2025-01-01T00:00:00Z" repeats the time of line 2' },
      { line: 9, reason: 'totalKwh "1,5" is not a number (decimal comma? set mapping.decimal to ",")' },
    ]);
  });

  it('reads success and error columns: a failed reading may have no counter', () => {
    const csv = "timestamp,totalKwh,success,error\n2025-01-01T00:00:00Z,,false,\"'=timeout, retried\"\n2025-01-01T00:15:00Z,5,true,\n2025-01-01T00:30:00Z,5,maybe,\n";
    const { rows, rejected } = parseReadingsCsv(csv);
    expect(rows.map((r) => [r.reading.success, r.reading.totalKwh, r.reading.error])).toEqual([
      [false, null, '=timeout, retried'],
      [true, 5, null],
    ]);
    expect(rejected).toEqual([{ line: 4, reason: 'success "maybe" is not true or false' }]);
  });

  it('refuses files it cannot read as readings, saying what to do', () => {
    const cases: Array<[string, Parameters<typeof parseReadingsCsv>[1], string]> = [
      ['', {}, 'The file is empty'],
      ['time,kwh\n2025-01-01T00:00:00Z,1\n', {}, 'The CSV has no timestamp and no totalKwh column'],
      ['timestamp,energy\n2025-01-01T00:00:00Z,1\n', {}, 'no totalKwh column'],
      ['timestamp,totalKwh\n2025-01-01T00:00:00Z,1\n', { power: 'Watts' }, 'mapping.power names the column "Watts", which the header does not have. The header has: timestamp, totalKwh.'],
      ['timestamp,totalKwh,TotalKWh\n', {}, 'two columns named "totalKwh"'],
      ['timestamp,totalKwh\n', {}, 'a header but no rows'],
      ['<html><body>Sign in</body></html>', {}, 'The CSV has no timestamp'],
      ['timestamp,totalKwh\n1,2\0\n', {}, 'binary'],
      ['timestamp,totalKwh\n2025-01-01T00:00:00Z,1\n', { decimal: ',', delimiter: ',' }, 'A decimal comma needs another delimiter'],
      ['timestamp,totalKwh\n2025-01-01T00:00:00,1\n', { timeZone: 'Mars/Olympus' }, 'Unknown time zone "Mars/Olympus"'],
      ['endpointId,timestamp,totalKwh\n1,2025-01-01T00:00:00Z,1\n2,2025-01-01T00:00:00Z,1\n', {}, 'readings of several endpoints'],
    ];
    for (const [csv, mapping, message] of cases) {
      const e = rejection(() => parseReadingsCsv(csv, mapping));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain(message);
    }
  });
});
