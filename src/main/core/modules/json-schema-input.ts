import Ajv, { type ValidateFunction } from 'ajv';
import type { InputSchema } from '../router/router';

/**
 * Validating each schema against the meta-schema costs ~50 ms on the first compile at start-up;
 * strictSchema still refuses unknown keywords, which catches most malformed schemas.
 */
const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false, strictSchema: true, validateSchema: false } as const;

// Created on first use: building an Ajv instance costs tens of milliseconds at start-up.
let coercing: Ajv | null = null;
let exact: Ajv | null = null;
const instance = (coerce: boolean): Ajv =>
  coerce
    ? (coercing ??= new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' }))
    : (exact ??= new Ajv(AJV_OPTIONS));

/**
 * Turns a module's JSON Schema into a router input validator. Query and path values arrive
 * as strings, so those are coerced to the schema's types; bodies are checked as they are.
 */
export function jsonSchemaInput(schema: Record<string, unknown>, options: { coerce: boolean }): InputSchema<unknown> {
  let validate: ValidateFunction;
  try {
    validate = instance(options.coerce).compile(schema);
  } catch (err) {
    throw new Error(`invalid JSON Schema: ${(err as Error).message}`);
  }
  return {
    jsonSchema: schema,
    safeParse(value: unknown) {
      const copy = value === undefined ? undefined : structuredClone(value);
      if (validate(copy)) return { success: true, data: copy };
      const issues = (validate.errors ?? []).map((e) => {
        const path: PropertyKey[] = e.instancePath.split('/').slice(1);
        if (e.keyword === 'required') path.push((e.params as { missingProperty: string }).missingProperty);
        if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
        const message = e.keyword === 'required' ? 'is required' : e.keyword === 'additionalProperties' ? 'is not allowed' : (e.message ?? 'is invalid');
        return { path, message };
      });
      return { success: false, error: { issues } };
    },
  };
}
