// Scale frames: stable, unstable, overload and net weights, in exact grams, from any chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScaleDecoder, readScaleFrame, scaleFrame, type ScaleReading } from './scale-frame';

describe('scale frames', () => {
  it('reads the golden frames', () => {
    expect(readScaleFrame('ST,GS,+  1.234kg')).toEqual({
      state: 'stable',
      grams: 1234,
      net: false,
    });
    expect(readScaleFrame('US,NT,-  0.05kg')).toEqual({ state: 'unstable', grams: -50, net: true });
    expect(readScaleFrame('ST,GS,+   356g')).toEqual({ state: 'stable', grams: 356, net: false });
    expect(readScaleFrame('OL,GS,+ 99.999kg')).toEqual({ state: 'overload' });
    expect(readScaleFrame('ST,GS,+ 1.2345kg')).toBeUndefined();
  });

  it('round-trips any weight through a frame without float error (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999, max: 999_999 }), fc.boolean(), (grams, stable) => {
        const reading: ScaleReading = { state: stable ? 'stable' : 'unstable', grams, net: false };
        expect(readScaleFrame(scaleFrame(reading))).toEqual(reading);
      }),
    );
  });

  it('marks changes between stable and unstable with status events', () => {
    const decoder = createScaleDecoder();
    const stream = new TextEncoder().encode(
      'US,GS,+  0.800kg\r\nST,GS,+  1.000kg\r\nST,GS,+  1.000kg\r\nbad\r\nOL,GS,+ 99.999kg\r\n',
    );
    const out = [...decoder.push(stream.subarray(0, 10)), ...decoder.push(stream.subarray(10))];
    expect(out.map((d) => (d.type === 'status' ? d.status : d.type))).toEqual([
      'scaleUnstable',
      'data',
      'scaleStable',
      'data',
      'data',
      'error',
      'scaleUnstable',
      'data',
    ]);
  });
});
