// Lays a receipt out as ESC/POS bytes for a 58 or 80 mm printer, block by block.
import { toDecimalString } from '../../app/money';
import type { PaperWidth, PrinterCodePage } from '../device/device-profile';
import { escpos, LF, type Align } from './escpos-commands';
import type { Receipt, ReceiptLabels } from './receipt';
import { ZH_CN_LABELS } from './receipt';
import { CODE_PAGE_TABLE, encodeText, leftRight, wrapText } from './receipt-text';

export type LayoutOptions = Readonly<{
  paperWidth: PaperWidth;
  codePage: PrinterCodePage;
  /** A copy after a fault or on request: marked, and never opens the drawer. */
  reprint: boolean;
  kickDrawer: boolean;
  labels?: ReceiptLabels;
}>;

/** Font A columns: 384 dots / 12 on 58 mm paper, 576 / 12 on 80 mm. */
export function columnsFor(width: PaperWidth): number {
  return width === 58 ? 32 : 48;
}

/**
 * Blocks of bytes, each a few whole lines: the printer driver checks status between blocks so a
 * fault is caught near where it happened. Concatenated, they are the whole receipt.
 */
export function layoutReceipt(receipt: Receipt, options: LayoutOptions): Uint8Array[] {
  const cols = columnsFor(options.paperWidth);
  const page = options.codePage;
  const labels = options.labels ?? ZH_CN_LABELS;
  const money = (amount: number) => toDecimalString(amount, receipt.currency);
  const blocks: Uint8Array[] = [];
  // Parts are joined once per block: copying byte by byte made encoding several times slower.
  let current: (readonly number[] | Uint8Array)[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push(joinParts(current));
    current = [];
  };
  const add = (bytes: readonly number[] | Uint8Array) => {
    current.push(bytes);
  };
  const line = (text: string, align: Align = 'left') => {
    add(escpos.align(align));
    add(encodeText(text, page));
    add([LF]);
  };
  const rule = () => line('-'.repeat(cols));

  add(escpos.initialize());
  add(
    page === 'gb18030'
      ? escpos.chineseOn()
      : [...escpos.chineseOff(), ...escpos.codePage(CODE_PAGE_TABLE[page])],
  );
  // The drawer opens as printing starts, so the cashier makes change while paper feeds.
  if (options.kickDrawer && !options.reprint) add(escpos.drawerPulse(0, 100, 500));
  if (options.reprint) {
    add(escpos.bold(true));
    line(labels.reprint, 'center');
    add(escpos.bold(false));
  }
  add(escpos.bold(true));
  add(escpos.size(1, 2));
  for (const part of wrapText(receipt.store.name, cols, page)) line(part, 'center');
  add(escpos.size(1, 1));
  add(escpos.bold(false));
  if (receipt.store.address) line(receipt.store.address, 'center');
  if (receipt.store.phone) line(receipt.store.phone, 'center');
  line(`${labels.receiptNo}: ${receipt.receiptId}`);
  line(`${labels.register}: ${receipt.registerId}  ${labels.cashier}: ${receipt.cashier}`);
  line(`${labels.time}: ${localTime(receipt.soldAt, receipt.utcOffsetMinutes)}`);
  rule();
  flush();

  for (const item of receipt.lines) {
    for (const part of wrapText(item.name, cols, page)) line(part);
    line(
      leftRight(`  ${item.quantity} x ${money(item.unitPrice)}`, money(item.amount), cols, page),
    );
    for (const note of item.notes) {
      const text = `  * ${note.text}`;
      line(note.amount === undefined ? text : leftRight(text, money(note.amount), cols, page));
    }
    flush();
  }

  rule();
  line(leftRight(labels.subtotal, money(receipt.subtotal), cols, page));
  if (receipt.discount !== 0) line(leftRight(labels.discount, money(receipt.discount), cols, page));
  add(escpos.bold(true));
  add(escpos.size(1, 2));
  line(leftRight(labels.total, money(receipt.total), cols, page));
  add(escpos.size(1, 1));
  add(escpos.bold(false));
  for (const tax of receipt.taxes) {
    line(leftRight(`${labels.taxIncluded} ${tax.label}`, money(tax.tax), cols, page));
  }
  rule();
  for (const tender of receipt.tenders) {
    line(leftRight(tender.label, money(tender.amount), cols, page));
    for (const detail of tender.details ?? []) {
      for (const part of wrapText(`  ${detail}`, cols, page)) line(part);
    }
  }
  if (receipt.change !== 0) line(leftRight(labels.change, money(receipt.change), cols, page));
  flush();

  if (receipt.member) {
    rule();
    line(`${labels.member}: ${receipt.member.maskedCode}`);
    line(leftRight(labels.pointsEarned, String(receipt.member.earned), cols, page));
    line(leftRight(labels.pointsBalance, String(receipt.member.balance), cols, page));
  }
  rule();
  add(escpos.align('center'));
  add(
    escpos.qrCode(
      new TextEncoder().encode(receipt.invoiceQr ?? receipt.receiptId),
      options.paperWidth === 58 ? 5 : 6,
    ),
  );
  line(labels.invoiceHint, 'center');
  add(escpos.align('center'));
  add(escpos.code128(encodeAscii(receipt.receiptId)));
  add([LF]);
  for (const text of receipt.footer)
    for (const part of wrapText(text, cols, page)) line(part, 'center');
  add(escpos.align('left'));
  add(escpos.partialCutAfterFeed(4));
  flush();
  return blocks;
}

export function joinBlocks(blocks: readonly Uint8Array[]): Uint8Array {
  return joinParts(blocks);
}

function joinParts(parts: readonly (readonly number[] | Uint8Array)[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** CODE128 set B takes printable ASCII only: anything else would print a different id. */
function encodeAscii(text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`Receipt id is not printable ASCII: ${text}`);
  return new TextEncoder().encode(text);
}

function localTime(at: number, offsetMinutes: number): string {
  const iso = new Date(at + offsetMinutes * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
