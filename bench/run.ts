// npm run bench -- [name …] [--quick]: runs the named benchmarks (all when none is named), prints
// one JSON object per measurement on stdout, and writes bench/results/<name>.json.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCHMARKS } from './benchmarks';
import { toLine } from './harness';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}`);
  console.error(`bench: known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name));
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });

let failed = false;
for (const benchmark of selected) {
  // On the project's disk, not tmpfs, so durable commits really reach the device.
  const workDir = mkdtempSync(path.join(os.tmpdir(), `bench-${benchmark.name}-`));
  try {
    const measurements = await benchmark.run({
      quick,
      workDir,
      log: (message) => console.error(message),
    });
    const lines = measurements.map((m) => toLine(benchmark.name, m));
    for (const line of lines) console.log(JSON.stringify(line));
    writeFileSync(
      path.join(resultsDir, `${benchmark.name}.json`),
      `${JSON.stringify({ quick, at: new Date().toISOString(), host: os.hostname(), lines }, null, 2)}\n`,
    );
  } catch (error) {
    failed = true;
    console.error(`bench: ${benchmark.name} failed:`, error);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
