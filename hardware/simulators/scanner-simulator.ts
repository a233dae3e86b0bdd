// A barcode scanner in software: serial (code + suffix, optional AIM id) or HID POS reports.
import type { ByteTransport } from '../transport/byte-transport';
import { hidPosReports } from '../scanner/hid-pos-decoder';

export type ScannerSimulatorOptions = Readonly<{
  transport: ByteTransport;
  mode: 'serial' | 'hidPos';
  suffix?: string;
  /** Serial scanners set to send the AIM id first. */
  sendAimId?: boolean;
}>;

export function createScannerSimulator(options: ScannerSimulatorOptions) {
  const { transport } = options;
  return {
    start: () => transport.open(),
    stop: () => transport.close(),
    /** One trigger pull: the code as the scanner would send it. */
    async scan(code: string, aimId = ']E0'): Promise<void> {
      if (options.mode === 'hidPos') {
        for (const report of hidPosReports(code, aimId)) await transport.write(report);
        return;
      }
      const text = `${options.sendAimId ? aimId : ''}${code}${options.suffix ?? '\r'}`;
      await transport.write(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
    },
  };
}
