import type { FieldSpec, ModuleManifest } from '../../../shared/manifest';
import type { FieldIssue } from '../../../shared/result';
import type { CoreDb } from '../db/database';
import { validationError } from '../router/app-error';
import type { SecretStore } from '../secrets/secret-store';
import { readSetting, writeSetting } from '../settings/settings-repository';
import { checkFieldValue } from './manifest';

export interface ModuleSettingView extends FieldSpec {
  key: string;
  /** Current value; absent for secrets, which are never sent back. */
  value?: unknown;
  /** For secrets: whether one is stored. */
  isSet?: boolean;
}

function fields(manifest: ModuleManifest): [string, FieldSpec][] {
  return Object.entries(manifest.settings ?? {});
}

/** Non-secret values with manifest defaults: what the module's ctx.settings sees. */
export function effectiveSettings(db: CoreDb, manifest: ModuleManifest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of fields(manifest)) {
    if (field.type === 'secret') continue;
    const stored = readSetting(db, manifest.name, key);
    out[key] = stored && checkFieldValue(field, stored.value) === null ? stored.value : (field.default ?? null);
  }
  return out;
}

export function describeSettings(db: CoreDb, secrets: SecretStore, manifest: ModuleManifest): ModuleSettingView[] {
  const values = effectiveSettings(db, manifest);
  const setSecrets = new Set(secrets.keys(manifest.name));
  return fields(manifest).map(([key, field]) =>
    field.type === 'secret' ? { key, ...field, default: undefined, isSet: setSecrets.has(key) } : { key, ...field, value: values[key] },
  );
}

/**
 * Validates every given value first and writes them together, so a bad value changes nothing.
 * A secret takes a string to replace it or null to clear it.
 */
export function updateSettings(db: CoreDb, secrets: SecretStore, manifest: ModuleManifest, values: Record<string, unknown>): void {
  const specs = new Map(fields(manifest));
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const field = specs.get(key);
    if (!field) {
      issues.push({ field: `body.${key}`, message: `is not a setting of ${manifest.name}` });
      continue;
    }
    if (value === null) {
      if (field.required && field.type !== 'secret') issues.push({ field: `body.${key}`, message: 'is required' });
      continue;
    }
    const problem = checkFieldValue(field, value);
    if (problem) issues.push({ field: `body.${key}`, message: problem });
  }
  if (issues.length) throw validationError(issues);
  db.transaction(() => {
    for (const [key, value] of Object.entries(values)) {
      const field = specs.get(key) as FieldSpec;
      if (field.type === 'secret') {
        if (value === null) secrets.delete(manifest.name, key);
        else secrets.set(manifest.name, key, String(value));
      } else {
        writeSetting(db, manifest.name, key, value === null ? (field.default ?? null) : value);
      }
    }
  });
}
