// Text for a receipt line: column widths as the printer counts them, and bytes in its code page.
import iconv from 'iconv-lite';
import type { PrinterCodePage } from '../device/device-profile';
import { missingCase } from '../../app/result';

/** ESC t table numbers for the single-byte code pages we support. */
export const CODE_PAGE_TABLE: Record<Exclude<PrinterCodePage, 'gb18030'>, number> = {
  pc437: 0,
  wpc1252: 16,
};

function iconvName(codePage: PrinterCodePage): string {
  switch (codePage) {
    case 'gb18030':
      return 'gb18030';
    case 'pc437':
      return 'cp437';
    case 'wpc1252':
      return 'win1252';
    default:
      return missingCase(codePage);
  }
}

/** Characters the code page lacks become "?" (iconv's default), as the printer would misprint. */
export function encodeText(text: string, codePage: PrinterCodePage): Uint8Array {
  // ASCII is the same bytes in every page we support; most receipt lines are amounts and rules.
  if (/^[\x20-\x7e]*$/.test(text)) {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  return new Uint8Array(iconv.encode(text, iconvName(codePage)));
}

export function decodeText(bytes: Uint8Array, codePage: PrinterCodePage): string {
  return iconv.decode(Buffer.from(bytes), iconvName(codePage));
}

/**
 * Columns one character takes. In Chinese mode the printer prints every multi-byte character
 * (Hanzi, but also ¥ or ×) from its 24×24 font: two columns. Single-byte pages: one column.
 */
export function charWidth(char: string, codePage: PrinterCodePage): number {
  if (codePage !== 'gb18030') return 1;
  return (char.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

export function textWidth(text: string, codePage: PrinterCodePage): number {
  let width = 0;
  for (const char of text) width += charWidth(char, codePage);
  return width;
}

/** Cuts text into lines of at most `columns`, never splitting a wide character. */
export function wrapText(text: string, columns: number, codePage: PrinterCodePage): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char, codePage);
    if (width + w > columns) {
      lines.push(line);
      line = '';
      width = 0;
    }
    line += char;
    width += w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** Left text and right text on one line; the left side is cut short rather than the amount. */
export function leftRight(
  left: string,
  right: string,
  columns: number,
  codePage: PrinterCodePage,
): string {
  const rightWidth = textWidth(right, codePage);
  const room = Math.max(0, columns - rightWidth - 1);
  const kept = wrapText(left, room, codePage)[0] ?? '';
  const gap = columns - textWidth(kept, codePage) - rightWidth;
  return `${kept}${' '.repeat(Math.max(1, gap))}${right}`;
}

export function centerText(text: string, columns: number, codePage: PrinterCodePage): string {
  const pad = Math.max(0, Math.floor((columns - textWidth(text, codePage)) / 2));
  return `${' '.repeat(pad)}${text}`;
}
