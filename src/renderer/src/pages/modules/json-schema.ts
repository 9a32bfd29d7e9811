/**
 * Reading the JSON Schemas of a route's input and output for people: a flat list of fields with
 * their type, whether they are required, and their limits; and a runnable `nxforge call` line.
 */

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  description?: string;
  title?: string;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  multipleOf?: number;
}

export interface FieldRow {
  /** Dotted path: `values`, `meter.id`, `items[].name`. */
  name: string;
  depth: number;
  type: string;
  required: boolean;
  constraints: string[];
  description: string | null;
}

const MAX_DEPTH = 4;

export function asSchema(value: unknown): Schema | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : null;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function variants(schema: Schema): Schema[] | null {
  const list = schema.anyOf ?? schema.oneOf;
  return list && list.length ? list : null;
}

/** `string`, `integer`, `"a" | "b"`, `string[]`, `object`, `string | null`. */
export function typeText(schema: Schema | null): string {
  if (!schema) return 'any';
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.const !== undefined) return literal(schema.const);
  const alternatives = variants(schema);
  if (alternatives) return [...new Set(alternatives.map((s) => typeText(s)))].join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? 'object' : 'any';
  return types
    .map((t) => {
      if (t !== 'array') return t;
      const item = Array.isArray(schema.items) ? null : asSchema(schema.items);
      const inner = typeText(item);
      return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
    })
    .join(' | ');
}

/** Limits in words: `1–60 characters`, `≥ 1`, `format: date-time`, `default: 200`. */
export function constraintsOf(schema: Schema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string): void => {
    if (min !== undefined && max !== undefined) out.push(min === max ? `exactly ${min}${unit}` : `${min}–${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  range(schema.minimum, schema.maximum, '');
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`< ${schema.exclusiveMaximum}`);
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.multipleOf !== undefined) out.push(`multiple of ${schema.multipleOf}`);
  if (schema.format) out.push(`format: ${schema.format}`);
  if (schema.pattern) out.push(`pattern: ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default: ${literal(schema.default)}`);
  return out;
}

function itemSchema(schema: Schema): Schema | null {
  return Array.isArray(schema.items) ? null : asSchema(schema.items);
}

function isObject(schema: Schema): boolean {
  return schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined);
}

/** The fields of an object schema, nested ones flattened under their parent's name. */
export function fieldRows(schema: Schema | null, prefix = '', depth = 0): FieldRow[] {
  if (!schema || depth > MAX_DEPTH) return [];
  const required = new Set(schema.required ?? []);
  const rows: FieldRow[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const child = asSchema(raw) ?? {};
    const name = `${prefix}${key}`;
    rows.push({
      name,
      depth,
      type: typeText(child),
      required: required.has(key),
      constraints: constraintsOf(child),
      description: child.description ?? child.title ?? null,
    });
    if (isObject(child)) rows.push(...fieldRows(child, `${name}.`, depth + 1));
    const item = child.type === 'array' ? itemSchema(child) : null;
    if (item && isObject(item)) rows.push(...fieldRows(item, `${name}[].`, depth + 1));
  }
  return rows;
}

/** What a schema describes when it is not a plain object of fields: `array of object`, `string`. */
export function shapeOf(schema: Schema | null): { summary: string; fields: FieldRow[] } {
  if (!schema) return { summary: 'any', fields: [] };
  if (isObject(schema)) {
    const open = schema.additionalProperties !== undefined && schema.additionalProperties !== false && !schema.properties;
    return { summary: open ? 'object (any keys)' : 'object', fields: fieldRows(schema) };
  }
  const item = schema.type === 'array' ? itemSchema(schema) : null;
  if (item && isObject(item)) return { summary: 'array of objects, each with:', fields: fieldRows(item, '[].') };
  return { summary: typeText(schema), fields: [] };
}

/** True when a schema takes nothing: absent, or an object without fields. */
export function isEmptyInput(schema: Schema | null): boolean {
  if (!schema) return true;
  return isObject(schema) && Object.keys(schema.properties ?? {}).length === 0 && !schema.additionalProperties;
}

function placeholder(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase() || 'VALUE';
}

/** A value to show in an example: the schema's default or example, else a placeholder of its type. */
export function sampleValue(schema: Schema | null, name: string): unknown {
  if (!schema) return placeholder(name);
  if (schema.default !== undefined) return schema.default;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.enum?.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const alternatives = variants(schema);
  if (alternatives) return sampleValue(alternatives.find((s) => s.type !== 'null') ?? alternatives[0] ?? null, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    case 'object':
    case undefined: {
      if (!schema.properties) return type === 'object' ? {} : placeholder(name);
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleValue(asSchema(schema.properties[key]), key);
      return out;
    }
    default:
      return placeholder(name);
  }
}

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CallTarget {
  module: string;
  method: string;
  path: string;
  input: { params: unknown; query: unknown; body: unknown };
}

/**
 * `nxforge call hello-world GET /greeting --query name=NAME`: the route with its path parameters
 * as placeholders, its required query fields, and a body holding its required fields.
 */
export function callCommand(route: CallTarget): string {
  const params = asSchema(route.input.params);
  const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = sampleValue(asSchema(params?.properties?.[name]), name);
    return typeof value === 'string' ? value : String(value);
  });
  const words = ['nxforge', 'call', route.module, route.method, path];
  const query = asSchema(route.input.query);
  for (const key of query?.required ?? []) {
    const value = sampleValue(asSchema(query?.properties?.[key]), key);
    words.push('--query', `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const body = asSchema(route.input.body);
  if (body && !['GET', 'DELETE'].includes(route.method)) words.push('--body', JSON.stringify(sampleValue(body, 'body')));
  return words.map(shellQuote).join(' ');
}
