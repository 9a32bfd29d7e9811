import { z } from 'zod';
import type { FieldIssue } from '../../../shared/result';
import { AppError } from '../router/app-error';
import type { ScrapeTask } from './types';

/** A task of the wrong shape: a caller's mistake, thrown (page problems resolve as `ok: false`). */
export class ScrapeTaskError extends AppError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super('VALIDATION', `Invalid scrape task: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { issues });
    this.name = 'ScrapeTaskError';
    this.issues = issues;
  }
}

const MAX_TASK_MS = 30 * 60_000;

const text = z.string().min(1, 'must not be empty');
const ms = (max: number) => z.number().int('must be a whole number of milliseconds').positive('must be positive').max(max, `must be at most ${max}`);
const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid regular expression' },
);

const httpUrl = z.string().refine(
  (value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an absolute http:// or https:// URL' },
);

const common = { timeout: ms(MAX_TASK_MS).optional(), frame: text.optional() };

const stepSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('goto'), url: text, ...common }),
    z.strictObject({ type: z.literal('click'), selector: text, ...common }),
    z.strictObject({ type: z.literal('fill'), selector: text, value: z.string(), ...common }),
    z.strictObject({ type: z.literal('select'), selector: text, value: z.string(), ...common }),
    z.strictObject({ type: z.literal('press'), selector: text.optional(), key: text, ...common }),
    z.strictObject({ type: z.literal('wait'), ms: z.number().int().min(0).max(MAX_TASK_MS), ...common }),
    z.strictObject({
      type: z.literal('waitForSelector'),
      selector: text,
      state: z.enum(['attached', 'detached', 'visible', 'hidden']).optional(),
      ...common,
    }),
    z.strictObject({
      type: z.literal('extract'),
      name: text,
      selector: text,
      regex: regex.optional(),
      parse: z.enum(['number', 'text']).optional(),
      attribute: text.optional(),
      decimal: z.enum(['.', ',']).optional(),
      optional: z.boolean().optional(),
      ...common,
    }),
  ],
  { error: 'must be one of goto, click, fill, select, press, wait, waitForSelector, extract' },
);

const authSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('basic'), username: z.string(), password: z.string() }),
    z.strictObject({
      type: z.literal('form'),
      loginUrl: z.string().min(1).optional(),
      username: z.string(),
      password: z.string(),
      usernameSelector: text,
      passwordSelector: text,
      submitSelector: text,
      successSelector: text.optional(),
    }),
  ],
  { error: 'must be one of none, basic, form' },
);

const taskSchema = z
  .strictObject({
    url: httpUrl,
    auth: authSchema.optional(),
    steps: z.array(stepSchema).max(200).optional(),
    sessionKey: z.string().min(1).max(200).optional(),
    timeoutMs: ms(MAX_TASK_MS).optional(),
    screenshotOnError: z.boolean().optional(),
    screenshotOnSuccess: z.boolean().optional(),
    navigationTimeoutMs: ms(MAX_TASK_MS).optional(),
  })
  .superRefine((task, ctx) => {
    // Relative URLs resolve against the task URL; the result must still be http(s).
    const check = (value: string | undefined, path: (string | number)[]) => {
      if (value === undefined) return;
      try {
        if (['http:', 'https:'].includes(new URL(value, task.url).protocol)) return;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', path, message: 'must be an http(s) URL, absolute or relative to the task url' });
    };
    if (task.auth?.type === 'form') check(task.auth.loginUrl, ['auth', 'loginUrl']);
    task.steps?.forEach((step, i) => {
      if (step.type === 'goto') check(step.url, ['steps', i, 'url']);
    });
  });

// The schema and the hand-written contract must agree; this line fails to compile if they drift.
const _sameShape: z.ZodType<ScrapeTask> = taskSchema;

/** `steps[2].selector`, `auth.password`, `(task)` for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(task)';
}

/** Checks a task's shape; throws `ScrapeTaskError` naming every bad field. */
export function parseTask(input: unknown): ScrapeTask {
  const result = taskSchema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: fieldPath([...issue.path, key]), message: 'is not a known field' });
    } else {
      issues.push({ field: fieldPath(issue.path), message: issue.message });
    }
  }
  throw new ScrapeTaskError(issues);
}
