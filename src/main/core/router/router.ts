import { z } from 'zod';
import type { HttpMethod, RouteCall } from '../../../shared/contract';
import { HTTP_METHODS } from '../../../shared/contract';
import type { FieldIssue, Result } from '../../../shared/result';
import { AppError, validationError } from './app-error';
import { compilePath, normalizePath, type PathPattern } from './path-pattern';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  call: RouteCall;
}

/**
 * What a route's input is checked with: a zod schema, or any validator of the same shape
 * (module routes use compiled JSON Schemas). `jsonSchema`, when present, documents it.
 */
export interface InputSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
  jsonSchema?: unknown;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown, O = unknown> {
  module: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  params?: InputSchema<P>;
  query?: InputSchema<Q>;
  body?: InputSchema<B>;
  /** Describes the answer for the route reference; not enforced at run time. */
  output?: InputSchema<O>;
  handler: (ctx: RouteContext<P, Q, B>) => O | Promise<O>;
}

/** Declares a route with inference: the handler sees the parsed types of its schemas. */
export function defineRoute<P = Record<string, string>, Q = Record<string, unknown>, B = unknown, O = unknown>(
  def: RouteDefinition<P, Q, B, O>,
): RouteDefinition<P, Q, B, O> {
  return def;
}

export interface RouteDescriptor {
  module: string;
  method: HttpMethod;
  path: string;
  summary: string | null;
  input: { params: unknown; query: unknown; body: unknown };
  output: unknown;
}

export interface ErrorReporter {
  (message: string, details: Record<string, unknown>): void;
}

interface Entry {
  def: RouteDefinition;
  pattern: PathPattern;
}

interface ModuleTable {
  statics: Map<string, Entry>;
  dynamics: Entry[];
}

const MODULE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * One route table for every transport. Lookups for static paths are a single map hit;
 * dynamic paths are matched per segment within the module and method only.
 */
export class Router {
  private readonly tables = new Map<string, ModuleTable>();
  private readonly unavailable = new Map<string, string>();
  private readonly activators = new Map<string, () => Promise<void>>();
  private readonly reportError: ErrorReporter;

  constructor(options: { reportError?: ErrorReporter } = {}) {
    this.reportError = options.reportError ?? (() => undefined);
  }

  /** Adds a route; returns a disposer that removes it. A duplicate (module, method, path shape) is refused. */
  add<P, Q, B, O>(definition: RouteDefinition<P, Q, B, O>): () => void {
    const def = definition as unknown as RouteDefinition;
    if (!MODULE_NAME.test(def.module)) {
      throw new AppError('VALIDATION', `Route module "${def.module}" is not a kebab-case name`);
    }
    if (!(HTTP_METHODS as readonly string[]).includes(def.method)) {
      throw new AppError('VALIDATION', `Route method "${String(def.method)}" is not one of ${HTTP_METHODS.join(', ')}`);
    }
    const pattern = compilePath(def.path);
    const table = this.tableFor(def.module);
    const key = `${def.method} ${pattern.shapeKey}`;
    const duplicate =
      table.statics.get(key) ?? table.dynamics.find((e) => e.def.method === def.method && e.pattern.shapeKey === pattern.shapeKey);
    if (duplicate) {
      throw new AppError(
        'CONFLICT',
        `Duplicate route ${def.module} ${def.method} ${pattern.source}: ${duplicate.pattern.source} is already registered`,
      );
    }
    const entry: Entry = { def, pattern };
    if (pattern.isStatic) table.statics.set(key, entry);
    else table.dynamics.push(entry);
    return () => this.remove(entry);
  }

  /** Removes every route of a module. */
  removeModule(module: string): void {
    this.tables.delete(module);
  }

  /** Calls to an unavailable module answer MODULE_UNAVAILABLE with the reason, routes or not. */
  setUnavailable(module: string, reason: string | null): void {
    if (reason === null) this.unavailable.delete(module);
    else this.unavailable.set(module, reason);
  }

  /**
   * A module whose routes are registered on first use: the next call to it awaits `activate`
   * (which adds the routes) before the lookup. Null removes it.
   */
  setActivator(module: string, activate: (() => Promise<void>) | null): void {
    if (activate === null) this.activators.delete(module);
    else this.activators.set(module, activate);
  }

  has(module: string, method: HttpMethod, path: string): boolean {
    return this.find(module, method, normalizePath(path)) !== null;
  }

  list(module?: string): RouteDescriptor[] {
    const out: RouteDescriptor[] = [];
    for (const [name, table] of this.tables) {
      if (module !== undefined && name !== module) continue;
      for (const entry of [...table.statics.values(), ...table.dynamics]) out.push(describe(entry));
    }
    return out.sort((a, b) => a.module.localeCompare(b.module) || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }

  async call<T = unknown>(call: RouteCall): Promise<Result<T>> {
    let entry: { entry: Entry; params: Record<string, string> } | null = null;
    try {
      const shapeError = checkCallShape(call);
      if (shapeError) return { ok: false, error: shapeError.toRouteError() };
      const reason = this.unavailable.get(call.module);
      if (reason !== undefined) {
        return { ok: false, error: { code: 'MODULE_UNAVAILABLE', message: `Module "${call.module}" is unavailable: ${reason}` } };
      }
      const activate = this.activators.get(call.module);
      if (activate) await activate();
      const path = normalizePath(call.path);
      entry = this.find(call.module, call.method, path);
      if (!entry) {
        const known = this.tables.has(call.module);
        return {
          ok: false,
          error: {
            code: 'NOT_FOUND',
            message: known
              ? `No route ${call.method} ${path} in module "${call.module}"`
              : `No module "${call.module}" has routes; check the module name or that it is enabled`,
          },
        };
      }
      const { def } = entry.entry;
      const issues: FieldIssue[] = [];
      const params = parseInput('params', def.params, entry.params, issues);
      const query = parseInput('query', def.query, call.query ?? {}, issues);
      const body = parseInput('body', def.body, call.body, issues);
      if (issues.length) throw validationError(issues);
      const data = await def.handler({ params, query, body, call });
      return { ok: true, data: data as T };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toRouteError() };
      const message = err instanceof Error ? err.message : String(err);
      const where = entry ? `${call.module} ${call.method} ${entry.entry.pattern.source}` : `${call.module} ${call.method} ${call.path}`;
      this.reportError(`Route ${where} failed: ${message}`, {
        route: where,
        stack: err instanceof Error ? err.stack : undefined,
      });
      return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${where}: ${message}` } };
    }
  }

  private tableFor(module: string): ModuleTable {
    let table = this.tables.get(module);
    if (!table) {
      table = { statics: new Map(), dynamics: [] };
      this.tables.set(module, table);
    }
    return table;
  }

  private find(module: string, method: HttpMethod, path: string): { entry: Entry; params: Record<string, string> } | null {
    const table = this.tables.get(module);
    if (!table) return null;
    const hit = table.statics.get(`${method} ${path}`);
    if (hit) return { entry: hit, params: {} };
    for (const entry of table.dynamics) {
      if (entry.def.method !== method) continue;
      const params = entry.pattern.match(path);
      if (params) return { entry, params };
    }
    return null;
  }

  private remove(entry: Entry): void {
    const table = this.tables.get(entry.def.module);
    if (!table) return;
    if (entry.pattern.isStatic) {
      const key = `${entry.def.method} ${entry.pattern.shapeKey}`;
      if (table.statics.get(key) === entry) table.statics.delete(key);
    } else {
      const i = table.dynamics.indexOf(entry);
      if (i >= 0) table.dynamics.splice(i, 1);
    }
  }
}

function checkCallShape(call: RouteCall): AppError | null {
  const issues: FieldIssue[] = [];
  if (call === null || typeof call !== 'object') return validationError([{ field: 'call', message: 'expected an object' }]);
  if (typeof call.module !== 'string' || call.module === '') issues.push({ field: 'module', message: 'expected a module name' });
  if (!(HTTP_METHODS as readonly string[]).includes(call.method)) {
    issues.push({ field: 'method', message: `expected one of ${HTTP_METHODS.join(', ')}` });
  }
  if (typeof call.path !== 'string' || !call.path.startsWith('/')) issues.push({ field: 'path', message: 'expected a path starting with /' });
  if (call.query !== undefined && (call.query === null || typeof call.query !== 'object' || Array.isArray(call.query))) {
    issues.push({ field: 'query', message: 'expected an object of strings' });
  }
  return issues.length ? validationError(issues) : null;
}

/** Parses one part of the input; problems are collected so that one answer names every bad field. */
function parseInput<T>(where: 'params' | 'query' | 'body', schema: InputSchema<T> | undefined, value: unknown, issues: FieldIssue[]): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    issues.push({ field: [where, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined as T;
}

function toJsonSchema(schema: InputSchema<unknown> | undefined): unknown {
  if (!schema) return null;
  if (schema.jsonSchema !== undefined) return schema.jsonSchema;
  if (!(schema instanceof z.ZodType)) return null;
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
  } catch {
    return null;
  }
}

function describe(entry: Entry): RouteDescriptor {
  const { def } = entry;
  return {
    module: def.module,
    method: def.method,
    path: entry.pattern.source,
    summary: def.summary ?? null,
    input: { params: toJsonSchema(def.params), query: toJsonSchema(def.query), body: toJsonSchema(def.body) },
    output: toJsonSchema(def.output),
  };
}
