// The GS1 Application Identifiers a store meets on its goods, with their format and meaning
// (GS1 General Specifications, section 3). AIs not listed here are refused as unknown rather
// than guessed, because a wrong length would shift every field that follows.

export type MeasureUnit = 'kg' | 'm' | 'm2' | 'l' | 'm3' | 'lb';

/** How the element's data is read once its characters are known to be well formed. */
export type AiMeaning =
  | 'gtin'
  | 'sscc'
  | 'gln'
  | 'date'
  | 'text'
  | 'count'
  | 'measure'
  | 'amount'
  | 'amountInCurrency'
  | 'number';

export interface AiDefinition {
  readonly ai: string;
  /** The GS1 data title, as printed under the barcode on labels that explain themselves. */
  readonly title: string;
  /** 'n': digits only; 'x': GS1 AI encodable character set 82. */
  readonly charset: 'n' | 'x';
  /** Fixed-length data has exactly `maxLength` characters and needs no FNC1 after it. */
  readonly fixed: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly meaning: AiMeaning;
  /** For measures and amounts: the implied decimal places (the last digit of 310n, 392n, …). */
  readonly decimals?: number;
  readonly unit?: MeasureUnit;
}

function fixedDigits(ai: string, title: string, length: number, meaning: AiMeaning): AiDefinition {
  return { ai, title, charset: 'n', fixed: true, minLength: length, maxLength: length, meaning };
}

function variable(
  ai: string,
  title: string,
  charset: 'n' | 'x',
  maxLength: number,
  meaning: AiMeaning,
): AiDefinition {
  return { ai, title, charset, fixed: false, minLength: 1, maxLength, meaning };
}

/** AIs like 310n whose last digit n (0 to `lastN`) is the number of decimals. */
function withDecimals(
  stem: string,
  lastN: number,
  make: (ai: string, decimals: number) => AiDefinition,
): AiDefinition[] {
  return Array.from({ length: lastN + 1 }, (_, n) => make(`${stem}${n}`, n));
}

function measure(stem: string, title: string, unit: MeasureUnit): AiDefinition[] {
  return withDecimals(stem, 5, (ai, decimals) => ({
    ...fixedDigits(ai, title, 6, 'measure'),
    decimals,
    unit,
  }));
}

const DEFINITIONS: readonly AiDefinition[] = [
  fixedDigits('00', 'SSCC', 18, 'sscc'),
  fixedDigits('01', 'GTIN', 14, 'gtin'),
  fixedDigits('02', 'CONTENT', 14, 'gtin'),
  variable('10', 'BATCH/LOT', 'x', 20, 'text'),
  fixedDigits('11', 'PROD DATE', 6, 'date'),
  fixedDigits('12', 'DUE DATE', 6, 'date'),
  fixedDigits('13', 'PACK DATE', 6, 'date'),
  fixedDigits('15', 'BEST BEFORE or BEST BY', 6, 'date'),
  fixedDigits('16', 'SELL BY', 6, 'date'),
  fixedDigits('17', 'USE BY OR EXPIRY', 6, 'date'),
  fixedDigits('20', 'VARIANT', 2, 'number'),
  variable('21', 'SERIAL', 'x', 20, 'text'),
  variable('22', 'CPV', 'x', 20, 'text'),
  variable('240', 'ADDITIONAL ID', 'x', 30, 'text'),
  variable('241', 'CUST. PART No.', 'x', 30, 'text'),
  variable('30', 'VAR. COUNT', 'n', 8, 'count'),
  ...measure('310', 'NET WEIGHT (kg)', 'kg'),
  ...measure('311', 'LENGTH (m)', 'm'),
  ...measure('312', 'WIDTH (m)', 'm'),
  ...measure('313', 'HEIGHT (m)', 'm'),
  ...measure('314', 'AREA (m²)', 'm2'),
  ...measure('315', 'NET VOLUME (l)', 'l'),
  ...measure('316', 'NET VOLUME (m³)', 'm3'),
  ...measure('320', 'NET WEIGHT (lb)', 'lb'),
  variable('37', 'COUNT', 'n', 8, 'count'),
  ...withDecimals('390', 9, (ai, decimals) => ({
    ...variable(ai, 'AMOUNT', 'n', 15, 'amount'),
    decimals,
  })),
  ...withDecimals('392', 9, (ai, decimals) => ({
    ...variable(ai, 'PRICE', 'n', 15, 'amount'),
    decimals,
  })),
  // Three digits of ISO 4217 numeric currency, then up to 15 digits of amount.
  ...withDecimals('393', 9, (ai, decimals) => ({
    ...variable(ai, 'PRICE', 'n', 18, 'amountInCurrency'),
    minLength: 4,
    decimals,
  })),
  variable('400', 'ORDER NUMBER', 'x', 30, 'text'),
  fixedDigits('410', 'SHIP TO LOC', 13, 'gln'),
  fixedDigits('411', 'BILL TO', 13, 'gln'),
  fixedDigits('412', 'PURCHASE FROM', 13, 'gln'),
  fixedDigits('413', 'SHIP FOR LOC', 13, 'gln'),
  fixedDigits('414', 'LOC No.', 13, 'gln'),
  fixedDigits('415', 'PAY TO', 13, 'gln'),
  fixedDigits('8005', 'PRICE PER UNIT', 6, 'number'),
];

const BY_AI: ReadonlyMap<string, AiDefinition> = new Map(DEFINITIONS.map((d) => [d.ai, d]));

/** The definition of exactly this AI, if the table has it. */
export function findAi(ai: string): AiDefinition | undefined {
  return BY_AI.get(ai);
}

/**
 * The AI that starts at `position`: GS1 AIs are prefix-free (no AI is the start of another), so
 * the first of the 2-, 3- and 4-digit candidates found in the table is the only possible one.
 */
export function aiAt(text: string, position: number): AiDefinition | undefined {
  for (let length = 2; length <= 4; length += 1) {
    const found = BY_AI.get(text.slice(position, position + length));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every AI the parser knows, for documentation screens and tests. */
export function knownAis(): readonly AiDefinition[] {
  return DEFINITIONS;
}
