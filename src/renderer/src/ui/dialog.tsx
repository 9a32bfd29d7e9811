import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  footer: ReactNode;
  tone?: 'default' | 'danger';
  /** `wide` for content such as a picture; default fits a question and a few fields. */
  size?: 'default' | 'wide';
  testId?: string;
}

/**
 * A modal built on the native <dialog>: focus moves into it and stays there, Escape closes it,
 * and the rest of the page is inert while it is open.
 */
export function Dialog({ open, title, onClose, children, footer, tone = 'default', size = 'default', testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${tone}${size === 'wide' ? ' dialog--wide' : ''}`}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === ref.current) onClose();
      }}
      data-testid={testId}
    >
      {open && (
        <div className="dialog__panel">
          <h2 className="dialog__title" id={testId ? `${testId}-title` : undefined}>
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          <div className="dialog__footer">{footer}</div>
        </div>
      )}
    </dialog>
  );
}
