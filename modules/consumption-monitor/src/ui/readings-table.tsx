import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorNotice, callRoute, type RouteError } from '@nxforge/sdk/ui';
import type { ReadingsPage } from './api';
import { formatDateTime, formatNumber, formatPower } from './format';
import { VirtualList } from './virtual-list';

type Reading = ReadingsPage['readings'][number];

const PAGE = 500;
const COLUMNS = '190px 1fr 0.8fr 0.7fr 0.7fr 0.6fr 1.4fr';

/** Every raw reading of the range, newest first, fetched a page at a time as the list scrolls. */
export function ReadingsTable({ module, endpointId, from, to, version }: { module: string; endpointId: number; from: number; to: number; version: number }) {
  const [rows, setRows] = useState<Reading[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<RouteError | null>(null);
  const loading = useRef(false);
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (after: string | undefined, gen: number) => {
      loading.current = true;
      const answer = await callRoute<ReadingsPage>({ module, path: '/readings', query: { endpointId, from, to, limit: PAGE, cursor: after } });
      if (gen !== generation.current) return;
      loading.current = false;
      if (!answer.ok) return setError(answer.error);
      setError(null);
      setRows((r) => (after === undefined ? answer.data.readings : [...r, ...answer.data.readings]));
      setCursor(answer.data.nextCursor);
    },
    [module, endpointId, from, to],
  );

  useEffect(() => {
    generation.current += 1;
    setRows([]);
    setCursor(undefined);
    void fetchPage(undefined, generation.current);
  }, [fetchPage, version]);

  const more = useCallback(() => {
    if (loading.current || !cursor) return;
    void fetchPage(cursor, generation.current);
  }, [cursor, fetchPage]);

  return (
    <div className="cm-form" style={{ gap: 8 }}>
      <ErrorNotice error={error} />
      <p className="cm-hint" data-testid="readings-count">
        {rows.length === 0 && cursor === undefined ? 'Loading readings…' : `${rows.length}${cursor ? '+' : ''} reading${rows.length === 1 ? '' : 's'} in the range${cursor ? '; more load as you scroll' : ''}.`}
      </p>
      <VirtualList
        testId="readings-list"
        items={rows}
        rowHeight={34}
        height={420}
        columns={COLUMNS}
        rowKey={(r) => r.ts}
        onNearEnd={more}
        header={
          <>
            <span>Time</span>
            <span style={{ textAlign: 'right' }}>Counter (kWh)</span>
            <span style={{ textAlign: 'right' }}>Power</span>
            <span style={{ textAlign: 'right' }}>Voltage</span>
            <span style={{ textAlign: 'right' }}>Current</span>
            <span style={{ textAlign: 'right' }}>PF</span>
            <span style={{ paddingLeft: 16 }}>Result</span>
          </>
        }
        row={(r) => (
          <>
            <span>{formatDateTime(r.ts)}</span>
            <span className="cm-num">{r.totalKwh === null ? '–' : formatNumber(r.totalKwh, 3)}</span>
            <span className="cm-num">{formatPower(r.power)}</span>
            <span className="cm-num">{r.voltage === null ? '–' : `${formatNumber(r.voltage, 1)} V`}</span>
            <span className="cm-num">{r.current === null ? '–' : `${formatNumber(r.current, 2)} A`}</span>
            <span className="cm-num">{r.powerFactor === null ? '–' : formatNumber(r.powerFactor, 2)}</span>
            <span style={{ paddingLeft: 16, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={r.error ?? undefined}>
              {r.success ? <span className="cm-ok">OK</span> : <span className="cm-bad">{r.error ?? 'failed'}</span>}
            </span>
          </>
        )}
      />
    </div>
  );
}
