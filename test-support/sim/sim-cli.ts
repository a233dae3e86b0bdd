// `npm run sim -- --seeds 10000 [--from 1]`: runs many seeds of the sync simulation and prints a
// summary; `SIM_SEED=<n> npm run sim` replays one seed exactly (printing its steps), as the
// failure line says. Exits 1 when any seed fails, after printing every failure's replay line.
import { parseArgs } from 'node:util';
import { describeFailure, openSimEnvironment, stepsFromEnv } from './sim-environment';
import type { SimSummary } from './simulate';
import { SimFailure } from './simulate';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '300' },
    from: { type: 'string', default: '1' },
  },
});
const fixed = process.env['SIM_SEED'];
const steps = stepsFromEnv();
const from = Number(values.from);
const count = Number(values.seeds);
if (!Number.isInteger(from) || !Number.isInteger(count) || count < 1) {
  process.stderr.write(
    'usage: npm run sim -- [--seeds N] [--from SEED]   or   SIM_SEED=n npm run sim\n',
  );
  process.exit(2);
}
const seeds =
  fixed === undefined ? Array.from({ length: count }, (_, i) => from + i) : [Number(fixed)];

/**
 * PGlite's WebAssembly memory grows by about 1 MB a seed and is never given back (6.7 GB after
 * 5,000 seeds), so a long run starts a fresh environment now and then; every seed begins from
 * emptied tables either way, so results do not change.
 */
const FRESH_ENVIRONMENT_EVERY = 1_000;
let environment = await openSimEnvironment(steps);
const started = performance.now();
const totals = {
  registers: 0,
  sales: 0,
  flashUnits: 0,
  pointsRedeemed: 0,
  requests: 0,
  faults: 0,
  crashes: 0,
  restores: 0,
  skewed: 0,
  skewFlagged: 0,
  upgrades: 0,
  refusedAsNewer: 0,
  pulls: 0,
  pagesRefused: 0,
  cartsHeld: 0,
};
const failures: string[] = [];
let passed = 0;
for (const seed of seeds) {
  try {
    const summary: SimSummary = await environment.run(seed);
    passed += 1;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += summary[key];
    if (fixed !== undefined) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } catch (error) {
    if (!(error instanceof SimFailure)) throw error;
    const text = describeFailure(error, steps);
    failures.push(text);
    process.stdout.write(`${text}\n`);
  }
  const done = passed + failures.length;
  if (done % FRESH_ENVIRONMENT_EVERY === 0 && done < seeds.length) {
    await environment.close();
    environment = await openSimEnvironment(steps);
  }
  if (fixed === undefined && done % 100 === 0) {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `… ${done}/${seeds.length} seeds, ${failures.length} failed, ${seconds.toFixed(0)} s\n`,
    );
  }
}
await environment.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seeds: seeds.length, steps, passed, failed: failures.length, seconds: Math.round(seconds), ...totals })}\n`,
);
process.stdout.write(`sim: ${passed} passed, ${failures.length} failed\n`);
process.exit(failures.length === 0 ? 0 : 1);
