import type { FieldIssue, RouteError } from '../../../shared/result';

/** The per-field problems a VALIDATION error carries, if any. */
export function issuesOf(error: RouteError): FieldIssue[] {
  const details = error.details;
  if (typeof details !== 'object' || details === null) return [];
  const issues = (details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is FieldIssue => typeof i === 'object' && i !== null && typeof (i as FieldIssue).field === 'string' && typeof (i as FieldIssue).message === 'string',
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed ? trimmed[0]!.toUpperCase() + trimmed.slice(1) : trimmed;
}

/** The message for one input field of a VALIDATION error, else the error's own message. */
export function fieldMessage(error: RouteError, field: string): string {
  const issue = issuesOf(error).find((i) => i.field === field);
  return sentence(issue ? issue.message : error.message);
}

/** The message for one field when the error names it, else null (the error is about something else). */
export function fieldIssue(error: RouteError | null, field: string): string | null {
  if (!error) return null;
  const issue = issuesOf(error).find((i) => i.field === field);
  return issue ? sentence(issue.message) : null;
}

/** A short human title per error code, for error panels. */
export function errorTitle(error: RouteError): string {
  switch (error.code) {
    case 'NOT_FOUND':
      return 'Not found';
    case 'VALIDATION':
      return 'Invalid input';
    case 'FORBIDDEN':
      return 'Access denied';
    case 'MODULE_UNAVAILABLE':
      return 'Module unavailable';
    case 'TIMEOUT':
      return 'Timed out';
    case 'CONFLICT':
      return 'Conflict';
    default:
      return 'Something went wrong';
  }
}
