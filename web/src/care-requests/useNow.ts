import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `periodMs`: countdowns re-render by themselves. */
export function useNow(periodMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, periodMs);
    return () => {
      clearInterval(timer);
    };
  }, [periodMs]);
  return now;
}
