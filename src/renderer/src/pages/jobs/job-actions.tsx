import type { JobView } from '../../../../shared/core-api';
import { useAppStore } from '../../store/app-store';
import { IconPause, IconPlay, IconRefresh, IconStop } from '../../ui/icons';
import type { LiveRun } from './job-bits';

function Spinner() {
  return <IconRefresh size={14} className="icon spin" />;
}

/** Run now, or Cancel while a run is going; and Pause or Resume of the job's schedule. */
export function JobActions({ job, live, compact = false }: { job: JobView; live: LiveRun | null; compact?: boolean }) {
  const busy = useAppStore((s) => s.jobBusy[job.id]);
  const runJob = useAppStore((s) => s.runJob);
  const cancelRun = useAppStore((s) => s.cancelRun);
  const setJobPaused = useAppStore((s) => s.setJobPaused);
  const moduleOff = job.moduleState !== 'ENABLED';
  const size = compact ? ' btn--small' : '';
  // A job without a schedule has nothing to pause (one paused before can still be resumed).
  const pausable = job.schedule !== null || job.paused;
  return (
    <div className="job-actions">
      {live ? (
        <button
          type="button"
          className={`btn btn--secondary btn--danger-text${size}`}
          onClick={() => void cancelRun(job.id, live.runId)}
          disabled={busy === 'cancel'}
          data-testid={`job-cancel-${job.id}`}
        >
          {busy === 'cancel' ? <Spinner /> : <IconStop size={13} />}
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <button
          type="button"
          className={`btn btn--secondary${size}`}
          onClick={() => void runJob(job.id)}
          disabled={Boolean(busy) || moduleOff}
          title={moduleOff ? `Enable the module ${job.module} to run its jobs` : `Run ${job.name} once now`}
          data-testid={`job-run-${job.id}`}
        >
          {busy === 'run' ? <Spinner /> : <IconPlay size={13} />}
          {busy === 'run' ? 'Starting…' : 'Run now'}
        </button>
      )}
      {pausable ? (
        <button
          type="button"
          className={`btn btn--ghost${size}`}
          onClick={() => void setJobPaused(job.id, !job.paused)}
          disabled={Boolean(busy)}
          title={job.paused ? 'Start running on its schedule again' : 'Stop running on its schedule until resumed; Run now still works'}
          data-testid={`job-pause-${job.id}`}
          data-paused={job.paused}
        >
          {busy === 'pause' || busy === 'resume' ? <Spinner /> : job.paused ? <IconPlay size={13} /> : <IconPause size={13} />}
          {job.paused ? 'Resume' : 'Pause'}
        </button>
      ) : (
        // Keeps the buttons of a table's rows in line.
        compact && (
          <span className={`btn btn--ghost${size} job-actions__spacer`} aria-hidden="true">
            <IconPause size={13} />
            Pause
          </span>
        )
      )}
    </div>
  );
}
