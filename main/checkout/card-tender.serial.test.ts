// Card tender through the register core with the terminal on a real serial line (a socat pty
// pair): approved and declined, and a lost answer settled by STATUS and charged once.
import { afterEach, describe, expect, it } from 'vitest';
import { createSerialTransport } from '../../hardware';
import type { VirtualSerialPair } from '../../hardware/simulators/virtual-serial-pair';
import {
  createVirtualSerialPair,
  socatMissing,
} from '../../hardware/simulators/virtual-serial-pair';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';
import type { CounterRig } from '../devices/testing/counter-rig';
import { counterRig } from '../devices/testing/counter-rig';

const missing = socatMissing();
if (missing) console.warn(`skipping serial card tender tests: ${missing}`);

let pair: VirtualSerialPair | undefined;
let rig: CounterRig | undefined;
let f: RegisterFixture | undefined;

afterEach(async () => {
  const errors = f?.internalErrors.splice(0) ?? [];
  await f?.core.printerIdle();
  await f?.dispose();
  await rig?.close();
  await pair?.close();
  expect(errors).toEqual([]);
});

describe.skipIf(missing !== undefined)('card tender over a socat serial pair', () => {
  it('approves, declines, and settles a lost answer by status without charging twice', async () => {
    pair = await createVirtualSerialPair();
    rig = await counterRig({
      terminalEnds: {
        register: createSerialTransport({
          type: 'serial',
          path: pair.registerPath,
          baudRate: 9600,
        }),
        device: createSerialTransport({ type: 'serial', path: pair.devicePath, baudRate: 9600 }),
      },
    });
    const fixture = await startRegisterFixture({ devices: rig.devices });
    f = fixture;
    await loginReadyToSell(fixture);
    const cart = await value(fixture.core.send('checkout.scan', { code: FIXTURE_BARCODES.MILK }));

    rig.behaviour = 'decline';
    expect(await fixture.core.send('checkout.tenderCard', { amount: 100 })).toMatchObject({
      ok: false,
      error: { code: 'checkout.cardDeclined' },
    });
    rig.behaviour = 'lostAnswer';
    const part = await value(fixture.core.send('checkout.tenderCard', { amount: 100 }));
    expect(part.status).toBe('partial');
    rig.behaviour = 'approve';
    const done = await value(fixture.core.send('checkout.tenderCard', {}));
    if (done.status !== 'completed') throw new Error('expected a completed sale');
    expect(done.sale.tenders.map((t) => [t.amount, t.maskedPan])).toEqual([
      [100, '622202*********0123'],
      [cart.remaining - 100, '622202*********0123'],
    ]);
    expect(rig.terminal.simulator.charges().map((c) => c.amount)).toEqual([
      100,
      cart.remaining - 100,
    ]);
    expect(
      fixture.core.db.prepare('SELECT state FROM card_attempt ORDER BY started_at').pluck().all(),
    ).toEqual(['declined', 'approved', 'approved']);
  });
});
