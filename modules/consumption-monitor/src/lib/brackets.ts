import type { ModuleDb } from '@nxforge/sdk';
import type { Bracket, CounterPoint } from './counter';
import { bracketAt, firstHour, firstPoint, lastHour, lastPoint } from './hourly';
import { floorHour, HOUR_MS, stmt, T } from './sql';

/**
 * Brackets of ascending boundaries for one endpoint. Boundaries outside the endpoint's readings
 * are answered from its first and last reading, without a query each.
 */
export function bracketsFor(db: ModuleDb, endpointId: number, boundaries: readonly number[]): Bracket[] {
  const first = firstHour(db, endpointId);
  if (!first) return boundaries.map(() => ({ before: null, after: null }));
  const last = lastHour(db, endpointId)!;
  const firstReading = firstPoint(first);
  const lastReading = lastPoint(last);
  return boundaries.map((b) => {
    if (b <= firstReading.ts) return { before: null, after: firstReading };
    if (b > lastReading.ts) return { before: lastReading, after: null };
    return bracketAt(db, endpointId, b);
  });
}

interface AcrossRow {
  id: number;
  b_ts: number | null;
  b_kwh: number;
  b_off: number;
  b_rc: number;
  a_hour: number | null;
  a_ts: number;
  a_kwh: number;
  a_off: number;
  a_rc: number;
  a_lts: number;
  a_lrc: number;
  // Only in IN_HOUR_SQL rows:
  rb_ts: number | null;
  rb_kwh: number;
  ra_ts: number | null;
  ra_kwh: number;
  purged_before: number | null;
}

// For every endpoint: the last hour before the boundary's hour and the first from it, each an
// index seek for the hour and a primary-key lookup for the row.
const AROUND_HOUR = `
  LEFT JOIN ${T.hourly} b ON b.endpoint_id = e.id AND b.hour =
    (SELECT x.hour FROM ${T.hourly} x WHERE x.endpoint_id = e.id AND x.hour < @hour ORDER BY x.hour DESC LIMIT 1)
  LEFT JOIN ${T.hourly} a ON a.endpoint_id = e.id AND a.hour =
    (SELECT y.hour FROM ${T.hourly} y WHERE y.endpoint_id = e.id AND y.hour >= @hour ORDER BY y.hour LIMIT 1)`;

const HOUR_COLUMNS = `e.id, b.last_ts AS b_ts, b.last_kwh AS b_kwh, b.last_off AS b_off, b.last_rc AS b_rc,
  a.hour AS a_hour, a.first_ts AS a_ts, a.first_kwh AS a_kwh, a.first_off AS a_off, a.first_rc AS a_rc,
  a.last_ts AS a_lts, a.last_rc AS a_lrc`;

const ON_HOUR_SQL = `SELECT ${HOUR_COLUMNS} FROM ${T.endpoints} e ${AROUND_HOUR}`;

// Inside an hour, also the raw readings just before and from the boundary within that hour.
const IN_HOUR_SQL = `SELECT ${HOUR_COLUMNS},
    rb.ts AS rb_ts, rb.total_kwh AS rb_kwh, ra.ts AS ra_ts, ra.total_kwh AS ra_kwh, p.purged_before
  FROM ${T.endpoints} e ${AROUND_HOUR}
  LEFT JOIN ${T.readings} rb ON rb.endpoint_id = e.id AND rb.ts =
    (SELECT r.ts FROM ${T.readings} r WHERE r.endpoint_id = e.id AND r.ts >= @hour AND r.ts < @at AND r.success = 1 ORDER BY r.ts DESC LIMIT 1)
  LEFT JOIN ${T.readings} ra ON ra.endpoint_id = e.id AND ra.ts =
    (SELECT r.ts FROM ${T.readings} r WHERE r.endpoint_id = e.id AND r.ts >= @at AND r.ts < @next AND r.success = 1 ORDER BY r.ts LIMIT 1)
  LEFT JOIN ${T.retention} p ON p.endpoint_id = e.id`;

/**
 * The bracket of one boundary for every endpoint, in one statement: what bracketAt answers,
 * without a call per endpoint. Inside an hour, the raw readings around the boundary carry the
 * hour's reset offset unless a reset happened within the hour or its raw rows were purged;
 * those few cases go to bracketAt.
 */
export function bracketsAcross(db: ModuleDb, at: number): Map<number, Bracket> {
  const hour = floorHour(at);
  const onHour = hour === at;
  const rows = onHour
    ? stmt(db, ON_HOUR_SQL).all<AcrossRow>({ hour })
    : stmt(db, IN_HOUR_SQL).all<AcrossRow>({ hour, at, next: hour + HOUR_MS });
  const out = new Map<number, Bracket>();
  for (const r of rows) {
    const before: CounterPoint | null = r.b_ts === null ? null : { ts: r.b_ts, kwh: r.b_kwh, off: r.b_off, rc: r.b_rc };
    const after: CounterPoint | null = r.a_hour === null ? null : { ts: r.a_ts, kwh: r.a_kwh, off: r.a_off, rc: r.a_rc };
    if (onHour || r.a_hour !== hour || at <= r.a_ts) {
      out.set(r.id, { before, after });
    } else if (r.a_rc !== r.a_lrc || at > r.a_lts || (r.purged_before ?? -Infinity) > hour || r.rb_ts === null || r.ra_ts === null) {
      out.set(r.id, bracketAt(db, r.id, at));
    } else {
      out.set(r.id, {
        before: { ts: r.rb_ts, kwh: r.rb_kwh, off: r.a_off, rc: r.a_rc },
        after: { ts: r.ra_ts, kwh: r.ra_kwh, off: r.a_off, rc: r.a_rc },
      });
    }
  }
  return out;
}
