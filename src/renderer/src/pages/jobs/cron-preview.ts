import { useEffect, useState } from 'react';

/** What a cron expression means, read in the browser with the same libraries the core uses. */
export type CronPreview = { ok: true; text: string; next: Date[] } | { ok: false; message: string };

export interface CronTools {
  preview(expression: string, timeZone: string, count?: number): CronPreview;
}

let loading: Promise<CronTools> | null = null;

/** Loaded on first use, so the app's start does not carry two parsers most pages never need. */
export function loadCronTools(): Promise<CronTools> {
  loading ??= Promise.all([import('cronstrue'), import('croner')]).then(([cronstrue, croner]) => {
    // A CommonJS package: its default export holds toString, whichever way the bundler wraps it.
    const descriptor = cronstrue.default;
    return {
      preview: (expression, timeZone, count = 3) => {
        const trimmed = expression.trim();
        if (!trimmed) return { ok: false, message: 'Type a cron expression, such as */15 * * * * for every 15 minutes.' };
        try {
          // The core checks with croner; the words come from cronstrue, with the core's options.
          const cron = new croner.Cron(trimmed, { timezone: timeZone, paused: true });
          const next = cron.nextRuns(count);
          return { ok: true, text: descriptor.toString(trimmed, { use24HourTimeFormat: true, verbose: false }), next };
        } catch (err) {
          return { ok: false, message: cleanMessage(err) };
        }
      },
    };
  });
  return loading;
}

function cleanMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^CronPattern:\s*/, '');
}

/** The tools once loaded; null while they load (or if they could not be). */
export function useCronTools(): CronTools | null {
  const [tools, setTools] = useState<CronTools | null>(null);
  useEffect(() => {
    let live = true;
    loadCronTools().then(
      (t) => live && setTools(t),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return tools;
}
