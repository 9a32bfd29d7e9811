const STORAGE_KEY = 'nxforge.token';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // Storage can be disabled; the token then lives only as long as the page.
  }
}

/**
 * The serve-mode access token. It arrives once in `?token=`; we keep it for this tab in
 * sessionStorage (so a reload keeps working) and take it out of the address bar, so it
 * does not linger in history, bookmarks or screenshots.
 */
export function takeAccessToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage()?.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage()?.getItem(STORAGE_KEY) ?? null;
}

export function forgetAccessToken(): void {
  storage()?.removeItem(STORAGE_KEY);
}
