// A scanner on any transport: every scan goes out with app/barcode's reading of it attached.
import { parseBarcode, type BarcodeOptions } from '../../app/barcode';
import type { PosDevice } from '../device/pos-device';
import type { Unsubscribe } from '../transport/byte-transport';
import type { ScanData } from './symbology';

/** A scan plus what the parser made of it; the parser is injected so drivers stay testable. */
export type ParsedScan<P> = Readonly<{ scan: ScanData; parsed: P; at: number }>;

export type ScanParser<P> = (scan: ScanData) => P;

/** The register's parser: app/barcode reads the AIM id itself, so it gets it back in front. */
export function barcodeParser(
  options: BarcodeOptions = {},
): ScanParser<ReturnType<typeof parseBarcode>> {
  return (scan) => parseBarcode(`${scan.aimId}${scan.raw}`, options);
}

export function listenForScans<P>(
  device: PosDevice<ScanData>,
  parse: ScanParser<P>,
  onScan: (scan: ParsedScan<P>) => void,
): Unsubscribe {
  return device.on((event) => {
    if (event.type !== 'data') return;
    onScan({ scan: event.data, parsed: parse(event.data), at: event.at });
  });
}
