import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * scripts/start.js (`npm start`) as a user runs it. ELECTRON_OVERRIDE_DIST_PATH points the
 * electron package at a folder of our choosing, so each branch runs the same on every machine.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const START = join(ROOT, 'scripts', 'start.js');

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs start.js; `until` stops it with SIGTERM once stdout matches. */
function runStart(env: NodeJS.ProcessEnv, args: string[], until?: RegExp, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start.js did not finish in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ stdout, stderr, code });
    });
  });
}

describe('npm start (scripts/start.js)', () => {
  let base: string;
  let baseEnv: NodeJS.ProcessEnv;

  beforeAll(() => {
    const missing = ['out/main/index.js', 'out/main/cli.js'].filter((f) => !existsSync(join(ROOT, f)));
    if (missing.length) throw new Error(`Build the app first (npm run build); missing ${missing.join(', ')}`);
    base = mkdtempSync(join(tmpdir(), 'nxforge-start-'));
    baseEnv = { ...process.env, NXFORGE_DATA_DIR: join(base, 'data') };
    delete baseEnv.ELECTRON_RUN_AS_NODE;
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('without an Electron binary: says so in one line and runs serve mode', async () => {
    const env = { ...baseEnv, ELECTRON_OVERRIDE_DIST_PATH: join(base, 'no-electron-here') };
    const run = await runStart(env, ['--no-open'], /NXFORGE_URL=\S+\n/);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Electron cannot start here (no Electron binary installed); starting the headless app instead: npm run serve',
    );
    expect(run.stdout.match(/Electron cannot start/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^NXFORGE_URL=http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m);
    expect(run.stdout).toContain(`Data folder: ${join(base, 'data')}`);
    // Stopped by SIGTERM, forwarded to serve mode, which shuts down cleanly.
    expect(run.code).toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at /m);
  });

  describe.runIf(process.platform === 'linux')('with an Electron binary (a stand-in script)', () => {
    let dist: string;
    beforeAll(() => {
      dist = join(base, 'electron-dist');
      mkdirSync(dist, { recursive: true });
      const binary = join(dist, 'electron');
      writeFileSync(binary, '#!/bin/sh\necho "stand-in electron $* run-as-node=${ELECTRON_RUN_AS_NODE:-unset}"\nexit 7\n');
      chmodSync(binary, 0o755);
    });

    it('without a display: says so in one line and runs serve mode', async () => {
      const env: NodeJS.ProcessEnv = { ...baseEnv, ELECTRON_OVERRIDE_DIST_PATH: dist };
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
      const run = await runStart(env, ['--no-open'], /NXFORGE_URL=\S+\n/);
      expect(run.stdout.split('\n')[0]).toBe(
        'Electron cannot start here (no display: DISPLAY and WAYLAND_DISPLAY are unset); starting the headless app instead: npm run serve',
      );
      expect(run.stdout).toMatch(/^NXFORGE_URL=/m);
    });

    it('with a display: launches Electron on the project folder and forwards its exit code', async () => {
      const env = { ...baseEnv, ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99', ELECTRON_RUN_AS_NODE: '1' };
      const run = await runStart(env, ['--some-flag']);
      expect(run.stdout.trim()).toBe(`stand-in electron ${ROOT} --some-flag run-as-node=unset`);
      expect(run.code).toBe(7);
    });
  });
});
