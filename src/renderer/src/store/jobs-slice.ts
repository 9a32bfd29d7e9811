import type { StateCreator } from 'zustand';
import type { CoreEvents, JobRunRecord, JobView } from '../../../shared/core-api';
import type { RouteError } from '../../../shared/result';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';
import type { SaveState } from './settings-slice';

export type RunStatus = JobRunRecord['status'];
export type JobAction = 'run' | 'pause' | 'resume' | 'cancel' | 'switch';

export interface JobProgress {
  runId: number;
  fraction: number;
  message: string | null;
}

export interface JobsSlice {
  jobs: AsyncState<JobView[]>;
  /** The global pause of every schedule (the core setting `jobs.paused`). */
  jobsPaused: AsyncState<boolean>;
  jobsPauseBusy: boolean;
  jobBusy: Record<string, JobAction>;
  /** Statuses of runs as events report them, by run id: tells a run between retries from a running one. */
  runStatus: Record<number, RunStatus>;
  /** Live progress of the running jobs, by job id. */
  jobProgress: Record<string, JobProgress>;
  /** The job whose details page is open. */
  jobDetailId: string | null;
  jobDetail: AsyncState<JobView>;
  scheduleSave: SaveState;
  configSave: SaveState;
  loadJobs(): Promise<void>;
  loadJobsPaused(): Promise<void>;
  setJobsPaused(paused: boolean): Promise<void>;
  loadJobDetail(id: string): Promise<void>;
  runJob(id: string): Promise<JobRunRecord | null>;
  setJobPaused(id: string, paused: boolean): Promise<void>;
  cancelRun(jobId: string, runId: number): Promise<void>;
  /** Resolves true when the core accepted it; a refusal lands in scheduleSave or configSave. */
  saveJob(id: string, body: { scheduleOverride?: string | null; enabled?: boolean }): Promise<boolean>;
  saveJobConfig(id: string, config: Record<string, unknown>): Promise<boolean>;
  clearJobSaveError(form: 'schedule' | 'config'): void;
  applyJobRun(event: CoreEvents['core:job.run']): void;
  applyJobProgress(event: CoreEvents['core:job.progress']): void;
  applyJobsChanged(): void;
  applyJobsPaused(paused: boolean): void;
}

export const TERMINAL: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timed-out'];
const NO_SAVE: SaveState = { saving: false, error: null };

/** Bursts of events (queued, running, succeeded within milliseconds) become one reload. */
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function soon(key: string, fn: () => void, ms = 60): void {
  clearTimeout(timers.get(key));
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key);
      fn();
    }, ms),
  );
}

/** Statuses of the latest runs only: an app left open for months sees many thousands. */
const REMEMBERED_RUNS = 200;
function remember(statuses: Record<number, RunStatus>, runId: number, status: RunStatus): Record<number, RunStatus> {
  const next = { ...statuses, [runId]: status };
  const ids = Object.keys(next).map(Number);
  if (ids.length <= REMEMBERED_RUNS * 2) return next;
  const keep = new Set(ids.sort((a, b) => b - a).slice(0, REMEMBERED_RUNS));
  return Object.fromEntries(Object.entries(next).filter(([id]) => keep.has(Number(id))));
}

let listSeq = 0;
let detailSeq = 0;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set, get) => {
  /** One job's new view, wherever it is shown. */
  const putJob = (view: JobView): void => {
    const { jobs, jobDetail, jobDetailId } = get();
    set({
      jobs: jobs.data ? { ...jobs, data: jobs.data.map((j) => (j.id === view.id ? view : j)) } : jobs,
      jobDetail: jobDetailId === view.id ? { ...jobDetail, data: view } : jobDetail,
    });
  };
  const patchJob = (id: string, patch: Partial<JobView>): void => {
    const { jobs, jobDetail } = get();
    set({
      jobs: jobs.data ? { ...jobs, data: jobs.data.map((j) => (j.id === id ? { ...j, ...patch } : j)) } : jobs,
      jobDetail: jobDetail.data?.id === id ? { ...jobDetail, data: { ...jobDetail.data, ...patch } } : jobDetail,
    });
  };
  const refreshJob = async (id: string): Promise<void> => {
    const result = await coreApi.call('GET /jobs/:id', { params: { id } });
    if (result.ok) putJob(result.data);
  };
  const label = (id: string): string => (get().jobs.data ?? []).concat(get().jobDetail.data ?? []).find((j) => j.id === id)?.name ?? id;
  const busy = (id: string, action: JobAction | null): void => set({ jobBusy: action ? { ...get().jobBusy, [id]: action } : without(get().jobBusy, id) });
  const fail = (title: string, error: RouteError): void => void get().pushToast({ tone: 'error', title, message: error.message });

  return {
    jobs: idle(),
    jobsPaused: idle(),
    jobsPauseBusy: false,
    jobBusy: {},
    runStatus: {},
    jobProgress: {},
    jobDetailId: null,
    jobDetail: idle(),
    scheduleSave: NO_SAVE,
    configSave: NO_SAVE,
    loadJobs: async () => {
      const seq = ++listSeq;
      set({ jobs: started(get().jobs) });
      const result = await coreApi.call('GET /jobs');
      if (seq === listSeq) set({ jobs: settled(get().jobs, result) });
    },
    loadJobsPaused: async () => {
      set({ jobsPaused: started(get().jobsPaused) });
      const result = await coreApi.call('GET /settings');
      const paused = result.ok ? ({ ok: true, data: result.data.find((s) => s.key === 'jobs.paused')?.value === true } as const) : result;
      set({ jobsPaused: settled(get().jobsPaused, paused) });
    },
    setJobsPaused: async (paused) => {
      if (get().jobsPauseBusy) return;
      set({ jobsPauseBusy: true });
      const result = await coreApi.call(paused ? 'POST /jobs/pause-all' : 'POST /jobs/resume-all');
      set({ jobsPauseBusy: false });
      if (!result.ok) return fail(paused ? 'Schedules could not be paused' : 'Schedules could not be resumed', result.error);
      get().applyJobsPaused(result.data.paused);
      get().pushToast({
        tone: 'success',
        title: paused ? 'All schedules paused' : 'Schedules resumed',
        message: paused ? 'No job starts on its schedule until you resume.' : 'Jobs start on their schedules again.',
      });
      // Next-run times follow; the core announces them with core:jobs.changed too.
      void get().loadJobs();
    },
    loadJobDetail: async (id) => {
      const seq = ++detailSeq;
      const same = get().jobDetailId === id;
      set({ jobDetailId: id, jobDetail: started(same ? get().jobDetail : idle<JobView>()), ...(same ? {} : { scheduleSave: NO_SAVE, configSave: NO_SAVE }) });
      const result = await coreApi.call('GET /jobs/:id', { params: { id } });
      if (seq === detailSeq) set({ jobDetail: settled(get().jobDetail, result) });
    },
    runJob: async (id) => {
      if (get().jobBusy[id]) return null;
      busy(id, 'run');
      const result = await coreApi.call('POST /jobs/:id/run', { params: { id } });
      busy(id, null);
      if (!result.ok) {
        fail(`${label(id)} could not start`, result.error);
        return null;
      }
      const run = result.data;
      // The queued event may have come first, or not yet: either way the row shows the run now.
      set({ runStatus: remember(get().runStatus, run.id, get().runStatus[run.id] ?? run.status) });
      if (!TERMINAL.includes(get().runStatus[run.id] ?? run.status)) patchJob(id, { runningRunId: run.id });
      return run;
    },
    setJobPaused: async (id, paused) => {
      if (get().jobBusy[id]) return;
      busy(id, paused ? 'pause' : 'resume');
      const result = paused ? await coreApi.call('POST /jobs/:id/pause', { params: { id } }) : await coreApi.call('POST /jobs/:id/resume', { params: { id } });
      busy(id, null);
      if (!result.ok) return fail(`${label(id)} could not be ${paused ? 'paused' : 'resumed'}`, result.error);
      putJob(result.data);
      get().pushToast({ tone: 'success', title: `${result.data.name} ${paused ? 'paused' : 'resumed'}`, message: paused ? 'It runs only when started by hand until resumed.' : undefined });
    },
    cancelRun: async (jobId, runId) => {
      if (get().jobBusy[jobId] === 'cancel') return;
      busy(jobId, 'cancel');
      const result = await coreApi.call('POST /runs/:runId/cancel', { params: { runId: String(runId) } });
      busy(jobId, null);
      if (!result.ok) fail(`Run #${runId} could not be cancelled`, result.error);
    },
    saveJob: async (id, body) => {
      const switching = body.enabled !== undefined && body.scheduleOverride === undefined;
      if (switching) busy(id, 'switch');
      else set({ scheduleSave: { saving: true, error: null } });
      const result = await coreApi.call('PUT /jobs/:id', { params: { id }, body });
      if (switching) busy(id, null);
      else set({ scheduleSave: { saving: false, error: result.ok ? null : result.error } });
      if (!result.ok) {
        if (switching) fail(`${label(id)} could not be switched ${body.enabled ? 'on' : 'off'}`, result.error);
        return false;
      }
      putJob(result.data);
      const title = switching ? `${result.data.name} switched ${result.data.enabled ? 'on' : 'off'}` : 'Schedule saved';
      get().pushToast({ tone: 'success', title, message: switching ? undefined : `${result.data.name}: ${result.data.scheduleText}` });
      return true;
    },
    saveJobConfig: async (id, config) => {
      set({ configSave: { saving: true, error: null } });
      const result = await coreApi.call('PUT /jobs/:id', { params: { id }, body: { config } });
      set({ configSave: { saving: false, error: result.ok ? null : result.error } });
      if (!result.ok) return false;
      putJob(result.data);
      get().pushToast({ tone: 'success', title: 'Config saved', message: `${result.data.name} uses the new values from its next run.` });
      return true;
    },
    clearJobSaveError: (form) => {
      const key = form === 'schedule' ? 'scheduleSave' : 'configSave';
      if (get()[key].error) set({ [key]: NO_SAVE });
    },
    applyJobRun: ({ jobId, runId, status }) => {
      set({ runStatus: remember(get().runStatus, runId, status) });
      if (!TERMINAL.includes(status)) {
        patchJob(jobId, { runningRunId: runId });
        return;
      }
      if (get().jobProgress[jobId]?.runId === runId) set({ jobProgress: without(get().jobProgress, jobId) });
      const view = get().jobs.data?.find((j) => j.id === jobId) ?? (get().jobDetail.data?.id === jobId ? get().jobDetail.data : null);
      if (!view) return;
      // Without a retry to follow, this run's end is the job's outcome: shown at once, confirmed by the core.
      const final = status === 'succeeded' || status === 'cancelled' || view.retries === 0;
      if (final && view.runningRunId === runId) patchJob(jobId, { runningRunId: null, lastStatus: status, lastRunAt: new Date().toISOString() });
      soon(`job ${jobId}`, () => void refreshJob(jobId));
    },
    applyJobProgress: ({ jobId, runId, fraction, message }) => {
      set({ jobProgress: { ...get().jobProgress, [jobId]: { runId, fraction, message } } });
    },
    applyJobsChanged: () => {
      soon('jobs', () => {
        const { jobs, jobDetailId } = get();
        if (jobs.data) void get().loadJobs();
        if (jobDetailId) void refreshJob(jobDetailId);
      });
    },
    applyJobsPaused: (paused) => {
      set({ jobsPaused: { data: paused, loading: false, error: null } });
    },
  };
};
