#!/usr/bin/env node
// Entry of the `nxforge` command: runs the built CLI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('nxforge: the app is not built yet. Run `npm install` (it builds), or `npm run build`.\n');
  process.exit(1);
}
process.env.NXFORGE_CLI_ENTRY = '1';
await import(pathToFileURL(cli).href);
