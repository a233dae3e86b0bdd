// Weighing at the counter scale: the scale streams its readings, the register keeps the latest, and
// a line sold by weight takes the settled weight — on the cashier's "weigh" (`scale.weigh`), or as
// the item is scanned when the goods already lie settled on the pan. Nothing is taken from a scale
// that swings, shows nothing or is overloaded: the cashier is told which.
import type { CartView } from '../../app/commands';
import type { scaleCommands } from '../../app/commands';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { PosDevice, ScaleReading } from '../../hardware';
import type { Handler, Handlers } from '../core/dispatch';
import { notConnected } from './register-devices';
import type { checkoutCommands } from '../../app/commands';

type Weigh = (lineId: string, grams: number) => Result<CartView> | Promise<Result<CartView>>;
type Scan = Handler<typeof checkoutCommands, 'checkout.scan'>;

export interface ScaleWeighing {
  readonly handlers: Handlers<typeof scaleCommands>;
  /** What the scale shows now, as last heard (undefined: nothing heard, or it went offline). */
  latest(): ScaleReading | undefined;
  /** `checkout.scan`, weighing a weighed item it adds when the scale shows a settled weight. */
  scanWeighing(scan: Scan): Scan;
  close(): void;
}

/** The settled weight on the pan, or why there is none. */
export function settledGrams(reading: ScaleReading | undefined): Result<number> {
  if (reading === undefined) {
    return err('scale.noReading', 'The scale has sent no weight yet: check its cable and power');
  }
  if (reading.state === 'overload') {
    return err('scale.overload', 'The scale is overloaded: take some of the goods off');
  }
  if (reading.state === 'unstable') {
    return err('scale.unstable', 'The scale is still settling: wait a moment, then weigh again');
  }
  if (reading.grams <= 0) {
    return err('scale.empty', 'The scale shows no weight: put the goods on the pan');
  }
  return ok(reading.grams);
}

export function createScaleWeighing(
  options: Readonly<{ scale: PosDevice<ScaleReading> | undefined; weigh: Weigh }>,
): ScaleWeighing {
  const { scale, weigh } = options;
  let latest: ScaleReading | undefined;
  const off =
    scale?.on((event) => {
      if (event.type === 'data') latest = event.data;
      // A scale switched off or unplugged shows nothing any more.
      if (event.type === 'status' && event.status === 'offline') latest = undefined;
    }) ?? (() => undefined);

  return {
    latest: () => latest,
    handlers: {
      'scale.weigh': async ({ lineId }) => {
        if (scale === undefined || scale.state() !== 'enabled') return notConnected('scale');
        const grams = settledGrams(latest);
        return grams.ok ? weigh(lineId, grams.value) : grams;
      },
    },
    scanWeighing(scan) {
      return async (args) => {
        const scanned = await scan(args);
        if (!scanned.ok || scale === undefined) return scanned;
        const lines = scanned.value.cart.lines;
        const added = lines[lines.length - 1];
        const waiting =
          added !== undefined &&
          added.status.kind === 'active' &&
          added.quantity.kind === 'weight' &&
          added.quantity.grams === null;
        if (!waiting) return scanned;
        // Only a weighed item still waiting asks the scale: the scan path does no more per scan.
        const grams = settledGrams(latest);
        if (!grams.ok) return scanned;
        const weighed = await weigh(added.lineId, grams.value);
        // The item is on the sale either way; a weight refused leaves it waiting for the scale.
        return weighed.ok ? weighed : scanned;
      };
    },
    close: off,
  };
}
