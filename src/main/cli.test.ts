import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli';

let dir: string;
let stdout: string[];
let stderr: string[];
const out = { stdout: (s: string) => stdout.push(s), stderr: (s: string) => stderr.push(s) };
const run = (...args: string[]) => runCli(['--data-dir', dir, ...args], out);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nxforge-cli-'));
  stdout = [];
  stderr = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('nxforge CLI', () => {
  it('info prints core info as JSON for the given data folder', async () => {
    expect(await run('info')).toBe(0);
    const info = JSON.parse(stdout.join('\n'));
    expect(info).toMatchObject({ appName: 'NxForge Desktop', dataDir: dir, databaseFile: join(dir, 'nxforge.db'), mode: 'cli' });
    // A fresh data folder holds only the modules the app ships.
    expect(info.modules.filter((m: { source: string }) => m.source !== 'built-in')).toEqual([]);
    expect(info.databaseSizeBytes).toBeGreaterThan(0);
  });

  it('call prints the envelope and exits 0 when ok, 1 when not', async () => {
    expect(await run('call', 'core', 'put', '/settings/timezone', '--body', '{"value":"America/New_York"}')).toBe(0);
    expect(JSON.parse(stdout.join('\n'))).toMatchObject({ ok: true, data: { key: 'timezone', value: 'America/New_York' } });

    stdout = [];
    expect(await run('call', 'core', 'PUT', '/settings/timezone', '--body', '{"value":"Atlantis/Capital"}')).toBe(1);
    expect(JSON.parse(stdout.join('\n'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    stdout = [];
    expect(await run('call', 'core', 'GET', '/settings')).toBe(0);
    const settings = JSON.parse(stdout.join('\n')).data as { key: string; value: string }[];
    expect(settings.find((s) => s.key === 'timezone')?.value).toBe('America/New_York');
  });

  it('call reads --body @FILE and repeated --query values', async () => {
    const bodyFile = join(dir, 'body.json');
    writeFileSync(bodyFile, JSON.stringify({ value: 'Europe/Paris' }));
    expect(await run('call', 'core', 'PUT', '/settings/timezone', '--body', `@${bodyFile}`)).toBe(0);
    stdout = [];
    expect(await run('call', 'core', 'GET', '/logs', '--query', 'limit=5', '--query', 'level=info')).toBe(0);
    expect(JSON.parse(stdout.join('\n')).ok).toBe(true);
    stdout = [];
    expect(await run('call', 'core', 'GET', '/logs', '--query', 'limit=0')).toBe(1);
    expect(JSON.parse(stdout.join('\n')).error.message).toContain('query.limit');
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(stderr.join('\n')).toContain('Unknown command "frobnicate"');
    stderr = [];
    expect(await run('call', 'core', 'GET')).toBe(2);
    expect(stderr.join('\n')).toContain('call takes MODULE METHOD PATH');
    stderr = [];
    expect(await run('call', 'core', 'GET', '/info', '--body', '{oops')).toBe(2);
    expect(stderr.join('\n')).toContain('--body is not valid JSON');
    stderr = [];
    expect(await run('call', 'core', 'GET', '/info', '--body', '@/nonexistent/file.json')).toBe(2);
    expect(stderr.join('\n')).toContain('cannot read --body file');
    stderr = [];
    expect(await run('serve', '--port', 'eighty')).toBe(2);
    expect(stderr.join('\n')).toContain('--port takes a number');
  });

  it('refuses a database from a newer app with the message and exit 1', async () => {
    const db = new Database(join(dir, 'nxforge.db'));
    db.pragma('user_version = 999');
    db.close();
    expect(await run('info')).toBe(1);
    expect(stderr.join('\n')).toMatch(/uses core schema 999.*update the app/);
  });
});
