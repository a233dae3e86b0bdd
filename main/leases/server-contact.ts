// What the register knows of the server's clock: the server time in its last answer and the
// monotonic reading taken when that request was sent (so the estimate runs ahead of the server,
// never behind). Kept in memory only: after a restart the elapsed time is unknown and every lease
// counts as expired until the next contact (app/flash-sale's LeaseClock rule).
import type { LeaseClock } from '../../app/flash-sale';
import type { Clock } from '../core/ports';

export interface ServerContact {
  /** Call before sending a request; pass the answer's server_time to `record`. */
  startRequest(): number;
  record(serverTime: number, monotonicAtRequest: number): void;
  leaseClock(): LeaseClock;
}

export function createServerContact(clock: Clock): ServerContact {
  let last: { serverTime: number; monotonicAt: number } | undefined;
  return {
    startRequest: () => clock.monotonic(),
    record(serverTime, monotonicAtRequest) {
      // An older answer arriving late must not move the contact point backwards.
      if (last === undefined || monotonicAtRequest >= last.monotonicAt) {
        last = { serverTime, monotonicAt: monotonicAtRequest };
      }
    },
    leaseClock() {
      if (last === undefined) return { serverTimeAtContact: 0, elapsedSinceContactMs: Infinity };
      return {
        serverTimeAtContact: last.serverTime,
        elapsedSinceContactMs: Math.max(0, clock.monotonic() - last.monotonicAt),
      };
    },
  };
}
