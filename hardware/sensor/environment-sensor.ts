// Generic serial environment sensors ("chiller-1,temperature,4.25"): readings, and alerts out of range.
import type { Decoded, InputDecoder } from '../device/device-events';

export type SensorKind = 'temperature' | 'humidity';

/** Values are integer milli-units: m°C for temperature, ‰ of a percent point for humidity. */
export type SensorReading = Readonly<{ sensorId: string; kind: SensorKind; milli: number }>;

const LINE = /^([A-Za-z0-9_-]{1,32}),(temperature|humidity),(-?\d{1,4})(?:\.(\d{1,3}))?$/;

export function readSensorLine(line: string): SensorReading | undefined {
  const match = LINE.exec(line.trim());
  if (!match) return undefined;
  const [, sensorId = '', kind, whole = '0', fraction = ''] = match;
  const negative = whole.startsWith('-');
  const magnitude = Math.abs(Number(whole)) * 1000 + Number(fraction.padEnd(3, '0'));
  return {
    sensorId,
    kind: kind === 'humidity' ? 'humidity' : 'temperature',
    milli: negative ? -magnitude : magnitude,
  };
}

export function createSensorDecoder(): InputDecoder<SensorReading> {
  let line: number[] = [];
  return {
    push(chunk) {
      const out: Decoded<SensorReading>[] = [];
      for (const byte of chunk) {
        if (byte === 0x0d) continue;
        if (byte !== 0x0a) {
          line.push(byte);
          if (line.length > 80) line = [];
          continue;
        }
        const text = String.fromCharCode(...line);
        line = [];
        if (text.trim().length === 0) continue;
        const reading = readSensorLine(text);
        out.push(
          reading
            ? { type: 'data', data: reading }
            : {
                type: 'error',
                error: { code: 'sensor.badLine', message: 'A sensor sent an unreadable value.' },
              },
        );
      }
      return out;
    },
    reset() {
      line = [];
    },
  };
}

export type SensorRange = Readonly<{ min: number; max: number }>;

/** What a reading changed: it left its range, came back, or neither. */
export type RangeChange = 'alert' | 'recovered' | undefined;

/**
 * Watches readings against per-sensor ranges (in milli-units). An alert is raised once when a
 * sensor leaves its range and cleared once when it is back: no alert storm from a warm chiller.
 */
export function createRangeWatch(ranges: Readonly<Record<string, SensorRange>>): {
  check(reading: SensorReading): RangeChange;
  alerting(): readonly string[];
} {
  const outOfRange = new Set<string>();
  return {
    check(reading) {
      const range = ranges[reading.sensorId];
      if (!range) return undefined;
      const out = reading.milli < range.min || reading.milli > range.max;
      if (out && !outOfRange.has(reading.sensorId)) {
        outOfRange.add(reading.sensorId);
        return 'alert';
      }
      if (!out && outOfRange.delete(reading.sensorId)) return 'recovered';
      return undefined;
    },
    alerting: () => [...outOfRange],
  };
}
