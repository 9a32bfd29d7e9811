/**
 * `tsx bench/run.ts <name> [flags]` runs `bench/<name>.bench.ts`.
 *
 * The map of benches is built from the files in this folder, so a new bench is one new file
 * that default-exports `defineBench({ description, run })`; nothing here changes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBench, parseArgs, type Bench } from './lib/stats';

const SUFFIX = '.bench.ts';
const here = fileURLToPath(new URL('.', import.meta.url));

function registry(): Map<string, () => Promise<Bench>> {
  const benches = new Map<string, () => Promise<Bench>>();
  for (const file of readdirSync(here).sort()) {
    if (!file.endsWith(SUFFIX)) continue;
    const name = file.slice(0, -SUFFIX.length);
    benches.set(name, async () => {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: unknown };
      if (!isBench(mod.default)) throw new Error(`bench/${file} must default-export defineBench({ description, run })`);
      return mod.default;
    });
  }
  return benches;
}

function usage(benches: Map<string, unknown>): string {
  return [
    'usage: npm run bench -- <name> [--json] [flags]',
    '',
    `benches: ${[...benches.keys()].join(', ') || '(none)'}`,
    'see bench/README.md for what each prints and its flags',
  ].join('\n');
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const benches = registry();
  const load = name === undefined ? undefined : benches.get(name);
  if (!load) {
    if (name !== undefined && name !== '--help' && name !== '-h') console.error(`unknown bench "${name}"\n`);
    console.error(usage(benches));
    return 2;
  }
  const bench = await load();
  return bench.run(parseArgs(rest));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
