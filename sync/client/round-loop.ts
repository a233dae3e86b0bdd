// The loop push and pull share: run a round, wait as long as it says (or not at all), again until
// stopped; `wake` cuts a wait short (a new sale to push, the server back).

export interface RoundLoop {
  /** Runs rounds until `stop`. */
  run(): Promise<void>;
  stop(): void;
  wake(): void;
  /** True once stopped: long rounds (a snapshot) check it between chunks. */
  stopped(): boolean;
}

export function createRoundLoop(
  options: Readonly<{
    /** One round; answers how long to wait before the next, ms (0: at once). Never throws. */
    round: () => Promise<number>;
    sleep: (ms: number) => Promise<void>;
  }>,
): RoundLoop {
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  return {
    async run() {
      stopped = false;
      while (!stopped) {
        const delay = await options.round();
        if (stopped || delay === 0) continue;
        await Promise.race([
          options.sleep(delay),
          new Promise<void>((resolve) => {
            wakeUp = resolve;
          }),
        ]);
        wakeUp = undefined;
      }
    },
    stop() {
      stopped = true;
      wakeUp?.();
    },
    wake() {
      wakeUp?.();
    },
    stopped: () => stopped,
  };
}
