#!/usr/bin/env node
// `npm start`: opens the desktop app in Electron. Where Electron cannot start (no binary was
// installed, no display), it says why in one line and runs the headless app (serve mode) instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);

const BUILD_OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/main/module-host.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

if (BUILD_OUTPUTS.some((file) => !existsSync(join(root, file)))) build();

let electron = electronBinary();
// The electron package fetches its binary on first use, not at install: fetch it once here.
if (electron.path === null && electron.canDownload && !displayProblem() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  electron = downloadElectron(electron.installer);
}
const reason = electron.path === null ? electron.reason : displayProblem();
if (reason) {
  serveInstead(reason);
} else {
  launchElectron(electron.path);
}

function build() {
  let cli;
  try {
    const pkgFile = require.resolve('electron-vite/package.json');
    const bin = JSON.parse(readFileSync(pkgFile, 'utf8')).bin;
    cli = join(dirname(pkgFile), typeof bin === 'string' ? bin : bin['electron-vite']);
  } catch {
    exitWith('NxForge Desktop is not built and electron-vite is not installed: run `npm install` first.');
  }
  console.log('NxForge Desktop is not built yet; building it (electron-vite build)…');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) exitWith('The build failed (see above); fix it, or run `npm run build` to retry.');
  const modules = spawnSync(process.execPath, [join(root, 'scripts', 'build-modules.js')], { cwd: root, stdio: 'inherit' });
  if (modules.status !== 0) exitWith('Building the modules failed (see above); fix it, or run `npm run build` to retry.');
}

function downloadElectron(installer) {
  console.log('Fetching the Electron binary for the first start…');
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60 * 1000 });
  const after = electronBinary();
  if (result.status === 0 && after.path) return after;
  return { path: null, reason: 'the Electron binary could not be downloaded' };
}

/**
 * Where the electron package's binary is, without requiring the package: its index.js starts a
 * download when the binary is missing (and prints a stack trace when offline). Mirrors its lookup.
 */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? join(override, relative || 'electron')
    : relative
      ? join(pkgDir, 'dist', relative)
      : null;
  const installer = join(pkgDir, 'install.js');
  if (!binary || !existsSync(binary)) return { path: null, reason: 'no Electron binary installed', canDownload: existsSync(installer), installer };
  return { path: binary, reason: null };
}

function displayProblem() {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
}

function serveInstead(why) {
  console.log(`Electron cannot start here (${why}); starting the headless app instead: npm run serve`);
  run(process.execPath, [join(root, 'bin', 'nxforge.js'), 'serve', ...args]);
}

function launchElectron(binary) {
  const env = { ...process.env };
  // Set in some shells and CI images; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  run(binary, [root, ...args], env, (err) => serveInstead(`Electron failed to launch: ${err.code ?? err.message}`));
}

/** Runs a child with the terminal, forwards stop signals to it, and exits with its code. */
function run(command, commandArgs, env = process.env, onSpawnError) {
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit', windowsHide: false });
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  const stopForwarding = () => {
    for (const signal of signals) process.off(signal, forward);
  };
  child.once('error', (err) => {
    stopForwarding();
    if (onSpawnError) onSpawnError(err);
    else exitWith(`Could not run ${command}: ${err.code ?? err.message}`);
  });
  child.once('exit', (code, signal) => {
    stopForwarding();
    process.exitCode = code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
  });
}

function exitWith(message) {
  console.error(message);
  process.exit(1);
}
