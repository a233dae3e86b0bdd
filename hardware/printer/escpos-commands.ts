// The ESC/POS commands our receipts use, as bytes (Epson's command reference; common to Chinese clones).

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const DC4 = 0x14;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };

export const escpos = {
  initialize: () => [ESC, 0x40],
  /** FS &: double-byte (Chinese) mode, the printer reads GB18030 from here on. */
  chineseOn: () => [FS, 0x26],
  /** FS .: back to single-byte text in the selected code page. */
  chineseOff: () => [FS, 0x2e],
  codePage: (table: number) => [ESC, 0x74, table],
  align: (align: Align) => [ESC, 0x61, ALIGN_CODE[align]],
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  /** GS !: width and height multipliers 1–8 (we use 1–2). */
  size: (width: number, height: number) => [GS, 0x21, ((width - 1) << 4) | (height - 1)],
  feed: (lines: number) => [ESC, 0x64, lines],
  /** GS V 66 n: feed n lines so the cut clears the last line, then a partial cut. */
  partialCutAfterFeed: (lines: number) => [GS, 0x56, 66, lines],
  /** ESC p m t1 t2: pulse on drawer pin m for t1×2 ms on, t2×2 ms off. */
  drawerPulse: (pin: 0 | 1, onMs: number, offMs: number) => [
    ESC,
    0x70,
    pin,
    Math.min(255, Math.round(onMs / 2)),
    Math.min(255, Math.round(offMs / 2)),
  ],
  /** DLE DC4 1 m t: real-time pulse, still executed while the printer is out of paper. */
  realTimeDrawerPulse: (pin: 0 | 1, onHundredMs: number) => [DLE, DC4, 1, pin, onHundredMs],
  /** DLE EOT n: real-time status; 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
  status: (n: 1 | 2 | 3 | 4) => [DLE, EOT, n],
  qrCode(data: Uint8Array, moduleSize: number): number[] {
    const storeLength = data.length + 3;
    return [
      // Model 2, module size, error correction M, store the data, print it.
      ...[GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
      ...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, moduleSize],
      ...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
      ...[GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30, ...data],
      ...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
    ];
  },
  /** CODE128 in code set B, human-readable text below, 60 dots high. */
  code128(data: Uint8Array): number[] {
    const body = [0x7b, 0x42, ...data];
    return [GS, 0x68, 60, GS, 0x77, 2, GS, 0x48, 2, GS, 0x6b, 73, body.length, ...body];
  },
} as const;
