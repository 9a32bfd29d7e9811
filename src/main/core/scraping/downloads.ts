import type { CDPSession } from 'playwright-core';
import { DownloadError } from './support';

/** How many downloads of targets nobody watches (yet) are remembered. */
const UNCLAIMED_MAX = 64;

/**
 * Tells the pages opened at a URL when that URL serves a file instead: the browser starts a
 * download (which the service's contexts deny) and no document comes, so waiting for one would
 * only end at the timeout. Hears `Browser.downloadWillBegin` on the browser session, which has
 * them once it set a download behaviour with events on (for every context of the browser then;
 * they are told apart by the target, whose id is its main frame's). A download can begin before
 * its page is watched (a local meter answers faster than a page attaches), so one that nobody
 * watches yet is kept for a while; so are the downloads of frames, which no page watches.
 */
export class DownloadWatch {
  private readonly watching = new Map<string, (err: DownloadError) => void>();
  private readonly unclaimed = new Map<string, DownloadError>();

  constructor(session: CDPSession) {
    session.on('Browser.downloadWillBegin', (event) => {
      const err = new DownloadError(event.url, event.suggestedFilename);
      const told = this.watching.get(event.frameId);
      if (told) return told(err);
      this.unclaimed.set(event.frameId, err);
      if (this.unclaimed.size > UNCLAIMED_MAX) this.unclaimed.delete(this.unclaimed.keys().next().value ?? '');
    });
  }

  /**
   * Calls `began` for every download that begins in the page `targetId`'s main frame, and at once
   * for one that began before; `release` stops it.
   */
  watch(targetId: string, began: (err: DownloadError) => void): () => void {
    this.watching.set(targetId, began);
    const early = this.unclaimed.get(targetId);
    this.unclaimed.delete(targetId);
    if (early) began(early);
    return () => this.watching.delete(targetId);
  }
}

/** A promise that `refuse` rejects; unobserved rejections are fine. */
export function downloadSignal(): { downloaded: Promise<never>; refuse: (err: DownloadError) => void } {
  let refuse: (err: DownloadError) => void = () => undefined;
  const downloaded = new Promise<never>((_, reject) => (refuse = reject));
  downloaded.catch(() => undefined);
  return { downloaded, refuse };
}
