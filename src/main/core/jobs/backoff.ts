/**
 * Exponential backoff with full jitter: a random wait between 0 and min(cap, base × 2^(n−1)).
 * Jitter spreads retries of many failing jobs instead of firing them together.
 */
export function backoffDelay(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 5000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}
