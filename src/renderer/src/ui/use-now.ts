import { useEffect, useState } from 'react';

/**
 * The current time, renewed every `intervalMs`, for texts such as "in 5 minutes" that age
 * while the page is open. Only the clock ticks: nothing is fetched.
 */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
