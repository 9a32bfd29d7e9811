import type { StateCreator } from 'zustand';
import type { CoreEvents, JobRunRecord, LogEntry, RunArtifactData, RunDetail } from '../../../shared/core-api';
import { coreApi } from '../bridge/route-client';
import { idle, settled, started, type AsyncState } from './async-state';
import type { AppState } from './app-store';
import { soon, TERMINAL } from './jobs-slice';

export const RUN_HISTORY_LIMIT = 50;

export interface RunsSlice {
  /** The job whose run history is shown. */
  runsJobId: string | null;
  runs: AsyncState<JobRunRecord[]>;
  /** The run whose log and artifacts are shown. */
  runDetailId: number | null;
  runDetail: AsyncState<RunDetail>;
  /** Artifacts of the shown run, by name. */
  artifacts: Record<string, AsyncState<RunArtifactData>>;
  loadRuns(jobId: string): Promise<void>;
  loadRunDetail(runId: number): Promise<void>;
  loadArtifact(runId: number, name: string): Promise<void>;
  applyRunStatus(event: CoreEvents['core:job.run']): void;
  applyRunProgress(event: CoreEvents['core:job.progress']): void;
  appendRunLog(entry: LogEntry): void;
}

let runsSeq = 0;
let detailSeq = 0;

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set, get) => ({
  runsJobId: null,
  runs: idle(),
  runDetailId: null,
  runDetail: idle(),
  artifacts: {},
  loadRuns: async (jobId) => {
    const seq = ++runsSeq;
    const previous = get().runsJobId === jobId ? get().runs : idle<JobRunRecord[]>();
    set({ runsJobId: jobId, runs: started(previous) });
    const result = await coreApi.call('GET /jobs/:id/runs', { params: { id: jobId }, query: { limit: String(RUN_HISTORY_LIMIT) } });
    if (seq === runsSeq) set({ runs: settled(get().runs, result) });
  },
  loadRunDetail: async (runId) => {
    const seq = ++detailSeq;
    const same = get().runDetailId === runId;
    // Another run's lines and pictures never show under this one, not even while loading.
    set({ runDetailId: runId, runDetail: started(same ? get().runDetail : idle<RunDetail>()), ...(same ? {} : { artifacts: {} }) });
    const result = await coreApi.call('GET /runs/:runId', { params: { runId: String(runId) } });
    if (seq !== detailSeq) return;
    // Lines that arrived by event while the call ran are kept.
    const live = get().runDetail.data?.logs ?? [];
    const merged = result.ok ? { ...result, data: { ...result.data, logs: mergeLogs(result.data.logs, live) } } : result;
    set({ runDetail: settled(get().runDetail, merged) });
  },
  loadArtifact: async (runId, name) => {
    const current = get().artifacts[name];
    if (get().runDetailId !== runId || current?.loading || current?.data) return;
    set({ artifacts: { ...get().artifacts, [name]: started(current ?? idle()) } });
    const result = await coreApi.call('GET /runs/:runId/artifacts/:name', { params: { runId: String(runId), name } });
    if (get().runDetailId !== runId) return;
    set({ artifacts: { ...get().artifacts, [name]: settled(get().artifacts[name] ?? idle(), result) } });
  },
  applyRunStatus: ({ jobId, runId, status }) => {
    const { runs, runsJobId, runDetailId } = get();
    if (runsJobId === jobId && runs.data) {
      const known = runs.data.some((r) => r.id === runId);
      if (known) set({ runs: { ...runs, data: runs.data.map((r) => (r.id === runId ? { ...r, status } : r)) } });
      // A new run appears at the top; a finished one gets its times and error from the core.
      if (!known || TERMINAL.includes(status) || status === 'running') soon(`runs ${jobId}`, () => void get().loadRuns(jobId));
    }
    if (runDetailId === runId) soon(`run ${runId}`, () => void get().loadRunDetail(runId));
  },
  applyRunProgress: ({ jobId, runId, fraction }) => {
    const { runs, runsJobId, runDetail } = get();
    if (runsJobId === jobId && runs.data?.some((r) => r.id === runId)) {
      set({ runs: { ...runs, data: runs.data.map((r) => (r.id === runId ? { ...r, progress: fraction } : r)) } });
    }
    if (runDetail.data?.id === runId) set({ runDetail: { ...runDetail, data: { ...runDetail.data, progress: fraction } } });
  },
  appendRunLog: (entry) => {
    const { runDetail, runDetailId } = get();
    if (!entry.jobRunId || entry.jobRunId !== runDetailId || !runDetail.data) return;
    if (runDetail.data.logs.some((e) => e.id === entry.id)) return;
    set({ runDetail: { ...runDetail, data: { ...runDetail.data, logs: [...runDetail.data.logs, entry] } } });
  },
});

/** The core's lines (oldest first) plus any newer ones already received live. */
function mergeLogs(fetched: LogEntry[], live: LogEntry[]): LogEntry[] {
  const ids = new Set(fetched.map((e) => e.id));
  const extra = live.filter((e) => !ids.has(e.id) && e.id > (fetched.at(-1)?.id ?? 0));
  return extra.length ? [...fetched, ...extra] : fetched;
}
