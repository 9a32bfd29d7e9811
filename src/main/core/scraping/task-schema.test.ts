import { describe, expect, it } from 'vitest';
import { fieldPath, parseTask, ScrapeTaskError } from './task-schema';

function issues(input: unknown): { field: string; message: string }[] {
  try {
    parseTask(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ScrapeTaskError);
    expect((err as ScrapeTaskError).code).toBe('VALIDATION');
    return (err as ScrapeTaskError).issues;
  }
  throw new Error('expected the task to be refused');
}

describe('parseTask', () => {
  it('accepts a full task and keeps it as given', () => {
    const task = {
      url: 'https://pdu-7.example.net/status',
      auth: { type: 'form', loginUrl: '/login', username: 'u', password: 'p', usernameSelector: '#u', passwordSelector: '#p', submitSelector: 'button', successSelector: '#ok' },
      steps: [
        { type: 'goto', url: '/meter', timeout: 5000 },
        { type: 'click', selector: '#tab', frame: 'main' },
        { type: 'fill', selector: '#q', value: '' },
        { type: 'select', selector: '#bank', value: 'B' },
        { type: 'press', key: 'Enter' },
        { type: 'wait', ms: 0 },
        { type: 'waitForSelector', selector: '#v', state: 'attached' },
        { type: 'extract', name: 'kwh', selector: '#v', regex: '([\\d.,]+)', parse: 'number', attribute: 'title', decimal: ',', optional: true },
      ],
      sessionKey: 'endpoint-7',
      timeoutMs: 30_000,
      screenshotOnError: false,
      navigationTimeoutMs: 10_000,
    };
    expect(parseTask(task)).toEqual(task);
    expect(parseTask({ url: 'http://10.0.0.5' })).toEqual({ url: 'http://10.0.0.5' });
  });

  it('names each bad field', () => {
    expect(issues({ url: 'http://x', steps: [{ type: 'goto', url: '/' }, { type: 'click' }] })).toEqual([
      { field: 'steps[1].selector', message: expect.stringMatching(/expected string/) },
    ]);
    expect(issues({ url: 'http://x', timeoutMs: -1, steps: [{ type: 'wait', ms: 1.5 }] }).map((i) => i.field)).toEqual(['steps[0].ms', 'timeoutMs']);
    expect(issues({ url: 'http://x', auth: { type: 'basic', username: 'a' } })).toEqual([{ field: 'auth.password', message: expect.any(String) }]);
  });

  it('refuses unknown step and auth types, listing the known ones', () => {
    expect(issues({ url: 'http://x', steps: [{ type: 'scroll' }] })).toEqual([{ field: 'steps[0].type', message: expect.stringMatching(/one of goto, click/) }]);
    expect(issues({ url: 'http://x', auth: { type: 'ntlm' } })).toEqual([{ field: 'auth.type', message: 'must be one of none, basic, form' }]);
  });

  it('refuses unknown fields, so a typo is not silently ignored', () => {
    expect(issues({ url: 'http://x', steps: [{ type: 'click', selector: '#a', timout: 5 }] })).toEqual([{ field: 'steps[0].timout', message: 'is not a known field' }]);
    expect(issues({ url: 'http://x', retries: 3 })).toEqual([{ field: 'retries', message: 'is not a known field' }]);
  });

  it('wants http(s) URLs; relative ones resolve against the task url', () => {
    expect(issues({ url: 'ftp://meter' })[0]?.field).toBe('url');
    expect(issues({ url: '/status' })[0]?.field).toBe('url');
    expect(issues({ url: 'http://x', steps: [{ type: 'goto', url: 'javascript:alert(1)' }] })).toEqual([
      { field: 'steps[0].url', message: 'must be an http(s) URL, absolute or relative to the task url' },
    ]);
    expect(parseTask({ url: 'http://x/a/', steps: [{ type: 'goto', url: '../b' }] }).steps).toHaveLength(1);
  });

  it('checks that a regex compiles', () => {
    expect(issues({ url: 'http://x', steps: [{ type: 'extract', name: 'k', selector: '#a', regex: '([' }] })).toEqual([
      { field: 'steps[0].regex', message: 'is not a valid regular expression' },
    ]);
  });

  it('says what is wrong with a task that is not an object', () => {
    expect(issues(null)).toEqual([{ field: '(task)', message: expect.stringMatching(/expected object/) }]);
    expect(() => parseTask('http://x')).toThrow(/^Invalid scrape task: \(task\)/);
  });
});

describe('fieldPath', () => {
  it('writes indexes in brackets', () => {
    expect(fieldPath(['steps', 3, 'selector'])).toBe('steps[3].selector');
    expect(fieldPath([])).toBe('(task)');
  });
});
