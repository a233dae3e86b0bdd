// Serial and HID POS scanners: golden streams, re-chunking, continuation reports, injected parsing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../device/clock';
import type { Decoded } from '../device/device-events';
import { createPosDevice } from '../device/pos-device';
import { createMemoryPair } from '../transport/memory-transport';
import { createHidPosScanDecoder, hidPosReports } from './hid-pos-decoder';
import { barcodeParser, listenForScans, type ParsedScan } from './scanner';
import { createSerialScanDecoder } from './serial-scan-decoder';
import type { ScanData } from './symbology';

const GS1 =
  '01' +
  '0950600013435217271231' +
  '10ABC123\x1d21SERIAL0123456789\x1d3103000750\x1d400PO-2026-1124-REF-NUMBER';

function fixtureReports(): Uint8Array[] {
  const text = readFileSync(
    path.join(import.meta.dirname, 'fixtures', 'hid-pos-reports.hex'),
    'utf8',
  );
  return text
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => Uint8Array.from(Buffer.from(line, 'hex')));
}

function data(decoded: readonly Decoded<ScanData>[]): ScanData[] {
  return decoded.flatMap((d) => (d.type === 'data' ? [d.data] : []));
}

const SERIAL_STREAM = Buffer.from(']E06901234567892\r]C1' + GS1 + '\r]E496385074\r', 'latin1');

describe('serial scanner', () => {
  const expected: ScanData[] = [
    { raw: '6901234567892', symbology: 'ean13', aimId: ']E0' },
    { raw: GS1, symbology: 'gs1-128', aimId: ']C1' },
    { raw: '96385074', symbology: 'ean8', aimId: ']E4' },
  ];

  it('splits scans at the suffix and reads the AIM id', () => {
    const decoder = createSerialScanDecoder({ suffix: '\r', aimPrefix: true });
    expect(data(decoder.push(SERIAL_STREAM))).toEqual(expected);
  });

  it('gives the same scans however the port chunks the stream (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: SERIAL_STREAM.length })), (cuts) => {
        const decoder = createSerialScanDecoder({ suffix: '\r', aimPrefix: true });
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const out: ScanData[] = [];
        let from = 0;
        for (const point of [...points, SERIAL_STREAM.length]) {
          out.push(...data(decoder.push(SERIAL_STREAM.subarray(from, point))));
          from = point;
        }
        expect(out).toEqual(expected);
      }),
    );
  });

  it('takes a multi-byte suffix split across chunks, and no AIM id when not configured', () => {
    const decoder = createSerialScanDecoder({ suffix: '\r\n' });
    expect(data(decoder.push(Buffer.from('6901234567892\r')))).toEqual([]);
    expect(data(decoder.push(Buffer.from('\n')))).toEqual([
      { raw: '6901234567892', symbology: 'unknown', aimId: '' },
    ]);
  });

  it('reports noise once and recovers at the next suffix', () => {
    const decoder = createSerialScanDecoder({ suffix: '\r', maxLength: 20 });
    const out = decoder.push(Buffer.from(`${'x'.repeat(50)}\r12345678\r`));
    expect(out.map((d) => d.type)).toEqual(['error', 'data']);
    expect(data(out)).toEqual([{ raw: '12345678', symbology: 'unknown', aimId: '' }]);
  });
});

describe('HID POS scanner', () => {
  it('reads the recorded reports, joining continuation reports and ignoring other report ids', () => {
    const decoder = createHidPosScanDecoder();
    const scans = fixtureReports().flatMap((report) => data(decoder.push(report)));
    expect(scans).toEqual([
      { raw: '6901234567892', symbology: 'ean13', aimId: ']E0' },
      { raw: GS1, symbology: 'gs1DataMatrix', aimId: ']d2' },
    ]);
  });

  it('builds the same reports the fixtures hold', () => {
    const recorded = fixtureReports();
    expect(hidPosReports('6901234567892', ']E0')).toEqual(recorded.slice(0, 1));
    expect(hidPosReports(GS1, ']d2')).toEqual(recorded.slice(1, 3));
  });

  it('refuses a short report or an impossible length with a clear error', () => {
    const decoder = createHidPosScanDecoder();
    expect(decoder.push(Uint8Array.of(2, 5, 0x5d))[0]).toMatchObject({
      type: 'error',
      error: { code: 'scanner.badReport' },
    });
    const bad = new Uint8Array(64);
    bad[0] = 2;
    bad[1] = 200;
    expect(decoder.push(bad)[0]).toMatchObject({ type: 'error' });
  });
});

describe('scanner device', () => {
  it('delivers parsed scans only while enabled', async () => {
    const pair = createMemoryPair('scanner');
    await pair.device.open();
    const device = createPosDevice<ScanData>({
      name: 'scanner',
      transport: pair.register,
      decoder: createSerialScanDecoder({ suffix: '\r' }),
      clock: systemClock,
      logger: silentLogger,
    });
    const scans: ParsedScan<number>[] = [];
    listenForScans(
      device,
      (scan) => scan.raw.length,
      (scan) => scans.push(scan),
    );
    await device.open();
    device.claim();
    await pair.device.write(Buffer.from('11111111\r'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(scans).toEqual([]);
    device.enable();
    await pair.device.write(Buffer.from('6901234567892\r'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(scans.map((s) => [s.scan.raw, s.parsed])).toEqual([['6901234567892', 13]]);
  });
});

describe('scans through app/barcode', () => {
  it('parses a GTIN and a GS1 DataMatrix with its AIM id put back', () => {
    const parse = barcodeParser();
    expect(parse({ raw: '6901234567892', symbology: 'ean13', aimId: ']E0' })).toMatchObject({
      ok: true,
      value: { kind: 'gtin', gtin: '6901234567892' },
    });
    const gs1 = parse({ raw: GS1, symbology: 'gs1DataMatrix', aimId: ']d2' });
    expect(gs1).toMatchObject({ ok: true, value: { kind: 'gs1' } });
    expect(parse({ raw: '6901234567890', symbology: 'ean13', aimId: ']E0' }).ok).toBe(false);
  });
});
