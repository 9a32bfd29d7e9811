/** Number, energy, power and time formatting shared by the module's pages. */

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, digits = 2): string {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 0, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

/** kWh with precision that suits the size: 0.123 kWh, 12.35 kWh, 12 345 kWh. */
export function formatKwh(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  return `${formatNumber(value, abs >= 1000 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3)} kWh`;
}

/** Watts, switching to kW from 1000 W. */
export function formatPower(watts: number | null | undefined): string {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) return '–';
  return Math.abs(watts) >= 1000 ? `${formatNumber(watts / 1000, 2)} kW` : `${formatNumber(watts, 0)} W`;
}

export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** Relative change against a previous value, or null when there is nothing to compare with. */
export function change(current: number, previous: number | null | undefined): number | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export function formatChange(ratio: number | null): string {
  if (ratio === null) return '–';
  const pct = ratio * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${formatNumber(Math.abs(pct), Math.abs(pct) < 10 ? 1 : 0)} %`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateShort = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const timeShort = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

export function formatDateTime(ts: number): string {
  return dateTime.format(ts);
}

/** A tick label that suits the visible span: times within two days, else dates, else months. */
export function formatTick(ts: number, spanMs: number): string {
  if (spanMs <= 2 * 86_400_000) return timeShort.format(ts);
  if (spanMs <= 200 * 86_400_000) return dateShort.format(ts);
  return monthShort.format(ts);
}

export function formatMonth(year: number, month: number): string {
  return monthYear.format(new Date(year, month - 1, 1));
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatRelative(ts: number, now: number): string {
  // The page's clock ticks every half minute, so a fresh reading may look a little ahead of it.
  const s = Math.round((now - ts) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} h ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** `YYYY-MM` of a month, for `<input type="month">`. */
export function monthValue(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function parseMonthValue(value: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

export function previousMonth(year: number, month: number): { year: number; month: number } {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** `<input type="datetime-local">` value of an epoch time, in the browser's zone. */
export function localInputValue(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function parseLocalInput(value: string): number | null {
  const ts = new Date(value).getTime();
  return Number.isFinite(ts) ? ts : null;
}
