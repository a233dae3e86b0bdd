// What every seed of a process shares: one PGlite server (migrated once, emptied between seeds),
// one register template, the true clock — and the settings read from the environment, so the
// test, `npm run sim` and a replay line run the very same seed the same way.
import type { RegisterTemplate } from './sim-register';
import { makeRegisterTemplate } from './sim-register';
import type { SimServer } from './sim-server';
import { openSimServer } from './sim-server';
import type { SimFailure, SimSummary } from './simulate';
import { simulate } from './simulate';

export const DEFAULT_STEPS = 30;

export interface SimEnvironment {
  run(seed: number): Promise<SimSummary>;
  close(): Promise<void>;
}

export function stepsFromEnv(): number {
  const steps = Number(process.env['SIM_STEPS'] ?? DEFAULT_STEPS);
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error('SIM_STEPS must be a positive integer');
  return steps;
}

/** The one line that replays a failed seed exactly. */
export function replayLine(seed: number, steps: number): string {
  return `SIM_SEED=${seed}${steps === DEFAULT_STEPS ? '' : ` SIM_STEPS=${steps}`} npm run sim`;
}

export function describeFailure(failure: SimFailure, steps: number): string {
  return [
    `seed ${failure.seed} failed: ${failure.message}`,
    // A replay of one seed prints every step; a batch run the last few.
    ...failure.trace
      .slice(process.env['SIM_SEED'] === undefined ? -12 : 0)
      .map((line) => `  ${line}`),
    `  replay: ${replayLine(failure.seed, steps)}`,
  ].join('\n');
}

export async function openSimEnvironment(steps: number): Promise<SimEnvironment> {
  const clock = { now: 0 };
  const server: SimServer = await openSimServer({ clock: () => clock.now });
  const template: RegisterTemplate = await makeRegisterTemplate(Date.UTC(2026, 2, 1));
  return {
    run: (seed) => simulate(seed, { server, template, clock }, { steps }),
    async close() {
      await server.close();
      template.dispose();
    },
  };
}
