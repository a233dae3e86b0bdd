// The customer pole display (2 lines × 20, Epson-style command set): what the customer sees at the till.
import type { Result } from '../../app/result';
import type { PosDevice } from '../device/pos-device';

export const DISPLAY_COLUMNS = 20;
const CLEAR = 0x0c;
const ESC = 0x1b;
const CR = 0x0d;

/** Pole displays have an ASCII font only: anything else shows as "?" rather than garbage. */
function fit(text: string): number[] {
  const chars = [...text].slice(0, DISPLAY_COLUMNS).map((c) => {
    const code = c.codePointAt(0) ?? 0x3f;
    return code >= 0x20 && code <= 0x7e ? code : 0x3f;
  });
  while (chars.length < DISPLAY_COLUMNS) chars.push(0x20);
  return chars;
}

/** CLR, then ESC Q A <upper line> CR and ESC Q B <lower line> CR. */
export function displayBytes(top: string, bottom: string): Uint8Array {
  return Uint8Array.from([
    CLEAR,
    ESC,
    0x51,
    0x41,
    ...fit(top),
    CR,
    ESC,
    0x51,
    0x42,
    ...fit(bottom),
    CR,
  ]);
}

/** Label left, amount right: "TOTAL          83.69". */
export function labelled(label: string, value: string): string {
  const room = Math.max(0, DISPLAY_COLUMNS - value.length - 1);
  const left = label.slice(0, room);
  return `${left}${' '.repeat(DISPLAY_COLUMNS - left.length - value.length)}${value}`;
}

export function showOnPole(
  device: PosDevice<never>,
  top: string,
  bottom: string,
): Promise<Result<void>> {
  return device.write(displayBytes(top, bottom));
}

/** Reads display commands back into its two lines (simulator, tests). */
export function createPoleDisplayReader(): {
  push(chunk: Uint8Array): void;
  lines(): readonly [string, string];
} {
  const lines: [string, string] = [' '.repeat(DISPLAY_COLUMNS), ' '.repeat(DISPLAY_COLUMNS)];
  let pending: number[] = [];
  return {
    push(chunk) {
      for (const byte of chunk) pending.push(byte);
      for (;;) {
        const start = pending.findIndex((b) => b === CLEAR || b === ESC);
        if (start < 0) {
          pending = [];
          return;
        }
        pending = pending.slice(start);
        if (pending[0] === CLEAR) {
          lines[0] = ' '.repeat(DISPLAY_COLUMNS);
          lines[1] = ' '.repeat(DISPLAY_COLUMNS);
          pending = pending.slice(1);
          continue;
        }
        const end = pending.indexOf(CR);
        if (end < 0) {
          // Keep waiting, but never for longer than one line could be.
          if (pending.length > DISPLAY_COLUMNS + 4) pending = pending.slice(1);
          return;
        }
        const row = pending[1] === 0x51 ? pending[2] : undefined;
        const text = String.fromCharCode(...pending.slice(3, end))
          .padEnd(DISPLAY_COLUMNS)
          .slice(0, DISPLAY_COLUMNS);
        if (row === 0x41) lines[0] = text;
        if (row === 0x42) lines[1] = text;
        pending = pending.slice(end + 1);
      }
    },
    lines: () => [lines[0], lines[1]],
  };
}
