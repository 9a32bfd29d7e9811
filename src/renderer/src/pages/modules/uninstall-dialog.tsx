import { useState } from 'react';
import type { ModuleListItem } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { Dialog } from '../../ui/dialog';
import { IconTrash } from '../../ui/icons';

interface UninstallDialogProps {
  module: Pick<ModuleListItem, 'name' | 'displayName' | 'version'> | null;
  onClose(): void;
  /** Called once the module is gone. */
  onDone?(): void;
}

/** Asks before uninstalling, and whether the module's data goes too (kept unless asked). */
export function UninstallDialog({ module, onClose, onDone }: UninstallDialogProps) {
  const [purge, setPurge] = useState(false);
  const runModuleAction = useAppStore((s) => s.runModuleAction);
  const busy = useAppStore((s) => (module ? s.moduleBusy[module.name] : undefined));
  const close = () => {
    setPurge(false);
    onClose();
  };
  const confirm = async () => {
    if (!module) return;
    const done = await runModuleAction(module.name, 'uninstall', { purge });
    if (!done) return;
    close();
    onDone?.();
  };
  return (
    <Dialog
      open={module !== null}
      title={module ? `Uninstall ${module.displayName}?` : 'Uninstall'}
      onClose={close}
      tone="danger"
      testId="uninstall-dialog"
      footer={
        <>
          <button type="button" className="btn btn--secondary" onClick={close} disabled={busy === 'uninstall'}>
            Cancel
          </button>
          <button type="button" className="btn btn--danger" onClick={() => void confirm()} disabled={busy === 'uninstall'} data-testid="uninstall-confirm">
            <IconTrash size={14} />
            {busy === 'uninstall' ? 'Uninstalling…' : purge ? 'Uninstall and delete data' : 'Uninstall'}
          </button>
        </>
      }
    >
      {module && (
        <>
          <p>
            <strong>{module.displayName}</strong> <span className="mono muted">{module.version}</span> stops, and its files are removed. Its pages
            leave the sidebar and its routes stop answering.
          </p>
          <label className={`check-row${purge ? ' check-row--danger' : ''}`}>
            <input type="checkbox" checked={purge} onChange={(e) => setPurge(e.target.checked)} data-testid="uninstall-purge" />
            <span>
              <span className="check-row__title">Also delete its data</span>
              <span className="check-row__hint">
                {purge
                  ? 'Its tables, settings, secrets and stored files are deleted for good. This cannot be undone.'
                  : 'Unchecked, its tables, settings and files are kept, so installing it again brings them back.'}
              </span>
            </span>
          </label>
        </>
      )}
    </Dialog>
  );
}
