import { Link, useLocation } from 'react-router';
import { DEFAULT_PAGE_PATH } from '../shell/core-pages';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <div className="empty-state empty-state--page" data-testid="not-found">
      <div className="empty-state__title">No page at {location.pathname}</div>
      <p className="empty-state__text">It may belong to a module that is not installed or not enabled.</p>
      <Link className="btn btn--secondary" to={DEFAULT_PAGE_PATH}>
        Go to System
      </Link>
    </div>
  );
}
