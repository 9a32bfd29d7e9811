/** Sessions: kept after a login, reused while the cookie is valid, renewed when the meter forgets it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { createScrapingService, memorySessionStore, secretSessionStore, type ScrapingService } from '../../src/main/core/scraping';
import { keyFileCipher, SecretStore } from '../../src/main/core/secrets/secret-store';
import { scrapingBrowser } from '../helpers/chromium';
import { startMeterServer, type MeterServer } from '../fixtures/meter-server';
import { extract, formAuth, READINGS } from './meter-tasks';

let server: MeterServer;
let service: ScrapingService;
let dir: string;
const warnings: string[] = [];

beforeAll(async () => {
  server = await startMeterServer();
  service = createScrapingService({ resolveBrowser: scrapingBrowser, concurrency: 2, stepTimeoutMs: 5000, log: (level, message) => level === 'warn' && warnings.push(message) });
  dir = mkdtempSync(join(tmpdir(), 'nxforge-scrape-sessions-'));
});

afterAll(async () => {
  await service?.dispose();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  server.resetStats();
  server.expireSessions();
});

const dashboardTask = (sessionKey: string) => ({ url: `${server.url}/meter/dashboard`, auth: formAuth(), sessionKey, steps: READINGS });

describe('with a session store', () => {
  it('logs in once, then reuses the session while the cookie is valid', async () => {
    const sessions = memorySessionStore();
    const first = await service.run(dashboardTask('rack-7'), { sessions });
    expect(first).toMatchObject({ ok: true, loggedIn: true, sessionReused: false });
    const saved = JSON.parse(sessions.map.get('rack-7') ?? 'null') as { cookies: { name: string }[]; origins: { localStorage: { name: string }[] }[] };
    expect(saved.cookies.map((c) => c.name)).toContain('meter_sid');
    expect(saved.origins[0]?.localStorage.map((e) => e.name)).toContain('meter.view');

    const second = await service.run(dashboardTask('rack-7'), { sessions });
    expect(second).toMatchObject({ ok: true, loggedIn: false, sessionReused: true });
    expect(second.steps.some((s) => s.type === 'login')).toBe(false);
    expect(second.values.kwh).toBeGreaterThan(first.values.kwh as number);
    expect(server.stats.logins).toBe(1);
    expect(server.stats.requests['/meter/login']).toBe(2); // the form, then its post: both in the first task
  });

  it('logs in again when the meter has expired the session, and keeps the new one', async () => {
    const sessions = memorySessionStore();
    await service.run(dashboardTask('pdu-3'), { sessions });
    const firstState = sessions.map.get('pdu-3');
    server.expireSessions();

    const renewed = await service.run(dashboardTask('pdu-3'), { sessions });
    expect(renewed).toMatchObject({ ok: true, loggedIn: true, sessionReused: false });
    expect(server.stats.logins).toBe(2);
    expect(sessions.map.get('pdu-3')).not.toBe(firstState);

    const reused = await service.run(dashboardTask('pdu-3'), { sessions });
    expect(reused).toMatchObject({ ok: true, loggedIn: false, sessionReused: true });
    expect(server.stats.logins).toBe(2);
  });

  it('keeps sessions apart by key', async () => {
    const sessions = memorySessionStore();
    await service.run(dashboardTask('a'), { sessions });
    const other = await service.run(dashboardTask('b'), { sessions });
    expect(other.loggedIn).toBe(true);
    expect(server.stats.logins).toBe(2);
  });

  it('drops a session whose login failed, and ignores an unreadable one', async () => {
    const sessions = memorySessionStore([['broken', '{not json']]);
    const result = await service.run(dashboardTask('broken'), { sessions });
    expect(result).toMatchObject({ ok: true, loggedIn: true });
    expect(warnings.some((w) => w.includes('"broken"') && w.includes('not valid JSON'))).toBe(true);

    server.expireSessions();
    const failed = await service.run({ ...dashboardTask('broken'), auth: formAuth({ password: 'changed' }), screenshotOnError: false }, { sessions });
    expect(failed.error).toMatch(/^login failed/);
    expect(sessions.map.has('broken')).toBe(false);
  });

  it('logs in again after the session was logged out at the meter', async () => {
    const sessions = memorySessionStore();
    await service.run(dashboardTask('k'), { sessions });
    // A task in the same session (no auth) that logs out, as a person at the meter would.
    const out = await service.run({ url: `${server.url}/meter/logout`, sessionKey: 'k', steps: [extract('form', '#login-form', { attribute: 'action', parse: 'text' })] }, { sessions });
    expect(out).toMatchObject({ ok: true, sessionReused: true, values: { form: '/meter/login' } });
    expect(server.stats.logouts).toBe(1);
    const again = await service.run(dashboardTask('k'), { sessions });
    expect(again).toMatchObject({ ok: true, loggedIn: true });
    expect(server.stats.logins).toBe(2);
  });
});

describe('with the encrypted SecretStore over SQLite', () => {
  it('keeps the session encrypted at rest and reuses it across store instances', async () => {
    const dbFile = join(dir, 'nxforge.db');
    const keyFile = join(dir, 'secret.key');
    const opened = openDatabase(dbFile);
    try {
      const store = secretSessionStore(new SecretStore(opened.db, keyFileCipher(keyFile)), 'consumption-monitor');
      const first = await service.run(dashboardTask('endpoint-12'), { sessions: store });
      expect(first).toMatchObject({ ok: true, loggedIn: true });

      const rows = opened.sqlite.prepare('SELECT scope, key, ciphertext, cipher FROM secrets').all() as { scope: string; key: string; ciphertext: Buffer; cipher: string }[];
      expect(rows.map((r) => [r.scope, r.key, r.cipher])).toEqual([['consumption-monitor', 'scraping-session:endpoint-12', 'key-file']]);
      const ciphertext = rows[0]!.ciphertext.toString('latin1');
      expect(ciphertext).not.toContain('meter_sid');
      expect(ciphertext).not.toContain('127.0.0.1');

      // A fresh store over the same file and key, as after an app restart.
      const reopened = secretSessionStore(new SecretStore(opened.db, keyFileCipher(keyFile)), 'consumption-monitor');
      const second = await service.run(dashboardTask('endpoint-12'), { sessions: reopened });
      expect(second).toMatchObject({ ok: true, loggedIn: false, sessionReused: true });
      expect(server.stats.logins).toBe(1);

      // Another module's scope does not see it.
      const otherScope = secretSessionStore(new SecretStore(opened.db, keyFileCipher(keyFile)), 'other-module');
      expect(await otherScope.get('endpoint-12')).toBeNull();
    } finally {
      opened.close();
    }
  });
});
