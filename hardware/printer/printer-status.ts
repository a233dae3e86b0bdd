// DLE EOT real-time status: the three answers we ask for, read into one printer status.
import { escpos } from './escpos-commands';

export type PrinterStatus = Readonly<{
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperLow: boolean;
  /** Level of drawer connector pin 3: with the usual switch, high means the drawer is open. */
  drawerOpen: boolean;
}>;

/** What stops a print: the order is the one the cashier should fix first. */
export type PrinterFault = 'offline' | 'coverOpen' | 'paperOut';

/** We ask for printer (1), offline cause (2) and paper sensor (4) status, in that order. */
export const STATUS_QUERY = Uint8Array.from([
  ...escpos.status(1),
  ...escpos.status(2),
  ...escpos.status(4),
]);

/** Every DLE EOT answer has bit 1 and bit 4 set and bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export function readStatus(printer: number, offlineCause: number, paper: number): PrinterStatus {
  return {
    online: (printer & 0x08) === 0,
    drawerOpen: (printer & 0x04) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperLow: (paper & 0x0c) !== 0,
  };
}

export function faultOf(status: PrinterStatus): PrinterFault | undefined {
  if (status.coverOpen) return 'coverOpen';
  if (status.paperOut) return 'paperOut';
  if (!status.online) return 'offline';
  return undefined;
}

/** The answers a printer in this state gives (simulator). */
export function statusBytes(status: PrinterStatus): Readonly<Record<1 | 2 | 4, number>> {
  return {
    1: 0x12 | (status.online ? 0 : 0x08) | (status.drawerOpen ? 0x04 : 0),
    2: 0x12 | (status.coverOpen ? 0x04 : 0) | (status.paperOut ? 0x20 : 0),
    4: 0x12 | (status.paperLow ? 0x0c : 0) | (status.paperOut ? 0x60 : 0),
  };
}
