import type { ReactNode } from 'react';
import { IconRefresh } from './icons';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}

export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div>
        <h1 className="page-header__title">{title}</h1>
        {description && <p className="page-header__description">{description}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}

export function RefreshButton({ loading, onClick, testId }: { loading: boolean; onClick: () => void; testId?: string }) {
  return (
    <button type="button" className="btn btn--secondary" onClick={onClick} disabled={loading} data-testid={testId ?? 'refresh-button'}>
      <IconRefresh size={14} className={loading ? 'icon spin' : 'icon'} />
      {loading ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}
