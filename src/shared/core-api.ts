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
  'GET /modules': { query?: undefined; body?: undefined; output: ModuleSummary[] };
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
}

export interface CoreEvents {
  'core:settings.changed': SettingChangedEvent;
  'core:log': LogEntry;
}
