// A receipt printer in software: decodes ESC/POS into lines and events, answers DLE EOT, fails on cue.
import type { PrinterCodePage } from '../device/device-profile';
import type { ByteTransport } from '../transport/byte-transport';
import { createEscPosDecoder, type PrintedItem } from '../printer/escpos-decoder';
import { statusBytes, type PrinterStatus } from '../printer/printer-status';

export type PrinterSimulatorOptions = Readonly<{
  transport: ByteTransport;
  codePage: PrinterCodePage;
  /** The roll ends after this many printed lines (counted from start or the last reload). */
  paperOutAfterLines?: number;
  /** The cable is pulled right after this many lines (first time only). */
  unplugAfterLines?: number;
}>;

export interface PrinterSimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** What reached paper (plus pulses and cuts), in order. */
  printed(): readonly PrintedItem[];
  lines(): readonly string[];
  pulses(): number;
  /** Bytes that arrived while the printer could not print: lost, as on a real printer. */
  dropped(): number;
  loadPaper(linesOnRoll?: number): void;
  runOutOfPaper(): void;
  /** The cashier pushes the drawer shut (the pulse opened it). */
  closeDrawer(): void;
  openCover(): void;
  closeCover(): void;
  /** Switched off: takes nothing and answers nothing. */
  setOffline(offline: boolean): void;
  /** Pulls the cable: the transport closes under both ends. */
  unplug(): Promise<void>;
  status(): PrinterStatus;
}

export function createPrinterSimulator(options: PrinterSimulatorOptions): PrinterSimulator {
  const { transport } = options;
  const decoder = createEscPosDecoder(options.codePage);
  const printed: PrintedItem[] = [];
  let linesLeft = options.paperOutAfterLines ?? Number.POSITIVE_INFINITY;
  let coverOpen = false;
  let offline = false;
  let drawerOpen = false;
  let dropped = 0;
  let linesPrinted = 0;
  let off: (() => void) | undefined;

  const status = (): PrinterStatus => ({
    online: !offline && !coverOpen && linesLeft > 0,
    coverOpen,
    paperOut: linesLeft <= 0,
    paperLow: linesLeft > 0 && linesLeft < 10,
    drawerOpen,
  });

  function answer(n: number): void {
    const bytes = statusBytes(status());
    const byte = n === 1 || n === 2 || n === 4 ? bytes[n] : 0x12;
    void transport.write(Uint8Array.of(byte)).catch(() => undefined);
  }

  function take(item: PrintedItem): void {
    const canPrint = !offline && !coverOpen && linesLeft > 0;
    switch (item.type) {
      case 'statusRequest':
        // Real-time: answered even while the printer cannot print.
        answer(item.n);
        return;
      case 'pulse':
        if (item.realTime ? !offline : canPrint) {
          printed.push(item);
          drawerOpen = true;
        }
        return;
      case 'line':
        if (!canPrint) {
          dropped += 1;
          return;
        }
        printed.push(item);
        linesLeft -= 1;
        linesPrinted += 1;
        if (linesPrinted === options.unplugAfterLines) void simulator.unplug();
        return;
      case 'cut':
      case 'qr':
      case 'barcode':
      case 'feed':
      case 'initialize':
      case 'unknown':
        if (canPrint) printed.push(item);
        else dropped += 1;
        return;
      default:
        item satisfies never;
    }
  }

  const simulator: PrinterSimulator = {
    async start() {
      // Started again after a replug: one listener, not two.
      off ??= transport.onData((chunk) => {
        if (offline) return;
        for (const item of decoder.push(chunk)) take(item);
      });
      await transport.open();
    },
    async stop() {
      off?.();
      off = undefined;
      await transport.close();
    },
    printed: () => printed,
    lines: () => printed.flatMap((item) => (item.type === 'line' ? [item.text] : [])),
    pulses: () => printed.filter((item) => item.type === 'pulse').length,
    dropped: () => dropped,
    loadPaper(linesOnRoll = Number.POSITIVE_INFINITY) {
      linesLeft = linesOnRoll;
    },
    runOutOfPaper() {
      linesLeft = 0;
    },
    closeDrawer() {
      drawerOpen = false;
    },
    openCover() {
      coverOpen = true;
    },
    closeCover() {
      coverOpen = false;
    },
    setOffline(value) {
      offline = value;
    },
    async unplug() {
      off?.();
      off = undefined;
      await transport.close();
    },
    status,
  };
  return simulator;
}
