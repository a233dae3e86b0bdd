// The demo's wallet sale: a central server with no wallet accounts configured (so its gateway
// starts the WeChat Pay and Alipay simulators itself, as `npm start` does), the demo register
// linked to it, and the banner's two payment codes read by the simulated scanner after the goods.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../hardware';
import { until } from '../../hardware/integration/until';
import { createWalletClient } from '../../sync/client';
import { startCentralServer } from '../../test-support/central-server-fixture';
import { CHEAP_PINS, FIXTURE_CSV, valueOf as value } from '../../test-support/register-fixture';
import { systemClock } from '../core/ports';
import { startDemoDevices } from './demo-devices';
import { DEMO_PAYMENT_CODES, openDemoRegister } from './demo-register';

describe('demo wallet sale', () => {
  it('the banner codes pay through the simulators the server starts itself', async () => {
    for (const key of Object.keys(process.env)) {
      // The demo configures no merchant account: the gateway's simulators answer.
      if (key.startsWith('WECHAT_PAY_') || key.startsWith('ALIPAY_')) {
        Reflect.deleteProperty(process.env, key);
      }
    }
    const server = await startCentralServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-wallet-'));
    const devices = await startDemoDevices(silentLogger);
    const credentials = await server.enrol('store-1');
    const { core } = await openDemoRegister({
      dataDir: dir,
      catalog: { kind: 'csv', csv: FIXTURE_CSV },
      clock: systemClock,
      logger: silentLogger,
      pinCost: CHEAP_PINS,
      devices: devices.register,
      wallet: {
        client: createWalletClient({ baseUrl: server.url, credentials, now: () => Date.now() }),
      },
    });
    try {
      await devices.connect(core);
      await value(core.send('auth.login', { staffId: '1001', pin: '1234' }));
      for (const [wallet, code] of Object.entries(DEMO_PAYMENT_CODES)) {
        await devices.counter.scanner.scan('6901234567892');
        await until(async () => {
          const cart = await value(core.send('checkout.current', {}));
          return cart !== null && cart.cart.lines.length === 1;
        });
        await devices.counter.scanner.scan(code);
        await until(async () => (await value(core.send('checkout.current', {}))) === null);
        const status = await value(core.send('checkout.walletStatus', {}));
        expect(status).toMatchObject({ wallet, stage: 'paid', outcome: { status: 'completed' } });
      }
      const kinds = core.db
        .prepare(
          `SELECT json_extract(p.details, '$.provider') FROM sale_payment p
           JOIN sale s ON s.id = p.sale_id ORDER BY s.receipt_no`,
        )
        .pluck()
        .all();
      expect(kinds).toEqual(['wechatPay', 'alipay']);
    } finally {
      await devices.stop();
      await core.close();
      await server.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
