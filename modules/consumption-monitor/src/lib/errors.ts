/** Thrown by the engine; a route maps `code` onto the SDK's RouteError of the same name. */
export class ConsumptionError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'VALIDATION',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ConsumptionError';
  }
}
