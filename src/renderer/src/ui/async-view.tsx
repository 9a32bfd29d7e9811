import type { ReactNode } from 'react';
import type { AsyncState } from '../store/async-state';
import { ErrorPanel } from './error-panel';

interface AsyncViewProps<T> {
  state: AsyncState<T>;
  /** What is being loaded, for the loading and error text: "system information". */
  what: string;
  onRetry: () => void;
  /** Placeholder while the first load runs. */
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * The three faces of one call: loading, failed (with retry), and loaded. A failed reload
 * keeps the last data on screen under an error banner.
 */
export function AsyncView<T>({ state, what, onRetry, skeleton, children }: AsyncViewProps<T>) {
  if (state.data === null) {
    if (state.error) return <ErrorPanel title={`Could not load ${what}`} error={state.error} onRetry={onRetry} retrying={state.loading} />;
    return (
      <div className="loading" role="status" aria-live="polite" data-testid="loading">
        {skeleton ?? <div className="loading__text">Loading {what}…</div>}
      </div>
    );
  }
  return (
    <>
      {state.error && (
        <ErrorPanel compact title={`Could not refresh ${what}`} error={state.error} onRetry={onRetry} retrying={state.loading} />
      )}
      {children(state.data)}
    </>
  );
}

export function SkeletonLines({ lines = 4 }: { lines?: number }) {
  return (
    <div className="skeleton" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton__line" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}
