// Serial scanners: bytes up to a configured suffix make one scan, however the port chunks them.
import type { Decoded, InputDecoder } from '../device/device-events';
import { bytesToScanText, symbologyFromAim, type ScanData } from './symbology';

export type SerialScanOptions = Readonly<{
  /** The scanner's configured terminator, "\r" by factory default on most models. */
  suffix: string;
  /** The scanner is set to send the AIM id before the data. */
  aimPrefix?: boolean;
  /** A line longer than this is noise (wrong baud rate): dropped with an error. */
  maxLength?: number;
}>;

export function createSerialScanDecoder(options: SerialScanOptions): InputDecoder<ScanData> {
  if (options.suffix.length === 0) throw new Error('A serial scanner needs a suffix');
  const suffix = Uint8Array.from(options.suffix, (c) => c.charCodeAt(0) & 0xff);
  const maxLength = options.maxLength ?? 4096;
  let buffer: number[] = [];
  // After an overlong line, skip to the next suffix instead of reporting its tail as a scan.
  let discarding = false;

  function endsWithSuffix(): boolean {
    if (buffer.length < suffix.length) return false;
    const start = buffer.length - suffix.length;
    return suffix.every((byte, i) => buffer[start + i] === byte);
  }

  return {
    push(chunk) {
      const out: Decoded<ScanData>[] = [];
      for (const byte of chunk) {
        buffer.push(byte);
        if (endsWithSuffix()) {
          const body = Uint8Array.from(buffer.slice(0, buffer.length - suffix.length));
          buffer = [];
          if (discarding) {
            discarding = false;
            continue;
          }
          if (body.length === 0) continue;
          out.push(toScan(body, options.aimPrefix ?? false));
        } else if (buffer.length > maxLength + suffix.length) {
          buffer = [];
          if (!discarding) {
            out.push({
              type: 'error',
              error: {
                code: 'scanner.noise',
                message: 'The scanner sent unreadable data. Check its cable and baud rate.',
              },
            });
          }
          discarding = true;
        }
      }
      return out;
    },
    reset() {
      buffer = [];
      discarding = false;
    },
  };
}

function toScan(body: Uint8Array, aimPrefix: boolean): Decoded<ScanData> {
  const text = bytesToScanText(body);
  if (aimPrefix && text.length > 3 && text.startsWith(']')) {
    const aimId = text.slice(0, 3);
    return {
      type: 'data',
      data: { raw: text.slice(3), symbology: symbologyFromAim(aimId), aimId },
    };
  }
  return { type: 'data', data: { raw: text, symbology: 'unknown', aimId: '' } };
}
