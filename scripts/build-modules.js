#!/usr/bin/env node
// Builds each module under modules/ (or the folders given): src/main.ts → dist/main.js for the
// module host, src/ui/index.tsx → dist/ui/index.js for the renderer, with React and the SDK's
// UI kit left external so that the app's single instances serve every module.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdk = join(root, 'sdk');
const SHARED_UI = ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client', '@nxforge/sdk/ui'];

export async function buildModule(dir) {
  const main = ['ts', 'js'].map((ext) => join(dir, 'src', `main.${ext}`)).find(existsSync);
  const ui = ['tsx', 'ts', 'jsx', 'js'].map((ext) => join(dir, 'src', 'ui', `index.${ext}`)).find(existsSync);
  const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: false, logLevel: 'warning', legalComments: 'none' };
  if (main) {
    await build({
      ...common,
      entryPoints: [main],
      outfile: join(dir, 'dist', 'main.js'),
      platform: 'node',
      alias: { '@nxforge/sdk': join(sdk, 'index.ts') },
    });
  }
  if (ui) {
    await build({
      ...common,
      entryPoints: [ui],
      outfile: join(dir, 'dist', 'ui', 'index.js'),
      platform: 'browser',
      jsx: 'automatic',
      external: SHARED_UI,
    });
  }
  // The module host imports dist/main.js as an ES module wherever the package is installed.
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
  return { main: Boolean(main), ui: Boolean(ui) };
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const args = process.argv.slice(2);
  const modulesDir = join(root, 'modules');
  const dirs = args.length
    ? args.map((a) => resolve(a))
    : readdirSync(modulesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(modulesDir, d.name, 'manifest.json')))
        .map((d) => join(modulesDir, d.name));
  for (const dir of dirs) {
    const built = await buildModule(dir);
    console.log(`built ${dir.replace(root + '/', '')}: ${[built.main && 'dist/main.js', built.ui && 'dist/ui/index.js'].filter(Boolean).join(', ') || 'nothing to build'}`);
  }
}
