/** A compiled route path such as `/monthly/:endpointId`. */
export interface PathPattern {
  readonly source: string;
  /** Same for two patterns that match the same paths (`/a/:x` and `/a/:y`). */
  readonly shapeKey: string;
  readonly isStatic: boolean;
  match(path: string): Record<string, string> | null;
}

const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;

export function normalizePath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export function compilePath(source: string): PathPattern {
  const normalized = normalizePath(source);
  const segments = normalized === '/' ? [] : normalized.slice(1).split('/');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) && !PARAM.test(segment)) {
      throw new Error(`Route path "${source}" has an invalid segment "${segment}": use letters, digits, ._~- or :param`);
    }
  }
  const params = segments.map((s) => (s.startsWith(':') ? s.slice(1) : null));
  const isStatic = params.every((p) => p === null);
  const shapeKey = '/' + segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/');

  return {
    source: normalized,
    shapeKey,
    isStatic,
    match(path) {
      const parts = path === '/' ? [] : path.slice(1).split('/');
      if (parts.length !== segments.length) return null;
      const found: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const name = params[i];
        const part = parts[i] ?? '';
        if (name === null || name === undefined) {
          if (part !== segments[i]) return null;
        } else {
          if (part === '') return null;
          try {
            found[name] = decodeURIComponent(part);
          } catch {
            return null;
          }
        }
      }
      return found;
    },
  };
}
