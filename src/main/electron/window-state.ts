/**
 * The window's size, position and maximized state, remembered between starts. Restoring clamps
 * them to a display that is there now: a window saved on a monitor since unplugged comes back on
 * the primary one instead of off screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export interface SizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** Where the window opens: a full rectangle, or only a size (the system centres it). */
export type RestoredWindow = { bounds: Rect | { width: number; height: number }; maximized: boolean };

/** At least this much of the window (its title bar) must lie on a display to be reachable. */
const VISIBLE_MIN = 64;

/** A stored value as a window state, or null when it is missing or malformed. */
export function parseWindowState(value: unknown): WindowState | null {
  if (value === null || typeof value !== 'object') return null;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (bounds === null || typeof bounds !== 'object') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  if ((width as number) <= 0 || (height as number) <= 0) return null;
  return { bounds: { x: x as number, y: y as number, width: width as number, height: height as number }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function clampSize(width: number, height: number, limits: SizeLimits, area: Rect): { width: number; height: number } {
  return {
    width: Math.round(Math.min(Math.max(width, limits.minWidth), area.width)),
    height: Math.round(Math.min(Math.max(height, limits.minHeight), area.height)),
  };
}

/**
 * The window to open from what was saved and the displays' work areas (primary first). The
 * saved rectangle is kept when its top strip is on a display, moved inside that display when it
 * sticks out, and dropped for a centred window of the saved size when no display shows it.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: Rect[], limits: SizeLimits): RestoredWindow {
  const primary = workAreas[0];
  if (!saved) {
    return { bounds: primary ? clampSize(limits.width, limits.height, limits, primary) : { width: limits.width, height: limits.height }, maximized: false };
  }
  const titleBar: Rect = { ...saved.bounds, height: Math.min(saved.bounds.height, VISIBLE_MIN) };
  const host = workAreas.find((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(VISIBLE_MIN, saved.bounds.width) && o.height >= Math.min(VISIBLE_MIN, titleBar.height) / 2;
  });
  if (!host) {
    const size = primary ? clampSize(saved.bounds.width, saved.bounds.height, limits, primary) : clampSize(saved.bounds.width, saved.bounds.height, limits, saved.bounds);
    return { bounds: size, maximized: saved.maximized };
  }
  const size = clampSize(saved.bounds.width, saved.bounds.height, limits, host);
  const x = Math.round(Math.min(Math.max(saved.bounds.x, host.x), host.x + host.width - size.width));
  const y = Math.round(Math.min(Math.max(saved.bounds.y, host.y), host.y + host.height - size.height));
  return { bounds: { x, y, ...size }, maximized: saved.maximized };
}
