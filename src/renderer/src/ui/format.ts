const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Sizes in binary units, the way file managers show them: `0 B`, `512 B`, `4.0 KB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Round first, so 1023.96 KB becomes 1.0 MB rather than "1024.0 KB".
  if (unit > 0 && Number(value.toFixed(1)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, options);
    } catch {
      // An unknown zone must not break a page: fall back to the browser's own.
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: undefined });
    }
    formatters.set(key, f);
  }
  return f;
}

/** `14 Mar 2026, 09:41:07 CET` in the app's time zone. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(`dt|${timeZone ?? ''}`, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

/** `09:41:07.123`: log lines need order within a second more than they need the date. */
export function formatClock(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const clock = formatter(`clock|${timeZone ?? ''}`, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${clock}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** `Mar 14`: the day part of a log line, shown when it is not today. */
export function formatDay(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(`day|${timeZone ?? ''}`, { timeZone, month: 'short', day: 'numeric' }).format(date);
}

/** `GMT+1`, `GMT-03:30`: the zone's current offset, for lists of zones. */
export function zoneOffset(timeZone: string, at: Date = new Date()): string {
  try {
    const part = formatter(`off|${timeZone}`, { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? '';
  } catch {
    return '';
  }
}

/** `Thu 26 Nov, 13:39 (GMT+1)`: the time now in a zone, or null when the name is not a zone. */
export function formatNowIn(timeZone: string, now: Date = new Date()): string | null {
  if (!timeZone.trim()) return null;
  try {
    const text = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(now);
    return `${text} (${zoneOffset(timeZone, now)})`;
  } catch {
    return null;
  }
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

let relativeFormat: Intl.RelativeTimeFormat | null = null;

/** `in 5 minutes`, `3 hours ago`, `tomorrow`; `just now` within ten seconds either way. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  if (Math.abs(seconds) < 10) return 'just now';
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  let value = seconds;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size || unit === 'year') return relativeFormat.format(Math.round(value), unit);
    value /= size;
  }
  return iso;
}

/** `420 ms`, `2.4 s`, `3 min 05 s`, `1 h 20 min`: how long a run took. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(totalSeconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
