// Layer 1 of SPEC §1: a blocklist, and a per-user frequency limit — more than 5 tries within one
// second puts the user on the blocklist for an hour. Kept in process: a bot hammering one
// instance is caught by that instance, and each instance's memory stays bounded.

export const TRIES_PER_SECOND = 5;
export const BLOCK_MS = 60 * 60 * 1000;

export type BehaviourVerdict = 'allowed' | 'blocked';

export interface BehaviourGuard {
  check(userId: string, now: number): BehaviourVerdict;
  block(userId: string, until: number): void;
}

export function createBehaviourGuard(
  options: Readonly<{ triesPerSecond?: number; blockMs?: number; maxTracked?: number }> = {},
): BehaviourGuard {
  const limit = options.triesPerSecond ?? TRIES_PER_SECOND;
  const blockMs = options.blockMs ?? BLOCK_MS;
  const maxTracked = options.maxTracked ?? 200_000;
  const blocked = new Map<string, number>();
  let tries = new Map<string, number>();
  let second = -1;
  return {
    check(userId, now) {
      const until = blocked.get(userId);
      if (until !== undefined) {
        if (now < until) return 'blocked';
        blocked.delete(userId);
      }
      // One map per second: the counts of the previous second are dropped whole, cheaply.
      const current = Math.floor(now / 1000);
      if (current !== second || tries.size > maxTracked) {
        second = current;
        tries = new Map();
      }
      const count = (tries.get(userId) ?? 0) + 1;
      tries.set(userId, count);
      if (count > limit) {
        blocked.set(userId, now + blockMs);
        return 'blocked';
      }
      return 'allowed';
    },
    block(userId, until) {
      blocked.set(userId, until);
    },
  };
}
