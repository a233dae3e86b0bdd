// The demo register on the simulated counter: the scanner's scans reach checkout, a card pays on
// the simulated terminal, and the receipt comes out of the simulated printer.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../hardware';
import { until } from '../../hardware/integration/until';
import { CHEAP_PINS, FIXTURE_CSV, valueOf as value } from '../../test-support/register-fixture';
import { systemClock } from '../core/ports';
import { startDemoDevices } from './demo-devices';
import { openDemoRegister } from './demo-register';

describe('demo register on simulated devices', () => {
  it('scans from the scanner, pays by card on the terminal and prints the receipt', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-devices-'));
    const devices = await startDemoDevices(silentLogger);
    const { core } = await openDemoRegister({
      dataDir: dir,
      catalog: { kind: 'csv', csv: FIXTURE_CSV },
      clock: systemClock,
      logger: silentLogger,
      pinCost: CHEAP_PINS,
      devices: devices.register,
    });
    try {
      await devices.connect(core);
      await value(core.send('auth.login', { staffId: '1001', pin: '1234' }));
      await devices.counter.scanner.scan('6901234567892');
      await until(async () => {
        const cart = await value(core.send('checkout.current', {}));
        return cart !== null && cart.cart.lines.length === 1;
      });
      const paid = await value(core.send('checkout.tenderCard', {}));
      if (paid.status !== 'completed') throw new Error('expected a completed sale');
      expect(paid.sale.tenders[0]?.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
      expect(devices.counter.terminal.charges()).toHaveLength(1);
      await core.printerIdle();
      await until(() => devices.counter.printer.lines().some((l) => l.includes('Yili milk')));
    } finally {
      core.close();
      await devices.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
