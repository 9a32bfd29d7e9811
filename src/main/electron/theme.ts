/**
 * The window's background before the page paints and while it resizes: the renderer's --bg
 * token (src/renderer/src/styles/tokens.css) for the system's light or dark theme, so the
 * frame never flashes the other colour.
 */
export const WINDOW_BACKGROUND = { light: '#f6f7f9', dark: '#0e1014' } as const;

export function windowBackground(dark: boolean): string {
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
