import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { LOG_LIMIT } from '../../store/logs-slice';
import { AsyncView, SkeletonLines } from '../../ui/async-view';
import { RefreshButton } from '../../ui/page-header';
import { LevelFilter, LiveHint, LogTable } from '../logs-page';

/** The module's own log lines, newest first; new ones arrive live. */
export function ModuleLog({ name }: { name: string }) {
  const log = useAppStore((s) => (s.moduleLogName === name ? s.moduleLog : null));
  const level = useAppStore((s) => s.moduleLogLevel);
  const setLevel = useAppStore((s) => s.setModuleLogLevel);
  const loadModuleLog = useAppStore((s) => s.loadModuleLog);
  const timeZone = useAppStore((s) => s.info.data?.timezone);
  useEffect(() => {
    void loadModuleLog(name);
  }, [loadModuleLog, name]);
  const state = log ?? { data: null, loading: true, error: null };
  return (
    <section className="card card--flush" aria-label="Log" data-testid="module-log">
      <div className="card__header card__header--toolbar">
        <LevelFilter level={level} setLevel={setLevel} />
        <div className="toolbar-group">
          <LiveHint />
          <RefreshButton loading={state.loading} onClick={() => void loadModuleLog(name)} testId="module-log-refresh" />
        </div>
      </div>
      <AsyncView state={state} what="the module's log" onRetry={() => void loadModuleLog(name)} skeleton={<SkeletonLines lines={6} />}>
        {(entries) => <LogTable entries={entries} timeZone={timeZone} showModule={false} />}
      </AsyncView>
      <div className="card__footer muted">The latest {LOG_LIMIT} lines this module wrote, including its jobs’ lines.</div>
    </section>
  );
}
