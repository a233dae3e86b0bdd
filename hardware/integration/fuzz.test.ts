// Random bytes into every parser: no crash, no hang, and every error carries a code and a message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCardSwipeDecoder } from '../card-reader/card-swipe';
import type { Decoded } from '../device/device-events';
import { createPoleDisplayReader } from '../display/pole-display';
import { createFrameDecoder } from '../payment/frame';
import { parseAnswer, parseRequest } from '../payment/terminal-messages';
import { createEscPosDecoder } from '../printer/escpos-decoder';
import { createScaleDecoder } from '../scale/scale-frame';
import { createHidPosScanDecoder } from '../scanner/hid-pos-decoder';
import { createSerialScanDecoder } from '../scanner/serial-scan-decoder';
import { createSensorDecoder } from '../sensor/environment-sensor';

const chunks = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 });
/** Bytes biased towards the control characters the parsers branch on. */
const nasty = fc.array(
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) =>
      bytes.map(
        (b) => [0x02, 0x03, 0x06, 0x0a, 0x0d, 0x10, 0x15, 0x1b, 0x1c, 0x1d, 0x28, b][b % 12] ?? b,
      ),
    ),
  { maxLength: 30 },
);

function checkErrors(out: readonly Decoded<unknown>[]): void {
  for (const item of out) {
    if (item.type === 'error') {
      expect(item.error.code).toMatch(/^[a-z][A-Za-z]*\.[A-Za-z]+$/);
      expect(item.error.message.length).toBeGreaterThan(10);
    }
  }
}

const inputDecoders = {
  'serial scanner': () =>
    createSerialScanDecoder({ suffix: '\r', aimPrefix: true, maxLength: 512 }),
  'HID POS scanner': () => createHidPosScanDecoder(),
  'card reader': () => createCardSwipeDecoder({ memberPrefixes: ['990086'] }),
  scale: () => createScaleDecoder(),
  sensor: () => createSensorDecoder(),
};

describe('fuzz', () => {
  for (const [name, make] of Object.entries(inputDecoders)) {
    it(`${name}: survives random bytes with clear errors`, () => {
      for (const arbitrary of [chunks, nasty]) {
        fc.assert(
          fc.property(arbitrary, (parts) => {
            const decoder = make();
            for (const part of parts) checkErrors(decoder.push(part));
          }),
          { numRuns: 200 },
        );
      }
    });
  }

  it('ESC/POS decoder: survives random bytes and gets back in step', () => {
    for (const arbitrary of [chunks, nasty]) {
      fc.assert(
        fc.property(arbitrary, (parts) => {
          const decoder = createEscPosDecoder('gb18030');
          for (const part of parts) decoder.push(part);
          // Enough bytes to complete the longest command (a QR store), then a marker line:
          // the decoder must be back in step and print it.
          decoder.push(new Uint8Array(7200));
          const tail = decoder.push(new TextEncoder().encode('\nEND\n'));
          expect(tail.at(-1)).toMatchObject({ type: 'line', text: 'END' });
        }),
        { numRuns: 100 },
      );
    }
  });

  it('terminal framing and messages: survive random bytes and text', () => {
    for (const arbitrary of [chunks, nasty]) {
      fc.assert(
        fc.property(arbitrary, (parts) => {
          const decoder = createFrameDecoder();
          for (const part of parts) {
            for (const unit of decoder.push(part)) {
              if (unit.type === 'frame') {
                parseRequest(unit.body);
                parseAnswer(unit.body);
              }
            }
          }
        }),
        { numRuns: 200 },
      );
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseRequest(text);
        parseAnswer(text);
      }),
    );
  });

  it('pole display reader: survives random bytes', () => {
    fc.assert(
      fc.property(nasty, (parts) => {
        const reader = createPoleDisplayReader();
        for (const part of parts) reader.push(part);
        expect(reader.lines().every((line) => line.length === 20)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
