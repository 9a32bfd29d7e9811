import type { Frame, Locator, Page } from 'playwright-core';
import { DirectPage, PageClosedError } from './direct-page';
import { parseNumber, parseText } from './parse-number';
import { Deadline, DownloadError, HttpStatusError, sleep } from './support';
import type { ScrapeStep, ScrapeValue } from './types';

export interface StepEnv {
  page: Page;
  /** Set for a task on a direct page (direct-page.ts): its steps run there, `page` is unused. */
  direct?: DirectPage;
  /** Relative `goto` URLs resolve against it. */
  baseUrl: string;
  deadline: Deadline;
  stepTimeoutMs: number;
  navigationTimeoutMs: number;
  /** Aborted when the task stops; long waits end at once. */
  signal: AbortSignal;
  values: Record<string, ScrapeValue>;
  /** Navigates the main frame in place of `navigate` (the task run's: its first one may be where its page arrives). */
  navigate?: (url: string, timeoutMs: number) => Promise<void>;
  /** Runs after every navigation of the main frame, e.g. to log in when the login form shows. */
  afterGoto?: (url: string) => Promise<void>;
  /** First reads of the extract steps that follow, made with an earlier one in a single evaluate. */
  readAhead?: Map<ScrapeStep, QuickRead>;
}

type ExtractStep = Extract<ScrapeStep, { type: 'extract' }>;

const POLL_MS = 100;
const READ_MIN_MS = 250;

/** `step 2 (click "#refresh")`, `step 0 (goto /status)`: how errors name a step. */
export function describeStep(step: ScrapeStep, index: number): string {
  const what = 'selector' in step && step.selector ? ` "${step.selector}"` : step.type === 'goto' ? ` ${step.url}` : '';
  const name = step.type === 'extract' ? ` ${step.name}` : '';
  const frame = step.frame ? ` in frame "${step.frame}"` : '';
  return `step ${index} (${step.type}${name}${what}${frame})`;
}

/**
 * How Chrome's own headless mode (a Chrome or Edge install) ends a login challenge that nobody
 * answered, where the headless shell shows the meter's 401 page.
 */
const AUTH_NOT_ANSWERED = 'net::ERR_INVALID_AUTH_CREDENTIALS';

/** Navigates and refuses HTTP errors: a 500 page must not be scraped as if it were the meter. */
export async function navigate(scope: Page | Frame, url: string, timeoutMs: number): Promise<void> {
  let response: Awaited<ReturnType<Page['goto']>>;
  try {
    response = await scope.goto(url, { timeout: timeoutMs, waitUntil: 'load' });
  } catch (err) {
    if (err instanceof Error && err.message.includes(AUTH_NOT_ANSWERED)) throw new HttpStatusError(401, 'Unauthorized', url);
    if (err instanceof Error && err.message.includes('Download is starting')) throw new DownloadError(url);
    throw err;
  }
  const status = response?.status() ?? 200;
  if (status >= 400) throw new HttpStatusError(status, response?.statusText() ?? '', response?.url() || url);
}

/**
 * The frame a step runs in: by name, else by a CSS selector of its `<iframe>`, else by a URL
 * substring. Frames load late, so this polls until the step's timeout.
 */
export async function resolveFrame(page: Page, spec: string | undefined, timeoutMs: number, signal: AbortSignal): Promise<Page | Frame> {
  if (!spec) return page;
  const until = new Deadline(timeoutMs);
  for (;;) {
    const frames = page.frames();
    const byName = frames.find((f) => f.name() === spec);
    if (byName) return byName;
    try {
      const handle = await page.$(spec);
      if (handle) {
        const frame = await handle.contentFrame();
        await handle.dispose();
        if (frame) return frame;
      }
    } catch {
      // Not a valid selector: it can still be a URL substring.
    }
    const byUrl = frames.find((f) => f !== page.mainFrame() && f.url().includes(spec));
    if (byUrl) return byUrl;
    if (Date.now() + POLL_MS >= until.at) throw new Error(`no frame matches "${spec}" (by name, iframe selector or URL)`);
    await sleep(POLL_MS, signal);
  }
}

/** Text as a person reads it: an input's value, else the rendered text. */
function textOf(el: unknown, attribute: string | null): string | null {
  const node = el as PageNode;
  if (attribute) return node.getAttribute(attribute);
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(node.tagName) && typeof node.value === 'string') return node.value;
  return node.innerText ?? node.textContent;
}

/** `shadow`: the page has open shadow roots (for the hint when a selector matches nothing). */
export type QuickRead = { found: true; text: string | null } | { found: false; invalid?: true; shadow?: true };
type PageNode = { value?: unknown; innerText?: string; textContent: string | null; tagName: string; getAttribute(name: string): string | null };

/** Reads each `[selector, attribute]` in the page; see `quickReads`. Runs in the page. */
function readInPage(list: readonly (readonly [selector: string, attribute: string | null])[]): QuickRead[] {
  type Root = { querySelector(s: string): PageNode | null; querySelectorAll(s: string): Iterable<{ shadowRoot?: Root | null }> };
  const document = (globalThis as unknown as { document: Root }).document;
  // Plain CSS does not enter shadow roots; Playwright's CSS does, and so does this: the open
  // shadow roots are searched in turn when the document itself has no match. (No named inner
  // functions here: a bundler keeping names would wrap them in a helper the page lacks.)
  return list.map(([sel, attr]): QuickRead => {
    let node: PageNode | null = null;
    const roots: Root[] = [document];
    try {
      for (let i = 0; i < roots.length && !node; i++) {
        const root = roots[i] as Root;
        node = root.querySelector(sel);
        // Depth first, as Playwright's CSS: a root's own shadow roots come right after it.
        if (!node) roots.splice(i + 1, 0, ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : [])));
      }
    } catch {
      return { found: false, invalid: true }; // not CSS
    }
    if (!node) return roots.length > 1 ? { found: false, shadow: true } : { found: false };
    if (attr) return { found: true, text: node.getAttribute(attr) };
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(node.tagName) && typeof node.value === 'string') return { found: true, text: node.value };
    return { found: true, text: node.innerText ?? node.textContent };
  });
}

/**
 * The fast path for plain CSS: one `querySelector` per read in the page, all in one evaluate,
 * without Playwright's injected selector engine, whose first use costs a new page about 100–200 ms
 * of CPU. Anything else (Playwright selectors such as `text=…` or `>>`, a page between documents)
 * reads as not found and goes to the locator, which auto-waits and understands them all.
 */
async function quickReads(scope: Page | Frame | DirectPage, reads: readonly (readonly [selector: string, attribute: string | null])[]): Promise<QuickRead[]> {
  try {
    // Runs in the page, so it cannot call textOf: the same reading, spelled out again. (Two calls
    // of one function: Playwright's and the direct page's `evaluate` have different signatures.)
    return scope instanceof DirectPage ? await scope.evaluate(readInPage, reads) : await scope.evaluate(readInPage, reads);
  } catch (err) {
    if (err instanceof PageClosedError) throw err; // crashed or closed: say so, do not poll it until the timeout
    return reads.map((): QuickRead => ({ found: false }));
  }
}

/**
 * Whether `selector` uses Playwright's own syntax, which plain `querySelector` does not know: an
 * engine prefix (`text=…`, `css=…`, `xpath=…`, `role=…`, `internal:…`), a chain (`>>`), XPath
 * (`//…`, `..`), a quoted text, or one of Playwright's pseudo-classes (`:has-text()`, `:visible`
 * …). Tasks with such selectors run on Playwright.
 */
export function playwrightSelector(selector: string): boolean {
  const s = selector.trim();
  const eq = s.indexOf('=');
  return (
    (eq !== -1 && /^[a-zA-Z_0-9-+:*]+$/.test(s.slice(0, eq).trim())) ||
    s.includes('>>') ||
    /^(\/\/|\.\.|\(|["'])/.test(s) ||
    /(^|[^\\]):(has-text|text|text-is|text-matches|visible|nth-match|left-of|right-of|above|below|near|light)\b/i.test(s) ||
    s.includes('internal:')
  );
}

async function quickRead(scope: Page | Frame | DirectPage, selector: string, attribute: string | null): Promise<QuickRead> {
  const [read] = await quickReads(scope, [[selector, attribute]]);
  return read ?? { found: false };
}

/**
 * A page's values are usually read by a run of extract steps with nothing in between: the first
 * of the run reads them all in one evaluate, and each step of the run starts from its read (a
 * read that does not parse yet, such as "Loading…", is simply read again). One round trip instead
 * of one per value.
 */
async function readAheadFrom(scope: Page | Frame | DirectPage, step: ExtractStep, following: readonly ScrapeStep[], env: StepEnv): Promise<void> {
  const run: ExtractStep[] = [step];
  for (const next of following) {
    if (next.type !== 'extract' || next.frame !== step.frame) break;
    run.push(next);
  }
  if (run.length < 2) return;
  const reads = await quickReads(
    scope,
    run.map((s) => [s.selector, s.attribute ?? null] as const),
  );
  env.readAhead ??= new Map();
  run.forEach((s, i) => env.readAhead?.set(s, reads[i] ?? { found: false }));
}

async function locatorRead(locator: Locator, attribute: string | null, timeoutMs: number): Promise<string | null> {
  return locator.evaluate(textOf, attribute, { timeout: timeoutMs });
}

/**
 * Reads a value, waiting (up to the step's timeout) for the element and for text that parses:
 * meters often render "Loading…" or "--" until their script has fetched the reading.
 */
async function extract(scope: Page | Frame | DirectPage, step: ExtractStep, timeoutMs: number, env: StepEnv): Promise<ScrapeValue> {
  const until = new Deadline(timeoutMs);
  const attribute = step.attribute ?? null;
  const parse = (text: string | null): ScrapeValue => (text === null ? null : step.parse === 'text' ? parseText(text, step) : parseNumber(text, step));
  const ahead = env.readAhead?.get(step);
  env.readAhead?.delete(step);
  if (ahead?.found) {
    const value = parse(ahead.text);
    if (value !== null) return value;
  }
  // Not found by the read ahead: not CSS, or not on the page yet. The locator understands the one
  // and waits for the other, as after a quick read that found nothing.
  let locator: Locator | null = ahead && !ahead.found && !(scope instanceof DirectPage) ? scope.locator(step.selector).first() : null;
  let last: string | null = null;
  let read = false;
  for (;;) {
    const quick = locator ? null : await quickRead(scope, step.selector, attribute);
    if (quick?.found) {
      last = quick.text;
      read = true;
    } else if (scope instanceof DirectPage) {
      // A direct page has plain CSS only (steps are checked before it opens): read again until
      // the element shows or the step's time is up.
      if (quick && 'invalid' in quick) {
        if (step.optional) return null;
        throw new Error(`"${step.selector}" is not a valid CSS selector`);
      }
      if (Date.now() + POLL_MS >= until.at) {
        if (read) break;
        if (step.optional) return null;
        // A selector that spans a shadow root ("host .inner") matches only with Playwright's CSS.
        const hint = quick && 'shadow' in quick ? ` (the page has shadow roots: for a selector that reaches into one from outside, write "css=${step.selector}")` : '';
        throw new Error(`Timeout ${timeoutMs}ms exceeded: no element matches "${step.selector}"${hint}`);
      }
      await sleep(POLL_MS, env.signal);
      continue;
    } else {
      locator ??= scope.locator(step.selector).first();
      try {
        // One round trip: the read waits for the element itself. A re-read gets a little time of
        // its own even at the very end of the step.
        last = await locatorRead(locator, attribute, read ? Math.max(READ_MIN_MS, until.left()) : until.left());
        read = true;
      } catch (err) {
        if (read) break; // Timed out re-reading: report what was last seen.
        if (step.optional) return null;
        throw err;
      }
    }
    const value = parse(last);
    if (value !== null) return value;
    if (Date.now() + POLL_MS >= until.at) break;
    await sleep(POLL_MS, env.signal);
  }
  if (step.optional) return null;
  const shown = last === null ? `no attribute "${step.attribute}"` : `"${last.replace(/\s+/g, ' ').trim().slice(0, 80)}"`;
  const wanted = step.parse === 'text' ? 'text' : 'a number';
  throw new Error(`${wanted}${step.regex ? ` matching /${step.regex}/` : ''} not found in ${shown} after ${timeoutMs} ms`);
}

/**
 * Runs one step; throws with Playwright's message when it fails. `following` are the steps after
 * it, for an extract to read the run of extracts that follows it in the same evaluate.
 */
export async function runStep(step: ScrapeStep, env: StepEnv, following: readonly ScrapeStep[] = []): Promise<void> {
  const budget = env.deadline.cap(step.timeout ?? (step.type === 'goto' ? env.navigationTimeoutMs : env.stepTimeoutMs));
  if (step.type === 'goto' && !step.frame && env.navigate) {
    // The task run's own navigation, which may also be where its page arrives.
    const url = new URL(step.url, env.baseUrl).href;
    await env.navigate(url, budget);
    await env.afterGoto?.(url);
    return;
  }
  if (env.direct) return runDirectStep(step, env.direct, budget, env, following);
  const clock = new Deadline(budget);
  const scope = await resolveFrame(env.page, step.frame, budget, env.signal);
  // Finding the frame spends part of the step's budget.
  const timeout = clock.left();
  switch (step.type) {
    case 'goto': {
      const url = new URL(step.url, scope === env.page ? env.baseUrl : scope.url()).href;
      await navigate(scope, url, timeout);
      if (scope === env.page) await env.afterGoto?.(url);
      return;
    }
    case 'click':
      return scope.locator(step.selector).first().click({ timeout });
    case 'fill':
      return scope.locator(step.selector).first().fill(step.value, { timeout });
    case 'select':
      await scope.locator(step.selector).first().selectOption(step.value, { timeout });
      return;
    case 'press':
      if (step.selector) return scope.locator(step.selector).first().press(step.key, { timeout });
      return env.page.keyboard.press(step.key);
    case 'wait':
      return sleep(Math.min(step.ms, env.deadline.left()), env.signal);
    case 'waitForSelector':
      return scope.locator(step.selector).first().waitFor({ state: step.state ?? 'visible', timeout });
    case 'extract':
      env.values[step.name] = null;
      if (!env.readAhead?.has(step)) await readAheadFrom(scope, step, following, env);
      env.values[step.name] = await extract(scope, step, timeout, env);
      return;
  }
}

/** Whether every step of `steps` can run on a direct page (direct-page.ts). */
export function directSteps(steps: readonly ScrapeStep[]): boolean {
  return steps.every((step) => !step.frame && (step.type === 'goto' || step.type === 'wait' || (step.type === 'extract' && !playwrightSelector(step.selector))));
}

/** A step of a task on a direct page: `directSteps` admitted it, and its `goto` is the task's own. */
async function runDirectStep(step: ScrapeStep, page: DirectPage, timeout: number, env: StepEnv, following: readonly ScrapeStep[]): Promise<void> {
  switch (step.type) {
    case 'goto':
      return page.navigate(new URL(step.url, env.baseUrl).href, timeout);
    case 'wait':
      return sleep(Math.min(step.ms, env.deadline.left()), env.signal);
    case 'extract':
      env.values[step.name] = null;
      if (!env.readAhead?.has(step)) await readAheadFrom(page, step, following, env);
      env.values[step.name] = await extract(page, step, timeout, env);
      return;
    default:
      throw new Error(`a ${step.type} step needs a Playwright page`);
  }
}
