// PIN lockout: repeated wrong PINs lock a staff login for a while, so a PIN cannot be guessed at
// the counter. Pure: the caller stores the state and passes the time.

export interface LockoutPolicy {
  /** Wrong PINs in a row that lock the login. */
  readonly maxFailures: number;
  /** How long the login stays locked, ms. */
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

export interface LoginAttempts {
  readonly failures: number;
  /** Epoch ms until which the login is locked; 0 when not locked. */
  readonly lockedUntil: number;
}

export const NO_ATTEMPTS: LoginAttempts = { failures: 0, lockedUntil: 0 };

export function isLocked(attempts: LoginAttempts, now: number): boolean {
  return now < attempts.lockedUntil;
}

/** The state after a wrong PIN: the failure that reaches the limit starts the lock. */
export function recordFailure(
  attempts: LoginAttempts,
  now: number,
  policy: LockoutPolicy,
): LoginAttempts {
  // A lock that has run out starts a fresh count rather than locking again at the next slip.
  const failures =
    (attempts.lockedUntil !== 0 && now >= attempts.lockedUntil ? 0 : attempts.failures) + 1;
  return failures >= policy.maxFailures
    ? { failures, lockedUntil: now + policy.lockMs }
    : { failures, lockedUntil: 0 };
}

export function recordSuccess(): LoginAttempts {
  return NO_ATTEMPTS;
}
