import type { ModuleListItem } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { IconPower, IconRefresh, IconTrash } from '../../ui/icons';
import { isTransient } from '../../ui/module-state';

const BUSY_TEXT = { enable: 'Enabling…', disable: 'Disabling…', uninstall: 'Uninstalling…' } as const;

/** Enable or Disable (whichever applies) and Uninstall, for one module. */
export function ModuleActions({ module, onUninstall }: { module: ModuleListItem; onUninstall(): void }) {
  const busy = useAppStore((s) => s.moduleBusy[module.name]);
  const runModuleAction = useAppStore((s) => s.runModuleAction);
  const transient = isTransient(module.state);
  const running = module.state === 'ENABLED';
  const disabled = Boolean(busy) || transient;
  return (
    <div className="module-actions">
      {running ? (
        <button
          type="button"
          className="btn btn--secondary"
          disabled={disabled}
          onClick={() => void runModuleAction(module.name, 'disable')}
          data-testid={`module-disable-${module.name}`}
        >
          {busy === 'disable' ? <IconRefresh size={14} className="icon spin" /> : <IconPower size={14} />}
          {busy === 'disable' ? BUSY_TEXT.disable : 'Disable'}
        </button>
      ) : (
        <button
          type="button"
          className="btn btn--primary"
          disabled={disabled}
          onClick={() => void runModuleAction(module.name, 'enable')}
          data-testid={`module-enable-${module.name}`}
        >
          {busy === 'enable' ? <IconRefresh size={14} className="icon spin" /> : <IconPower size={14} />}
          {busy === 'enable' ? BUSY_TEXT.enable : module.state === 'ERROR' ? 'Restart' : 'Enable'}
        </button>
      )}
      {module.source === 'installed' && (
        <button
          type="button"
          className="btn btn--ghost btn--danger-ghost"
          disabled={disabled}
          onClick={onUninstall}
          aria-label={`Uninstall ${module.displayName}`}
          title="Uninstall"
          data-testid={`module-uninstall-${module.name}`}
        >
          <IconTrash size={14} />
          {busy === 'uninstall' ? BUSY_TEXT.uninstall : 'Uninstall'}
        </button>
      )}
    </div>
  );
}
