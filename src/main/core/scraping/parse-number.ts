/**
 * Reads a number out of a meter's text: `1.234,5 kWh`, `1,234.5`, `1 234,5`, `0,981`, `-3.2 A`.
 *
 * The rules, in order:
 * 1. With a regex, only what it matched is read: its `value` named group, else its first capture
 *    group that matched, else the whole match. No match: `null`.
 * 2. The first number in the text is read. A number does not start right after a letter or digit
 *    (so the `1` of `L1` or `Outlet1` is skipped) and takes a sign (`-`, `+`, `−`) only when the sign
 *    is not glued to a word (`L1-N` has no negative number). A space, no-break space or apostrophe is
 *    a thousands separator only between digit groups of which the next has exactly three digits
 *    (`1 234,5`, `12'345`).
 * 3. With both `.` and `,`, the last one is the decimal separator, the other one groups thousands.
 * 4. One kind of separator that appears more than once groups thousands (`1.234.567`).
 * 5. One separator that appears once is a decimal separator, except when ALL of these hold: exactly
 *    three digits follow it, one to three digits precede it, the first of which is not `0`, no space
 *    grouping was used, and the caller's hint (`decimal`) names the other separator. So without a
 *    hint `1.234` and `1,234` read 1.234 (meter counters print decimals far more often than bare
 *    thousands); with `decimal: ','` a German page's `1.234` reads 1234. `0,981` is always 0.981.
 * 6. Thousands groups must be well formed (three digits after the first group); `26.11.2025` or
 *    `1,2.5` give `null` rather than a wrong reading.
 */

export interface ParseNumberOptions {
  /** A pattern (`"([\\d.,]+)\\s*kWh"`) or a literal with flags (`"/total:\\s*(\\S+)/i"`). */
  regex?: string | RegExp;
  /** The page's decimal separator, when known: the hint of rule 5. */
  decimal?: '.' | ',';
}

const GROUP_SPACES = ' \u00a0\u202f\u2009\'\u2019';
const NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}.,])([-+\u2212]?)(\\d+(?:[.,]\\d+|[${GROUP_SPACES}]\\d{3}(?!\\d))*)`,
  'u',
);

/** Compiles a regex given as a pattern or as `/pattern/flags`. */
export function compileRegex(regex: string | RegExp): RegExp {
  if (regex instanceof RegExp) return regex;
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(regex);
  return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(regex);
}

/** What a regex keeps of `text` (rule 1); the text itself without a regex. */
export function applyRegex(text: string, regex?: string | RegExp): string | null {
  if (regex === undefined) return text;
  const match = compileRegex(regex).exec(text);
  if (!match) return null;
  const named = match.groups?.value;
  if (named !== undefined) return named;
  for (let i = 1; i < match.length; i++) if (match[i] !== undefined) return match[i] ?? null;
  return match[0];
}

function wellGrouped(integer: string, group: string): boolean {
  const parts = integer.split(group);
  const [first, ...rest] = parts;
  return !!first && first.length <= 3 && rest.every((p) => p.length === 3);
}

/** Turns one number token (no sign, space groups removed) into a JS number string, or null. */
function normalize(body: string, spaceGrouped: boolean, hint: '.' | ',' | undefined): string | null {
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots === 0 && commas === 0) return body;
  if (dots > 0 && commas > 0) {
    const decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if ((decimal === '.' ? dots : commas) !== 1) return null;
    const [integer = '', fraction = ''] = body.split(decimal);
    if (!wellGrouped(integer, group)) return null;
    return `${integer.split(group).join('')}.${fraction}`;
  }
  const sep = dots > 0 ? '.' : ',';
  if (dots + commas > 1) return wellGrouped(body, sep) ? body.split(sep).join('') : null;
  const [integer = '', fraction = ''] = body.split(sep);
  const thousands =
    fraction.length === 3 && integer.length <= 3 && !integer.startsWith('0') && !spaceGrouped && hint !== undefined && hint !== sep;
  return thousands ? integer + fraction : `${integer}.${fraction}`;
}

/** The first number in `text` by the rules above, or null. */
export function parseNumber(text: string, options: ParseNumberOptions = {}): number | null {
  const scoped = applyRegex(text, options.regex);
  if (scoped === null) return null;
  const match = NUMBER.exec(scoped);
  if (!match) return null;
  const sign = match[1] ?? '';
  const raw = match[2] ?? '';
  const body = raw.replace(/[ \u00a0\u202f\u2009'\u2019]/g, '');
  const normalized = normalize(body, body !== raw, options.decimal);
  if (normalized === null) return null;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return null;
  return sign === '-' || sign === '\u2212' ? -value : value;
}

/** Text as read by `parse: 'text'`: the regex's part, whitespace collapsed and trimmed. */
export function parseText(text: string, options: Pick<ParseNumberOptions, 'regex'> = {}): string | null {
  const scoped = applyRegex(text, options.regex);
  if (scoped === null) return null;
  const collapsed = scoped.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}
