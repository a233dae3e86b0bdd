// Receipt preview for the screen and tests, rendered from the very bytes the printer gets.
import type { PrinterCodePage } from '../device/device-profile';
import { decodeEscPos, type PrintedItem } from './escpos-decoder';

/** An HTML fragment: one div per printed line, with markers for the QR, barcode, pulse and cut. */
export function previewReceiptHtml(
  bytes: Uint8Array,
  codePage: PrinterCodePage,
  columns: number,
): string {
  const rows = decodeEscPos(bytes, codePage).flatMap(rowFor);
  return [
    `<div class="receipt" style="font-family:monospace;white-space:pre;width:${columns}ch">`,
    ...rows,
    '</div>',
  ].join('\n');
}

function rowFor(item: PrintedItem): string[] {
  switch (item.type) {
    case 'line': {
      const style = [
        `text-align:${item.align}`,
        item.bold ? 'font-weight:bold' : '',
        item.doubleHeight ? 'font-size:200%' : '',
      ]
        .filter(Boolean)
        .join(';');
      return [`<div style="${style}">${escapeHtml(item.text) || '&nbsp;'}</div>`];
    }
    case 'qr':
      return [
        `<div class="qr" data-qr="${escapeHtml(item.data)}">[QR ${escapeHtml(item.data)}]</div>`,
      ];
    case 'barcode':
      return [
        `<div class="barcode" data-barcode="${escapeHtml(item.data)}">||| ${escapeHtml(item.data)} |||</div>`,
      ];
    case 'cut':
      return ['<hr class="cut">'];
    case 'pulse':
      return ['<div class="drawer">[drawer]</div>'];
    case 'feed':
      return Array.from({ length: Math.min(item.lines, 10) }, () => '<div>&nbsp;</div>');
    case 'initialize':
    case 'statusRequest':
    case 'unknown':
      return [];
    default:
      return item satisfies never;
  }
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
