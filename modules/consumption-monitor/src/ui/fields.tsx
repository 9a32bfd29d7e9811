/** A labelled text input in the app's field style, with its problem or hint beneath. */
export function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  placeholder?: string;
  problem?: string;
  type?: string;
  hint?: string;
  wide?: boolean;
}) {
  return (
    <label className="nx-field" style={props.wide ? { gridColumn: '1 / -1' } : undefined}>
      <span>{props.label}</span>
      <input
        data-testid={props.testId}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? true : undefined}
        style={props.problem ? { borderColor: 'var(--danger)' } : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.problem ? <small className="cm-field-error">{props.problem}</small> : props.hint ? <small className="cm-hint">{props.hint}</small> : null}
    </label>
  );
}
