import type { ModuleContext } from '@nxforge/sdk';
import { live, type LiveEndpoint, type ReadingInput } from '../lib';

/** The `consumption-monitor:readings` event: what the live dashboard needs to update without asking. */
export interface ReadingsEvent {
  source: 'collect' | 'import';
  /** Endpoints that got readings. */
  endpointIds: number[];
  /** The new readings of a collection (an import sends none: it may hold years). */
  readings: { endpointId: number; ts: number; totalKwh: number | null; power: number | null; success: boolean; error: string | null }[];
  /** The whole live view after the change, as GET /live answers it. */
  live: LiveEndpoint[];
}

export function publishReadings(ctx: ModuleContext, source: ReadingsEvent['source'], endpointIds: number[], readings: ReadingInput[] = []): void {
  const event: ReadingsEvent = {
    source,
    endpointIds: [...new Set(endpointIds)],
    readings: readings.map((r) => ({
      endpointId: r.endpointId,
      ts: r.ts,
      totalKwh: r.totalKwh,
      power: r.power ?? null,
      success: r.success !== false,
      error: r.error ?? null,
    })),
    live: live(ctx.db, ctx.app.timeZone(), Date.now()),
  };
  ctx.events.publish('readings', event);
}
