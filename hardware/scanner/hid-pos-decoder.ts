// USB HID POS scanners (usage page 0x8C): scanned-data reports with an AIM id and continuation.
import type { Decoded, InputDecoder } from '../device/device-events';
import { bytesToScanText, symbologyFromAim, type ScanData } from './symbology';

/**
 * The scanned-data input report of the HID POS usage tables (report id 0x02, 64 bytes):
 *   [0] report id · [1] data length in this report · [2..4] AIM symbology id ·
 *   [5..60] data (56 bytes) · [61..62] reserved · [63] bit 0 = more data follows.
 * A code longer than 56 bytes arrives as several reports; only the last has bit 0 clear.
 */
export const HID_POS_SCAN_REPORT = {
  reportId: 0x02,
  length: 64,
  dataOffset: 5,
  dataCapacity: 56,
  flagsOffset: 63,
} as const;

/** Enough for any 2-D code a till should see; beyond it the scanner is misbehaving. */
const MAX_SCAN_BYTES = 8192;

export function createHidPosScanDecoder(): InputDecoder<ScanData> {
  let pending: number[] = [];
  let aimId = '';

  return {
    push(report) {
      const r = HID_POS_SCAN_REPORT;
      // Other report ids (status, feature answers) are not scans.
      if (report.length === 0 || report[0] !== r.reportId) return [];
      if (report.length < r.length) {
        pending = [];
        return [malformed(`a ${report.length}-byte report (expected ${r.length})`)];
      }
      const size = report[1] ?? 0;
      if (size > r.dataCapacity) {
        pending = [];
        return [malformed(`a data length of ${size}`)];
      }
      if (pending.length === 0) aimId = bytesToScanText(report.subarray(2, 5));
      for (const byte of report.subarray(r.dataOffset, r.dataOffset + size)) pending.push(byte);
      if (pending.length > MAX_SCAN_BYTES) {
        pending = [];
        return [malformed('a scan longer than 8 KB')];
      }
      const more = ((report[r.flagsOffset] ?? 0) & 0x01) === 1;
      if (more) return [];
      const raw = bytesToScanText(Uint8Array.from(pending));
      pending = [];
      if (raw.length === 0) return [];
      return [{ type: 'data', data: { raw, symbology: symbologyFromAim(aimId), aimId } }];
    },
    reset() {
      pending = [];
      aimId = '';
    },
  };
}

function malformed(what: string): Decoded<ScanData> {
  return {
    type: 'error',
    error: {
      code: 'scanner.badReport',
      message: `The scanner sent ${what}. Set it to HID POS mode or replug it.`,
    },
  };
}

/** Builds the reports a HID POS scanner sends for one code (fixtures and the simulator). */
export function hidPosReports(raw: string, aimId: string): Uint8Array[] {
  const r = HID_POS_SCAN_REPORT;
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff);
  const reports: Uint8Array[] = [];
  for (let start = 0; start < bytes.length || start === 0; start += r.dataCapacity) {
    const part = bytes.subarray(start, start + r.dataCapacity);
    const report = new Uint8Array(r.length);
    report[0] = r.reportId;
    report[1] = part.length;
    report.set(
      Uint8Array.from(aimId.padEnd(3, '\0').slice(0, 3), (c) => c.charCodeAt(0)),
      2,
    );
    report.set(part, r.dataOffset);
    report[r.flagsOffset] = start + r.dataCapacity < bytes.length ? 1 : 0;
    reports.push(report);
    if (bytes.length === 0) break;
  }
  return reports;
}
