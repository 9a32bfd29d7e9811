import { callRoute, type RouteError, type RouteRequest } from '@nxforge/sdk/ui';
import type { CsvFile } from './api';

/** Saves text as a file through a Blob link: works in the desktop app and in a browser alike. */
export function saveFile(filename: string, contentType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${contentType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; give the browser a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks GET /export for a CSV and saves it; answers the route's error, if any. */
export async function exportCsv(request: Omit<RouteRequest, 'path'>): Promise<RouteError | null> {
  const answer = await callRoute<CsvFile>({ ...request, path: '/export' });
  if (!answer.ok) return answer.error;
  saveFile(answer.data.filename, answer.data.contentType, answer.data.content);
  return null;
}
