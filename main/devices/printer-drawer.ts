// The cash drawer on the receipt printer's kick connector: opened with the real-time pulse, which
// the printer obeys even while it is out of paper or has its cover open.
import type { Result } from '../../app/result';
import type { PosDevice } from '../../hardware';
import { escpos } from '../../hardware/printer/escpos-commands';
import type { CashDrawer } from './register-devices';

export function printerKickDrawer(device: PosDevice<never>): CashDrawer {
  return {
    open: (): Promise<Result<void>> =>
      device.write(Uint8Array.from(escpos.realTimeDrawerPulse(0, 1))),
  };
}
