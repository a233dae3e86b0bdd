// Content features for products that come with a name and nothing else (the Groceries data set,
// or a store's import before head office has categorised it): name tokens, and a coarse category
// found by keyword.
import type { ProductFeatures } from '../catalog';

/** Words that say nothing about what a product is; dropped from name tokens. */
const STOP_TOKENS = new Set(['products', 'product', 'other', 'misc', 'specialty', 'and', 'for']);

/** Lower-case words of at least 3 letters, without stop words, in order, each once. */
export function nameTokens(name: string): string[] {
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !STOP_TOKENS.has(w));
  return [...new Set(words)];
}

/** A category and the name tokens that put a product in it. */
export interface CategoryRule {
  readonly categoryId: string;
  readonly tokens: readonly string[];
}

/**
 * Fifteen coarse grocery categories. The first rule with a token in the name wins, so the order
 * matters: 'canned beer' is a drink before it is a tin, 'frozen fish' is frozen before it is
 * fish, 'fruit/vegetable juice' is a drink before it is produce, 'pet care' is for pets.
 */
export const GROCERY_CATEGORY_RULES: readonly CategoryRule[] = [
  {
    categoryId: 'alcohol',
    tokens: ['beer', 'wine', 'liquor', 'rum', 'brandy', 'whisky', 'liqueur', 'prosecco'],
  },
  { categoryId: 'frozen', tokens: ['frozen', 'ice'] },
  { categoryId: 'pets', tokens: ['cat', 'dog', 'pet'] },
  {
    categoryId: 'household',
    tokens: [
      'detergent',
      'cleaner',
      'napkins',
      'towels',
      'cling',
      'dishes',
      'candles',
      'bulbs',
      'softener',
      'decalcifier',
      'keeping',
      'utensil',
      'cookware',
      'preservation',
    ],
  },
  {
    categoryId: 'personal-care',
    tokens: [
      'hygiene',
      'dental',
      'soap',
      'skin',
      'cosmetics',
      'sanitary',
      'hair',
      'make',
      'rubbing',
    ],
  },
  { categoryId: 'garden', tokens: ['plants', 'flower'] },
  {
    categoryId: 'non-food',
    tokens: ['newspapers', 'photo', 'sound', 'bags', 'seasonal'],
  },
  {
    categoryId: 'drinks',
    tokens: ['soda', 'water', 'juice', 'coffee', 'tea', 'beverages', 'cocoa', 'drinks'],
  },
  {
    categoryId: 'pantry',
    tokens: ['canned', 'pickled', 'instant', 'powder', 'baby'],
  },
  {
    categoryId: 'dairy',
    tokens: ['milk', 'yogurt', 'cream', 'cheese', 'curd', 'butter', 'margarine', 'dessert', 'eggs'],
  },
  {
    categoryId: 'bakery',
    tokens: ['bread', 'rolls', 'buns', 'pastry', 'waffles', 'zwieback', 'cake', 'bakery'],
  },
  {
    categoryId: 'meat-fish',
    tokens: [
      'sausage',
      'frankfurter',
      'pork',
      'beef',
      'chicken',
      'ham',
      'meat',
      'turkey',
      'liver',
      'fish',
      'roll',
    ],
  },
  {
    categoryId: 'produce',
    tokens: ['vegetables', 'fruit', 'fruits', 'berries', 'grapes', 'onions', 'herbs'],
  },
  {
    categoryId: 'snacks-sweets',
    tokens: [
      'chocolate',
      'candy',
      'snack',
      'gum',
      'popcorn',
      'bar',
      'nuts',
      'tidbits',
      'marshmallow',
    ],
  },
  {
    categoryId: 'pantry',
    tokens: [
      'sugar',
      'flour',
      'pasta',
      'rice',
      'oil',
      'salt',
      'vinegar',
      'spices',
      'mustard',
      'ketchup',
      'mayonnaise',
      'sauces',
      'dressing',
      'soups',
      'jam',
      'honey',
      'spreads',
      'cereals',
      'potato',
      'sweetener',
      'syrup',
      'fat',
      'food',
      'finished',
    ],
  },
];

/** The category for products no rule matches. */
export const OTHER_CATEGORY = 'other';

export function categoryByKeyword(name: string, rules: readonly CategoryRule[]): string {
  const tokens = new Set(
    name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0),
  );
  for (const rule of rules) {
    if (rule.tokens.some((t) => tokens.has(t))) return rule.categoryId;
  }
  return OTHER_CATEGORY;
}

/** Features from the name alone: keyword category, no brand, name tokens. */
export function featuresFromName(
  name: string,
  rules: readonly CategoryRule[] = GROCERY_CATEGORY_RULES,
): ProductFeatures {
  return { categoryId: categoryByKeyword(name, rules), brand: null, nameTokens: nameTokens(name) };
}
