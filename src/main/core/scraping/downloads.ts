import type { CDPSession } from 'playwright-core';
import { DownloadError } from './support';

/** How many downloads of targets nobody watches (yet) are remembered. */
const UNCLAIMED_MAX = 64;

/**
 * Tells the pages opened at a URL when that URL serves a file instead: the browser starts a
 * download (which their contexts deny) and no document comes, so waiting for one would only end
 * at the timeout. Hears `Browser.downloadWillBegin` on the browser session, for the contexts whose
 * download behaviour that session set with events on. A download can begin before its page is
 * watched (a local meter answers faster than a page attaches), so one that nobody watches yet is
 * kept for a while.
 */
export class DownloadWatch {
  private readonly watching = new Map<string, (err: DownloadError) => void>();
  private readonly unclaimed = new Map<string, DownloadError>();

  constructor(session: CDPSession) {
    session.on('Browser.downloadWillBegin', (event) => {
      const err = new DownloadError(event.url, event.suggestedFilename);
      const refuse = this.watching.get(event.frameId);
      if (refuse) return refuse(err);
      this.unclaimed.set(event.frameId, err);
      if (this.unclaimed.size > UNCLAIMED_MAX) this.unclaimed.delete(this.unclaimed.keys().next().value ?? '');
    });
  }

  /**
   * A promise that rejects with a DownloadError once a download begins in the page `targetId`
   * (its main frame has the target's id); `release` stops watching it.
   */
  watch(targetId: string): { downloaded: Promise<never>; release: () => void } {
    const downloaded = new Promise<never>((_, reject) => {
      const early = this.unclaimed.get(targetId);
      this.unclaimed.delete(targetId);
      if (early) reject(early);
      else this.watching.set(targetId, reject);
    });
    downloaded.catch(() => undefined);
    return { downloaded, release: () => this.watching.delete(targetId) };
  }
}
