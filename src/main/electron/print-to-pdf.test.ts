import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from '../core/router/router';
import { registerPrintToPdf, type PdfSource } from './print-to-pdf';

/** The route through the real router and a real folder; Electron's printToPDF and save dialog are the inputs. */

const PDF = Buffer.from('%PDF-1.7\n% report\n%%EOF\n');
let dir: string;
let router: Router;
let printed: Parameters<PdfSource['printToPDF']>[0][];
let asked: string[];
let answer: (name: string) => string | null;
let window: PdfSource | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nxforge-pdf-'));
  router = new Router();
  printed = [];
  asked = [];
  answer = (name) => join(dir, name);
  window = {
    printToPDF: (options) => {
      printed.push(options);
      return Promise.resolve(PDF);
    },
  };
  registerPrintToPdf({
    router,
    source: () => window,
    chooseFile: (name) => {
      asked.push(name);
      return Promise.resolve(answer(name));
    },
    writeFile: (path, data) => writeFile(path, data),
  });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const print = (body: unknown) => router.call({ module: 'core', method: 'POST', path: '/desktop/print-to-pdf', body });

describe('POST core /desktop/print-to-pdf', () => {
  it('asks where to save with the given name, prints with backgrounds and writes the PDF there', async () => {
    const result = await print({ fileName: 'Consumption 2026-11', landscape: true });
    expect(result).toEqual({ ok: true, data: { saved: true, path: join(dir, 'Consumption 2026-11.pdf'), bytes: PDF.length } });
    expect(asked).toEqual(['Consumption 2026-11.pdf']);
    expect(printed).toEqual([{ printBackground: true, pageSize: 'A4', landscape: true }]);
    expect(readFileSync(join(dir, 'Consumption 2026-11.pdf'))).toEqual(PDF);
  });

  it('writes nothing when the user cancels the dialog', async () => {
    answer = () => null;
    expect(await print({})).toEqual({ ok: true, data: { saved: false, path: null, bytes: 0 } });
    expect(asked).toEqual(['NxForge report.pdf']);
    expect(printed).toEqual([]);
  });

  it('refuses a file name with a folder in it, before any dialog', async () => {
    const result = await print({ fileName: '../../etc/report' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!result.ok && result.error.message).toContain('body.fileName');
    expect(asked).toEqual([]);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(false);
  });

  it('answers CONFLICT when no window is open', async () => {
    window = null;
    expect(await print({})).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('No window is open') } });
    expect(asked).toEqual([]);
  });
});
