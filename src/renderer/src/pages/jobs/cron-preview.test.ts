import { describe, expect, it } from 'vitest';
import { loadCronTools } from './cron-preview';

describe('cron preview', () => {
  it('describes an expression in words, with its next runs in the given time zone', async () => {
    const tools = await loadCronTools();
    const preview = tools.preview('30 6 * * 1-5', 'Europe/Berlin', 2);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.text).toBe('At 06:30, Monday through Friday');
    expect(preview.next).toHaveLength(2);
    for (const at of preview.next) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(at);
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 06:30$/);
    }
  });

  it('refuses what the core refuses, with the reason', async () => {
    const tools = await loadCronTools();
    const bad = tools.preview('61 * * * *', 'UTC');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toMatch(/minute/i);
    expect(tools.preview('   ', 'UTC').ok).toBe(false);
  });
});
