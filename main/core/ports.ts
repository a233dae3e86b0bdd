// What the register core is given by its host, so tests can drive time and capture logs.

export interface Clock {
  /** Wall-clock time, epoch milliseconds: recorded on rows, never trusted for ordering. */
  now(): number;
  /** Monotonic milliseconds: for timeouts and lease margins, immune to clock changes. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
