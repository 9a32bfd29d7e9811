import { linear, linePath, type TimePoint } from './scale';

/** A small line without axes: the shape of the last hours at a glance. */
export function Sparkline({ points, label, testId }: { points: readonly TimePoint[]; label: string; testId?: string }) {
  const values = points.filter((p) => p.value !== null).map((p) => p.value as number);
  if (values.length < 2) {
    return (
      <div className="cm-spark-empty" data-testid={testId} data-points={values.length}>
        {values.length === 1 ? 'One reading so far' : 'No readings in the last 24 h'}
      </div>
    );
  }
  const width = 300;
  const height = 44;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const x = linear(points[0]!.ts, points[points.length - 1]!.ts, 1, width - 1);
  const y = linear(min, max === min ? min + 1 : max, height - 3, 3);
  const line = linePath(points, x, y);
  const area = `${line}L${x(points[points.length - 1]!.ts).toFixed(1)},${height}L${x(points[0]!.ts).toFixed(1)},${height}Z`;
  return (
    <svg className="cm-spark" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid={testId} data-points={values.length}>
      <title>{label}</title>
      <path d={area} fill="currentColor" opacity={0.12} />
      <path d={line} fill="none" stroke="currentColor" strokeWidth={1.6} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
    </svg>
  );
}
