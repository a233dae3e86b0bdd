// recs-build: building the recommendation model from 1,000,000 synthetic order lines drawn from
// the Groceries baskets (seeded), timed against one pass that only counts product frequencies
// over the same lines; with resident and heap memory. Lines are generated as they are read, so
// memory measures the builder, not the input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Basket } from '../app/recommendations';
import {
  DEFAULT_RECS_OPTIONS,
  collectPurchases,
  featuresFromName,
  parseBasketLines,
  randomIndex,
  recsModelEntryBound,
  recsModelEntryCount,
  seededRandom,
  serialiseRecsModel,
  toRecsModel,
  trainRecs,
} from '../app/recommendations';
import type { Benchmark } from './harness';

const DATASET = path.resolve(import.meta.dirname, '../../shared/datasets/groceries.csv');
const SEED = 7;
const MEMBER_SHARE = 0.6;
const LINES_PER_MEMBER = 33;

/**
 * Baskets shaped like real ones: a real Groceries basket picked at random, each product kept with
 * probability 0.8, plus 0–2 products drawn by their Groceries frequency; 60% belong to one of
 * lines/33 members. Stops at exactly `lines` order lines.
 */
export function* syntheticBaskets(
  source: readonly (readonly string[])[],
  lines: number,
  seed: number,
): Generator<Basket> {
  const random = seededRandom(seed);
  const all = source.flat();
  const members = Math.max(1, Math.round(lines / LINES_PER_MEMBER));
  let left = lines;
  while (left > 0) {
    const picked = source[randomIndex(random, source.length)] ?? [];
    const items = picked.filter(() => random() < 0.8);
    const extra = randomIndex(random, 3);
    for (let i = 0; i < extra; i += 1) items.push(all[randomIndex(random, all.length)] as string);
    if (items.length === 0) continue;
    const productIds = items.slice(0, left);
    left -= productIds.length;
    const memberId = random() < MEMBER_SHARE ? `m${randomIndex(random, members)}` : null;
    yield { memberId, productIds };
  }
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export const recsBuild: Benchmark = {
  name: 'recs-build',
  description: 'Model build for 1M synthetic order lines vs a frequency-count pass; memory',
  run(context) {
    const source = parseBasketLines(readFileSync(DATASET, 'utf8'));
    const features = new Map(source.flat().map((name) => [name, featuresFromName(name)]));
    const lines = context.quick ? 200_000 : 1_000_000;
    context.log(`recs-build: ${lines} synthetic order lines`);

    // Baseline: one pass that only counts how often each product is bought.
    let started = performance.now();
    const frequency = new Map<string, number>();
    for (const basket of syntheticBaskets(source, lines, SEED)) {
      for (const id of basket.productIds) frequency.set(id, (frequency.get(id) ?? 0) + 1);
    }
    const baselineSeconds = (performance.now() - started) / 1000;

    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = 0;
    const sampleHeap = () => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    };
    started = performance.now();
    const collector = collectPurchases(DEFAULT_RECS_OPTIONS.collect);
    let baskets = 0;
    for (const basket of syntheticBaskets(source, lines, SEED)) {
      collector.addBasket(basket);
      baskets += 1;
      if (baskets % 20_000 === 0) sampleHeap();
    }
    const counts = collector.finish();
    const countSeconds = (performance.now() - started) / 1000;
    sampleHeap();
    const trained = trainRecs(counts, features, DEFAULT_RECS_OPTIONS);
    sampleHeap();
    const model = toRecsModel(trained, { storeId: 'bench', version: 1, builtAt: 0 });
    const seconds = (performance.now() - started) / 1000;
    sampleHeap();
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    const modelBytes = serialiseRecsModel(model).length;

    const params = {
      lines,
      baskets: counts.baskets,
      products: counts.productIds.length,
      members: counts.memberIds.length,
      pairs: counts.pairCounts.size,
      pairFloor: counts.pairFloor,
      countSeconds: Math.round(countSeconds * 100) / 100,
      modelEntries: recsModelEntryCount(model),
      modelEntryBound: recsModelEntryBound(DEFAULT_RECS_OPTIONS.limits),
      modelMiB: mib(modelBytes),
      seed: SEED,
      synthesis:
        'real Groceries basket, items kept p=0.8, +0-2 by frequency; 60% of baskets to lines/33 members',
      quick: context.quick,
      goal: 'build <= 30 s for 1,000,000 lines',
    };
    context.log(`recs-build: ${seconds.toFixed(1)} s, baseline ${baselineSeconds.toFixed(1)} s`);
    return Promise.resolve([
      {
        metric: 'build_seconds',
        value: seconds,
        unit: 's',
        baseline: 'one pass counting product frequencies over the same lines (s)',
        baselineValue: baselineSeconds,
        params,
      },
      {
        metric: 'peak_heap_used',
        value: mib(heapPeak),
        unit: 'MiB',
        baseline: 'heap used before the build (MiB)',
        baselineValue: mib(heapBefore),
        params: { ...params, sampled: 'every 20,000 baskets and after each phase' },
      },
      {
        metric: 'peak_rss',
        value: mib(maxRssBytes),
        unit: 'MiB',
        baseline: 'resident memory before the build (MiB)',
        baselineValue: mib(rssBefore),
        params: { ...params, source: 'process.resourceUsage().maxRSS' },
      },
    ]);
  },
};
