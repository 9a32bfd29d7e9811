import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConsumptionError } from './errors';

/**
 * Green Button (NAESB ESPI) Atom feeds: the usage points, meter readings, reading types and
 * interval blocks of a feed, linked the way ESPI links them (self, up and related hrefs), and
 * the interval energy of one electricity meter reading.
 */

export interface GreenButtonMapping {
  /** A usage point's title, its self href (or the end of it) or its entry id. */
  usagePoint?: string;
  /** A meter reading's title, its self href (or the end of it) or its entry id. */
  meterReading?: string;
}

export interface FeedItem {
  title: string | null;
  href: string | null;
}

export interface GreenButtonSource {
  usagePoint: FeedItem | null;
  meterReading: FeedItem;
  /** Every usage point of the feed, with its ServiceCategory kind (0 = electricity). */
  usagePoints: Array<FeedItem & { kind: number | null }>;
  /** Every meter reading of the chosen usage point. */
  meterReadings: FeedItem[];
}

/** One accepted IntervalReading: energy used in [start, end), epoch ms. */
export interface EnergyInterval {
  /** 1-based position of the IntervalReading among all IntervalReadings of the file. */
  line: number;
  start: number;
  end: number;
  /** The reading's value as written; multiply by `scale` for kWh. */
  value: number;
}

export interface GreenButtonData {
  source: GreenButtonSource;
  intervals: EnergyInterval[];
  /** value × 10^exponent is kWh (uom 72 is Wh, so exponent = powerOfTenMultiplier − 3). */
  exponent: number;
  rejected: Array<{ line: number; reason: string }>;
}

type Node = Record<string, unknown>;

interface Entry {
  id: string | null;
  title: string | null;
  self: string | null;
  up: string | null;
  related: string[];
  content: Node;
}

interface MeterReading {
  entry: Entry;
  blocks: Array<{ readings: Node[]; firstLine: number }>;
}

const ARRAYS = new Set(['entry', 'link', 'IntervalBlock', 'IntervalReading']);
const WH = 72;
// AccumulationKind: 4 is deltaData (energy per interval); 0 and a missing one are read the same
// way. Register readings (1 bulkQuantity, 2 continuousCumulative, 3 cumulative, 9 summation)
// are counters, which belong in a CSV import as totalKwh.
const INTERVAL_ACCUMULATION = new Set([null, 0, 4]);
const SERVICE_KINDS: Record<number, string> = { 0: 'electricity', 1: 'gas', 2: 'water', 3: 'time', 4: 'heat', 5: 'refuse', 6: 'sewerage', 7: 'rates', 8: 'tvLicence', 9: 'internet' };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: (name: string) => name !== 'rel' && name !== 'href',
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name: string) => ARRAYS.has(name),
});

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']).trim();
  return null;
}

function int(v: unknown): number | null {
  const s = text(v);
  return s !== null && /^-?\d+$/.test(s) ? Number(s) : null;
}

function node(v: unknown): Node | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : null;
}

/** Hrefs compared by path: absolute and relative forms of one resource match. */
function normHref(href: string | null): string | null {
  if (!href) return null;
  const path = href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.replace(/^\/+/, '');
}

function toEntry(raw: unknown): Entry {
  const e = node(raw) ?? {};
  const links = (Array.isArray(e.link) ? e.link : []).map((l) => node(l) ?? {});
  const href = (rel: string): string[] => links.filter((l) => l['@rel'] === rel).map((l) => normHref(String(l['@href'] ?? ''))!).filter(Boolean);
  return {
    id: text(e.id),
    title: text(e.title) || null,
    self: href('self')[0] ?? null,
    up: href('up')[0] ?? null,
    related: href('related'),
    content: node(e.content) ?? {},
  };
}

const item = (e: Entry): FeedItem => ({ title: e.title, href: e.self });

function describe(e: Entry): string {
  if (e.title && e.self) return `"${e.title}" (${e.self})`;
  return e.title ? `"${e.title}"` : (e.self ?? e.id ?? 'unnamed');
}

function matches(e: Entry, wanted: string): boolean {
  const w = wanted.trim();
  const href = normHref(w);
  return (
    (e.title !== null && e.title.toLowerCase() === w.toLowerCase()) ||
    e.id === w ||
    (href !== null && href !== '' && e.self !== null && (e.self === href || e.self.endsWith(`/${href}`)))
  );
}

/** child's up href names parent's collection (parent self + '/' + collection), or parent relates to it. */
function belongs(child: Entry, parent: Entry, collection: string): boolean {
  if (!parent.self) return false;
  if (child.up && (child.up === `${parent.self}/${collection}` || parent.related.includes(child.up))) return true;
  return child.self !== null && child.self.startsWith(`${parent.self}/${collection}/`);
}

function fail(message: string, details?: unknown): never {
  throw new ConsumptionError('VALIDATION', message, details);
}

function parseFeed(content: string): Entry[] {
  const start = content.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) fail('The file is not XML: a Green Button file is an ESPI Atom feed starting with <?xml or <feed. Download it again from the utility as "Green Button Download My Data" (XML).');
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    fail(`The file is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). It may be truncated: download it again.`, { line: valid.err.line });
  }
  const doc = node(parser.parse(content)) ?? {};
  const feed = node(doc.feed);
  if (!feed) {
    const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? 'nothing';
    fail(`The file is XML but not a Green Button feed: its root element is <${root}>, expected an Atom <feed> of ESPI entries.`);
  }
  return (Array.isArray(feed.entry) ? feed.entry : []).map(toEntry);
}

interface ReadingTypeInfo {
  uom: number | null;
  power: number;
  accumulation: number | null;
  flow: number | null;
  interval: number | null;
}

function readingTypeOf(mr: Entry, types: Entry[]): ReadingTypeInfo | null {
  const rt = types.find((t) => t.self !== null && mr.related.includes(t.self)) ?? (types.length === 1 ? types[0] : undefined);
  if (!rt) return null;
  const c = node(rt.content.ReadingType) ?? {};
  return { uom: int(c.uom), power: int(c.powerOfTenMultiplier) ?? 0, accumulation: int(c.accumulationBehaviour), flow: int(c.flowDirection), interval: int(c.intervalLength) };
}

/** Why a meter reading cannot be imported as interval energy, or null when it can. */
function unusable(mr: MeterReading, rt: ReadingTypeInfo | null): string | null {
  const name = `MeterReading ${describe(mr.entry)}`;
  if (mr.blocks.every((b) => b.readings.length === 0)) return `${name} has no IntervalReading`;
  if (!rt) return `${name} has no ReadingType, so its unit is unknown`;
  if (rt.uom !== WH) return `${name} has ReadingType uom ${rt.uom ?? 'missing'}, not 72 (Wh): only electrical energy can be imported`;
  if (!INTERVAL_ACCUMULATION.has(rt.accumulation)) {
    return `${name} has accumulationBehaviour ${rt.accumulation}: these are register readings, not energy per interval; import them as CSV with a totalKwh column`;
  }
  return null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Reads one IntervalReading into an interval, or the reason it is rejected. */
function readInterval(r: Node, line: number): EnergyInterval | string {
  const period = node(r.timePeriod);
  if (!period) return 'IntervalReading has no timePeriod';
  const startText = text(period.start);
  const start = int(period.start);
  if (start === null || !Number.isSafeInteger(start * 1000)) return `timePeriod/start "${startText ?? ''}" is not a whole number of epoch seconds`;
  const durationText = text(period.duration);
  const duration = int(period.duration);
  if (duration === null || duration <= 0) return `timePeriod/duration "${durationText ?? ''}" is not a positive whole number of seconds`;
  const valueText = text(r.value);
  if (valueText === null || valueText === '') return 'IntervalReading has no value';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(valueText)) return `value "${valueText}" is not a number`;
  const value = Number(valueText);
  if (value < 0) return `value ${valueText} is negative: energy delivered in an interval cannot be; import the feed's delivered (forward) meter reading`;
  return { line, start: start * 1000, end: (start + duration) * 1000, value };
}

function collectMeterReadings(entries: Entry[]): { meterReadings: MeterReading[]; total: number } {
  const meterReadings = entries.filter((e) => 'MeterReading' in e.content).map((entry) => ({ entry, blocks: [] as MeterReading['blocks'] }));
  let line = 0;
  for (const e of entries) {
    const blocks = Array.isArray(e.content.IntervalBlock) ? e.content.IntervalBlock : [];
    if (blocks.length === 0) continue;
    const owner = meterReadings.find((m) => belongs(e, m.entry, 'IntervalBlock')) ?? (meterReadings.length === 1 ? meterReadings[0] : undefined);
    for (const b of blocks) {
      const readings = (Array.isArray(node(b)?.IntervalReading) ? (node(b)!.IntervalReading as unknown[]) : []).map((r) => node(r) ?? {});
      owner?.blocks.push({ readings, firstLine: line + 1 });
      line += readings.length;
    }
  }
  return { meterReadings, total: line };
}

function choose<T extends { entry: Entry }>(list: T[], wanted: string, what: string): T {
  const found = list.find((x) => matches(x.entry, wanted));
  if (!found) {
    fail(`mapping.${what} "${wanted}" matches no ${what === 'usagePoint' ? 'UsagePoint' : 'MeterReading'} of the file; it has: ${list.map((x) => describe(x.entry)).join(', ') || 'none'}.`);
  }
  return found;
}

/** Parses a feed and reads the interval energy of one electricity meter reading. */
export function parseGreenButton(content: string, mapping: GreenButtonMapping = {}): GreenButtonData {
  for (const key of ['usagePoint', 'meterReading'] as const) {
    if (mapping[key] !== undefined && (typeof mapping[key] !== 'string' || mapping[key].trim() === '')) fail(`mapping.${key} must be a title or href of the file's ${key === 'usagePoint' ? 'UsagePoint' : 'MeterReading'}`);
  }
  const entries = parseFeed(content);
  const types = entries.filter((e) => 'ReadingType' in e.content);
  const points = entries.filter((e) => 'UsagePoint' in e.content).map((entry) => ({ entry, kind: int(node(node(entry.content.UsagePoint)?.ServiceCategory)?.kind) }));
  const { meterReadings, total } = collectMeterReadings(entries);
  if (meterReadings.length === 0 && total === 0) fail('The feed holds no MeterReading and no IntervalBlock: it is an ESPI feed without usage data. Download the usage (not only the account or bill summary).');
  if (meterReadings.length === 0) fail('The feed has IntervalBlocks but no MeterReading entry to link them to a ReadingType, so their unit is unknown.');

  const kindName = (k: number | null): string => (k === null ? 'unknown' : (SERVICE_KINDS[k] ?? `kind ${k}`));
  let candidates = points.filter((p) => p.kind === null || p.kind === 0);
  if (mapping.usagePoint !== undefined) {
    const p = choose(points, mapping.usagePoint, 'usagePoint');
    if (p.kind !== null && p.kind !== 0) fail(`UsagePoint ${describe(p.entry)} is ${kindName(p.kind)} (ServiceCategory kind ${p.kind}), not electricity (kind 0).`);
    candidates = [p];
  } else if (points.length > 0 && candidates.length === 0) {
    fail(`The feed has no electricity UsagePoint (ServiceCategory kind 0); it has: ${points.map((p) => `${describe(p.entry)} (${kindName(p.kind)})`).join(', ')}.`);
  }

  const ofPoint = (p: Entry | null): MeterReading[] =>
    p === null ? meterReadings : meterReadings.filter((m) => belongs(m.entry, p, 'MeterReading') || (points.length === 1 && !meterReadings.some((x) => belongs(x.entry, p, 'MeterReading'))));
  const scopes: Array<Entry | null> = candidates.length > 0 ? candidates.map((c) => c.entry) : [null];

  let chosen: { point: Entry | null; mr: MeterReading; rt: ReadingTypeInfo } | null = null;
  const problems: string[] = [];
  for (const point of scopes) {
    let list = ofPoint(point);
    if (mapping.meterReading !== undefined) {
      const found = list.find((m) => matches(m.entry, mapping.meterReading!));
      if (!found) continue;
      list = [found];
    }
    const usable = list
      .map((mr, order) => ({ mr, rt: readingTypeOf(mr.entry, types), order }))
      .filter(({ mr, rt }) => {
        const why = unusable(mr, rt);
        if (why) problems.push(why);
        return why === null;
      })
      // Delivered energy first, then the finest resolution, then the file's order.
      .sort((a, b) => Number(a.rt!.flow === 19) - Number(b.rt!.flow === 19) || (a.rt!.interval ?? Infinity) - (b.rt!.interval ?? Infinity) || a.order - b.order);
    if (usable.length > 0) {
      chosen = { point, mr: usable[0]!.mr, rt: usable[0]!.rt! };
      break;
    }
  }
  if (!chosen) {
    if (mapping.meterReading !== undefined && problems.length === 0) choose(meterReadings, mapping.meterReading, 'meterReading');
    fail(`No usable electricity interval data in the feed: ${problems.join('; ') || 'no MeterReading belongs to an electricity UsagePoint'}.`, { problems });
  }

  const rejected: GreenButtonData['rejected'] = [];
  const valid: EnergyInterval[] = [];
  for (const block of chosen.mr.blocks) {
    block.readings.forEach((r, i) => {
      const iv = readInterval(r, block.firstLine + i);
      if (typeof iv === 'string') rejected.push({ line: block.firstLine + i, reason: iv });
      else valid.push(iv);
    });
  }
  valid.sort((a, b) => a.start - b.start || a.line - b.line);
  const intervals: EnergyInterval[] = [];
  for (const iv of valid) {
    const prev = intervals[intervals.length - 1];
    if (prev && iv.start === prev.start && iv.end === prev.end) {
      rejected.push({ line: iv.line, reason: `duplicate of IntervalReading ${prev.line}: same timePeriod ${iso(iv.start)} to ${iso(iv.end)}` });
    } else if (prev && iv.start < prev.end) {
      rejected.push({ line: iv.line, reason: `timePeriod ${iso(iv.start)} to ${iso(iv.end)} overlaps IntervalReading ${prev.line} (${iso(prev.start)} to ${iso(prev.end)})` });
    } else intervals.push(iv);
  }
  rejected.sort((a, b) => a.line - b.line);
  return {
    source: {
      usagePoint: chosen.point ? item(chosen.point) : null,
      meterReading: item(chosen.mr.entry),
      usagePoints: points.map((p) => ({ ...item(p.entry), kind: p.kind })),
      meterReadings: ofPoint(chosen.point).map((m) => item(m.entry)),
    },
    intervals,
    exponent: chosen.rt.power - 3,
    rejected,
  };
}
