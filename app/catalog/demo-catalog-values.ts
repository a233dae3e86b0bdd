// Deterministic demo values for a real product that comes without them: price, category, brand,
// how it is sold and its stock, all derived from a hash of the GTIN so every register and every
// run shows the same catalog. THE PRICES, BRANDS AND STOCK ARE INVENTED: the Open Food Facts data
// set has names and GTINs only.
import type { MemberLevel } from './member-level';
import { STORE_CATEGORIES } from './store-categories';
import type { StoreCategory } from './store-categories';

export interface DemoProductValues {
  readonly category: StoreCategory;
  readonly brand: string | null;
  readonly soldBy: 'each' | 'weight';
  /** Minor units: per unit, or per kilogram when sold by weight. ¥1.00 to ¥199.00. */
  readonly priceMinor: number;
  readonly memberPrices: readonly { readonly level: MemberLevel; readonly priceMinor: number }[];
  /** In the sale unit: units, or grams when sold by weight. */
  readonly available: number;
  readonly safety: number;
}

export const DEMO_PRICE_MIN_MINOR = 100;
export const DEMO_PRICE_MAX_MINOR = 19_900;

// Invented brands, one per GS1 company prefix, so products of one maker share a brand.
// prettier-ignore
const DEMO_BRANDS: readonly string[] = [
  '禾丰 Hefeng', '金谷 Golden Valley', '山泉 Mountain Spring', '绿野 Green Field', '福满 Fuman',
  '海韵 Sea Rhyme', '晨光 Morning Light', '田园 Countryside', '好滋味 Good Taste', '鲜生 Freshly',
  '乐家 Lejia', '百味 Baiwei', '康源 Kangyuan', '麦香 Wheat Aroma', '天成 Tiancheng',
  '优品 Youpin', '丰收 Harvest', '悦享 Yuexiang', '南山 Nanshan', '北岭 Beiling',
  '喜乐 Xile', '安心 Anxin', '星河 Galaxy', '大地 Dadi',
];

const SAFETY_STEPS: readonly number[] = [0, 5, 10, 20];

export function demoProductValues(gtin14: string): DemoProductValues {
  const seed = fnv1a(gtin14);
  const category = STORE_CATEGORIES[mix(seed, 1) % STORE_CATEGORIES.length] as StoreCategory;
  // A quarter of the fresh counters' goods are weighed: a few percent of the catalog.
  const soldBy = category.weighable && mix(seed, 2) % 4 === 0 ? 'weight' : 'each';
  const priceMinor = demoPrice(seed);
  const unit = soldBy === 'weight' ? 1000 : 1;
  // The first 7 digits of the GTIN-13 stand in for the GS1 company prefix; one in ten products is
  // unbranded (loose produce, store label).
  const brand =
    mix(seed, 3) % 10 === 0
      ? null
      : (DEMO_BRANDS[fnv1a(gtin14.slice(1, 8)) % DEMO_BRANDS.length] as string);
  return {
    category,
    brand,
    soldBy,
    priceMinor,
    memberPrices: demoMemberPrices(seed, priceMinor),
    available: (mix(seed, 4) % 201) * unit,
    safety: (SAFETY_STEPS[mix(seed, 5) % SAFETY_STEPS.length] as number) * unit,
  };
}

/** Cheap goods are common and dear ones rare (a squared uniform), rounded to 0.10 with some .x9. */
function demoPrice(seed: number): number {
  const u = mix(seed, 6) / 2 ** 32;
  const raw =
    DEMO_PRICE_MIN_MINOR + Math.floor(u * u * (DEMO_PRICE_MAX_MINOR - DEMO_PRICE_MIN_MINOR));
  const tens = Math.round(raw / 10) * 10;
  const priced = mix(seed, 7) % 3 === 0 && tens > DEMO_PRICE_MIN_MINOR ? tens - 1 : tens;
  return Math.min(DEMO_PRICE_MAX_MINOR, Math.max(DEMO_PRICE_MIN_MINOR, priced));
}

/** One product in six has a member price (5 % off); a third of those a deeper gold price. */
function demoMemberPrices(seed: number, priceMinor: number): DemoProductValues['memberPrices'] {
  const roll = mix(seed, 8) % 18;
  if (roll >= 3) return [];
  const bronze = { level: 'bronze' as const, priceMinor: percentOf(priceMinor, 95) };
  return roll === 0 ? [bronze, { level: 'gold', priceMinor: percentOf(priceMinor, 90) }] : [bronze];
}

/** Integer percentage, rounded half up, so member prices stay whole minor units. */
function percentOf(amount: number, percent: number): number {
  return Math.floor((amount * percent + 50) / 100);
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Independent-looking 32-bit values from one seed: murmur3's finaliser over seed and salt. */
function mix(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
