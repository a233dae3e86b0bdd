// Every benchmark `npm run bench` knows, by name.
import type { Benchmark } from './harness';
import { receiptEncode } from './receipt-encode.bench';
import { pricing } from './pricing.bench';
import { catalogImport } from './catalog-import.bench';
import { search } from './search.bench';
import { sqliteCommit } from './sqlite-commit.bench';

export const BENCHMARKS: readonly Benchmark[] = [
  sqliteCommit,
  receiptEncode,
  pricing,
  catalogImport,
  search,
];
