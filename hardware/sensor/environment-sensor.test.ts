// Environment sensor lines and the out-of-range alert that fires once and clears once.
import { describe, expect, it } from 'vitest';
import { createRangeWatch, createSensorDecoder, readSensorLine } from './environment-sensor';

describe('environment sensor', () => {
  it('reads values as integer milli-units', () => {
    expect(readSensorLine('chiller-1,temperature,4.25')).toEqual({
      sensorId: 'chiller-1',
      kind: 'temperature',
      milli: 4250,
    });
    expect(readSensorLine('freezer-2,temperature,-18.5')).toEqual({
      sensorId: 'freezer-2',
      kind: 'temperature',
      milli: -18500,
    });
    expect(readSensorLine('chiller-1,pressure,1')).toBeUndefined();
  });

  it('alerts when a chiller leaves 0–8 °C and clears when it is back, boundaries inside', () => {
    const watch = createRangeWatch({ 'chiller-1': { min: 0, max: 8000 } });
    const at = (milli: number) =>
      watch.check({ sensorId: 'chiller-1', kind: 'temperature', milli });
    expect(at(8000)).toBeUndefined();
    expect(at(8001)).toBe('alert');
    expect(at(9500)).toBeUndefined();
    expect(watch.alerting()).toEqual(['chiller-1']);
    expect(at(8000)).toBe('recovered');
    expect(at(-1)).toBe('alert');
    expect(at(0)).toBe('recovered');
    expect(watch.check({ sensorId: 'other', kind: 'temperature', milli: 99_000 })).toBeUndefined();
  });

  it('decodes lines across chunks and flags a bad one', () => {
    const decoder = createSensorDecoder();
    const out = [
      ...decoder.push(new TextEncoder().encode('chiller-1,tempera')),
      ...decoder.push(new TextEncoder().encode('ture,3.9\r\n???\r\n')),
    ];
    expect(out).toEqual([
      { type: 'data', data: { sensorId: 'chiller-1', kind: 'temperature', milli: 3900 } },
      {
        type: 'error',
        error: { code: 'sensor.badLine', message: 'A sensor sent an unreadable value.' },
      },
    ]);
  });
});
