import { useState } from 'react';
import { ErrorNotice, Loading, pageHref, useEvent, useRoute, type WidgetProps } from '@nxforge/sdk/ui';
import type { LiveEndpoint, ReadingsEvent } from './api';
import { formatPower } from './format';
import { STATUS_TEXT } from './status';
import { ModuleStyles } from './styles';

const MAX_ROWS = 8;

/** The dashboard's "Live power" widget: the total and the biggest consumers, updated by pushed readings. */
export function LivePowerWidget({ module }: WidgetProps) {
  const live = useRoute<LiveEndpoint[]>({ module, path: '/live' });
  const [pushed, setPushed] = useState<LiveEndpoint[] | null>(null);
  useEvent<ReadingsEvent>(`${module}:readings`, (event) => setPushed(event.live));
  useEvent(`${module}:endpoints`, () => {
    setPushed(null);
    live.reload();
  });
  const data = pushed ?? live.data;
  if (live.error && !data) return <ErrorNotice error={live.error} onRetry={live.reload} />;
  if (!data) return <Loading />;
  const total = data.reduce((sum, e) => sum + (e.power ?? 0), 0);
  const rows = [...data].sort((a, b) => (b.power ?? -1) - (a.power ?? -1));
  const failing = data.filter((e) => e.status === 'failing').length;
  return (
    <div className="cm-widget" data-testid="live-power-widget">
      <ModuleStyles />
      <div>
        <div className="cm-widget-total" data-testid="widget-total-power">
          {formatPower(total)}
        </div>
        <div className="cm-hint">
          {data.length === 0 ? 'No endpoints yet' : `${data.length} endpoint${data.length === 1 ? '' : 's'}${failing ? `, ${failing} failing` : ''}`}
        </div>
      </div>
      {data.length === 0 ? (
        <a className="cm-link" href={pageHref(module, '/endpoints?new=1')}>
          Add an endpoint
        </a>
      ) : (
        <ul className="cm-widget-list">
          {rows.slice(0, MAX_ROWS).map((e) => (
            <li key={e.endpointId} data-testid={`widget-endpoint-${e.endpointId}`}>
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={STATUS_TEXT[e.status].hint}>
                <span className={`cm-dot cm-dot-${e.status}`} />
                {e.name}
              </span>
              <span className="cm-num">{formatPower(e.power)}</span>
            </li>
          ))}
          {rows.length > MAX_ROWS && <li className="cm-hint">and {rows.length - MAX_ROWS} more</li>}
        </ul>
      )}
      <a className="cm-link" style={{ fontSize: 13 }} href={pageHref(module, '/')}>
        Open the live dashboard →
      </a>
    </div>
  );
}
