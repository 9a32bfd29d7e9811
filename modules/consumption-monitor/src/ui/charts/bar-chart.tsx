import { formatKwh } from '../format';
import { linear, niceTicks } from './scale';
import { useWidth } from './use-width';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** The same figure one period earlier, drawn as a thin bar under the main one. */
  previous?: number | null;
  /** Drawn in the warning colour: the figure does not cover the whole period. */
  incomplete?: boolean;
}

const ROW = 34;
const TOP = 8;
const AXIS = 22;

/** Horizontal bars, one row per item, with the previous period as a thin bar beneath. */
export function BarChart({ items, label, testId }: { items: readonly BarItem[]; label: string; testId?: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const labelWidth = Math.min(200, Math.max(90, Math.round(width * 0.24)));
  const valueWidth = 92;
  const max = Math.max(0, ...items.map((i) => Math.max(i.value, i.previous ?? 0)));
  const ticks = niceTicks(0, max || 1, Math.max(2, Math.floor((width - labelWidth - valueWidth) / 110)));
  const top = ticks[ticks.length - 1] ?? 1;
  const x = linear(0, top, labelWidth, width - valueWidth);
  const height = TOP + items.length * ROW + AXIS;
  const hasPrevious = items.some((i) => i.previous !== undefined && i.previous !== null);
  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg className="cm-chart" width={width} height={height} role="img" aria-label={label} data-testid={testId}>
        <title>{label}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line className="cm-grid-line" x1={x(t)} x2={x(t)} y1={TOP} y2={height - AXIS} />
            <text x={x(t)} y={height - 6} textAnchor="middle">
              {formatKwh(t).replace(' kWh', '')}
            </text>
          </g>
        ))}
        {items.map((item, i) => {
          const y = TOP + i * ROW;
          const barWidth = Math.max(item.value > 0 ? 2 : 0, x(item.value) - x(0));
          return (
            <g key={item.key} data-bar={item.key} data-value={item.value}>
              <text className="cm-bar-label" x={labelWidth - 10} y={y + (hasPrevious ? 14 : 19)} textAnchor="end">
                {item.label.length > 26 ? `${item.label.slice(0, 25)}…` : item.label}
              </text>
              <rect className={item.incomplete ? 'cm-bar cm-bar-incomplete' : 'cm-bar'} x={x(0)} y={y + 5} width={barWidth} height={hasPrevious ? 14 : 20} rx={3}>
                <title>{`${item.label}: ${formatKwh(item.value)}${item.incomplete ? ' (incomplete period)' : ''}`}</title>
              </rect>
              {item.previous !== undefined && item.previous !== null && (
                <rect className="cm-bar-prev" x={x(0)} y={y + 22} width={Math.max(item.previous > 0 ? 2 : 0, x(item.previous) - x(0))} height={6} rx={2}>
                  <title>{`${item.label}, previous month: ${formatKwh(item.previous)}`}</title>
                </rect>
              )}
              <text className="cm-bar-label" x={x(0) + barWidth + 8} y={y + (hasPrevious ? 16 : 19)}>
                {formatKwh(item.value)}
              </text>
            </g>
          );
        })}
        <line className="cm-axis" x1={x(0)} x2={x(0)} y1={TOP} y2={height - AXIS} />
      </svg>
    </div>
  );
}
