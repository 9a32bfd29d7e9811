import type { RouteError } from '../../../shared/result';
import { errorTitle } from './errors';
import { IconAlert, IconRefresh } from './icons';

interface ErrorPanelProps {
  title?: string;
  error: RouteError;
  onRetry?: () => void;
  retrying?: boolean;
  compact?: boolean;
  testId?: string;
}

/** A failed call, said plainly, with a way to try again. */
export function ErrorPanel({ title, error, onRetry, retrying = false, compact = false, testId = 'error-panel' }: ErrorPanelProps) {
  return (
    <div className={compact ? 'error-panel error-panel--compact' : 'error-panel'} role="alert" data-testid={testId}>
      <IconAlert size={compact ? 16 : 20} className="icon error-panel__icon" />
      <div className="error-panel__body">
        <div className="error-panel__title">{title ?? errorTitle(error)}</div>
        <div className="error-panel__message">{error.message}</div>
        <div className="error-panel__code">{error.code}</div>
      </div>
      {onRetry && (
        <button type="button" className="btn btn--secondary" onClick={onRetry} disabled={retrying} data-testid="retry-button">
          <IconRefresh size={14} className={retrying ? 'icon spin' : 'icon'} />
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </div>
  );
}
