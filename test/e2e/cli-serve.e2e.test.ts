import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const bin = join(root, 'bin', 'nxforge.js');

describe('nxforge serve (real process)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(root, 'out', 'main', 'cli.js'))) throw new Error('The app is not built: run `npm run build` first.');
    dir = mkdtempSync(join(tmpdir(), 'nxforge-serve-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the NXFORGE_URL line, answers with the token only, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, '--data-dir', dir, 'serve', '--no-open'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no NXFORGE_URL line in: ${output}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /^NXFORGE_URL=(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})$/m.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${output}`)));
    });
    const parsed = new URL(url);
    const token = parsed.searchParams.get('token') ?? '';
    const rpc = `${parsed.origin}/rpc`;
    const call = JSON.stringify({ module: 'core', method: 'GET', path: '/info' });

    const denied = await fetch(rpc, { method: 'POST', body: call });
    expect(denied.status).toBe(401);
    const allowed = await fetch(rpc, { method: 'POST', body: call, headers: { authorization: `Bearer ${token}` } });
    const info = (await allowed.json()) as { ok: boolean; data: { dataDir: string; mode: string } };
    expect(info).toMatchObject({ ok: true, data: { dataDir: dir, mode: 'serve' } });
    const page = await fetch(parsed.origin + '/');
    expect(await page.text()).toContain('<div id="root">');

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('says which port is taken instead of a stack trace', async () => {
    const first = spawn(process.execPath, [bin, '--data-dir', dir, 'serve', '--no-open'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const port = await new Promise<string>((done) => {
      let text = '';
      first.stdout.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        const m = /127\.0\.0\.1:(\d+)/.exec(text);
        if (m?.[1]) done(m[1]);
      });
    });
    const second = spawn(process.execPath, [bin, '--data-dir', mkdtempSync(join(tmpdir(), 'nxforge-serve2-')), 'serve', '--no-open', '--port', port], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    second.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const code = await new Promise<number | null>((done) => second.once('exit', done));
    first.kill('SIGTERM');
    expect(code).toBe(1);
    expect(err).toContain('the port is already in use');
    expect(err).not.toContain('    at ');
  });
});
