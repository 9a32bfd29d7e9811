import { useState, type MouseEvent } from 'react';
import { formatDateTime, formatTick } from '../format';
import { linear, linePath, nearestIndex, niceTicks, type TimePoint } from './scale';
import { useWidth } from './use-width';

export interface TimeChartProps {
  /** Sorted by time; already reduced to about one point per pixel column by the caller. */
  points: readonly TimePoint[];
  /** `bars`: one bar per point (consumption per bucket); `line`: a level over time (power, counter). */
  mode: 'line' | 'bars';
  /** Bucket width for bars, in ms. */
  bucketMs?: number;
  from: number;
  to: number;
  unit: string;
  format: (value: number) => string;
  label: string;
  height?: number;
  testId?: string;
}

const PAD = { left: 56, right: 12, top: 10, bottom: 24 };

/** A time axis chart in plain SVG, with a hover read-out of the nearest point. */
export function TimeChart({ points, mode, bucketMs, from, to, unit, format, label, height = 240, testId }: TimeChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const values = points.filter((p) => p.value !== null).map((p) => p.value as number);
  const lo = mode === 'bars' ? 0 : Math.min(...values);
  const hi = Math.max(mode === 'bars' ? 0 : -Infinity, ...values);
  const ticks = values.length ? niceTicks(Math.min(lo, hi), hi, 4) : [0, 1];
  const y = linear(ticks[0]!, ticks[ticks.length - 1]!, height - PAD.bottom, PAD.top);
  const x = linear(from, to, PAD.left, width - PAD.right);
  const xTicks = Math.max(2, Math.floor((width - PAD.left - PAD.right) / 120));
  const timeTicks = Array.from({ length: xTicks + 1 }, (_, i) => from + ((to - from) * i) / xTicks);
  const barWidth = bucketMs ? Math.max(1, x(from + bucketMs) - x(from) - (x(from + bucketMs) - x(from) > 4 ? 1 : 0)) : 2;
  const hovered = hover !== null ? points[hover] : undefined;

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - box.left;
    const ts = from + ((px - PAD.left) / (width - PAD.left - PAD.right)) * (to - from);
    const i = nearestIndex(points, mode === 'bars' && bucketMs ? ts - bucketMs / 2 : ts);
    setHover(i >= 0 ? i : null);
  };

  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg
        className="cm-chart"
        width={width}
        height={height}
        role="img"
        aria-label={label}
        data-testid={testId}
        data-points={points.length}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <title>{label}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line className="cm-grid-line" x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {timeTicks.map((t, i) => (
          <text key={t} x={x(t)} y={height - 6} textAnchor={i === 0 ? 'start' : i === xTicks ? 'end' : 'middle'}>
            {formatTick(t, to - from)}
          </text>
        ))}
        {mode === 'line' ? (
          <g>
            <path d={linePath(points, x, y)} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinejoin="round" />
            {/* Few points: mark each, so a lone reading or a short run is visible. */}
            {points.length <= 60 && points.map((p) => (p.value === null ? null : <circle key={p.ts} cx={x(p.ts)} cy={y(p.value)} r={2.5} fill="currentColor" />))}
          </g>
        ) : (
          <g fill="currentColor">
            {points.map((p) =>
              p.value === null ? null : (
                <rect key={p.ts} x={x(p.ts)} y={Math.min(y(p.value), y(0))} width={barWidth} height={Math.abs(y(0) - y(p.value))} opacity={hovered === p ? 1 : 0.85} />
              ),
            )}
          </g>
        )}
        {hovered && hovered.value !== null && (
          <g pointerEvents="none">
            <line className="cm-hover-line" x1={x(hovered.ts)} x2={x(hovered.ts)} y1={PAD.top} y2={height - PAD.bottom} />
            {mode === 'line' && <circle cx={x(hovered.ts)} cy={y(hovered.value)} r={3.5} fill="currentColor" />}
          </g>
        )}
        <line className="cm-axis" x1={PAD.left} x2={width - PAD.right} y1={height - PAD.bottom} y2={height - PAD.bottom} />
      </svg>
      <div className="cm-tooltip" aria-live="polite">
        {hovered && hovered.value !== null
          ? `${formatDateTime(hovered.ts)}: ${format(hovered.value)} ${unit}`
          : 'Point at the chart to read a value.'}
      </div>
    </div>
  );
}
