// The vitest suite for one share of the CI seeds: CI runs SIM_SEEDS seeds (300 by default) split
// over two files so that vitest runs the halves on both cores. SIM_SEED runs one seed (in the
// first file only). A failure names the seed, its last steps and the line that replays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimEnvironment } from './sim-environment';
import { describeFailure, openSimEnvironment, stepsFromEnv } from './sim-environment';
import { SimFailure } from './simulate';

export function simulationSuite(share: 0 | 1, shares: 2): void {
  const fixed = process.env['SIM_SEED'];
  const total = Number(process.env['SIM_SEEDS'] ?? 300);
  const steps = stepsFromEnv();
  const all =
    fixed === undefined ? Array.from({ length: total }, (_, i) => i + 1) : [Number(fixed)];
  const per = Math.ceil(all.length / shares);
  const seeds =
    fixed === undefined ? all.slice(share * per, (share + 1) * per) : share === 0 ? all : [];

  let environment: SimEnvironment | undefined;
  beforeAll(async () => {
    if (seeds.length > 0) environment = await openSimEnvironment(steps);
  }, 60_000);
  afterAll(async () => {
    await environment?.close();
  });

  describe(`sync simulation, seeds ${seeds[0] ?? '-'}…${seeds.at(-1) ?? '-'}`, () => {
    it('has seeds to run (SIM_SEED runs in the first file)', () => {
      expect(seeds.length > 0 || (fixed !== undefined && share === 1)).toBe(true);
    });
    it.each(seeds)(
      'seed %i: invariants after every step, every register converges after healing',
      async (seed) => {
        if (environment === undefined) throw new Error('no simulation environment');
        try {
          const summary = await environment.run(seed);
          expect(summary.registers).toBeGreaterThan(0);
        } catch (error) {
          if (error instanceof SimFailure) throw new Error(describeFailure(error, steps));
          throw error;
        }
      },
      60_000,
    );
  });
}
