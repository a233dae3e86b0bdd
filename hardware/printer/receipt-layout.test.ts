// Receipt layout decoded back to text: golden receipts for 58 and 80 mm, code pages, preview, chunking.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEscPosDecoder, decodeEscPos, type PrintedItem } from './escpos-decoder';
import { longReceipt, sampleReceipt } from './fixtures/sample-receipt';
import { EN_LABELS } from './receipt';
import { columnsFor, joinBlocks, layoutReceipt } from './receipt-layout';
import { previewReceiptHtml } from './receipt-preview';
import { textWidth, wrapText } from './receipt-text';

function render(items: readonly PrintedItem[]): string {
  return items
    .map((item) => {
      switch (item.type) {
        case 'line':
          return item.align === 'center' ? `^${item.text}` : item.text;
        case 'qr':
          return `[qr ${item.data}]`;
        case 'barcode':
          return `[${item.symbology} ${item.data}]`;
        case 'cut':
          return item.partial ? '[partial cut]' : '[cut]';
        case 'pulse':
          return `[drawer pin ${item.pin} ${item.onMs} ms]`;
        case 'feed':
          return `[feed ${item.lines}]`;
        case 'initialize':
          return '[init]';
        case 'statusRequest':
          return `[status ${item.n}]`;
        case 'unknown':
          return `[unknown ${item.byte}]`;
        default:
          return item satisfies never;
      }
    })
    .join('\n');
}

function golden(name: string): string {
  return readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8').trimEnd();
}

const cash80 = joinBlocks(
  layoutReceipt(sampleReceipt(), {
    paperWidth: 80,
    codePage: 'gb18030',
    reprint: false,
    kickDrawer: true,
  }),
);

describe('receipt layout', () => {
  it('matches the golden 80 mm cash receipt', () => {
    expect(render(decodeEscPos(cash80, 'gb18030'))).toBe(golden('sample-receipt-80mm.txt'));
  });

  it('matches the golden 58 mm reprint (marked, no drawer)', () => {
    const bytes = joinBlocks(
      layoutReceipt(sampleReceipt(), {
        paperWidth: 58,
        codePage: 'gb18030',
        reprint: true,
        kickDrawer: true,
      }),
    );
    expect(render(decodeEscPos(bytes, 'gb18030'))).toBe(golden('sample-receipt-58mm-reprint.txt'));
  });

  it('sends Chinese as GB18030 bytes (合 = 0xBA 0xCF)', () => {
    const at = cash80.findIndex((b, i) => b === 0xba && cash80[i + 1] === 0xcf);
    expect(at).toBeGreaterThan(0);
  });

  it('prints a Western receipt in code page 1252 with English labels', () => {
    const receipt = sampleReceipt({
      store: { name: 'Café Zürich' },
      lines: [{ name: 'Crème brûlée', quantity: '1', unitPrice: 650, amount: 650, notes: [] }],
      member: undefined,
      footer: [],
    });
    const bytes = joinBlocks(
      layoutReceipt(receipt, {
        paperWidth: 58,
        codePage: 'wpc1252',
        reprint: false,
        kickDrawer: false,
        labels: EN_LABELS,
      }),
    );
    const lines = decodeEscPos(bytes, 'pc437').flatMap((i) => (i.type === 'line' ? [i.text] : []));
    expect(lines).toContain('Café Zürich');
    expect(lines).toContain('Crème brûlée');
    expect(lines).toContain(`TOTAL${' '.repeat(22)}83.69`);
  });

  it('decodes the same whatever the chunking (property)', () => {
    const whole = render(decodeEscPos(cash80, 'gb18030'));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: cash80.length }), { maxLength: 40 }),
        (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const decoder = createEscPosDecoder('gb18030');
          const items: PrintedItem[] = [];
          let from = 0;
          for (const point of [...points, cash80.length]) {
            items.push(...decoder.push(cash80.subarray(from, point)));
            from = point;
          }
          expect(render(items)).toBe(whole);
        },
      ),
    );
  });

  it('fits a 50-line receipt on both widths with CJK counted double', () => {
    for (const width of [58, 80] as const) {
      const bytes = joinBlocks(
        layoutReceipt(longReceipt(50), {
          paperWidth: width,
          codePage: 'gb18030',
          reprint: false,
          kickDrawer: false,
        }),
      );
      const lines = decodeEscPos(bytes, 'gb18030').flatMap((i) =>
        i.type === 'line' ? [i.text] : [],
      );
      expect(lines.length).toBeGreaterThan(100);
      for (const line of lines)
        expect(textWidth(line, 'gb18030')).toBeLessThanOrEqual(columnsFor(width));
    }
  });

  it('wraps without splitting a wide character', () => {
    expect(wrapText('一二三四五', 5, 'gb18030')).toEqual(['一二', '三四', '五']);
    expect(wrapText('ab一', 3, 'gb18030')).toEqual(['ab', '一']);
  });

  it('previews the same bytes as HTML', () => {
    const html = previewReceiptHtml(cash80, 'gb18030', 48);
    expect(html).toContain('鲜丰超市 (滨江店)');
    expect(html).toContain('data-qr="R20261124-0042-000731"');
    expect(html).toContain('<hr class="cut">');
    expect(html).toContain('[drawer]');
    expect(previewReceiptHtml(Uint8Array.from([0x3c, 0x62, 0x3e, 0x0a]), 'pc437', 32)).toContain(
      '&lt;b&gt;',
    );
  });
});
