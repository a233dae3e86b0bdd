// Weighing-scale frames ("ST,GS,+  1.234kg"): stable, unstable or overload, read as integer grams.
import type { Decoded, InputDecoder } from '../device/device-events';

export type ScaleReading =
  | Readonly<{ state: 'stable' | 'unstable'; grams: number; net: boolean }>
  | Readonly<{ state: 'overload' }>;

const FRAME = /^(ST|US|OL),(GS|NT),([+-])\s*(\d{1,6}(?:\.\d{1,3})?)\s*(kg|g)$/;

/** Decimal text to integer grams without floats: "1.234" kg is 1234 g exactly. */
function toGrams(number: string, unit: string): number {
  const [whole = '0', fraction = ''] = number.split('.');
  if (unit === 'g') return Number(whole);
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

export function readScaleFrame(line: string): ScaleReading | undefined {
  const match = FRAME.exec(line.trim());
  if (!match) return undefined;
  const [, head, kind, sign, number = '0', unit = 'kg'] = match;
  if (head === 'OL') return { state: 'overload' };
  const grams = toGrams(number, unit) * (sign === '-' ? -1 : 1);
  return { state: head === 'ST' ? 'stable' : 'unstable', grams, net: kind === 'NT' };
}

/** Lines end in CR LF; a status event marks each change between stable and unstable. */
export function createScaleDecoder(): InputDecoder<ScaleReading> {
  let line: number[] = [];
  let lastStable: boolean | undefined;
  return {
    push(chunk) {
      const out: Decoded<ScaleReading>[] = [];
      for (const byte of chunk) {
        if (byte === 0x0d) continue;
        if (byte !== 0x0a) {
          line.push(byte);
          if (line.length > 64) line = [];
          continue;
        }
        const text = String.fromCharCode(...line);
        line = [];
        if (text.trim().length === 0) continue;
        const reading = readScaleFrame(text);
        if (!reading) {
          out.push({
            type: 'error',
            error: {
              code: 'scale.badFrame',
              message: 'The scale sent an unreadable weight. Check its settings.',
            },
          });
          continue;
        }
        const stable = reading.state === 'stable';
        if (stable !== lastStable) {
          out.push({ type: 'status', status: stable ? 'scaleStable' : 'scaleUnstable' });
          lastStable = stable;
        }
        out.push({ type: 'data', data: reading });
      }
      return out;
    },
    reset() {
      line = [];
      lastStable = undefined;
    },
  };
}

/** The frame a scale sends for a weight (simulator). */
export function scaleFrame(reading: ScaleReading): string {
  if (reading.state === 'overload') return 'OL,GS,+ 99.999kg\r\n';
  const sign = reading.grams < 0 ? '-' : '+';
  const abs = Math.abs(reading.grams);
  const kg = `${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
  return `${reading.state === 'stable' ? 'ST' : 'US'},${reading.net ? 'NT' : 'GS'},${sign}${kg.padStart(7)}kg\r\n`;
}
