import type { LiveStatus } from './api';

export const STATUS_TEXT: Record<LiveStatus, { label: string; badge: string; hint: string }> = {
  ok: { label: 'OK', badge: 'nx-badge nx-badge-success', hint: 'The latest read succeeded.' },
  failing: { label: 'Failing', badge: 'nx-badge nx-badge-danger', hint: 'The latest read failed.' },
  stale: { label: 'Stale', badge: 'nx-badge nx-badge-warning', hint: 'No reading for more than a few poll intervals.' },
  never: { label: 'Never read', badge: 'nx-badge', hint: 'No reading yet: run the collection or wait for its schedule.' },
};

export function StatusBadge({ status, testId }: { status: LiveStatus; testId?: string }) {
  const text = STATUS_TEXT[status];
  return (
    <span className={text.badge} title={text.hint} data-testid={testId} data-status={status}>
      {text.label}
    </span>
  );
}
