import { Outlet } from 'react-router';
import { LeaveRemovedModules } from '../modules/leave-removed-modules';
import { Toaster } from '../ui/toaster';
import { AppHeader } from './app-header';
import { Sidebar } from './sidebar';

/** Header across the top, registry-built sidebar on the left, the current page beside it. */
export function AppShell() {
  return (
    <div className="app" data-testid="app-shell">
      <AppHeader />
      <div className="app__body">
        <Sidebar />
        <main className="content" data-testid="content">
          <div className="content__inner">
            <Outlet />
          </div>
        </main>
      </div>
      <Toaster />
      <LeaveRemovedModules />
    </div>
  );
}
