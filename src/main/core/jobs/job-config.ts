import type { Fields } from '../../../shared/manifest';
import type { FieldIssue } from '../../../shared/result';
import { checkFieldValue } from '../modules/manifest';

/** Manifest defaults overlaid with the values saved for the job. */
export function jobConfig(fields: Fields | undefined, saved: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields ?? {})) out[key] = field.default ?? null;
  if (saved && typeof saved === 'object') {
    for (const [key, value] of Object.entries(saved as Record<string, unknown>)) if (key in out) out[key] = value;
  }
  return out;
}

/** Checks edited config values against the manifest's fields; every problem names its field. */
export function configIssues(fields: Fields | undefined, values: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const field = fields?.[key];
    if (!field) {
      issues.push({ field: `body.config.${key}`, message: 'is not a config field of this job' });
      continue;
    }
    if (value === null && !field.required) continue;
    const problem = checkFieldValue(field, value);
    if (problem) issues.push({ field: `body.config.${key}`, message: problem });
  }
  return issues;
}
