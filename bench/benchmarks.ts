// Every benchmark `npm run bench` knows, by name.
import type { Benchmark } from './harness';
import { sqliteCommit } from './sqlite-commit.bench';

export const BENCHMARKS: readonly Benchmark[] = [sqliteCommit];
