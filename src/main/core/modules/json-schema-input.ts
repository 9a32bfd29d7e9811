import Ajv, { type ValidateFunction } from 'ajv';
import type { InputSchema } from '../router/router';

const coercing = new Ajv({ allErrors: true, coerceTypes: 'array', useDefaults: true, strict: false });
const exact = new Ajv({ allErrors: true, useDefaults: true, strict: false });

/**
 * Turns a module's JSON Schema into a router input validator. Query and path values arrive
 * as strings, so those are coerced to the schema's types; bodies are checked as they are.
 */
export function jsonSchemaInput(schema: Record<string, unknown>, options: { coerce: boolean }): InputSchema<unknown> {
  let validate: ValidateFunction;
  try {
    validate = (options.coerce ? coercing : exact).compile(schema);
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
