import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { ModuleUiEntry } from '../../../shared/core-api';
import { useAppStore } from '../store/app-store';
import { moduleOfPath } from './module-paths';

/**
 * When the module whose page is open goes away (disabled here, from the CLI, or crashed),
 * leaves its page for the Modules page and says why, instead of leaving a dead page up.
 */
export function LeaveRemovedModules() {
  const entries = useAppStore((s) => s.moduleUi.data);
  const pushToast = useAppStore((s) => s.pushToast);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const previous = useRef<readonly ModuleUiEntry[] | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = entries;
    if (!before || !entries || before === entries) return;
    const name = moduleOfPath(pathname);
    const gone = name ? before.find((e) => e.name === name) : undefined;
    if (!gone || entries.some((e) => e.name === gone.name)) return;
    navigate('/modules', { replace: true });
    pushToast({ tone: 'info', title: `${gone.displayName} is no longer enabled`, message: 'Its pages were closed.' });
  }, [entries, pathname, navigate, pushToast]);
  return null;
}
