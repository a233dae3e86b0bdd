// Barcode symbologies named from the AIM symbology identifier a scanner sends ("]E0", "]d2" …).

export type Symbology =
  | 'ean13'
  | 'ean8'
  | 'upcE'
  | 'code128'
  | 'gs1-128'
  | 'code39'
  | 'itf'
  | 'gs1DataBar'
  | 'dataMatrix'
  | 'gs1DataMatrix'
  | 'qr'
  | 'gs1Qr'
  | 'pdf417'
  | 'unknown';

/** The AIM id is "]" + code character + modifier; the modifier tells GS1 variants apart. */
export function symbologyFromAim(aimId: string): Symbology {
  if (aimId.length !== 3 || !aimId.startsWith(']')) return 'unknown';
  const code = aimId[1] ?? '';
  const modifier = aimId[2] ?? '';
  switch (code) {
    case 'E':
      // E0: EAN-13 / UPC-A; E4: EAN-8. UPC-E scanners mostly send E0 after expansion.
      return modifier === '4' ? 'ean8' : 'ean13';
    case 'C':
      return modifier === '1' ? 'gs1-128' : 'code128';
    case 'A':
      return 'code39';
    case 'I':
      return 'itf';
    case 'e':
      return 'gs1DataBar';
    case 'd':
      return modifier === '2' ? 'gs1DataMatrix' : 'dataMatrix';
    case 'Q':
      return modifier === '3' || modifier === '4' ? 'gs1Qr' : 'qr';
    case 'L':
      return 'pdf417';
    default:
      return 'unknown';
  }
}

/** One read as the scanner delivered it: text plus what kind of code it was. */
export type ScanData = Readonly<{
  raw: string;
  symbology: Symbology;
  /** The AIM id when the scanner sent one; empty otherwise. */
  aimId: string;
}>;

/**
 * Scan text is Latin-1 on the wire (GS1 data is ASCII with GS = 0x1D as separator): keep every
 * byte as one character so the barcode parser sees exactly what was encoded.
 */
export function bytesToScanText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
