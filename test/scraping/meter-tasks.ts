/** Task builders and checks shared by the scraping tests and the scrape bench. */
import { readFileSync } from 'node:fs';
import type { ScrapeAuth, ScrapeStep } from '../../src/main/core/scraping';
import { METER_DEFAULTS } from '../fixtures/meter-server';

type ExtractStep = Extract<ScrapeStep, { type: 'extract' }>;

export const extract = (name: string, selector: string, extra: Partial<ExtractStep> = {}): ExtractStep => ({
  type: 'extract',
  name,
  selector,
  ...extra,
});

/** The five readings every fixture page shows. */
export const READINGS: ScrapeStep[] = [
  extract('kwh', '#energy-kwh'),
  extract('voltage', '#voltage'),
  extract('current', '#current'),
  extract('power', '#power'),
  extract('pf', '#pf'),
];

export const basicAuth = (password = METER_DEFAULTS.basic.password): ScrapeAuth => ({ type: 'basic', username: METER_DEFAULTS.basic.username, password });

export const formAuth = (extra: Partial<Extract<ScrapeAuth, { type: 'form' }>> = {}): ScrapeAuth => ({
  type: 'form',
  username: METER_DEFAULTS.form.username,
  password: METER_DEFAULTS.form.password,
  usernameSelector: '#username',
  passwordSelector: '#password',
  submitSelector: '#login-submit',
  ...extra,
});

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
export function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!data.subarray(0, 8).equals(signature)) throw new Error(`${file} does not start with the PNG signature`);
  if (data.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} has no IHDR chunk first`);
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
