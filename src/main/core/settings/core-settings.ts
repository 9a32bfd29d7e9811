import { z } from 'zod';
import type { SettingDescriptor, SettingValue } from '../../../shared/core-api';
import { AppError, validationError } from '../router/app-error';
import type { CoreDb } from '../db/database';
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
};

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

  list(): SettingDescriptor[] {
    return this.keys().map((k) => this.describe(k));
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

  private spec(key: string): SettingSpec {
    const spec = CORE_SETTINGS[key];
    if (!spec) {
      throw new AppError('NOT_FOUND', `Unknown setting "${key}". Known settings: ${this.keys().join(', ')}`);
    }
    return spec;
  }
}
