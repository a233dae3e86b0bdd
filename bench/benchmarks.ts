// Every benchmark `npm run bench` knows, by name.
import type { Benchmark } from './harness';
import { receiptEncode } from './receipt-encode.bench';
import { pricing } from './pricing.bench';
import { catalogImport } from './catalog-import.bench';
import { search } from './search.bench';
import { sqliteCommit } from './sqlite-commit.bench';
import { flashSale } from './flash-sale.bench';
import { recsEval } from './recs-eval.bench';
import { recsBuild } from './recs-build.bench';
import { scanToLine } from './scan-to-line.bench';
import { saleCommit } from './sale-commit.bench';
import { serverIngest } from './server-ingest.bench';
import { firstSync } from './first-sync.bench';
import { syncReconcile } from './sync-reconcile.bench';

export const BENCHMARKS: readonly Benchmark[] = [
  sqliteCommit,
  receiptEncode,
  pricing,
  catalogImport,
  search,
  scanToLine,
  saleCommit,
  recsEval,
  recsBuild,
  flashSale,
  serverIngest,
  firstSync,
  syncReconcile,
];
