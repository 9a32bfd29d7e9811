/**
 * The consumption monitor's pages and dashboard widget, as the manifest names them. Built to
 * dist/ui/index.js with React and the SDK's UI kit left to the app's own instances.
 */
export { EndpointsPage } from './endpoints-page';
export { HistoryPage } from './history-page';
export { LiveDashboardPage } from './live-dashboard';
export { LivePowerWidget } from './live-widget';
export { ReportsPage } from './reports-page';
