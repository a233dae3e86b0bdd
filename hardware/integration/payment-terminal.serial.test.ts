// The payment terminal over real serial ports (socat pty pair): a lost answer is charged exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { terminalRig } from './terminal-rig';
import {
  createVirtualSerialPair,
  socatMissing,
  type VirtualSerialPair,
} from '../simulators/virtual-serial-pair';
import { createSerialTransport } from '../transport/serial-transport';

const missing = socatMissing();
if (missing) console.warn(`skipping serial terminal tests: ${missing}`);

const pairs: VirtualSerialPair[] = [];
afterEach(async () => {
  for (const pair of pairs.splice(0)) await pair.close();
});

async function serialEnds() {
  const pair = await createVirtualSerialPair();
  pairs.push(pair);
  return {
    register: createSerialTransport({ type: 'serial', path: pair.registerPath, baudRate: 9600 }),
    device: createSerialTransport({ type: 'serial', path: pair.devicePath, baudRate: 9600 }),
  };
}

describe.skipIf(missing !== undefined)('payment terminal over a socat serial pair', () => {
  it('resolves a lost answer by status and charges exactly once', async () => {
    const { terminal, simulator, device } = await terminalRig(
      () => 'lostAnswer',
      await serialEnds(),
    );
    const result = await terminal.sale('P-100', 8369, 'CNY');
    expect(result).toMatchObject({
      outcome: 'approved',
      amount: 8369,
      maskedPan: '622202*********0123',
    });
    expect(simulator.charges()).toEqual([{ requestId: 'P-100', type: 'SALE', amount: 8369 }]);
    await device.close();
    await simulator.stop();
  });

  it('approves and declines by rule', async () => {
    const { terminal, simulator, device } = await terminalRig(
      (amount) => (amount > 10_000 ? 'decline' : 'approve'),
      await serialEnds(),
    );
    expect((await terminal.sale('P-101', 500, 'CNY')).outcome).toBe('approved');
    expect((await terminal.sale('P-102', 50_000, 'CNY')).outcome).toBe('declined');
    expect(simulator.charges()).toHaveLength(1);
    await device.close();
    await simulator.stop();
  });
});
