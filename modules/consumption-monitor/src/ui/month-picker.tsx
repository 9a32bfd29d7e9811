import { formatMonth, monthValue, parseMonthValue, previousMonth } from './format';

export interface YearMonth {
  year: number;
  month: number;
}

export function currentMonth(): YearMonth {
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1 };
}

function next({ year, month }: YearMonth): YearMonth {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** A month input with previous/next buttons. */
export function MonthPicker({ value, onChange }: { value: YearMonth; onChange(value: YearMonth): void }) {
  return (
    <div className="nx-row" style={{ alignItems: 'flex-end' }}>
      <button type="button" className="nx-button nx-button-secondary" aria-label="Previous month" title={formatMonth(previousMonth(value.year, value.month).year, previousMonth(value.year, value.month).month)} onClick={() => onChange(previousMonth(value.year, value.month))} data-testid="month-previous">
        ‹
      </button>
      <label className="nx-field" style={{ minWidth: 170 }}>
        <span>Month</span>
        <input
          type="month"
          data-testid="month-input"
          value={monthValue(value.year, value.month)}
          onChange={(e) => {
            const parsed = parseMonthValue(e.target.value);
            if (parsed) onChange(parsed);
          }}
        />
      </label>
      <button type="button" className="nx-button nx-button-secondary" aria-label="Next month" onClick={() => onChange(next(value))} data-testid="month-next">
        ›
      </button>
    </div>
  );
}
