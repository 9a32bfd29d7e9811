import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('keep electron out of the core', async () => {
    expect(await layerErrors('src/main/core/jobs/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await layerErrors('src/main/core/jobs/x.ts', "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;\n")).toHaveLength(1);
    expect(await layerErrors('src/main/core/x.ts', "import { w } from '../electron/window';\nexport const a = w;\n")).toHaveLength(1);
    expect(await layerErrors('src/main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });

  it('keep src/shared free of any runtime', async () => {
    expect(await layerErrors('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await layerErrors('src/shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toHaveLength(1);
    expect(await layerErrors('src/shared/x.ts', "import { r } from '../main/core/router/router';\nexport const a = r;\n")).toHaveLength(1);
    expect(await layerErrors('src/shared/x.ts', "import { ok } from './result';\nexport const a = ok;\n")).toEqual([]);
  });

  it('keep main, preload and Node out of the renderer', async () => {
    expect(await layerErrors('src/renderer/src/x.ts', "import { c } from '../../main/core/core';\nexport const a = c;\n")).toHaveLength(1);
    expect(await layerErrors('src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await layerErrors('src/renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await layerErrors('src/renderer/src/x.ts', "import { ok } from '../../shared/result';\nexport const a = ok;\n")).toEqual([]);
  });
});
