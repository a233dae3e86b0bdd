// pricing: how fast the pricing engine prices a 50-line cart with 20 active promotions (best
// combination, explanations, tax per rate), against the floor of summing the same lines with no
// promotions (unit price × quantity, added up in a plain loop). Reports operations per second and
// p99 latency; both sides run in interleaved rounds and each figure is the median of its rounds.
import type { MemberLevel } from '../app/catalog';
import type { PricingInput, PricingLine, Promotion, PromotionRule } from '../app/pricing';
import { priceCart } from '../app/pricing';
import type { Benchmark } from './harness';
import { interleavedMedians, percentile, ratePerSecond } from './stats';

const LINES = 50;
const PROMOTIONS = 20;
const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);
const CATEGORIES = ['dairy', 'bakery', 'drinks', 'snacks', 'produce'];
const RATES = [1300, 900, 1300, 600, 900];

function benchLines(): PricingLine[] {
  return Array.from({ length: LINES }, (_, i) => {
    const weighed = i % 10 === 9;
    const category = i % CATEGORIES.length;
    const memberPrices: Partial<Record<MemberLevel, number>> =
      i % 4 === 0 ? { gold: 190 + i * 37 } : {};
    return {
      lineId: `line-${i}`,
      productId: `p${i % 40}`,
      categoryId: CATEGORIES[category] ?? 'dairy',
      soldBy: weighed ? 'weight' : 'each',
      quantity: weighed ? 350 + i * 13 : 1 + (i % 4),
      unitPrice: 200 + i * 37,
      priceSource: i === 17 ? 'override' : 'catalog',
      taxRateBasisPoints: RATES[category] ?? 1300,
      memberPrices,
      manualDiscount: i === 5 ? { kind: 'percent', basisPoints: 500 } : null,
    };
  });
}

function promotion(i: number, rule: PromotionRule, extra: Partial<Promotion> = {}): Promotion {
  return {
    id: `promo-${String(i).padStart(2, '0')}`,
    name: `Promotion ${i}`,
    priority: 1 + (i % 5),
    startsAt: NOW - 86_400_000,
    endsAt: NOW + 86_400_000,
    stacking: 'stackable',
    stackingGroup: null,
    targets: { kind: 'cart' },
    rule,
    ...extra,
  };
}

/** A plausible week of supermarket promotions, all valid now and all touching the cart. */
function benchPromotions(): Promotion[] {
  const products = (...ids: number[]): Promotion['targets'] => ({
    kind: 'products',
    productIds: ids.map((n) => `p${n}`),
  });
  const category = (name: string): Promotion['targets'] => ({
    kind: 'categories',
    categoryIds: [name],
  });
  const list: Promotion[] = [
    promotion(0, { kind: 'memberPrice' }, { stackingGroup: 'price' }),
    promotion(
      1,
      { kind: 'fixedPrice', unitPrice: 250 },
      { targets: products(1, 2), stackingGroup: 'price' },
    ),
    promotion(
      2,
      { kind: 'flashSale', flashPrice: 99, perMemberLimit: 2 },
      { targets: products(3) },
    ),
    promotion(
      3,
      { kind: 'percentOff', basisPoints: 1000 },
      { targets: category('dairy'), stackingGroup: 'category' },
    ),
    promotion(
      4,
      { kind: 'percentOff', basisPoints: 1500 },
      { targets: category('snacks'), stackingGroup: 'category' },
    ),
    promotion(
      5,
      {
        kind: 'buyXGetY',
        buyQuantity: 2,
        getQuantity: 1,
        get: { kind: 'sameTargets' },
        basisPoints: 10_000,
      },
      { targets: products(6, 7, 8) },
    ),
    promotion(
      6,
      {
        kind: 'buyXGetY',
        buyQuantity: 1,
        getQuantity: 1,
        get: { kind: 'products', productIds: ['p11'] },
        basisPoints: 5000,
      },
      { targets: products(10) },
    ),
    promotion(7, { kind: 'nthItemOff', n: 2, basisPoints: 5000 }, { targets: category('drinks') }),
    promotion(8, {
      kind: 'bundle',
      items: [
        { productId: 'p12', quantity: 1 },
        { productId: 'p13', quantity: 1 },
      ],
      price: 900,
    }),
    promotion(9, { kind: 'amountOff', amount: 50, per: 'unit' }, { targets: products(14, 15, 16) }),
    promotion(
      10,
      { kind: 'percentOff', basisPoints: 3000 },
      { targets: products(18, 19), stacking: 'exclusive' },
    ),
    promotion(
      11,
      { kind: 'percentOff', basisPoints: 2000 },
      { targets: category('produce'), stacking: 'exclusive' },
    ),
    promotion(
      12,
      { kind: 'amountOff', amount: 500, per: 'once' },
      { targets: category('bakery'), minSpend: 3000 },
    ),
    promotion(
      13,
      { kind: 'percentOff', basisPoints: 500 },
      { targets: products(20, 21, 22, 23), minQuantity: 4 },
    ),
    promotion(
      14,
      { kind: 'amountOff', amount: 3000, per: 'once' },
      { minSpend: 30_000, stackingGroup: 'cart' },
    ),
    promotion(
      15,
      { kind: 'percentOff', basisPoints: 500 },
      { stackingGroup: 'cart', memberLevels: ['gold', 'platinum'] },
    ),
    promotion(
      16,
      { kind: 'amountOff', amount: 1000, per: 'once' },
      { couponCode: 'SAVE10', stackingGroup: 'coupon' },
    ),
    promotion(
      17,
      { kind: 'percentOff', basisPoints: 800 },
      { couponCode: 'WELCOME', stackingGroup: 'coupon' },
    ),
    promotion(
      18,
      { kind: 'fixedPrice', unitPrice: 1200 },
      { targets: products(30, 31, 32), stacking: 'exclusive' },
    ),
    promotion(
      19,
      {
        kind: 'buyXGetY',
        buyQuantity: 3,
        getQuantity: 1,
        get: { kind: 'sameTargets' },
        basisPoints: 10_000,
      },
      { targets: category('snacks') },
    ),
  ];
  if (list.length !== PROMOTIONS) throw new Error(`expected ${PROMOTIONS} promotions`);
  return list;
}

function benchInput(): PricingInput {
  return {
    currency: 'CNY',
    taxMode: 'inclusive',
    now: NOW,
    lines: benchLines(),
    promotions: benchPromotions(),
    memberLevel: 'gold',
    couponCodes: ['SAVE10', 'WELCOME'],
    flashSaleAllowances: { 'promo-02': 2 },
    cartDiscount: null,
  };
}

/** The floor: the same lines summed with no promotions, rounding or tax. */
function plainSum(lines: readonly PricingLine[]): number {
  let total = 0;
  for (const line of lines) total += line.unitPrice * line.quantity;
  return total;
}

/** p99 of `samples` single-call latencies, in microseconds. */
function p99Micros(work: () => void, samples: number): number {
  const times: number[] = new Array<number>(samples);
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    work();
    times[i] = (performance.now() - started) * 1000;
  }
  return percentile(times, 99);
}

export const pricing: Benchmark = {
  name: 'pricing',
  description: 'Pricing a 50-line cart with 20 active promotions vs a plain sum of the same lines',
  run(context) {
    const rounds = context.quick ? 5 : 9;
    const seconds = context.quick ? 0.5 : 1;
    const samples = context.quick ? 2000 : 10_000;
    const input = benchInput();
    // The sink keeps the work observable so the engine cannot optimise it away.
    let sink = 0;
    const ours = (): void => {
      sink += priceCart(input).totals.total.amount;
    };
    const baseline = (): void => {
      sink += plainSum(input.lines);
    };

    const sample = priceCart(input);
    context.log(
      `pricing: ${sample.appliedPromotions.length} of ${PROMOTIONS} promotions applied, ` +
        `search ${sample.search.strategy} in ${sample.search.evaluations} evaluations, ` +
        `total ${sample.totals.total.amount} of ${sample.totals.subtotal.amount}`,
    );
    for (let i = 0; i < 200; i += 1) {
      ours();
      baseline();
    }

    context.log(
      `pricing: ${rounds} interleaved rounds of ${seconds}s (rate) and ${samples} calls (latency)`,
    );
    const rate = interleavedMedians(
      rounds,
      () => ratePerSecond(ours, seconds),
      () => ratePerSecond(baseline, seconds),
    );
    const latency = interleavedMedians(
      rounds,
      () => p99Micros(ours, samples),
      () => p99Micros(baseline, samples),
    );
    if (!Number.isFinite(sink)) throw new Error('pricing: the sink went wrong');

    const params = {
      lines: LINES,
      promotions: PROMOTIONS,
      promotionsApplied: sample.appliedPromotions.length,
      searchStrategy: sample.search.strategy,
      searchEvaluations: sample.search.evaluations,
      rounds,
      secondsPerRound: seconds,
      latencySamplesPerRound: samples,
      statistic: 'median of rounds',
    };
    return Promise.resolve([
      {
        metric: 'carts_per_second',
        value: rate.ours,
        unit: 'carts/s',
        baseline:
          'plain loop summing unit price × quantity of the same 50 lines, no promotions (sums/s)',
        baselineValue: rate.baseline,
        params,
      },
      {
        metric: 'p99_latency',
        value: latency.ours,
        unit: 'µs',
        baseline:
          'plain loop summing the same 50 lines, p99 per call (bounded below by timer resolution)',
        baselineValue: latency.baseline,
        params,
      },
    ]);
  },
};
