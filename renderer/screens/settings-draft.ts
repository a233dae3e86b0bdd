// The settings form as the manager types it (text in every field) and the settings it stands for:
// numbers parsed, the PLU rows made a table, and every problem found by the same zod schema the
// core checks with, keyed by the field it belongs to and said as a message key with its values, so
// each shows under its own field in the manager's language.
import type { VariableMeasureLayout } from '../../app/barcode';
import { isGtinLength, VARIABLE_MEASURE_PRESETS } from '../../app/barcode';
import type { RegisterSettings } from '../../app/commands';
import { MAX_PLUS, pluKey, registerSettingsSchema } from '../../app/commands';
import { findCurrency, parseDecimal, toDecimalString } from '../../app/money';
import type { MessageKey } from '../i18n/messages';

type StoreCodeRule = RegisterSettings['barcode']['memberCards'][number];

/** A member-card or coupon rule as typed. */
export interface StoreCodeRow {
  /** As typed: "M, VIP". */
  readonly prefixes: string;
  readonly length: string;
  readonly checkDigit: NonNullable<StoreCodeRule['checkDigit']>;
  /** Whether the stored rule named its check digit: if not, "none" is left out again on saving. */
  readonly checkDigitNamed: boolean;
}

/** What the Add button starts a member-card or coupon rule with: an EAN-13-long code. */
export const NEW_STORE_CODE_ROW: StoreCodeRow = {
  prefixes: '',
  length: '13',
  checkDigit: 'none',
  checkDigitNamed: false,
};

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
  readonly memberCards: readonly StoreCodeRow[];
  readonly coupons: readonly StoreCodeRow[];
  readonly pluRows: readonly { readonly plu: string; readonly gtin: string }[];
  readonly points: string;
  readonly pointsValue: string;
  readonly language: RegisterSettings['language'];
  /** The largest discount a cashier gives alone, as typed: a percentage ("10") and an amount. */
  readonly discountPercent: string;
  readonly discountAmount: string;
}

/** A problem with a field, in words the screen looks up in the manager's language. */
export interface FieldProblem {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * Field → the first problem with it. Fields: `storeName`, `cashRounding.increment`,
 * `pluRows.2.plu`, `scaleLabels.0.prefixes`, `memberCards.1.length`, the lists themselves
 * (`scaleLabels`, `memberCards`, `coupons`, `pluTable`), and `form` for what has no field.
 */
export type FieldErrors = Readonly<Record<string, FieldProblem>>;

/** Said when the schema finds what no field's own words cover: its English, never dropped. */
export const OTHER_PROBLEM: MessageKey = 'settings.problem.other';

/** As the schema's `.max(10)` for the scale-label, member-card and coupon lists. */
const MAX_RULES = 10;

const problem = (key: MessageKey, params?: FieldProblem['params']): FieldProblem =>
  params === undefined ? { key } : { key, params };

const CASH_INCREMENT = problem('settings.problem.cashIncrement');
const POINTS_RATE = problem('settings.problem.pointsRate');
const NOT_A_PERCENT = problem('settings.notAPercent');
const NOT_AN_AMOUNT = problem('settings.notAnAmount');
const PLU_FORMAT = problem('settings.problem.pluFormat');
const GTIN = problem('settings.problem.gtin');
const CODE_PREFIXES = problem('settings.problem.codePrefixes');
const CODE_LENGTH = problem('settings.problem.codeLength');
const TOO_MANY_RULES = problem('settings.problem.tooManyRules', { max: MAX_RULES });

/**
 * The words for a schema problem by its field (`#`: any row), for fields whose checks all say the
 * same thing to a manager. Others — a PLU, a layout, a rule's check digit — are checked before the
 * schema where they can fail in several ways, and anything else is OTHER_PROBLEM.
 */
const FIELD_PROBLEMS: Readonly<Record<string, FieldProblem>> = {
  storeName: problem('settings.problem.storeName'),
  storeAddress: problem('settings.problem.storeAddress'),
  receiptFooter: problem('settings.problem.receiptFooter'),
  currency: problem('settings.problem.currency'),
  'cashRounding.increment': CASH_INCREMENT,
  'pointsRate.points': POINTS_RATE,
  'pointsRate.value': POINTS_RATE,
  'discountLimit.basisPoints': NOT_A_PERCENT,
  'discountLimit.amount': NOT_AN_AMOUNT,
  scaleLabels: problem('settings.problem.tooManyLayouts', { max: MAX_RULES }),
  'pluRows.#.gtin': GTIN,
  memberCards: TOO_MANY_RULES,
  'memberCards.#.prefixes': CODE_PREFIXES,
  'memberCards.#.length': CODE_LENGTH,
  coupons: TOO_MANY_RULES,
  'coupons.#.prefixes': CODE_PREFIXES,
  'coupons.#.length': CODE_LENGTH,
};

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
    memberCards: settings.barcode.memberCards.map(storeCodeRow),
    coupons: settings.barcode.coupons.map(storeCodeRow),
    pluRows: Object.entries(settings.pluTable).map(([plu, gtin]) => ({ plu, gtin })),
    points: String(settings.pointsRate.points),
    pointsValue: String(settings.pointsRate.value),
    language: settings.language,
    discountPercent: String(settings.discountLimit.basisPoints / 100),
    discountAmount: toDecimalString(settings.discountLimit.amount, settings.currency),
  };
}

function storeCodeRow(rule: StoreCodeRule): StoreCodeRow {
  return {
    prefixes: rule.prefixes.join(', '),
    length: String(rule.length),
    checkDigit: rule.checkDigit ?? 'none',
    checkDigitNamed: rule.checkDigit !== undefined,
  };
}

function storeCodeRule(row: StoreCodeRow): StoreCodeRule {
  const rule = { prefixes: listOf(row.prefixes), length: whole(row.length) };
  // Left out as it was, so settings saved unchanged stay exactly as they were.
  return row.checkDigit === 'none' && !row.checkDigitNamed
    ? rule
    : { ...rule, checkDigit: row.checkDigit };
}

/** A list as typed: "21, 22"; Chinese keyboards type "，" or "、" between items. */
function listOf(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
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

/** Decimals of the price a layout prints (on its first or second value), if it prints one. */
function priceDecimals(layout: VariableMeasureLayout): number | undefined {
  return [layout, layout.secondValue].find((field) => field?.value === 'price')?.decimals;
}

function scalePrefixesProblem(layoutId: string | undefined): FieldProblem | undefined {
  const preset = VARIABLE_MEASURE_PRESETS.find((p) => p.id === layoutId);
  return preset === undefined
    ? undefined
    : problem('settings.problem.scalePrefixes', {
        layout: preset.id,
        prefixes: preset.prefixes.join(', '),
      });
}

/** The words for a problem the schema found with `field`, or undefined: none of its own. */
function problemOf(field: string, draft: SettingsDraft): FieldProblem | undefined {
  const scaleRow = /^scaleLabels\.(\d+)\.prefixes$/.exec(field)?.[1];
  if (scaleRow !== undefined)
    return scalePrefixesProblem(draft.scaleLabels[Number(scaleRow)]?.layout);
  return FIELD_PROBLEMS[field.replace(/\.\d+\./, '.#.')];
}

/**
 * The settings the draft stands for, or the problems by field. A PLU typed twice, or the same
 * number as another ("007" and "7"), is a problem on the later row.
 */
export function settingsFromDraft(
  draft: SettingsDraft,
): { ok: true; settings: RegisterSettings } | { ok: false; errors: FieldErrors } {
  const errors: Record<string, FieldProblem> = {};
  const note = (field: string, found: FieldProblem): void => {
    errors[field] ??= found;
  };
  const numbers = {
    'cashRounding.increment': [draft.cashIncrement, CASH_INCREMENT],
    'pointsRate.points': [draft.points, POINTS_RATE],
    'pointsRate.value': [draft.pointsValue, POINTS_RATE],
  } as const;
  for (const [field, [typed, said]] of Object.entries(numbers)) {
    if (Number.isNaN(whole(typed))) note(field, said);
  }
  const currency = draft.currency.trim().toUpperCase();
  const discountLimit = {
    basisPoints: basisPoints(draft.discountPercent),
    amount: amount(draft.discountAmount, currency),
  };
  if (Number.isNaN(discountLimit.basisPoints)) note('discountLimit.basisPoints', NOT_A_PERCENT);
  if (Number.isNaN(discountLimit.amount)) note('discountLimit.amount', NOT_AN_AMOUNT);
  const { pluTable, rowOf } = pluTableOf(draft, note);
  checkScaleLabels(draft, currency, note);
  const codeRules = (kind: 'memberCards' | 'coupons'): StoreCodeRule[] =>
    draft[kind].map((row, i) => {
      if (Number.isNaN(whole(row.length))) note(`${kind}.${i}.length`, CODE_LENGTH);
      return storeCodeRule(row);
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
        const prefixes = listOf(s.prefixes);
        return prefixes.length === 0 ? { layout: s.layout } : { layout: s.layout, prefixes };
      }),
      memberCards: codeRules('memberCards'),
      coupons: codeRules('coupons'),
      scannerSendsUpcE: draft.scannerSendsUpcE,
    },
    pluTable,
    pointsRate: { points: whole(draft.points), value: whole(draft.pointsValue) },
    language: draft.language,
    discountLimit,
  };
  const checked = registerSettingsSchema.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = fieldOf(issue.path, rowOf);
      note(field, problemOf(field, draft) ?? problem(OTHER_PROBLEM, { detail: issue.message }));
    }
  }
  if (!checked.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: checked.data };
}

type Note = (field: string, found: FieldProblem) => void;

/**
 * The PLU rows as a table, and the row each PLU came from. The schema names a bad key only as
 * "the table" and a repeated number without its row, so each row's PLU is checked here and only
 * well-formed PLUs, each number once, reach the schema: what it finds in a row is the GTIN's.
 */
function pluTableOf(
  draft: SettingsDraft,
  note: Note,
): { pluTable: Record<string, string>; rowOf: ReadonlyMap<string, number> } {
  const pluTable: Record<string, string> = {};
  const rowOf = new Map<string, number>();
  const byNumber = new Map<string, string>();
  draft.pluRows.forEach((row, i) => {
    const plu = row.plu.trim();
    const gtin = row.gtin.trim();
    if (!/^\d+$/.test(gtin) || !isGtinLength(gtin.length)) note(`pluRows.${i}.gtin`, GTIN);
    const other = byNumber.get(pluKey(plu));
    if (!/^\d{1,6}$/.test(plu)) note(`pluRows.${i}.plu`, PLU_FORMAT);
    else if (other === plu) note(`pluRows.${i}.plu`, problem('settings.problem.pluTwice', { plu }));
    else if (other !== undefined) {
      note(`pluRows.${i}.plu`, problem('settings.problem.pluSameNumber', { plu, other }));
    } else {
      byNumber.set(pluKey(plu), plu);
      rowOf.set(plu, i);
      pluTable[plu] = gtin;
    }
  });
  if (rowOf.size > MAX_PLUS) {
    note('pluTable', problem('settings.problem.tooManyPlus', { max: MAX_PLUS }));
  }
  return { pluTable, rowOf };
}

/**
 * Each scale label's prefixes against its layout's, and its price against the currency's decimals:
 * the schema checks both only once every field is sound, and says them only in English.
 */
function checkScaleLabels(draft: SettingsDraft, currency: string, note: Note): void {
  const exponent = findCurrency(currency)?.exponent;
  draft.scaleLabels.forEach((row, i) => {
    const preset = VARIABLE_MEASURE_PRESETS.find((p) => p.id === row.layout);
    if (preset === undefined) return;
    const outside = listOf(row.prefixes).some((p) => !preset.prefixes.includes(p));
    const said = scalePrefixesProblem(preset.id);
    if (outside && said !== undefined) note(`scaleLabels.${i}.prefixes`, said);
    const decimals = priceDecimals(preset);
    if (exponent !== undefined && decimals !== undefined && decimals > exponent) {
      note(
        `scaleLabels.${i}.layout`,
        problem('settings.problem.layoutCurrency', {
          layout: preset.id,
          decimals,
          currency,
          exponent,
        }),
      );
    }
  });
}

/** The form field a schema path belongs to; `form` when the screen has no field for it. */
function fieldOf(path: readonly PropertyKey[], rowOf: ReadonlyMap<string, number>): string {
  const [head = 'form', second, third, fourth] = path.map(String);
  const within = (field: string, parts: readonly string[]): string =>
    second !== undefined && parts.includes(second) ? `${field}.${second}` : 'form';
  switch (head) {
    case 'storeName':
    case 'storeAddress':
    case 'receiptFooter':
    case 'currency':
    case 'taxMode':
    case 'language':
      return head;
    case 'cashRounding':
      return within('cashRounding', ['increment', 'mode']);
    case 'pointsRate':
      return within('pointsRate', ['points', 'value']);
    case 'discountLimit':
      return within('discountLimit', ['basisPoints', 'amount']);
    case 'barcode':
      return barcodeFieldOf(second, third, fourth);
    case 'pluTable': {
      const row = second === undefined ? undefined : rowOf.get(second);
      return row === undefined ? 'pluTable' : `pluRows.${row}.gtin`;
    }
    default:
      return 'form';
  }
}

function barcodeFieldOf(
  list: string | undefined,
  row: string | undefined,
  part: string | undefined,
): string {
  if (list !== 'scaleLabels' && list !== 'memberCards' && list !== 'coupons') return 'form';
  if (row === undefined) return list;
  // A layout that does not fit the currency is the layout's problem: its path ends at the row.
  if (list === 'scaleLabels') return `scaleLabels.${row}.${part === 'prefixes' ? part : 'layout'}`;
  return part === 'prefixes' || part === 'length' || part === 'checkDigit'
    ? `${list}.${row}.${part}`
    : 'form';
}
