// A screen that takes wedge scans registers its handler while it is shown; the latest handler is
// used without re-registering on every render.
import { useEffect, useRef } from 'react';
import { setScanHandler } from './scan-route';

export function useScanHandler(handler: (code: string) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    setScanHandler((code) => latest.current(code));
    return () => setScanHandler(null);
  }, []);
}
