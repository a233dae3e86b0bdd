// A weighing scale in software: sends continuous weight frames, settling to stable or overloading.
import type { ByteTransport } from '../transport/byte-transport';
import { scaleFrame, type ScaleReading } from '../scale/scale-frame';

export function createScaleSimulator(transport: ByteTransport) {
  const send = (reading: ScaleReading) =>
    transport.write(new TextEncoder().encode(scaleFrame(reading)));
  return {
    start: () => transport.open(),
    stop: () => transport.close(),
    send,
    /** Goods put on the pan: a couple of swinging readings, then the settled weight. */
    async place(grams: number): Promise<void> {
      await send({ state: 'unstable', grams: Math.round(grams * 0.8), net: false });
      await send({ state: 'unstable', grams: Math.round(grams * 1.1), net: false });
      await send({ state: 'stable', grams, net: false });
    },
    overload: () => send({ state: 'overload' }),
  };
}
