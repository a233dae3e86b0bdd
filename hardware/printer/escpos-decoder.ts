// Reads ESC/POS bytes back into printed lines and events: the printer simulator and the preview use it.
import type { PrinterCodePage } from '../device/device-profile';
import { DC4, DLE, EOT, ESC, FS, GS, LF, type Align } from './escpos-commands';
import { decodeText } from './receipt-text';

export type PrintedItem =
  | Readonly<{ type: 'line'; text: string; align: Align; bold: boolean; doubleHeight: boolean }>
  | Readonly<{ type: 'cut'; partial: boolean }>
  | Readonly<{ type: 'pulse'; pin: number; onMs: number; realTime: boolean }>
  | Readonly<{ type: 'qr'; data: string }>
  | Readonly<{ type: 'barcode'; symbology: 'code128' | 'other'; data: string }>
  | Readonly<{ type: 'feed'; lines: number }>
  | Readonly<{ type: 'initialize' }>
  | Readonly<{ type: 'statusRequest'; n: number }>
  /** A byte we do not understand: skipped, so one bad byte never swallows the receipt. */
  | Readonly<{ type: 'unknown'; byte: number }>;

export interface EscPosDecoder {
  push(chunk: Uint8Array): PrintedItem[];
}

type Step = Readonly<{ consumed: number; items: readonly PrintedItem[] }> | 'incomplete';

const ALIGNS: readonly Align[] = ['left', 'center', 'right'];
/** A QR store command longer than this is garbage, not a receipt. */
const MAX_QR_BYTES = 7089;

export function createEscPosDecoder(defaultCodePage: PrinterCodePage): EscPosDecoder {
  let pending = new Uint8Array(0);
  let text: number[] = [];
  let chinese = defaultCodePage === 'gb18030';
  let singleBytePage: PrinterCodePage = defaultCodePage === 'gb18030' ? 'pc437' : defaultCodePage;
  let align: Align = 'left';
  let bold = false;
  let doubleHeight = false;
  let qrData = new Uint8Array(0);

  function endLine(): PrintedItem {
    const page: PrinterCodePage = chinese ? 'gb18030' : singleBytePage;
    const line = decodeText(Uint8Array.from(text), page);
    text = [];
    return { type: 'line', text: line, align, bold, doubleHeight };
  }

  function step(buf: Uint8Array, i: number): Step {
    const b = buf[i] ?? 0;
    const need = (n: number) => i + n <= buf.length;
    const at = (k: number) => buf[i + k] ?? 0;
    if (b === LF) return { consumed: 1, items: [endLine()] };
    if (b === 0x0d) return { consumed: 1, items: [] };
    if (b === ESC) {
      if (!need(2)) return 'incomplete';
      switch (at(1)) {
        case 0x40:
          text = [];
          align = 'left';
          bold = false;
          doubleHeight = false;
          chinese = defaultCodePage === 'gb18030';
          return { consumed: 2, items: [{ type: 'initialize' }] };
        case 0x61:
          if (!need(3)) return 'incomplete';
          align = ALIGNS[at(2) % 48] ?? 'left';
          return { consumed: 3, items: [] };
        case 0x45:
          if (!need(3)) return 'incomplete';
          bold = (at(2) & 1) === 1;
          return { consumed: 3, items: [] };
        case 0x21:
          if (!need(3)) return 'incomplete';
          doubleHeight = (at(2) & 0x10) !== 0;
          return { consumed: 3, items: [] };
        case 0x74:
          if (!need(3)) return 'incomplete';
          singleBytePage = at(2) === 16 ? 'wpc1252' : 'pc437';
          return { consumed: 3, items: [] };
        case 0x64:
        case 0x4a:
          if (!need(3)) return 'incomplete';
          return { consumed: 3, items: [{ type: 'feed', lines: at(1) === 0x64 ? at(2) : 1 }] };
        case 0x70:
          if (!need(5)) return 'incomplete';
          return {
            consumed: 5,
            items: [{ type: 'pulse', pin: at(2) & 1, onMs: at(3) * 2, realTime: false }],
          };
        default:
          return { consumed: 2, items: [{ type: 'unknown', byte: at(1) }] };
      }
    }
    if (b === GS) {
      if (!need(2)) return 'incomplete';
      switch (at(1)) {
        case 0x21:
          if (!need(3)) return 'incomplete';
          doubleHeight = (at(2) & 0x0f) > 0;
          return { consumed: 3, items: [] };
        case 0x56: {
          if (!need(3)) return 'incomplete';
          const m = at(2);
          const withFeed = m === 65 || m === 66;
          if (withFeed && !need(4)) return 'incomplete';
          const partial = m === 1 || m === 49 || m === 66;
          const items: PrintedItem[] = withFeed ? [{ type: 'feed', lines: at(3) }] : [];
          return { consumed: withFeed ? 4 : 3, items: [...items, { type: 'cut', partial }] };
        }
        case 0x68:
        case 0x77:
        case 0x48:
        case 0x66:
          if (!need(3)) return 'incomplete';
          return { consumed: 3, items: [] };
        case 0x6b:
          return barcode(buf, i);
        case 0x28:
          return functionBlock(buf, i);
        default:
          return { consumed: 2, items: [{ type: 'unknown', byte: at(1) }] };
      }
    }
    if (b === FS) {
      if (!need(2)) return 'incomplete';
      if (at(1) === 0x26) chinese = true;
      else if (at(1) === 0x2e) chinese = false;
      else return { consumed: 2, items: [{ type: 'unknown', byte: at(1) }] };
      return { consumed: 2, items: [] };
    }
    if (b === DLE) {
      if (!need(2)) return 'incomplete';
      if (at(1) === EOT) {
        if (!need(3)) return 'incomplete';
        return { consumed: 3, items: [{ type: 'statusRequest', n: at(2) }] };
      }
      if (at(1) === DC4) {
        if (!need(5)) return 'incomplete';
        return {
          consumed: 5,
          items: [{ type: 'pulse', pin: at(3) & 1, onMs: at(4) * 100, realTime: true }],
        };
      }
      return { consumed: 2, items: [{ type: 'unknown', byte: at(1) }] };
    }
    if (b < 0x20 && b !== 0x09) return { consumed: 1, items: [{ type: 'unknown', byte: b }] };
    text.push(b);
    return { consumed: 1, items: [] };
  }

  function barcode(buf: Uint8Array, i: number): Step {
    if (i + 3 > buf.length) return 'incomplete';
    const m = buf[i + 2] ?? 0;
    if (m <= 6) {
      // Function A: data up to a NUL.
      const end = buf.indexOf(0, i + 3);
      if (end < 0) return buf.length - i > 256 ? { consumed: 3, items: [] } : 'incomplete';
      const data = String.fromCharCode(...buf.subarray(i + 3, end));
      return { consumed: end + 1 - i, items: [{ type: 'barcode', symbology: 'other', data }] };
    }
    if (i + 4 > buf.length) return 'incomplete';
    const n = buf[i + 3] ?? 0;
    if (i + 4 + n > buf.length) return 'incomplete';
    let data = String.fromCharCode(...buf.subarray(i + 4, i + 4 + n));
    // CODE128 data starts with its code set ("{B"): the printed id is what follows.
    if (m === 73 && data.startsWith('{')) data = data.slice(2);
    const symbology = m === 73 ? 'code128' : 'other';
    return { consumed: 4 + n, items: [{ type: 'barcode', symbology, data }] };
  }

  function functionBlock(buf: Uint8Array, i: number): Step {
    if (i + 5 > buf.length) return 'incomplete';
    const size = (buf[i + 3] ?? 0) + ((buf[i + 4] ?? 0) << 8);
    if (buf[i + 2] !== 0x6b || size > MAX_QR_BYTES + 3) {
      return { consumed: 3, items: [{ type: 'unknown', byte: buf[i + 2] ?? 0 }] };
    }
    if (i + 5 + size > buf.length) return 'incomplete';
    const body = buf.subarray(i + 5, i + 5 + size);
    const fn = body[1];
    if (fn === 0x50) qrData = Uint8Array.from(body.subarray(3));
    if (fn === 0x51) {
      return {
        consumed: 5 + size,
        items: [{ type: 'qr', data: new TextDecoder().decode(qrData) }],
      };
    }
    return { consumed: 5 + size, items: [] };
  }

  return {
    push(chunk) {
      const buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
      const items: PrintedItem[] = [];
      let i = 0;
      while (i < buf.length) {
        const result = step(buf, i);
        if (result === 'incomplete') break;
        items.push(...result.items);
        i += result.consumed;
      }
      pending = buf.slice(i);
      return items;
    },
  };
}

/** Decodes a whole byte stream at once (preview, tests). */
export function decodeEscPos(bytes: Uint8Array, codePage: PrinterCodePage): PrintedItem[] {
  return createEscPosDecoder(codePage).push(bytes);
}
