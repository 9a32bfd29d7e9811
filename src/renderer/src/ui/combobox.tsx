import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { IconChevronDown, IconSearch } from './icons';

interface ComboboxProps {
  id: string;
  value: string;
  onChange(value: string): void;
  options: readonly string[];
  /** Secondary text per option, e.g. a zone's current UTC offset. */
  describe?: (option: string) => string;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  testId?: string;
}

const MAX_SHOWN = 500;

/** Loose matching: `new york` finds America/New_York, `berlin` finds Europe/Berlin. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, ' ').trim();
}

/**
 * A searchable select: type to filter the list, arrows and Enter to pick. The typed text
 * is the value, so a name missing from the list (an alias, say) can still be tried and
 * the server's validation has the last word.
 */
export function Combobox({ id, value, onChange, options, describe, invalid, describedBy, placeholder, testId = 'combobox' }: ComboboxProps) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [filtering, setFiltering] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  const shown = useMemo(() => {
    const query = normalize(value);
    const matches = filtering && query ? options.filter((o) => normalize(o).includes(query)) : options;
    return matches.slice(0, MAX_SHOWN);
  }, [options, value, filtering]);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  const openList = (withFilter: boolean) => {
    setFiltering(withFilter);
    setOpen(true);
    const current = withFilter ? 0 : options.indexOf(value);
    setActive(Math.max(current, 0));
  };

  const pick = (option: string) => {
    onChange(option);
    setOpen(false);
    setFiltering(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return openList(false);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), Math.max(shown.length - 1, 0)));
    } else if (event.key === 'Enter' && open) {
      const option = shown[active];
      if (option !== undefined) {
        // Enter picks from the open list; it submits the form only once the list is closed.
        event.preventDefault();
        pick(option);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const activeId = open && shown[active] !== undefined ? `${listId}-${active}` : undefined;

  return (
    <div className={`combobox${open ? ' combobox--open' : ''}${invalid ? ' combobox--invalid' : ''}`}>
      <div className="combobox__control">
        <IconSearch size={15} className="icon combobox__search" />
        <input
          id={id}
          className="combobox__input"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={value}
          data-testid={testId}
          onChange={(e) => {
            onChange(e.target.value);
            openList(true);
          }}
          onFocus={() => openList(false)}
          onClick={() => !open && openList(false)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="combobox__toggle"
          tabIndex={-1}
          aria-label={open ? 'Close the list' : 'Open the list'}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => (open ? setOpen(false) : openList(false))}
        >
          <IconChevronDown size={15} />
        </button>
      </div>
      {open && (
        <ul className="combobox__list" id={listId} role="listbox" ref={listRef} data-testid={`${testId}-options`}>
          {shown.length === 0 && <li className="combobox__empty">No match for “{value}”</li>}
          {shown.map((option, index) => (
            <li
              key={option}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={option === value}
              data-index={index}
              className={`combobox__option${index === active ? ' combobox__option--active' : ''}${option === value ? ' combobox__option--selected' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => index !== active && setActive(index)}
              onClick={() => pick(option)}
            >
              <span className="combobox__option-label">{option}</span>
              {describe && <span className="combobox__option-hint">{describe(option)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
