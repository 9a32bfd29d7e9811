import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

export interface RetentionPolicy {
  /** Runs kept per job, newest first. */
  maxRunsPerJob: number;
  /** Runs older than this are removed. */
  maxAgeDays: number;
  /** Artifacts (screenshots, HTML) of all runs together; the oldest go first past it. */
  maxArtifactBytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxRunsPerJob: 500, maxAgeDays: 90, maxArtifactBytes: 512 * 1024 * 1024 };

/** Applies the run-history retention: old runs, their logs and their artifacts go; the size cap holds. */
export function applyRetention(sqlite: Database.Database, artifactsRoot: string, overrides: Partial<RetentionPolicy> = {}, now = Date.now()): { runs: number; artifacts: number } {
  const policy = { ...DEFAULT_RETENTION, ...overrides };
  const cutoff = new Date(now - policy.maxAgeDays * 86_400_000).toISOString();
  const doomed = sqlite
    .prepare(
      `select id from job_runs where status not in ('queued', 'running') and (queued_at < ? or id in (
         select id from (select id, row_number() over (partition by job_id order by id desc) as rank from job_runs) where rank > ?))`,
    )
    .all(cutoff, policy.maxRunsPerJob) as { id: number }[];
  if (doomed.length) {
    const remove = sqlite.transaction((ids: number[]) => {
      const delRun = sqlite.prepare('delete from job_runs where id = ?');
      const delLogs = sqlite.prepare('delete from logs where job_run_id = ?');
      for (const id of ids) {
        delLogs.run(id);
        delRun.run(id);
      }
    });
    remove(doomed.map((d) => d.id));
    for (const { id } of doomed) rmSync(join(artifactsRoot, String(id)), { recursive: true, force: true });
  }
  // Size cap: drop the oldest runs' artifacts (the run records stay) until under the cap.
  let trimmed = 0;
  if (existsSync(artifactsRoot)) {
    const dirs = readdirSync(artifactsRoot)
      .filter((d) => /^\d+$/.test(d))
      .map((d) => ({ id: Number(d), bytes: folderBytes(join(artifactsRoot, d)) }))
      .sort((a, b) => a.id - b.id);
    let total = dirs.reduce((sum, d) => sum + d.bytes, 0);
    const clear = sqlite.prepare("update job_runs set artifacts = '[]' where id = ?");
    for (const dir of dirs) {
      if (total <= policy.maxArtifactBytes) break;
      rmSync(join(artifactsRoot, String(dir.id)), { recursive: true, force: true });
      clear.run(dir.id);
      total -= dir.bytes;
      trimmed += 1;
    }
  }
  return { runs: doomed.length, artifacts: trimmed };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const info = statSync(join(dir, name));
    total += info.isDirectory() ? folderBytes(join(dir, name)) : info.size;
  }
  return total;
}
