// What a scan means: one entry point that cleans the scanner's text, reads its AIM symbology id
// and decides, in a fixed order, whether it is a product, a scale label, a GS1 element string, a
// member card, a coupon, or something the register does not know.
import type { Result } from '../result';
import { ok } from '../result';
import type { BarcodeError } from './errors';
import { barcodeError, SCAN_AGAIN } from './errors';
import type { Gs1Element } from './gs1-element';
import { GS, looksHumanReadable, parseGs1ElementString } from './gs1-element-string';
import type { Gs1Summary } from './gs1-summary';
import { summarizeGs1 } from './gs1-summary';
import { isDigits, isGtinLength, hasValidCheckDigit } from './gtin';
import type { StoreCodeRule } from './store-codes';
import { checkStoreCode, matchStoreCode } from './store-codes';
import type { Symbology } from './symbology';
import { stripSymbologyId } from './symbology';
import { expandUpcE } from './upc-e';
import type { VariableMeasureLayout, VariableMeasureReading } from './variable-measure';
import { layoutMatches, readVariableMeasure } from './variable-measure';

export interface BarcodeOptions {
  /** The store's scale-label layouts, tried in order; none by default (20–29 are plain GTINs). */
  readonly variableMeasureLayouts?: readonly VariableMeasureLayout[];
  readonly memberCards?: readonly StoreCodeRule[];
  readonly coupons?: readonly StoreCodeRule[];
  /** Epoch ms (UTC), normally the business date: anchors the GS1 century rule for YYMMDD. */
  readonly referenceAt?: number;
  /** ISO 4217 code that scale-label prices are in; default CNY. */
  readonly currency?: string;
  /**
   * The scanner sends UPC-E as printed (8 digits, or 6 without number system and check digit)
   * instead of expanding it to UPC-A. Then an 8-digit code starting 0 or 1 is read as UPC-E, not
   * EAN-8, unless its AIM id says EAN-8 (]E4). Off by default: most scanners expand UPC-E.
   */
  readonly scannerSendsUpcE?: boolean;
}

/** Present on every kind: the symbology the scanner named, when it sends AIM ids. */
interface Scanned {
  readonly symbology?: Symbology;
}

export type BarcodeResult =
  | (Scanned & {
      readonly kind: 'gtin';
      /** The lookup key: the GTIN left-padded to 14 digits. */
      readonly gtin14: string;
      /** The GTIN as scanned (8, 12, 13 or 14 digits); for UPC-E, its 12-digit UPC-A. */
      readonly gtin: string;
      /** The 8-digit UPC-E as printed, when that is what was scanned. */
      readonly upcE?: string;
      /** A 2- or 5-digit EAN/UPC add-on sent with the code (AIM ]E3). */
      readonly addOn?: string;
    })
  | (Scanned & { readonly kind: 'variableMeasure' } & VariableMeasureReading)
  | (Scanned & {
      readonly kind: 'gs1';
      readonly elements: readonly Gs1Element[];
    } & Gs1Summary)
  | (Scanned & { readonly kind: 'member'; readonly memberCode: string })
  | (Scanned & { readonly kind: 'coupon'; readonly code: string })
  /** An EAN/UPC add-on read on its own (AIM ]E1, ]E2): it belongs to the previous product scan. */
  | (Scanned & { readonly kind: 'addOn'; readonly addOn: string })
  /** Readable, but not a code the register knows (a URL in a QR code, a Code 39 label…). */
  | (Scanned & { readonly kind: 'unknown'; readonly code: string });

export type BarcodeKind = BarcodeResult['kind'];

type Parsed = Result<BarcodeResult, BarcodeError>;

interface Scan {
  readonly data: string;
  readonly symbology: Symbology | undefined;
  readonly options: BarcodeOptions;
}

/** One step of the decision: the answer, or undefined when the scan is not of its kind. */
type Reader = (scan: Scan) => Parsed | undefined;

/**
 * The decision, in order; the first reader that claims the scan answers. The order is the rule:
 * the symbology or form of a GS1 element string is unmistakable; the store's own prefixes come
 * before product rules because the store chose them; the all-digit rules come last.
 */
const READERS: readonly Reader[] = [
  readAddOnAlone,
  readGs1,
  readStoreCode('member'),
  readStoreCode('coupon'),
  readBareGs1,
  // Mobile-wallet payment codes go here (a later issue): WeChat Pay (18 digits, 10–15…) and
  // Alipay (16–24 digits, 25–30…) must be claimed before readDigits, which refuses 18 digits.
  readDigits,
  refuseTextFromDigitSymbology,
];

/**
 * Reads one scan. Removes the scanner's suffix (CR, LF, TAB) and surrounding spaces, reads and
 * removes an AIM symbology id, then decides the kind (see READERS for the order).
 */
export function parseBarcode(raw: string, options: BarcodeOptions = {}): Parsed {
  const cleaned = raw.trim();
  if (cleaned === '') return empty();
  const { symbology, data } = stripSymbologyId(cleaned);
  if (data === '') return empty();
  const scan: Scan = { data, symbology, options };
  for (const reader of READERS) {
    const answer = reader(scan);
    if (answer !== undefined) return answer;
  }
  // No reader claimed it: readable text the register has no use for.
  return ok(withSymbology({ kind: 'unknown', code: data }, symbology));
}

function empty(): Parsed {
  return barcodeError('barcode.empty', `Nothing was scanned. ${SCAN_AGAIN}`);
}

function withSymbology<T extends BarcodeResult>(result: T, symbology: Symbology | undefined): T {
  return symbology === undefined ? result : { ...result, symbology };
}

function readAddOnAlone({ data, symbology }: Scan): Parsed | undefined {
  if (symbology?.aim !== ']E1' && symbology?.aim !== ']E2') return undefined;
  const length = symbology.aim === ']E1' ? 2 : 5;
  if (!isDigits(data)) return notDigits();
  if (data.length !== length) return badLength('An add-on', data.length, `${length} digits`);
  return ok({ kind: 'addOn', addOn: data, symbology });
}

/** GS1 by its AIM id, its FNC1 (GS) characters or its human-readable "(01)…" form. */
function readGs1(scan: Scan): Parsed | undefined {
  const { data, symbology } = scan;
  const gs1 =
    symbology?.gs1 === true ||
    looksHumanReadable(data) ||
    (symbology === undefined && data.includes(GS));
  return gs1 ? parseGs1(scan) : undefined;
}

/**
 * A GS1 DataBar or GS1-128 read by a scanner that sends neither AIM ids nor FNC1 arrives bare:
 * "01" and 14 digits, perhaps more. That is no GTIN (16+ characters), and payment codes start
 * 10–15 or 25–30, so it is read as an element string rather than refused. It comes after the
 * store's own prefixes because it is an inference, not something the scanner said.
 */
function readBareGs1(scan: Scan): Parsed | undefined {
  return scan.symbology === undefined && /^01\d{14}/.test(scan.data) ? parseGs1(scan) : undefined;
}

function parseGs1({ data, symbology, options }: Scan): Parsed {
  const referenceAt = options.referenceAt;
  const elements = parseGs1ElementString(data, referenceAt === undefined ? {} : { referenceAt });
  if (!elements.ok) return elements;
  return ok(
    withSymbology(
      { kind: 'gs1', elements: elements.value, ...summarizeGs1(elements.value) },
      symbology,
    ),
  );
}

function readStoreCode(which: 'member' | 'coupon'): Reader {
  return ({ data, symbology, options }) => {
    const rules = (which === 'member' ? options.memberCards : options.coupons) ?? [];
    const match = matchStoreCode(data, rules);
    if (match === undefined) return undefined;
    const checked = checkStoreCode(
      data,
      match.rule,
      match.prefix,
      which === 'member' ? 'member card' : 'coupon',
    );
    if (!checked.ok) return checked;
    return ok(
      withSymbology(
        which === 'member' ? { kind: 'member', memberCode: data } : { kind: 'coupon', code: data },
        symbology,
      ),
    );
  };
}

/** All-digit scans: the store's scale layouts first, then UPC-E, then the GTIN lengths. */
function readDigits(scan: Scan): Parsed | undefined {
  const { data, symbology, options } = scan;
  if (!isDigits(data)) return undefined;
  const scaleLabel = readScaleLabel(scan);
  if (scaleLabel !== undefined) return scaleLabel;
  if (symbology?.aim === ']E3') return readWithAddOn(data, symbology);
  if (isUpcE(data, symbology, options)) {
    const upcA = expandUpcE(data);
    if (!upcA.ok) return upcA;
    const upcE = data.length === 8 ? { upcE: data } : {};
    return ok(
      withSymbology(
        { kind: 'gtin', gtin14: upcA.value.padStart(14, '0'), gtin: upcA.value, ...upcE },
        symbology,
      ),
    );
  }
  if (data.length === 18) {
    // 18 digits is an SSCC only inside a GS1 element string (AI 00); bare, it is most likely a
    // payment code or a misread, and a product lookup would only confuse.
    return barcodeError(
      'barcode.badLength',
      'An 18-digit number is not a product barcode. Scan the product again; a pallet label is ' +
        'read from its GS1-128 barcode.',
      { length: 18 },
    );
  }
  return readGtin(data, symbology);
}

function readScaleLabel({ data, symbology, options }: Scan): Parsed | undefined {
  const layouts = options.variableMeasureLayouts ?? [];
  // A UPC-A layout (12 digits) also reads the 13-digit form some scanners send (leading 0).
  const candidates = data.length === 13 && data.startsWith('0') ? [data, data.slice(1)] : [data];
  for (const layout of layouts) {
    const digits = candidates.find((c) => layoutMatches(layout, c));
    if (digits === undefined) continue;
    const reading = readVariableMeasure(digits, layout, options.currency ?? 'CNY');
    if (!reading.ok) return reading;
    return ok(withSymbology({ kind: 'variableMeasure', ...reading.value }, symbology));
  }
  return undefined;
}

/**
 * UPC-E is decided, never guessed from the check digit: the AIM id ]E0 with 8 digits is UPC-E
 * (EAN-8 would be ]E4); without an id, the store's `scannerSendsUpcE` setting decides for 8
 * digits starting 0 or 1, and for 6 digits.
 */
function isUpcE(data: string, symbology: Symbology | undefined, options: BarcodeOptions): boolean {
  if (data.length === 8 && symbology?.aim === ']E0') return true;
  if (options.scannerSendsUpcE !== true || symbology?.aim === ']E4') return false;
  return data.length === 6 || (data.length === 8 && (data[0] === '0' || data[0] === '1'));
}

// Main code length by total length: UPC-A (12) or EAN-13 (13) followed by a 2- or 5-digit add-on.
const MAIN_LENGTH_WITH_ADD_ON: Readonly<Record<number, number>> = {
  14: 12,
  15: 13,
  17: 12,
  18: 13,
};

function readWithAddOn(data: string, symbology: Symbology): Parsed {
  const mainLength = MAIN_LENGTH_WITH_ADD_ON[data.length];
  if (mainLength === undefined) {
    return badLength(
      'A barcode with an add-on',
      data.length,
      '12 or 13 digits and a 2- or 5-digit add-on',
    );
  }
  const main = readGtin(data.slice(0, mainLength), symbology);
  if (!main.ok || main.value.kind !== 'gtin') return main;
  return ok({ ...main.value, addOn: data.slice(mainLength) });
}

function readGtin(data: string, symbology: Symbology | undefined): Parsed {
  if (!isGtinLength(data.length))
    return badLength('A product barcode', data.length, '8, 12, 13 or 14 digits');
  if (!hasValidCheckDigit(data)) {
    return barcodeError(
      'barcode.badCheckDigit',
      `The barcode did not read correctly. ${SCAN_AGAIN}`,
      {
        gtin: data,
      },
    );
  }
  return ok(withSymbology({ kind: 'gtin', gtin14: data.padStart(14, '0'), gtin: data }, symbology));
}

/** EAN/UPC and ITF carry only digits: text under their AIM id is a misread, not an unknown code. */
function refuseTextFromDigitSymbology({ symbology }: Scan): Parsed | undefined {
  const aim = symbology?.aim ?? '';
  return aim.startsWith(']E') || aim.startsWith(']I') ? notDigits() : undefined;
}

function notDigits(): Parsed {
  return barcodeError('barcode.notDigits', `The barcode should be digits only. ${SCAN_AGAIN}`);
}

function badLength(what: string, length: number, expected: string): Parsed {
  return barcodeError(
    'barcode.badLength',
    `${what} has ${expected}; this one has ${length}. ${SCAN_AGAIN}`,
    { length },
  );
}
