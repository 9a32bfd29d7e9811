import { useAppStore } from '../store/app-store';
import { IconAlert, IconCheckCircle, IconInfo, IconX } from './icons';

const TONE_ICON = { success: IconCheckCircle, error: IconAlert, info: IconInfo } as const;

/** Transient notices in the bottom-right corner; errors stay until dismissed. */
export function Toaster() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  return (
    <div className="toaster" aria-live="polite" aria-atomic="false">
      {toasts.map((toast) => {
        const Icon = TONE_ICON[toast.tone];
        return (
          <div key={toast.id} className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
            <Icon size={18} className="icon toast__icon" />
            <div className="toast__body">
              <div className="toast__title">{toast.title}</div>
              {toast.message && <div className="toast__message">{toast.message}</div>}
            </div>
            <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              <IconX size={14} />
            </button>
          </div>
        );
      })}
    </div>
  );
}
