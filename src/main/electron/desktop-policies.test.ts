import { describe, expect, it } from 'vitest';
import { decideClose } from './close-behavior';
import { NotificationPolicy, type RunOutcome } from './notification-policy';
import { collectionLabel, trayMenuModel, trayTooltip } from './tray-model';

const fmt = (iso: string) => iso.slice(11, 16);

describe('tray menu model', () => {
  it('lists open, the last collection, run now, pause and quit', () => {
    const items = trayMenuModel({
      windowVisible: false,
      lastCollection: { at: '2026-06-01T10:15:00Z', ok: 12, failed: 2 },
      collecting: false,
      schedulesPaused: false,
      formatTime: fmt,
    });
    expect(items.map((i) => (i.kind === 'separator' ? '—' : i.label))).toEqual([
      'Open NxForge Desktop',
      '—',
      'Last collection 10:15: 12 ok, 2 failed',
      'Run all collections now',
      'Pause schedules',
      '—',
      'Quit NxForge Desktop',
    ]);
  });

  it('follows the state: running, paused, nothing yet', () => {
    const running = trayMenuModel({ windowVisible: true, lastCollection: null, collecting: true, schedulesPaused: true, formatTime: fmt });
    expect(running).toContainEqual({ kind: 'action', id: 'run-collections', label: 'Collecting…', enabled: false });
    expect(running).toContainEqual({ kind: 'action', id: 'resume-schedules', label: 'Resume schedules', enabled: true });
    expect(running).toContainEqual({ kind: 'info', label: 'Collection running…' });
    expect(collectionLabel({ lastCollection: null, collecting: false, formatTime: fmt })).toBe('No collection yet');
    expect(collectionLabel({ lastCollection: { at: '2026-06-01T08:00:00Z', ok: 5, failed: 0 }, collecting: false, formatTime: fmt })).toBe(
      'Last collection 08:00: 5 ok',
    );
    expect(trayTooltip({ lastCollection: null, collecting: false, schedulesPaused: true, formatTime: fmt })).toBe(
      'NxForge Desktop — No collection yet — schedules paused',
    );
  });
});

describe('close-to-tray decision', () => {
  it('hides to the tray when the setting is on, with the notice the first time only', () => {
    expect(decideClose({ closeToTray: true, quitting: false, trayAvailable: true, noticeShown: false })).toEqual({ action: 'hide', showNotice: true });
    expect(decideClose({ closeToTray: true, quitting: false, trayAvailable: true, noticeShown: true })).toEqual({ action: 'hide', showNotice: false });
  });

  it('closes when quitting, when the setting is off, or without a tray', () => {
    expect(decideClose({ closeToTray: true, quitting: true, trayAvailable: true, noticeShown: false }).action).toBe('close');
    expect(decideClose({ closeToTray: false, quitting: false, trayAvailable: true, noticeShown: false }).action).toBe('close');
    expect(decideClose({ closeToTray: true, quitting: false, trayAvailable: false, noticeShown: false }).action).toBe('close');
  });
});

describe('notification policy', () => {
  const run = (over: Partial<RunOutcome>): RunOutcome => ({
    jobId: 'cm:collect',
    module: 'cm',
    jobName: 'Collect consumption',
    runId: 1,
    status: 'succeeded',
    error: null,
    at: 0,
    ...over,
  });

  it('notifies when a job starts failing and when it recovers, not on every failure', () => {
    const policy = new NotificationPolicy(() => true, { perJobIntervalMs: 0, maxPerHour: 100 });
    expect(policy.onRun(run({ status: 'succeeded', at: 1 }))).toBeNull();
    expect(policy.onRun(run({ status: 'failed', error: 'meter unreachable', runId: 2, at: 2 }))).toMatchObject({
      kind: 'failed',
      title: 'Collect consumption failed',
      body: 'meter unreachable',
      runId: 2,
    });
    expect(policy.onRun(run({ status: 'failed', runId: 3, at: 3 }))).toBeNull();
    expect(policy.onRun(run({ status: 'timed-out', runId: 4, at: 4 }))).toBeNull();
    expect(policy.onRun(run({ status: 'succeeded', runId: 5, at: 5 }))).toMatchObject({ kind: 'recovered', runId: 5 });
    expect(policy.onRun(run({ status: 'cancelled', runId: 6, at: 6 }))).toBeNull();
  });

  it('rate-limits per job and overall', () => {
    const policy = new NotificationPolicy(() => true, { perJobIntervalMs: 60_000, maxPerHour: 2 });
    expect(policy.onRun(run({ status: 'failed', at: 0 }))).not.toBeNull();
    expect(policy.onRun(run({ status: 'succeeded', at: 30_000 }))).toBeNull(); // within a minute of the last one
    expect(policy.onRun(run({ jobId: 'cm:other', status: 'failed', at: 40_000 }))).not.toBeNull();
    expect(policy.onRun(run({ jobId: 'cm:third', status: 'failed', at: 50_000 }))).toBeNull(); // 2 per hour used
    expect(policy.onRun(run({ jobId: 'cm:fourth', status: 'failed', at: 3_700_000 }))).not.toBeNull();
  });

  it('stays quiet for a module whose notifications are off', () => {
    const policy = new NotificationPolicy((module) => module !== 'quiet', { perJobIntervalMs: 0, maxPerHour: 100 });
    expect(policy.onRun(run({ module: 'quiet', jobId: 'quiet:collect', status: 'failed' }))).toBeNull();
    expect(policy.onRun(run({ status: 'failed' }))).not.toBeNull();
  });
});
