import type { ErrorCode, FieldIssue, RouteError } from '../../../shared/result';

/** An error that knows its envelope code. Anything else thrown by a handler becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toRouteError(): RouteError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function validationError(issues: FieldIssue[]): AppError {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new AppError('VALIDATION', `Invalid input: ${summary}`, { issues });
}

export const notFound = (message: string): AppError => new AppError('NOT_FOUND', message);
export const conflict = (message: string, details?: unknown): AppError => new AppError('CONFLICT', message, details);
