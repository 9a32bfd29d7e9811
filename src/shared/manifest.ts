/** Module manifest, format version 1 (sdk/manifest.schema.json is the schema of record). */

export const MANIFEST_VERSION = 1;

export type Permission = 'database:read' | 'database:write' | 'network:outbound' | 'filesystem:write';

export interface FieldSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'select' | 'secret';
  label: string;
  description?: string;
  default?: unknown;
  required?: boolean;
  options?: string[];
  min?: number;
  max?: number;
}

export type Fields = Record<string, FieldSpec>;

export interface JobSpec {
  name: string;
  description?: string;
  handler: string;
  schedule?: string | null;
  timeout?: number;
  retries?: number;
  config?: Fields;
}

export interface NavItem {
  label: string;
  icon?: string;
  path?: string;
  order?: number;
  children?: NavItem[];
}

export interface UiPage {
  path: string;
  component: string;
  title?: string;
}

export interface WidgetSpec {
  id: string;
  title: string;
  component: string;
  size?: 'small' | 'medium' | 'large' | 'full';
  refreshInterval?: number;
}

export interface ModuleManifest {
  manifestVersion: 1;
  name: string;
  version: string;
  displayName: string;
  description?: string;
  author?: string | { name: string; email?: string; url?: string };
  license?: string;
  homepage?: string;
  engines: { nxforge: string };
  entry?: string;
  migrations?: string;
  permissions?: Permission[];
  dependencies?: Record<string, string>;
  settings?: Fields;
  jobs?: Record<string, JobSpec>;
  ui?: { entry: string; sidebar?: NavItem; pages?: UiPage[] };
  contributions?: { widgets?: WidgetSpec[]; navigation?: NavItem[] };
}

/** Module lifecycle states, persisted in the modules table. */
export const MODULE_STATES = [
  'INSTALLED',
  'ENABLING',
  'ENABLED',
  'DISABLING',
  'DISABLED',
  'UPDATING',
  'REMOVING',
  'ERROR',
] as const;
export type ModuleState = (typeof MODULE_STATES)[number];

/** `consumption-monitor` → `consumption_monitor__`: every table of a module starts with it. */
export function tablePrefix(moduleName: string): string {
  return `${moduleName.replace(/-/g, '_')}__`;
}
