import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DirectPage } from './direct-page';
import type { ScrapeArtifact } from './types';
import { within } from './support';

/** A full-page PNG of either kind of page. */
function fullPage(page: Page | DirectPage, timeoutMs: number): Promise<Buffer> {
  if (page instanceof DirectPage) return page.screenshot(timeoutMs);
  return page.screenshot({ fullPage: true, type: 'png', timeout: timeoutMs, animations: 'disabled' });
}

/** `step-02-20260126T101502123Z`, or `open-…` / `login-…` for what the service did itself. */
export function artifactBaseName(label: string | number, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const what = typeof label === 'number' ? `step-${String(label).padStart(2, '0')}` : label.replace(/[^a-z0-9-]/gi, '_');
  return `${what}-${stamp}`;
}

/** Writes `data` to `<base><ext>`, or `<base>-2<ext>`…: two failures in one millisecond keep both. */
async function writeNew(dir: string, base: string, ext: string, data: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${n === 1 ? base : `${base}-${n}`}${ext}`);
    try {
      await writeFile(path, data, { flag: 'wx' });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 50) throw err;
    }
  }
}

/**
 * Writes what a failed page looked like: a full-page PNG (unless `screenshot` is false) and its
 * HTML. Each part is best effort and bounded by `timeoutMs`: a page too broken to capture must
 * not hide the step's own error.
 */
export async function writeFailureArtifacts(
  page: Page | DirectPage,
  dir: string,
  label: string | number,
  options: { screenshot: boolean; timeoutMs: number },
): Promise<{ artifacts: ScrapeArtifact[]; problems: string[] }> {
  const artifacts: ScrapeArtifact[] = [];
  const problems: string[] = [];
  await mkdir(dir, { recursive: true });
  const base = artifactBaseName(label);

  if (options.screenshot) {
    try {
      const png = await fullPage(page, options.timeoutMs);
      const path = await writeNew(dir, base, '.png', png);
      artifacts.push({ kind: 'screenshot', path, bytes: png.length });
    } catch (err) {
      problems.push(`no screenshot: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  try {
    const html = Buffer.from(await within(page.content(), options.timeoutMs, `timed out after ${options.timeoutMs} ms`), 'utf8');
    const path = await writeNew(dir, base, '.html', html);
    artifacts.push({ kind: 'html', path, bytes: html.length });
  } catch (err) {
    problems.push(`no HTML: ${(err as Error).message.split('\n')[0]}`);
  }
  return { artifacts, problems };
}

/** Writes a full-page PNG of a page that was read successfully; the reason, as text, when it cannot. */
export async function writeScreenshot(page: Page | DirectPage, dir: string, label: string, timeoutMs: number): Promise<ScrapeArtifact | string> {
  try {
    await mkdir(dir, { recursive: true });
    const png = await fullPage(page, timeoutMs);
    const path = await writeNew(dir, artifactBaseName(label), '.png', png);
    return { kind: 'screenshot', path, bytes: png.length };
  } catch (err) {
    return `no screenshot: ${(err as Error).message.split('\n')[0]}`;
  }
}

