import Ajv, { type ErrorObject } from 'ajv';
import { Cron } from 'croner';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import type { FieldIssue } from '../../../shared/result';
import { MANIFEST_VERSION, type Fields, type ModuleManifest } from '../../../shared/manifest';
import { appRoot } from '../paths';

/** A manifest that does not pass: every problem is named with its field. */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

let validateSchema: ReturnType<Ajv['compile']> | null = null;

function schemaValidator(): ReturnType<Ajv['compile']> {
  if (!validateSchema) {
    const schema = JSON.parse(readFileSync(join(appRoot(), 'sdk', 'manifest.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
    validateSchema = ajv.compile(schema);
  }
  return validateSchema;
}

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  if (error.keyword === 'required') return [base, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') {
    return [base, (error.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  }
  return base || '(manifest)';
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a manifest v1 field (check the spelling)';
    case 'enum':
      return `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `expected ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `expected ${String(params.type)}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ? `expected ${description}` : `does not match ${String(params.pattern)}`;
    }
    case 'propertyNames':
      return `has an invalid key "${String(params.propertyName)}" (use kebab-case or a plain identifier)`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Validates a parsed manifest.json against manifest v1 and the rules a schema cannot say
 * (semver, ranges, cron expressions, setting defaults). Returns it with defaults applied.
 */
export function validateManifest(input: unknown, appVersion: string): ModuleManifest {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ManifestError('manifest.json must hold a JSON object', [{ field: '(manifest)', message: 'expected an object' }]);
  }
  const declared = (input as { manifestVersion?: unknown }).manifestVersion;
  if (declared === undefined) {
    throw new ManifestError(`manifest.json has no manifestVersion: add "manifestVersion": ${MANIFEST_VERSION}`, [
      { field: 'manifestVersion', message: `is required (${MANIFEST_VERSION})` },
    ]);
  }
  if (typeof declared === 'number' && Number.isInteger(declared) && declared > MANIFEST_VERSION) {
    throw new ManifestError(
      `manifest.json uses manifestVersion ${declared}; NxForge Desktop ${appVersion} reads manifestVersion ${MANIFEST_VERSION} only. ` +
        `Update NxForge Desktop to a release that reads manifest v${declared}, or install a build of the module made for manifest v${MANIFEST_VERSION}.`,
      [{ field: 'manifestVersion', message: `this app reads ${MANIFEST_VERSION}` }],
    );
  }
  const copy = structuredClone(input) as Record<string, unknown>;
  const validate = schemaValidator();
  const issues: FieldIssue[] = [];
  if (!validate(copy)) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      // oneOf/anyOf produce one line per branch; the branch errors say more.
      if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
      const issue = { field: fieldOf(error), message: describeError(error) };
      const key = `${issue.field}|${issue.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(issue);
      }
    }
  }
  if (issues.length === 0) issues.push(...semanticIssues(copy as unknown as ModuleManifest));
  if (issues.length) {
    throw new ManifestError(`Invalid manifest.json: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  const manifest = copy as unknown as ModuleManifest;
  manifest.entry ??= 'dist/main.js';
  manifest.migrations ??= 'migrations';
  manifest.permissions ??= [];
  manifest.dependencies ??= {};
  return manifest;
}

function semanticIssues(manifest: ModuleManifest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!semver.valid(manifest.version)) issues.push({ field: 'version', message: 'expected a semantic version such as 1.0.0' });
  if (!semver.validRange(manifest.engines.nxforge)) {
    issues.push({ field: 'engines.nxforge', message: `"${manifest.engines.nxforge}" is not a semver range (e.g. ^0.1.0)` });
  }
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (dep === manifest.name) issues.push({ field: `dependencies.${dep}`, message: 'a module cannot depend on itself' });
    if (!semver.validRange(range)) issues.push({ field: `dependencies.${dep}`, message: `"${range}" is not a semver range` });
  }
  issues.push(...fieldIssues('settings', manifest.settings));
  for (const [id, job] of Object.entries(manifest.jobs ?? {})) {
    if (typeof job.schedule === 'string') {
      try {
        new Cron(job.schedule, { paused: true });
      } catch (err) {
        issues.push({ field: `jobs.${id}.schedule`, message: `"${job.schedule}" is not a cron expression (${(err as Error).message})` });
      }
    }
    issues.push(...fieldIssues(`jobs.${id}.config`, job.config));
    for (const [key, field] of Object.entries(job.config ?? {})) {
      if (field.type === 'secret') {
        issues.push({ field: `jobs.${id}.config.${key}.type`, message: 'a job config cannot hold a secret: declare it in settings, where secrets are stored encrypted and never sent to pages' });
      }
    }
  }
  const pagePaths = new Set<string>();
  for (const [i, page] of (manifest.ui?.pages ?? []).entries()) {
    if (pagePaths.has(page.path)) issues.push({ field: `ui.pages.${i}.path`, message: `duplicate page path ${page.path}` });
    pagePaths.add(page.path);
  }
  return issues;
}

/** Setting and job-config fields: defaults must fit their type. */
function fieldIssues(prefix: string, fields: Fields | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [key, field] of Object.entries(fields ?? {})) {
    const at = `${prefix}.${key}`;
    if (field.type === 'select' && !field.options?.length) issues.push({ field: `${at}.options`, message: 'a select needs options' });
    if (field.default === undefined) continue;
    const problem = checkFieldValue(field, field.default);
    if (problem) issues.push({ field: `${at}.default`, message: problem });
  }
  return issues;
}

/** Returns what is wrong with a value for a field, or null when it fits. */
export function checkFieldValue(field: { type: string; options?: string[]; min?: number; max?: number }, value: unknown): string | null {
  switch (field.type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? null : 'expected a string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value) ? null : `expected one of ${(field.options ?? []).join(', ')}`;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'expected a whole number';
      if (field.min !== undefined && value < field.min) return `expected at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `expected at most ${field.max}`;
      return null;
    }
    default:
      return `unknown field type ${field.type}`;
  }
}
