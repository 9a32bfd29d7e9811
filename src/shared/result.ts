/** The error codes every transport speaks. */
export const ERROR_CODES = [
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'FORBIDDEN',
  'MODULE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.value` or `query.limit`. */
  field: string;
  message: string;
}

export interface RouteError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: RouteError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
