// The benchmark contract: each benchmark measures our code and a baseline (the raw library doing
// the same work) in the same run, and reports both; the harness adds the ratio and writes results.

export interface BenchContext {
  /** --quick: a smaller run that finishes in well under a minute. */
  readonly quick: boolean;
  /** A fresh folder on disk for this benchmark's files, removed afterwards. */
  readonly workDir: string;
  /** Progress for people, on stderr so stdout stays JSON lines. */
  log(message: string): void;
}

export interface Measurement {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What the baseline is, in words: "raw better-sqlite3 single-row durable commit". */
  readonly baseline: string;
  readonly baselineValue: number;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<readonly Measurement[]>;
}

export interface BenchLine extends Measurement {
  readonly name: string;
  /** value / baselineValue: above 1 means ours is larger (faster for rates, slower for times). */
  readonly ratio: number;
}

export function toLine(name: string, m: Measurement): BenchLine {
  const ratio = m.baselineValue === 0 ? Number.NaN : m.value / m.baselineValue;
  return {
    name,
    metric: m.metric,
    value: round(m.value),
    unit: m.unit,
    baseline: m.baseline,
    baselineValue: round(m.baselineValue),
    ratio: round(ratio, 4),
    params: m.params,
  };
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Resolves in the next turn of the event loop: a command sent after it arrives as a host's IPC or
 * WebSocket message does, so the core's timers and I/O callbacks (log sync, checkpoints) run
 * between commands as they do in a register. A chain of promises alone never lets them.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
