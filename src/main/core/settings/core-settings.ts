import { z } from 'zod';
import type { SettingDescriptor, SettingValue } from '../../../shared/core-api';
import { AppError, validationError } from '../router/app-error';
import { asc } from 'drizzle-orm';
import type { CoreDb } from '../db/database';
import { modules } from '../db/schema';
import type { EventBus } from '../events/event-bus';
import { readSetting, writeSetting } from './settings-repository';

interface SettingSpec {
  label: string;
  description: string;
  type: SettingDescriptor['type'];
  schema: z.ZodType<SettingValue>;
  defaultValue: () => SettingValue;
  choices?: () => string[];
}

export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let zoneList: string[] | null = null;
function timeZones(): string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zoneList;
}

export function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

const CORE_SETTINGS: Record<string, SettingSpec> = {
  timezone: {
    label: 'Time zone',
    description: 'IANA time zone used for schedules and for the days and months of reports.',
    type: 'string',
    schema: z.string().refine(isIanaTimeZone, { message: 'expected an IANA time zone name such as Europe/Berlin or UTC' }),
    defaultValue: systemTimezone,
    choices: timeZones,
  },
  'scraping.browserPath': {
    label: 'Browser for scraping',
    description:
      'Path to Chrome, Chromium or Edge. Empty: NXFORGE_CHROMIUM_PATH, then the usual install places, then the Chromium bundled for Linux servers.',
    type: 'string',
    schema: z.string().max(1000),
    defaultValue: () => '',
  },
  'jobs.paused': {
    label: 'Pause all schedules',
    description: 'While on, no job starts on its schedule; jobs can still be run by hand.',
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => false,
  },
  'desktop.closeToTray': {
    label: 'Keep running in the tray',
    description: 'Desktop app: closing the window hides it to the tray and schedules go on; quit from the tray menu.',
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => true,
  },
  'desktop.startAtLogin': {
    label: 'Start at login',
    description: 'Desktop app: start NxForge Desktop when you log in to this computer.',
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => false,
  },
  'desktop.startHidden': {
    label: 'Start hidden in the tray',
    description: 'Desktop app: when started at login, stay in the tray without opening the window.',
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => true,
  },
  'desktop.notifications': {
    label: 'Job notifications',
    description: 'Desktop app: notify when a job starts failing and when it works again (at most one per job every 10 minutes).',
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => true,
  },
};

/** Per-module switch for job notifications: `desktop.notifications.module.<module name>`. */
export const MODULE_NOTIFICATIONS_PREFIX = 'desktop.notifications.module.';
const MODULE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function moduleNotificationsKey(module: string): string {
  return `${MODULE_NOTIFICATIONS_PREFIX}${module}`;
}

/** The spec of a per-module key, or undefined for any other key. Not listed: one exists for every module. */
function moduleNotificationsSpec(key: string): SettingSpec | undefined {
  if (!key.startsWith(MODULE_NOTIFICATIONS_PREFIX)) return undefined;
  const module = key.slice(MODULE_NOTIFICATIONS_PREFIX.length);
  if (!MODULE_NAME.test(module)) return undefined;
  return {
    label: `Job notifications of ${module}`,
    description: `Desktop app: notify about failing and recovered jobs of the module ${module}.`,
    type: 'boolean',
    schema: z.boolean({ error: 'expected true or false' }),
    defaultValue: () => true,
  };
}

/** The core's settings: typed, validated, defaulted, and announced on change. */
export class CoreSettings {
  constructor(
    private readonly db: CoreDb,
    private readonly events: EventBus,
  ) {}

  keys(): string[] {
    return Object.keys(CORE_SETTINGS);
  }

  get(key: string): SettingValue {
    const spec = this.spec(key);
    const stored = readSetting(this.db, 'core', key);
    if (stored) {
      const parsed = spec.schema.safeParse(stored.value);
      if (parsed.success) return parsed.data;
    }
    return spec.defaultValue();
  }

  timezone(): string {
    return String(this.get('timezone'));
  }

  describe(key: string): SettingDescriptor {
    const spec = this.spec(key);
    const descriptor: SettingDescriptor = {
      key,
      label: spec.label,
      description: spec.description,
      type: spec.type,
      value: this.get(key),
      defaultValue: spec.defaultValue(),
    };
    if (spec.choices) descriptor.choices = spec.choices();
    return descriptor;
  }

  /** Every setting, with one notification switch per registered module after the fixed ones. */
  list(): SettingDescriptor[] {
    const perModule = this.db
      .select({ name: modules.name })
      .from(modules)
      .orderBy(asc(modules.name))
      .all()
      .map((m) => moduleNotificationsKey(m.name));
    return [...this.keys(), ...perModule].map((k) => this.describe(k));
  }

  set(key: string, value: unknown): SettingDescriptor {
    const spec = this.spec(key);
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      throw validationError(parsed.error.issues.map((i) => ({ field: 'body.value', message: i.message })));
    }
    writeSetting(this.db, 'core', key, parsed.data);
    this.events.publish('core:settings.changed', { key, value: parsed.data });
    return this.describe(key);
  }

  /** Whether desktop notifications are on for a module's jobs: the global switch and the module's own. */
  moduleNotificationsEnabled(module: string): boolean {
    if (this.get('desktop.notifications') !== true) return false;
    return moduleNotificationsSpec(moduleNotificationsKey(module)) ? this.get(moduleNotificationsKey(module)) === true : true;
  }

  private spec(key: string): SettingSpec {
    const spec = Object.hasOwn(CORE_SETTINGS, key) ? CORE_SETTINGS[key] : moduleNotificationsSpec(key);
    if (!spec) {
      throw new AppError(
        'NOT_FOUND',
        `Unknown setting "${key}". Known settings: ${this.keys().join(', ')}, and ${MODULE_NOTIFICATIONS_PREFIX}<module name> for each module.`,
      );
    }
    return spec;
  }
}
