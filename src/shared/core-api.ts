import type { ModuleManifest, NavItem, UiPage, WidgetSpec } from './manifest';

/**
 * The core module's routes and events: one typed map that main implements and the
 * renderer, CLI and tests call. Each domain adds its entries here.
 */

export interface ModuleSummary {
  name: string;
  version: string;
  state: string;
  source: 'built-in' | 'installed';
  error: string | null;
}

export interface ModuleListItem extends ModuleSummary {
  displayName: string;
  description: string;
  author: string | null;
  license: string | null;
  permissions: string[];
  sha256: string | null;
  running: boolean;
  hasUi: boolean;
  installedAt: string;
  updatedAt: string;
}

export interface ModuleSettingView {
  key: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'select' | 'secret';
  label: string;
  description?: string;
  default?: unknown;
  required?: boolean;
  options?: string[];
  min?: number;
  max?: number;
  value?: unknown;
  isSet?: boolean;
}

export interface RouteReference {
  module: string;
  method: string;
  path: string;
  summary: string | null;
  input: { params: unknown; query: unknown; body: unknown };
  output: unknown;
}

export interface ModuleDetail extends ModuleListItem {
  manifest: ModuleManifest;
  settings: ModuleSettingView[];
  routes: RouteReference[];
  tables: string[];
  migrations: { filename: string; checksum: string; appliedAt: string; executionMs: number }[];
}

export interface ModuleUiEntry {
  name: string;
  displayName: string;
  version: string;
  /** Relative to the app's base URL: served by the app protocol or the web bridge. */
  entryUrl: string;
  sidebar: NavItem | null;
  pages: UiPage[];
  widgets: WidgetSpec[];
  navigation: NavItem[];
}

export interface InstallReport {
  name: string;
  displayName: string;
  version: string;
  previousVersion: string | null;
  action: 'installed' | 'upgraded' | 'reinstalled' | 'downgraded';
  author: string | null;
  permissions: string[];
  sha256: string;
  files: number;
  bytes: number;
}

export interface JobRunRecord {
  id: number;
  jobId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed-out';
  attempt: number;
  trigger: 'schedule' | 'manual' | 'catch-up' | 'retry';
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  progress: number | null;
  error: string | null;
  result: unknown;
  artifacts: unknown;
}

export interface JobView {
  /** MODULE:JOB */
  id: string;
  module: string;
  moduleState: string;
  name: string;
  description: string;
  /** The schedule in force: the override, else the manifest's; null for manual only. */
  schedule: string | null;
  scheduleDefault: string | null;
  scheduleOverride: string | null;
  scheduleText: string;
  timezone: string;
  enabled: boolean;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  runningRunId: number | null;
  timeoutMs: number;
  retries: number;
  configFields: Record<string, Omit<ModuleSettingView, 'key' | 'value' | 'isSet'>>;
  config: Record<string, unknown>;
}

export interface RunDetail extends JobRunRecord {
  logs: LogEntry[];
}

export interface RunArtifactData {
  name: string;
  kind: 'screenshot' | 'html' | 'file';
  bytes: number;
  mime: string;
  base64: string;
}

export interface CoreInfo {
  appName: string;
  appVersion: string;
  mode: 'desktop' | 'serve' | 'cli';
  dataDir: string;
  databaseFile: string;
  databaseSizeBytes: number;
  sqliteVersion: string;
  coreSchemaVersion: number;
  nodeVersion: string;
  electronVersion: string | null;
  platform: string;
  timezone: string;
  startedAt: string;
  modules: ModuleSummary[];
}

export type SettingValue = string | number | boolean | null;

export interface SettingDescriptor {
  key: string;
  label: string;
  description: string;
  type: 'string' | 'number' | 'boolean';
  value: SettingValue;
  defaultValue: SettingValue;
  /** Allowed values, when the setting is a choice (e.g. IANA time zones). */
  choices?: string[];
}

export interface SettingChangedEvent {
  key: string;
  value: SettingValue;
}

/** Route key → input and output. Keys are `METHOD path` under the `core` module. */
export interface CoreRoutes {
  'GET /info': { query?: undefined; body?: undefined; output: CoreInfo };
  'GET /modules': { query?: undefined; body?: undefined; output: ModuleListItem[] };
  'GET /modules/:name': { query?: undefined; body?: undefined; output: ModuleDetail };
  'POST /modules/install': { query?: undefined; body: { path: string; force?: boolean }; output: InstallReport };
  'POST /modules/upload': { query?: undefined; body: { fileName: string; contentBase64: string; force?: boolean }; output: InstallReport };
  'POST /modules/:name/enable': { query?: undefined; body?: undefined; output: ModuleDetail };
  'POST /modules/:name/disable': { query?: undefined; body?: undefined; output: ModuleDetail };
  'DELETE /modules/:name': { query?: { purge?: 'true' | 'false' }; body?: undefined; output: { name: string; purged: boolean; droppedTables: string[] } };
  'GET /modules/:name/settings': { query?: undefined; body?: undefined; output: ModuleSettingView[] };
  'PUT /modules/:name/settings': { query?: undefined; body: { values: Record<string, unknown> }; output: ModuleSettingView[] };
  'GET /modules/:name/logs': { query?: { level?: string; limit?: string }; body?: undefined; output: LogEntry[] };
  'POST /modules/:name/jobs/:job/run': { query?: undefined; body?: undefined; output: JobRunRecord };
  'GET /jobs': { query?: undefined; body?: undefined; output: JobView[] };
  'GET /jobs/:id': { query?: undefined; body?: undefined; output: JobView };
  'PUT /jobs/:id': { query?: undefined; body: { scheduleOverride?: string | null; enabled?: boolean; config?: Record<string, unknown> }; output: JobView };
  'POST /jobs/:id/run': { query?: { wait?: 'true' | 'false' }; body?: undefined; output: JobRunRecord };
  'POST /jobs/:id/pause': { query?: undefined; body?: undefined; output: JobView };
  'POST /jobs/:id/resume': { query?: undefined; body?: undefined; output: JobView };
  'POST /jobs/pause-all': { query?: undefined; body?: undefined; output: { paused: boolean } };
  'POST /jobs/resume-all': { query?: undefined; body?: undefined; output: { paused: boolean } };
  'GET /jobs/:id/runs': { query?: { limit?: string }; body?: undefined; output: JobRunRecord[] };
  'GET /runs/:runId': { query?: undefined; body?: undefined; output: RunDetail };
  'POST /runs/:runId/cancel': { query?: undefined; body?: undefined; output: { cancelled: boolean } };
  'GET /runs/:runId/artifacts/:name': { query?: undefined; body?: undefined; output: RunArtifactData };
  'GET /ui/modules': { query?: undefined; body?: undefined; output: ModuleUiEntry[] };
  'GET /routes': { query?: { module?: string }; body?: undefined; output: RouteReference[] };
  'GET /settings': { query?: undefined; body?: undefined; output: SettingDescriptor[] };
  'PUT /settings/:key': { query?: undefined; body: { value: SettingValue }; output: SettingDescriptor };
  'GET /logs': {
    query?: { level?: string; limit?: string; module?: string };
    body?: undefined;
    output: LogEntry[];
  };
}

export interface LogEntry {
  id: number;
  at: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  module: string;
  message: string;
  details: unknown;
  /** Set when the line was written by a job run. */
  jobRunId?: number | null;
}

export interface ModuleStateEvent {
  name: string;
  state: string;
  error: string | null;
}

export interface CoreEvents {
  'core:settings.changed': SettingChangedEvent;
  'core:log': LogEntry;
  'core:module.state': ModuleStateEvent;
  'core:module.settings': { name: string };
  'core:job.run': { jobId: string; runId: number; status: JobRunRecord['status'] };
  'core:job.progress': { jobId: string; runId: number; fraction: number; message: string | null };
  'core:jobs.changed': Record<string, never>;
}
