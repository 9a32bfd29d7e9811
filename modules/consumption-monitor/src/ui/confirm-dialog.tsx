import { useEffect, type ReactNode } from 'react';
import { Button } from '@nxforge/sdk/ui';

/** A modal question with a dangerous answer; Escape or the backdrop cancels. */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirm: string; busy?: boolean; onConfirm(): void; onCancel(): void }) {
  const { onCancel } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="cm-dialog-backdrop" onClick={onCancel}>
      <div className="cm-dialog" role="dialog" aria-modal="true" aria-label={props.title} data-testid="confirm-dialog" onClick={(e) => e.stopPropagation()}>
        <h3>{props.title}</h3>
        <div className="nx-muted" style={{ fontSize: 13.5 }}>
          {props.children}
        </div>
        <div className="cm-dialog-buttons">
          <Button onClick={onCancel} data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button kind="danger" onClick={props.onConfirm} disabled={props.busy} data-testid="confirm-ok">
            {props.confirm}
          </Button>
        </div>
      </div>
    </div>
  );
}
