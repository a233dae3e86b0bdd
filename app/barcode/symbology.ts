// AIM symbology identifiers ("]E0", "]C1", …) that a scanner can put in front of the data: they say
// which kind of barcode was read, and so whether the data is a GS1 element string.

/** What the parser needs to know about a symbology; `aim` is the three-character prefix as sent. */
export interface Symbology {
  readonly aim: string;
  readonly name: string;
  /** The data is a GS1 element string (Application Identifiers with FNC1 separators). */
  readonly gs1: boolean;
}

// Code character + modifier → name and GS1 flag (ISO/IEC 15424 and the GS1 General Specs table of
// symbology identifiers). Modifiers not listed still parse: the code character alone names it.
// prettier-ignore
const KNOWN: Readonly<Record<string, { readonly name: string; readonly gs1: boolean }>> = {
  ']E0': { name: 'EAN-13 / UPC-A / UPC-E', gs1: false },
  ']E1': { name: 'EAN/UPC two-digit add-on', gs1: false },
  ']E2': { name: 'EAN/UPC five-digit add-on', gs1: false },
  ']E3': { name: 'EAN/UPC with add-on', gs1: false },
  ']E4': { name: 'EAN-8', gs1: false },
  ']C0': { name: 'Code 128', gs1: false },
  ']C1': { name: 'GS1-128', gs1: true },
  ']C2': { name: 'Code 128 (AIM application)', gs1: false },
  ']e0': { name: 'GS1 DataBar', gs1: true },
  ']e1': { name: 'GS1 Composite', gs1: true },
  ']e2': { name: 'GS1 Composite', gs1: true },
  ']e3': { name: 'GS1 Composite', gs1: true },
  ']d1': { name: 'Data Matrix', gs1: false },
  ']d2': { name: 'GS1 DataMatrix', gs1: true },
  ']Q1': { name: 'QR Code', gs1: false },
  ']Q3': { name: 'GS1 QR Code', gs1: true },
  ']J0': { name: 'GS1 DotCode', gs1: false },
  ']J1': { name: 'GS1 DotCode', gs1: true },
  ']A0': { name: 'Code 39', gs1: false },
  ']I0': { name: 'ITF (Interleaved 2 of 5)', gs1: false },
  ']I1': { name: 'ITF (Interleaved 2 of 5, check digit)', gs1: false },
};

const FAMILY: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN/UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  I: 'ITF (Interleaved 2 of 5)',
  J: 'DotCode',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec Code',
};

/** Splits a scan into its AIM symbology (when it starts with "]" + letter + modifier) and data. */
export function stripSymbologyId(scan: string): {
  readonly symbology: Symbology | undefined;
  readonly data: string;
} {
  const match = /^\][A-Za-z][0-9A-Za-z]/.exec(scan);
  if (match === null) return { symbology: undefined, data: scan };
  const aim = match[0];
  const known = KNOWN[aim];
  const name = known?.name ?? FAMILY[aim.charAt(1)] ?? `AIM ${aim}`;
  return { symbology: { aim, name, gs1: known?.gs1 ?? false }, data: scan.slice(3) };
}
