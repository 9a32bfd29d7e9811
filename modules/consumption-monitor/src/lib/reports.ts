import type { ModuleDb } from '@nxforge/sdk';
import { bracketsAcross } from './brackets';
import { maxGapMs } from './consumption';
import { type Bracket, periodConsumption } from './counter';
import { lastHour } from './hourly';
import { round6, stmt, T } from './sql';
import { assertMonth, assertTimeZone, isoLocal, localDayStart, periodBoundaries, wallClock } from './time-zone';
import type {
  ConsumptionOptions,
  LiveEndpoint,
  LiveReading,
  LiveStatus,
  MonthlySummary,
  MonthlySummaryClient,
  SummaryPeriod,
  SummaryRow,
} from './types';

interface EndpointRow {
  id: number;
  name: string;
  client_name: string | null;
  price_per_kwh: number | null;
}

/**
 * Every endpoint for one local month, with prices, costs and per-client totals. A price is the
 * endpoint's own, else its client's default, else `options.defaultPricePerKwh`, else none.
 */
export function monthlySummary(
  db: ModuleDb,
  year: number,
  month: number,
  timezone: string,
  options?: ConsumptionOptions & { defaultPricePerKwh?: number | null },
): MonthlySummary {
  assertTimeZone(timezone);
  assertMonth(year, month);
  const gap = maxGapMs(options);
  const from = localDayStart(year, month, 1, timezone);
  const to = localDayStart(year, month + 1, 1, timezone);
  const clientPrices = new Map(
    stmt(db, `SELECT client_name, price_per_kwh FROM ${T.clientPrices}`)
      .all<{ client_name: string; price_per_kwh: number }>()
      .map((r) => [r.client_name, r.price_per_kwh]),
  );
  const rows = stmt(db, `SELECT id, name, client_name, price_per_kwh FROM ${T.endpoints} ORDER BY client_name IS NULL, client_name, name, id`).all<EndpointRow>();
  const [starts, ends] = db.transaction(() => [bracketsAcross(db, from), bracketsAcross(db, to)]);
  const clients = new Map<string | null, MonthlySummaryClient>();
  let totalKwh = 0;
  let totalCost: number | null = null;
  const endpoints = rows.map((e) => {
    const r = periodConsumption(from, to, starts.get(e.id)!, ends.get(e.id)!, gap);
    const price = e.price_per_kwh ?? (e.client_name === null ? undefined : clientPrices.get(e.client_name)) ?? options?.defaultPricePerKwh ?? null;
    const cost = price === null ? null : round6(r.consumptionKwh * price);
    let client = clients.get(e.client_name);
    if (!client) {
      client = { clientName: e.client_name, consumptionKwh: 0, cost: 0, endpoints: 0, complete: true };
      clients.set(e.client_name, client);
    }
    client.consumptionKwh = round6(client.consumptionKwh + r.consumptionKwh);
    client.cost = client.cost === null || cost === null ? null : round6(client.cost + cost);
    client.endpoints += 1;
    client.complete &&= r.complete;
    totalKwh += r.consumptionKwh;
    if (cost !== null) totalCost = (totalCost ?? 0) + cost;
    return {
      endpointId: e.id,
      name: e.name,
      clientName: e.client_name,
      consumptionKwh: r.consumptionKwh,
      complete: r.complete,
      pricePerKwh: price,
      cost,
      gapWarning: r.gapWarning,
    };
  });
  return {
    year,
    month,
    endpoints,
    clients: [...clients.values()],
    totalKwh: round6(totalKwh),
    totalCost: totalCost === null ? null : round6(totalCost),
  };
}

/**
 * Totals across all endpoints per local period (weeks start on Monday), for the whole periods
 * overlapping [from, to). An endpoint counts in a period when it has a reading inside it or
 * readings on both sides; the period is complete when every endpoint that counts is.
 */
export function summary(db: ModuleDb, period: SummaryPeriod, from: number, to: number, timezone: string): SummaryRow[] {
  const bounds = periodBoundaries(period, from, to, timezone);
  const n = bounds.length - 1;
  const kwh = new Float64Array(n);
  const counted = new Uint32Array(n);
  const complete = new Array<boolean>(n).fill(true);
  // One read transaction: every boundary sees the same snapshot of the rollup.
  const brackets = db.transaction(() => bounds.map((b) => bracketsAcross(db, b)));
  for (let i = 0; i < n; i++) {
    const previous = brackets[i]!;
    const next = brackets[i + 1]!;
    for (const [id, start] of previous) {
      const r = periodConsumption(bounds[i]!, bounds[i + 1]!, start, next.get(id)!);
      if (r.startKwh === null) continue;
      kwh[i] = kwh[i]! + r.consumptionKwh;
      counted[i] = counted[i]! + 1;
      complete[i] &&= r.complete;
    }
  }
  return Array.from(kwh, (total, i) => ({
    start: isoLocal(bounds[i]!, timezone),
    consumptionKwh: round6(total),
    complete: counted[i]! > 0 && complete[i]!,
  }));
}

/** A reading older than this many poll intervals makes an endpoint stale. */
export const STALE_AFTER_POLLS = 3;

interface LiveRow extends EndpointRow {
  enabled: number;
  poll_interval: number;
  ts: number | null;
  total_kwh: number | null;
  power: number | null;
  voltage: number | null;
  current: number | null;
  power_factor: number | null;
  success: number | null;
  error: string | null;
}

// Each endpoint with its newest reading of any kind: one seek to the end of its key range.
const LATEST_SQL = `SELECT e.id, e.name, e.client_name, e.price_per_kwh, e.enabled, e.poll_interval,
    r.ts, r.total_kwh, r.power, r.voltage, r.current, r.power_factor, r.success, r.error
  FROM ${T.endpoints} e
  LEFT JOIN ${T.readings} r ON r.endpoint_id = e.id
    AND r.ts = (SELECT x.ts FROM ${T.readings} x WHERE x.endpoint_id = e.id ORDER BY x.ts DESC LIMIT 1)
  ORDER BY e.name, e.id`;

/**
 * Per endpoint: the latest reading (of any kind), its status and the consumption since the
 * start of the local month of `now`. Status: never (no reading), stale (the latest is older
 * than STALE_AFTER_POLLS poll intervals), failing (the latest read failed), else ok.
 */
export function live(db: ModuleDb, timezone: string, now: number): LiveEndpoint[] {
  assertTimeZone(timezone);
  const w = wallClock(now, timezone);
  const from = localDayStart(w.year, w.month, 1, timezone);
  const to = localDayStart(w.year, w.month + 1, 1, timezone);
  const read = (): [LiveRow[], Map<number, Bracket>, Map<number, Bracket>] => [
    stmt(db, LATEST_SQL).all<LiveRow>(),
    bracketsAcross(db, from),
    bracketsAcross(db, to),
  ];
  const [rows, starts, ends] = db.transaction(read);
  return rows.map((e) => {
    const start = starts.get(e.id)!;
    const month = periodConsumption(from, to, start, ends.get(e.id)!);
    let lastReading: LiveReading | null = null;
    if (e.ts !== null) {
      lastReading = {
        ts: e.ts,
        totalKwh: e.total_kwh,
        power: e.power,
        voltage: e.voltage,
        current: e.current,
        powerFactor: e.power_factor,
        success: e.success === 1,
        error: e.error,
      };
    } else {
      // Raw readings purged: the rollup still knows the last successful one.
      const h = lastHour(db, e.id);
      if (h) lastReading = { ts: h.last_ts, totalKwh: h.last_kwh, power: null, voltage: null, current: null, powerFactor: null, success: true, error: null };
    }
    let status: LiveStatus = 'ok';
    if (!lastReading) status = 'never';
    else if (now - lastReading.ts > STALE_AFTER_POLLS * e.poll_interval * 60_000) status = 'stale';
    else if (!lastReading.success) status = 'failing';
    return {
      endpointId: e.id,
      name: e.name,
      clientName: e.client_name,
      enabled: e.enabled === 1,
      status,
      lastReading,
      power: lastReading?.success ? lastReading.power : null,
      monthToDateKwh: month.consumptionKwh,
      monthComplete: month.startKwh !== null && (month.startInterpolated || start.after?.ts === from),
    };
  });
}
