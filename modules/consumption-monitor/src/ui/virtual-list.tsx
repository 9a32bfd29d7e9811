import { useEffect, useState, type ReactNode, type UIEvent } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box in pixels. */
  height: number;
  /** CSS grid-template-columns shared by the header and the rows. */
  columns: string;
  header: ReactNode;
  row: (item: T, index: number) => ReactNode;
  rowKey: (item: T) => string | number;
  /** Called when the view comes within a screenful of the end, e.g. to fetch the next page. */
  onNearEnd?: () => void;
  testId?: string;
}

const OVERSCAN = 8;

/**
 * Renders only the rows in view (plus a few either side) in a box of fixed height, so a
 * table of a million readings costs the same as one of fifty.
 */
export function VirtualList<T>({ items, rowHeight, height, columns, header, row, rowKey, onNearEnd, testId }: VirtualListProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const headerHeight = 34;
  const bodyHeight = height - headerHeight;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + bodyHeight) / rowHeight) + OVERSCAN);
  const nearEnd = last >= items.length - Math.ceil(bodyHeight / rowHeight);

  useEffect(() => {
    if (nearEnd && items.length > 0) onNearEnd?.();
  }, [nearEnd, items.length, onNearEnd]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop);
  const visible = items.slice(first, last);
  return (
    <div className="cm-vlist" style={{ height }} onScroll={onScroll} data-testid={testId} data-rows={items.length} role="table" aria-rowcount={items.length + 1}>
      <div className="cm-vhead" style={{ gridTemplateColumns: columns }} role="row">
        {header}
      </div>
      <div style={{ position: 'relative', height: items.length * rowHeight }} role="rowgroup">
        {visible.map((item, i) => (
          <div
            key={rowKey(item)}
            className="cm-vrow"
            role="row"
            aria-rowindex={first + i + 2}
            style={{ top: (first + i) * rowHeight, height: rowHeight, gridTemplateColumns: columns }}
          >
            {row(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
