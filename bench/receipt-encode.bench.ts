// receipt-encode: how many 50-line Chinese receipts per second our ESC/POS layout encodes (GB18030,
// 80 mm, QR, barcode, cut) against turning the same printed text into plain UTF-8 bytes.
import { decodeEscPos } from '../hardware/printer/escpos-decoder';
import { longReceipt } from '../hardware/printer/fixtures/sample-receipt';
import { joinBlocks, layoutReceipt } from '../hardware/printer/receipt-layout';
import type { Benchmark } from './harness';
import { interleavedMedians, ratePerSecond } from './stats';

const LINES = 50;

export const receiptEncode: Benchmark = {
  name: 'receipt-encode',
  description: '50-line Chinese receipt to ESC/POS (GB18030) vs the same text as UTF-8 bytes',
  run(context) {
    const rounds = context.quick ? 5 : 9;
    const seconds = context.quick ? 0.5 : 2;
    const receipt = longReceipt(LINES);
    const options = {
      paperWidth: 80,
      codePage: 'gb18030',
      reprint: false,
      kickDrawer: true,
    } as const;
    const encode = () => joinBlocks(layoutReceipt(receipt, options));
    const sample = encode();
    // The baseline gets exactly the text that ends up on paper.
    const text = decodeEscPos(sample, 'gb18030')
      .flatMap((item) => (item.type === 'line' ? [item.text] : []))
      .join('\n');
    let sink = 0;
    const ours = () =>
      ratePerSecond(() => {
        sink += encode().length;
      }, seconds);
    const baseline = () =>
      ratePerSecond(() => {
        sink += Buffer.from(text, 'utf8').length;
      }, seconds);

    context.log(`receipt-encode: ${rounds} interleaved rounds of ${seconds}s each`);
    const result = interleavedMedians(rounds, ours, baseline);
    if (sink === 0) throw new Error('nothing was encoded');
    const params = {
      lines: LINES,
      paperWidth: 80,
      codePage: 'gb18030',
      printedLines: text.split('\n').length,
      rounds,
      secondsPerRound: seconds,
      statistic: 'median of rounds',
    };
    return Promise.resolve([
      {
        metric: 'receipts_per_second',
        value: result.ours,
        unit: 'receipts/s',
        baseline: 'Buffer.from(same printed text, utf8) per second',
        baselineValue: result.baseline,
        params,
      },
      {
        metric: 'bytes_per_receipt',
        value: sample.length,
        unit: 'bytes',
        baseline: 'UTF-8 bytes of the same printed text',
        baselineValue: Buffer.byteLength(text, 'utf8'),
        params,
      },
    ]);
  },
};
