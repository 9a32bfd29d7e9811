import { DashboardPage } from '../pages/dashboard/dashboard-page';
import { JobDetailsPage } from '../pages/jobs/job-details-page';
import { JobsPage } from '../pages/jobs/jobs-page';
import { LogsPage } from '../pages/logs-page';
import { ModuleDetailsPage } from '../pages/modules/module-details-page';
import { ModulesPage } from '../pages/modules/modules-page';
import { SettingsPage } from '../pages/settings-page';
import { SystemPage } from '../pages/system-page';
import { IconCalendarClock, IconGauge, IconList, IconPuzzle, IconServer, IconSliders } from '../ui/icons';
import { registerPage } from './page-registry';

export const DEFAULT_PAGE_PATH = '/system';

/** The pages the core brings; modules add theirs through the same registry. */
export function registerCorePages(): () => void {
  const disposers = [
    registerPage({ id: 'dashboard', path: '/dashboard', label: 'Dashboard', icon: IconGauge, order: 5, element: <DashboardPage /> }),
    registerPage({ id: 'system', path: DEFAULT_PAGE_PATH, label: 'System', icon: IconServer, order: 10, element: <SystemPage /> }),
    registerPage({ id: 'modules', path: '/modules', label: 'Modules', icon: IconPuzzle, order: 20, element: <ModulesPage /> }),
    registerPage({
      id: 'module-details',
      path: '/modules/:name',
      label: 'Module details',
      icon: IconPuzzle,
      order: 21,
      hidden: true,
      element: <ModuleDetailsPage />,
    }),
    registerPage({ id: 'jobs', path: '/jobs', label: 'Jobs', icon: IconCalendarClock, order: 30, element: <JobsPage /> }),
    registerPage({
      id: 'job-details',
      // `/jobs/:jobId` and `/jobs/:jobId/runs/:runId` (where a run's notification leads) are one page.
      path: '/jobs/:jobId/*',
      label: 'Job details',
      icon: IconCalendarClock,
      order: 31,
      hidden: true,
      element: <JobDetailsPage />,
    }),
    registerPage({ id: 'settings', path: '/settings', label: 'Settings', icon: IconSliders, order: 900, element: <SettingsPage /> }),
    registerPage({ id: 'logs', path: '/logs', label: 'Logs', icon: IconList, order: 910, element: <LogsPage /> }),
  ];
  return () => {
    for (const dispose of disposers.reverse()) dispose();
  };
}
