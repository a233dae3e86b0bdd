// The settings form as the manager types it (text in every field) and the settings it stands for:
// numbers parsed, the PLU rows made a table, and every problem found by the same zod schema the
// core checks with, keyed by the field it belongs to, so each shows under its own field.
import type { RegisterSettings } from '../../app/commands';
import { registerSettingsSchema } from '../../app/commands';
import { findCurrency, parseDecimal, toDecimalString } from '../../app/money';

export interface SettingsDraft {
  readonly storeName: string;
  readonly storeAddress: string;
  readonly receiptFooter: string;
  readonly currency: string;
  readonly taxMode: RegisterSettings['taxMode'];
  readonly cashIncrement: string;
  readonly cashMode: RegisterSettings['cashRounding']['mode'];
  /** Layout id and its prefixes as typed ("21, 22"; blank: all of the layout's). */
  readonly scaleLabels: readonly { readonly layout: string; readonly prefixes: string }[];
  readonly scannerSendsUpcE: boolean;
  readonly pluRows: readonly { readonly plu: string; readonly gtin: string }[];
  readonly points: string;
  readonly pointsValue: string;
  readonly language: RegisterSettings['language'];
  /** The largest discount a cashier gives alone, as typed: a percentage ("10") and an amount. */
  readonly discountPercent: string;
  readonly discountAmount: string;
  /** Kept as they are: the screen does not edit member-card and coupon rules. */
  readonly memberCards: RegisterSettings['barcode']['memberCards'];
  readonly coupons: RegisterSettings['barcode']['coupons'];
}

/**
 * Field → the first problem with it: WHOLE_NUMBER (the screen says it in the cashier's language) or
 * the schema's own English message, shown under the field.
 */
export type FieldErrors = Readonly<Record<string, string>>;

export const WHOLE_NUMBER = 'settings.wholeNumber';
export const NOT_A_PERCENT = 'settings.notAPercent';
export const NOT_AN_AMOUNT = 'settings.notAnAmount';

export function draftOf(settings: RegisterSettings): SettingsDraft {
  return {
    storeName: settings.storeName,
    storeAddress: settings.storeAddress,
    receiptFooter: settings.receiptFooter,
    currency: settings.currency,
    taxMode: settings.taxMode,
    cashIncrement: String(settings.cashRounding.increment),
    cashMode: settings.cashRounding.mode,
    scaleLabels: settings.barcode.scaleLabels.map((s) => ({
      layout: s.layout,
      prefixes: s.prefixes?.join(', ') ?? '',
    })),
    scannerSendsUpcE: settings.barcode.scannerSendsUpcE,
    pluRows: Object.entries(settings.pluTable).map(([plu, gtin]) => ({ plu, gtin })),
    points: String(settings.pointsRate.points),
    pointsValue: String(settings.pointsRate.value),
    language: settings.language,
    discountPercent: String(settings.discountLimit.basisPoints / 100),
    discountAmount: toDecimalString(settings.discountLimit.amount, settings.currency),
    memberCards: settings.barcode.memberCards,
    coupons: settings.barcode.coupons,
  };
}

/** A whole number as typed, or NaN (which the schema then refuses for its field). */
function whole(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** A percentage as typed ("10", "12.5", "0") in basis points, or NaN. */
function basisPoints(text: string): number {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (match === null) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * An amount as typed in the store's currency, in minor units, or NaN. Read as yuan while the
 * currency typed is not one the register knows: that is the currency field's problem.
 */
function amount(text: string, currency: string): number {
  const parsed = parseDecimal(text, findCurrency(currency) === undefined ? 'CNY' : currency);
  return parsed.ok ? parsed.value : Number.NaN;
}

/**
 * The settings the draft stands for, or the problems by field: `cashRounding.increment`,
 * `pluRows.2.plu`, `scaleLabels.0.prefixes`, … A PLU typed twice is an error on the second row.
 */
export function settingsFromDraft(
  draft: SettingsDraft,
): { ok: true; settings: RegisterSettings } | { ok: false; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const note = (field: string, message: string): void => {
    errors[field] ??= message;
  };
  const numbers = {
    'cashRounding.increment': draft.cashIncrement,
    'pointsRate.points': draft.points,
    'pointsRate.value': draft.pointsValue,
  };
  for (const [field, typed] of Object.entries(numbers)) {
    if (Number.isNaN(whole(typed))) note(field, WHOLE_NUMBER);
  }
  const currency = draft.currency.trim().toUpperCase();
  const discountLimit = {
    basisPoints: basisPoints(draft.discountPercent),
    amount: amount(draft.discountAmount, currency),
  };
  if (Number.isNaN(discountLimit.basisPoints)) note('discountLimit.basisPoints', NOT_A_PERCENT);
  if (Number.isNaN(discountLimit.amount)) note('discountLimit.amount', NOT_AN_AMOUNT);
  const pluTable: Record<string, string> = {};
  draft.pluRows.forEach((row, i) => {
    const plu = row.plu.trim();
    // The schema names a bad key only as "the table": check each row's PLU here, by its row.
    if (!/^\d{1,6}$/.test(plu)) note(`pluRows.${i}.plu`, 'A PLU is 1 to 6 digits');
    else if (Object.hasOwn(pluTable, plu)) note(`pluRows.${i}.plu`, `PLU ${plu} is listed twice`);
    else pluTable[plu] = row.gtin.trim();
  });
  const candidate = {
    storeName: draft.storeName,
    storeAddress: draft.storeAddress,
    receiptFooter: draft.receiptFooter,
    currency,
    taxMode: draft.taxMode,
    cashRounding: { increment: whole(draft.cashIncrement), mode: draft.cashMode },
    barcode: {
      scaleLabels: draft.scaleLabels.map((s) => {
        const prefixes = s.prefixes
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        return prefixes.length === 0 ? { layout: s.layout } : { layout: s.layout, prefixes };
      }),
      memberCards: draft.memberCards,
      coupons: draft.coupons,
      scannerSendsUpcE: draft.scannerSendsUpcE,
    },
    pluTable,
    pointsRate: { points: whole(draft.points), value: whole(draft.pointsValue) },
    language: draft.language,
    discountLimit,
  };
  const checked = registerSettingsSchema.safeParse(candidate);
  if (!checked.success) {
    const rowOf = new Map(draft.pluRows.map((row, i) => [row.plu.trim(), i]));
    for (const issue of checked.error.issues) {
      note(fieldOf(issue.path, issue.message, rowOf), issue.message);
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (!checked.success) return { ok: false, errors: { form: 'Settings not valid' } };
  return { ok: true, settings: checked.data };
}

/** The form field a schema path belongs to: PLU table keys go back to the row they came from. */
function fieldOf(
  path: readonly PropertyKey[],
  message: string,
  rowOf: ReadonlyMap<string, number>,
): string {
  const [head = 'form', second, third] = path.map(String);
  switch (head) {
    case 'cashRounding':
      return second === 'mode' ? 'cashRounding.mode' : 'cashRounding.increment';
    case 'pointsRate':
      return second === 'value' ? 'pointsRate.value' : 'pointsRate.points';
    case 'discountLimit':
      return second === 'amount' ? 'discountLimit.amount' : 'discountLimit.basisPoints';
    case 'barcode':
      if (second === 'scaleLabels' && third !== undefined) {
        return path.length > 3 ? `scaleLabels.${third}.prefixes` : `scaleLabels.${third}.layout`;
      }
      return 'barcode';
    case 'pluTable': {
      if (second === undefined) return 'pluTable';
      const row = rowOf.get(second);
      // Two PLUs that are the same number ("007" and "7") is the PLU's problem; else the GTIN's.
      const pluProblem = message.startsWith('PLU ');
      return row === undefined ? 'pluTable' : `pluRows.${row}.${pluProblem ? 'plu' : 'gtin'}`;
    }
    default:
      return head;
  }
}
