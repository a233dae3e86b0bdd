// A value that follows its source once the source has stopped changing for a while: what a burst
// of scans should ask the register for once, after the burst, rather than once per scan.
import { useEffect, useState } from 'react';

export function useSettled<T>(value: T, quietMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return undefined;
    const timer = window.setTimeout(() => setSettled(value), quietMs);
    return () => window.clearTimeout(timer);
  }, [value, settled, quietMs]);
  return settled;
}
