import { describe, expect, it } from 'vitest';
import { applyRegex, compileRegex, parseNumber, parseText } from './parse-number';

describe('parseNumber', () => {
  it.each([
    ['1.234,5 kWh', 1234.5],
    ['1,234.5', 1234.5],
    ['1234.5', 1234.5],
    ['1234,5', 1234.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234,5 kWh', 1234.5],
    ['1\u202f234,5', 1234.5],
    ["12'345.6", 12345.6],
    ['12,5', 12.5],
    ['-3.2', -3.2],
    ['\u22123,2 A', -3.2],
    ['+7', 7],
    ['0,981', 0.981],
    ['0.981', 0.981],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['1,234,567.89', 1234567.89],
    ['1 234 567', 1234567],
    ['42', 42],
    ['  Total energy: 12 345,678 kWh  ', 12345.678],
    ['Energy\n\t1,234.5\n kWh', 1234.5],
    ['230.1 V', 230.1],
    ['PF 0.98', 0.98],
    ['Power: 968 W', 968],
    ['1234.', 1234],
    ['Total: 1234.5.', 1234.5],
  ])('%j → %d', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it('skips digits glued to a word, so labels are not read as values', () => {
    expect(parseNumber('L1 230.4 V')).toBe(230.4);
    expect(parseNumber('Outlet12: 3.5 A')).toBe(3.5);
    expect(parseNumber('kWh(L2)=17,5')).toBe(17.5);
  });

  it('reads a hyphen glued to a word as a hyphen, not a minus', () => {
    expect(parseNumber('L1-N 231 V')).toBe(231);
    expect(parseNumber('Phase-3')).toBe(3);
    expect(parseNumber('Δ -3.5 kWh')).toBe(-3.5);
  });

  describe('one separator followed by exactly three digits (rule 5)', () => {
    it('is a decimal separator without a hint', () => {
      expect(parseNumber('1.234')).toBe(1.234);
      expect(parseNumber('1,234')).toBe(1.234);
      expect(parseNumber('123.456 kWh')).toBe(123.456);
    });

    it('groups thousands when the hint names the other separator', () => {
      expect(parseNumber('1.234', { decimal: ',' })).toBe(1234);
      expect(parseNumber('1,234', { decimal: '.' })).toBe(1234);
      expect(parseNumber('999.999 kWh', { decimal: ',' })).toBe(999999);
    });

    it('stays decimal when the hint names the same separator', () => {
      expect(parseNumber('1.234', { decimal: '.' })).toBe(1.234);
      expect(parseNumber('1,234', { decimal: ',' })).toBe(1.234);
    });

    it('stays decimal when the digits before cannot be a thousands group', () => {
      expect(parseNumber('0,981', { decimal: '.' })).toBe(0.981);
      expect(parseNumber('0.125', { decimal: ',' })).toBe(0.125);
      expect(parseNumber('1234.567', { decimal: ',' })).toBe(1234.567);
    });

    it('stays decimal when spaces already group the thousands', () => {
      expect(parseNumber('1 234.567', { decimal: ',' })).toBe(1234.567);
    });

    it('ignores the hint when fewer or more than three digits follow', () => {
      expect(parseNumber('12.5', { decimal: ',' })).toBe(12.5);
      expect(parseNumber('1,2345', { decimal: '.' })).toBe(1.2345);
    });
  });

  it('gives null for malformed groups rather than a wrong reading', () => {
    expect(parseNumber('26.11.2025')).toBeNull();
    expect(parseNumber('1,2.5')).toBeNull();
    expect(parseNumber('1.23,4.5')).toBeNull();
    expect(parseNumber('1.2345.678')).toBeNull();
  });

  it('gives null when there is no number', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('—')).toBeNull();
    expect(parseNumber('Loading…')).toBeNull();
    expect(parseNumber('n/a kWh')).toBeNull();
  });

  it('does not take spaces before a unit or a second number as grouping', () => {
    expect(parseNumber('230 V')).toBe(230);
    expect(parseNumber('12 5')).toBe(12);
    expect(parseNumber('1 2345')).toBe(1);
  });

  describe('with a regex', () => {
    it('reads the first capture group', () => {
      expect(parseNumber('V: 230.1 / E: 1.234,5 kWh', { regex: 'E:\\s*([\\d.,]+)' })).toBe(1234.5);
    });

    it('prefers a group named value', () => {
      expect(parseNumber('L1 12.5 A, L2 13.5 A', { regex: '(L\\d) (?<value>[\\d.]+) A' })).toBe(12.5);
    });

    it('takes the whole match without groups', () => {
      expect(parseNumber('meter 7: total 99,5 kWh', { regex: 'total [\\d,]+' })).toBe(99.5);
    });

    it('accepts a /literal/ with flags', () => {
      expect(parseNumber('ENERGY = 12.25 KWH', { regex: '/energy = ([\\d.]+) kwh/i' })).toBe(12.25);
    });

    it('gives null when the regex does not match', () => {
      expect(parseNumber('1234.5 kWh', { regex: 'MWh' })).toBeNull();
    });

    it('skips a group that did not take part in the match', () => {
      expect(applyRegex('b 42', '(a \\d+)|b (\\d+)')).toBe('42');
    });

    it('combines with the decimal hint', () => {
      expect(parseNumber('Zählerstand: 1.234 kWh', { regex: 'Zählerstand: (\\S+)', decimal: ',' })).toBe(1234);
    });
  });
});

describe('parseText', () => {
  it('collapses whitespace and trims', () => {
    expect(parseText('  Rack\n  A-12  ')).toBe('Rack A-12');
  });

  it('applies a regex and gives null for empty text', () => {
    expect(parseText('Firmware v6.9.6 (build 41)', { regex: 'v(\\S+)' })).toBe('6.9.6');
    expect(parseText('   ')).toBeNull();
    expect(parseText('x', { regex: 'y' })).toBeNull();
  });
});

describe('compileRegex', () => {
  it('keeps RegExp objects and parses /pattern/flags', () => {
    const re = /x/g;
    expect(compileRegex(re)).toBe(re);
    expect(compileRegex('/a.b/is').flags).toBe('is');
    expect(compileRegex('a/b').source).toBe('a\\/b');
  });
});
