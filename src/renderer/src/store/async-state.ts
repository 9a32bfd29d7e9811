import type { RouteError, Result } from '../../../shared/result';

/**
 * One call's state as the UI shows it. Data stays while a reload runs or fails, so a
 * refresh never blanks a page that was already showing something.
 */
export interface AsyncState<T> {
  data: T | null;
  loading: boolean;
  error: RouteError | null;
}

export function idle<T>(): AsyncState<T> {
  return { data: null, loading: false, error: null };
}

export function started<T>(state: AsyncState<T>): AsyncState<T> {
  return { data: state.data, loading: true, error: null };
}

export function settled<T>(state: AsyncState<T>, result: Result<T>): AsyncState<T> {
  return result.ok ? { data: result.data, loading: false, error: null } : { data: state.data, loading: false, error: result.error };
}
