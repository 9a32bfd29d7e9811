import { ENDPOINT_TYPES, type EndpointView, type LiveEndpoint } from './api';
import { formatDateTime, formatRelative } from './format';
import { StatusBadge } from './status';

interface Props {
  endpoints: EndpointView[];
  live: Map<number, LiveEndpoint>;
  now: number;
  selected: number | null;
  onEdit(e: EndpointView): void;
  onTest(e: EndpointView): void;
  onImport(e: EndpointView): void;
  onDelete(e: EndpointView): void;
  onToggle(e: EndpointView, enabled: boolean): void;
}

const typeLabel = (type: string) => ENDPOINT_TYPES.find((t) => t.value === type)?.label ?? type;

export function EndpointTable({ endpoints, live, now, selected, onEdit, onTest, onImport, onDelete, onToggle }: Props) {
  return (
    <div className="cm-table-wrap">
      <table className="nx-table" data-testid="endpoint-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>Client</th>
            <th>Type</th>
            <th>Status</th>
            <th>Enabled</th>
            <th className="cm-num">Actions</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => {
            const state = live.get(e.id);
            const last = e.lastReadAt;
            return (
              <tr key={e.id} data-testid={`endpoint-row-${e.id}`} data-name={e.name} style={selected === e.id ? { background: 'var(--accent-soft)' } : undefined}>
                <td style={{ minWidth: 150 }}>
                  <button type="button" className="cm-link" style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', font: 'inherit', textAlign: 'left' }} onClick={() => onEdit(e)} title="Edit">
                    {e.name}
                  </button>
                  {e.location && <div className="cm-hint">{e.location}</div>}
                </td>
                <td className="cm-mono" style={{ maxWidth: 200, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={e.ipAddress}>
                  {e.ipAddress}
                </td>
                <td>{e.clientName ?? <span className="cm-hint">–</span>}</td>
                <td>
                  {typeLabel(e.type)}
                  {e.vendor && <div className="cm-hint">{e.vendor}</div>}
                </td>
                <td>
                  {state ? <StatusBadge status={state.status} testId={`endpoint-status-${e.id}`} /> : null}
                  <div className="cm-hint" title={last ? formatDateTime(last) : undefined}>
                    {last ? `read ${formatRelative(last, now)}` : 'never read'}
                    <br />
                    every {e.pollInterval} min
                  </div>
                </td>
                <td>
                  <label className="cm-check" title={e.enabled ? 'Read by the collection' : 'Not read by the collection'}>
                    <input type="checkbox" checked={e.enabled} data-testid={`endpoint-enabled-${e.id}`} onChange={(ev) => onToggle(e, ev.target.checked)} />
                    {e.enabled ? 'On' : 'Off'}
                  </label>
                </td>
                <td style={{ whiteSpace: 'nowrap' }}>
                  <div className="cm-actions" style={{ flexWrap: 'nowrap' }}>
                    <button type="button" className="nx-button nx-button-secondary cm-small-button" onClick={() => onTest(e)} data-testid={`endpoint-test-${e.id}`}>
                      Test
                    </button>
                    <button type="button" className="nx-button nx-button-secondary cm-small-button" onClick={() => onImport(e)} data-testid={`endpoint-import-${e.id}`}>
                      Import
                    </button>
                    <button type="button" className="nx-button nx-button-secondary cm-small-button" style={{ color: 'var(--danger)' }} onClick={() => onDelete(e)} data-testid={`endpoint-delete-${e.id}`}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
