// The store settings a register keeps: what receipts print in their header and footer, money
// (currency, tax mode, cash rounding), how scans are read (scale-label layouts, member cards,
// coupons), the scale's PLU table, what points are worth, the screens' language and the largest
// discount a cashier gives alone. Read by any
// signed-in staff; changed by a manager only, whole and checked, or not at all.
import { z } from 'zod';
import type { VariableMeasureLayout } from '../barcode';
import { isGtinLength, layoutProblem, VARIABLE_MEASURE_PRESETS } from '../barcode';
import type { RoundingMode } from '../money';
import { DROP_THE_FEN, findCurrency } from '../money';
import { command } from './command';

const PRESET_IDS = VARIABLE_MEASURE_PRESETS.map((p) => p.id) as [string, ...string[]];

/** One scale-label layout the store's scales print: a preset, its prefixes narrowed if wanted. */
const scaleLabelSchema = z.object({
  layout: z.enum(PRESET_IDS),
  /** A subset of the preset's prefixes (e.g. ['22'] of 20–29); all of them when left out. */
  prefixes: z
    .array(z.string().regex(/^\d{1,3}$/))
    .min(1)
    .max(10)
    .optional(),
});

const storeCodeRuleSchema = z.object({
  prefixes: z
    .array(z.string().regex(/^[0-9A-Za-z]{1,4}$/))
    .min(1)
    .max(10),
  length: z.number().int().min(4).max(32),
  checkDigit: z.enum(['none', 'mod10']).optional(),
});

/** As the catalog keys products: 8, 12, 13 or 14 digits (in-store codes may lack a check digit). */
const gtinSchema = z
  .string()
  .regex(/^\d+$/, 'A GTIN is digits only')
  .refine((g) => isGtinLength(g.length), { message: 'A GTIN has 8, 12, 13 or 14 digits' });

/** A scale PLU as keyed on the scale: 1–6 digits. */
const pluSchema = z.string().regex(/^\d{1,6}$/, 'A PLU is 1 to 6 digits');

/** At most this many PLUs: far more than a store's scales hold, small enough to keep in memory. */
export const MAX_PLUS = 20_000;

/** The fields, each checked on its own; `registerSettingsSchema` adds the checks across fields. */
export const settingsFieldsSchema = z.object({
  storeName: z.string().trim().min(1).max(80),
  storeAddress: z.string().trim().max(200),
  receiptFooter: z.string().trim().max(300),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'A currency is a three-letter ISO 4217 code')
    .refine((c) => findCurrency(c) !== undefined, {
      message: 'The register does not know this currency',
    }),
  taxMode: z.enum(['inclusive', 'exclusive']),
  cashRounding: z.object({
    increment: z.number().int().min(1).max(100),
    mode: z.enum(['halfUp', 'halfEven', 'down', 'up'] as const satisfies readonly RoundingMode[]),
  }),
  barcode: z.object({
    /** Tried in order; none: codes starting 2 are plain in-store GTINs. */
    scaleLabels: z.array(scaleLabelSchema).max(10),
    memberCards: z.array(storeCodeRuleSchema).max(10),
    coupons: z.array(storeCodeRuleSchema).max(10),
    scannerSendsUpcE: z.boolean(),
  }),
  /** Scale PLU → the product's GTIN: what a scale label's item code sells. */
  pluTable: z
    // z.record passes over an own "__proto__" key without a word; a bad key must be refused.
    .custom<Record<string, string>>(
      (table) =>
        typeof table !== 'object' ||
        table === null ||
        Object.keys(table).every((key) => pluSchema.safeParse(key).success),
      { message: 'A PLU is 1 to 6 digits' },
    )
    .pipe(z.record(pluSchema, gtinSchema)),
  /** What points are worth at the till: `points` points pay `value` minor units. */
  pointsRate: z.object({
    points: z.number().int().min(1).max(1_000_000),
    value: z.number().int().min(1).max(1_000_000),
  }),
  language: z.enum(['zh-CN', 'en']),
  /**
   * The largest manual discount a cashier gives alone: a percentage (basis points) and an amount
   * (minor units). Above either a supervisor approves; equal to it does not need one.
   */
  discountLimit: z.object({
    basisPoints: z.number().int().min(0).max(10_000),
    amount: z.number().int().min(0).max(1_000_000_000),
  }),
});

/** The preset a scale-label setting names, with its prefixes narrowed as the setting says. */
export function scaleLabelLayout(
  setting: z.infer<typeof scaleLabelSchema>,
): VariableMeasureLayout | undefined {
  const preset = VARIABLE_MEASURE_PRESETS.find((p) => p.id === setting.layout);
  if (preset === undefined) return undefined;
  return setting.prefixes === undefined ? preset : { ...preset, prefixes: setting.prefixes };
}

/** A PLU's key: scales print it zero-padded to the label's width, so leading zeros do not count. */
export function pluKey(plu: string): string {
  return plu.replace(/^0+(?=\d)/, '');
}

export const registerSettingsSchema = settingsFieldsSchema.superRefine((s, ctx) => {
  s.barcode.scaleLabels.forEach((setting, index) => {
    const preset = VARIABLE_MEASURE_PRESETS.find((p) => p.id === setting.layout);
    const path = ['barcode', 'scaleLabels', index];
    const outside = setting.prefixes?.find((p) => !preset?.prefixes.includes(p));
    if (outside !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'prefixes'],
        message: `Prefix ${outside} is not one of layout ${setting.layout}'s prefixes`,
      });
      return;
    }
    const layout = scaleLabelLayout(setting);
    const problem = layout === undefined ? 'unknown layout' : layoutProblem(layout, s.currency);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', path, message: `Layout ${setting.layout}: ${problem}` });
    }
  });
  const plus = Object.keys(s.pluTable);
  if (plus.length > MAX_PLUS) {
    ctx.addIssue({
      code: 'custom',
      path: ['pluTable'],
      message: `At most ${MAX_PLUS} PLUs`,
    });
  }
  const seen = new Map<string, string>();
  for (const plu of plus) {
    const other = seen.get(pluKey(plu));
    if (other !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['pluTable', plu],
        message: `PLU ${plu} is the same number as PLU ${other}`,
      });
    }
    seen.set(pluKey(plu), plu);
  }
});

export type RegisterSettings = z.infer<typeof settingsFieldsSchema>;

/** A new register's settings until a manager or `createRegisterCore`'s options say otherwise. */
export const DEFAULT_REGISTER_SETTINGS: RegisterSettings = {
  storeName: 'Store',
  storeAddress: '',
  receiptFooter: '',
  currency: 'CNY',
  taxMode: 'inclusive',
  cashRounding: DROP_THE_FEN,
  barcode: { scaleLabels: [], memberCards: [], coupons: [], scannerSendsUpcE: false },
  pluTable: {},
  pointsRate: { points: 100, value: 100 },
  language: 'zh-CN',
  discountLimit: { basisPoints: 1000, amount: 2000 },
};

export interface SettingsView {
  readonly settings: RegisterSettings;
  /** Counts the changes since the register was set up (0: as first started). */
  readonly version: number;
  readonly updatedAt: number;
  /** The manager who made the last change; null for the settings the register started with. */
  readonly updatedBy: string | null;
}

export const settingsCommands = {
  'settings.get': command(z.object({})).returns<SettingsView>(),
  /** Replaces the given fields (a whole field each: the whole PLU table, all barcode options). */
  'settings.update': command(
    z.object({
      changes: settingsFieldsSchema
        .partial()
        .refine((c) => Object.keys(c).length > 0, { message: 'Nothing to change' }),
    }),
  ).returns<SettingsView>(),
};
