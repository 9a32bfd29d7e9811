import { describe, expect, it } from 'vitest';
import { openTestDb } from './test-db';

describe('migrations', () => {
  it('apply to a fresh database and create only objects carrying the module prefix', () => {
    const t = openTestDb();
    try {
      const objects = t.sqlite.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        type: string;
        name: string;
        tbl_name: string;
      }[];
      expect(objects.every((o) => o.name.startsWith('consumption_monitor__') && o.tbl_name.startsWith('consumption_monitor__'))).toBe(true);
      expect(objects.filter((o) => o.type === 'table').map((o) => o.name)).toEqual([
        'consumption_monitor__client_prices',
        'consumption_monitor__daily',
        'consumption_monitor__daily_zone',
        'consumption_monitor__endpoints',
        'consumption_monitor__hourly',
        'consumption_monitor__raw_retention',
        'consumption_monitor__readings',
      ]);
      const withoutRowid = (name: string): boolean => /WITHOUT ROWID/i.test((t.sqlite.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql);
      expect(withoutRowid('consumption_monitor__readings')).toBe(true);
      expect(withoutRowid('consumption_monitor__hourly')).toBe(true);
      expect(withoutRowid('consumption_monitor__daily')).toBe(true);
    } finally {
      t.close();
    }
  });
});
