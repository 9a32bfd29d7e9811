import { RouteError, type RouteRequest } from '@nxforge/sdk';
import { ConsumptionError } from '../lib';

/** One bad field of a request: `body.ipAddress`, `query.from`, `body.scrapingConfig.steps[2].selector`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** A VALIDATION answer naming every bad field, in the same form as the app's own input checks. */
export function invalid(issues: FieldIssue[]): RouteError {
  return new RouteError('VALIDATION', `Invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { issues });
}

export function notFound(message: string): RouteError {
  return new RouteError('NOT_FOUND', message);
}

/** Turns the engine's ConsumptionError into the route error of the same code; anything else stays as it is. */
export function routeErrorOf(err: unknown): unknown {
  if (err instanceof ConsumptionError) return new RouteError(err.code, err.message, err.details);
  return err;
}

/** Wraps a route handler so that engine errors answer with their own code instead of INTERNAL. */
export function guarded<P, Q, B, R>(handler: (request: RouteRequest<P, Q, B>) => R): (request: RouteRequest<P, Q, B>) => Promise<Awaited<R>> {
  return async (request): Promise<Awaited<R>> => {
    try {
      return (await handler(request)) as Awaited<R>;
    } catch (err) {
      throw routeErrorOf(err);
    }
  };
}
