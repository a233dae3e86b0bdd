// The demo register on the simulated counter: the scanner's scans reach checkout, a card pays on
// the simulated terminal and the receipt comes out of the simulated printer; member cards on the
// card reader, refusals said, the pole display's lines, and weighing on the scale.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bankCardTracks, memberCardTracks, silentLogger } from '../../hardware';
import { until } from '../../hardware/integration/until';
import { CHEAP_PINS, FIXTURE_CSV, valueOf as value } from '../../test-support/register-fixture';
import { systemClock } from '../core/ports';
import { startDemoDevices } from './demo-devices';
import { openDemoRegister } from './demo-register';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The demo register on a fresh simulated counter, closed and removed after the test. */
async function onDemoCounter() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-devices-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const devices = await startDemoDevices(silentLogger);
  cleanups.push(() => devices.stop());
  const { core } = await openDemoRegister({
    dataDir: dir,
    catalog: { kind: 'csv', csv: FIXTURE_CSV },
    clock: systemClock,
    logger: silentLogger,
    pinCost: CHEAP_PINS,
    devices: devices.register,
  });
  cleanups.push(() => core.close());
  return { devices, core };
}

describe('demo register on simulated devices', () => {
  it('scans from the scanner, pays by card on the terminal and prints the receipt', async () => {
    const { devices, core } = await onDemoCounter();
    await devices.connect(core);
    await value(core.send('auth.login', { staffId: '1001', pin: '1234' }));
    await devices.counter.scanner.scan('6901234567892');
    await until(async () => {
      const cart = await value(core.send('checkout.current', {}));
      return cart !== null && cart.cart.lines.length === 1;
    });
    // The pole display shows the item's charge and the total (figures: it has no Chinese font).
    const shown = () => devices.counter.display.lines().map((line) => line.trimEnd());
    const cart = await value(core.send('checkout.current', {}));
    const total = (cart?.totals.priced.totals.total.amount ?? 0) / 100;
    await until(() => shown()[1]?.endsWith(total.toFixed(2)) === true);
    expect(shown()[0]).toMatch(/^ITEM +\d+\.\d\d$/);
    expect(shown()[1]).toMatch(/^TOTAL +\d+\.\d\d$/);
    const paid = await value(core.send('checkout.tenderCard', {}));
    if (paid.status !== 'completed') throw new Error('expected a completed sale');
    await until(() => shown()[0]?.startsWith('PAID') === true);
    expect(shown()).toEqual([
      `PAID${' '.repeat(16 - total.toFixed(2).length)}${total.toFixed(2)}`,
      'CHANGE          0.00',
    ]);
    expect(paid.sale.tenders[0]?.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
    expect(devices.counter.terminal.charges()).toHaveLength(1);
    await core.printerIdle();
    await until(() => devices.counter.printer.lines().some((l) => l.includes('Yili milk')));
  });

  it('puts a member on the sale from the card reader, and says why a bank card or unknown code is refused', async () => {
    const { devices, core } = await onDemoCounter();
    const refused: string[] = [];
    core.subscribe((event) => {
      if (event.type === 'input.refused') refused.push(`${event.source} ${event.error.code}`);
    });
    const cart = async () => value(core.send('checkout.current', {}));
    await devices.connect(core);
    await value(core.send('auth.login', { staffId: '1001', pin: '1234' }));
    await devices.counter.scanner.scan('6901234567892');
    await until(async () => (await cart())?.cart.lines.length === 1);
    // The member's card swiped on the reader: its number is the member's code.
    await devices.counter.cardReader.swipe(memberCardTracks('990086000002', 'LIU/YANG'));
    await until(async () => (await cart())?.cart.member?.memberId === 'm-0002');
    // A bank card on the member reader: refused, its number nowhere.
    const pan = '4111111111111111';
    await devices.counter.cardReader.swipe(bankCardTracks(pan));
    // A code no product has, from the serial scanner: said on the screens, not only logged.
    await devices.counter.scanner.scan('6900000000014');
    await until(() => refused.length === 2);
    expect(refused).toEqual(['cardReader cardReader.bankCard', 'scanner checkout.unknownProduct']);
    // The same member's card scanned at the till is the same member.
    await value(core.send('checkout.detachMember', {}));
    await value(core.send('checkout.scan', { code: '990086000002' }));
    expect((await cart())?.cart.member?.memberId).toBe('m-0002');
    const stored = core.db.prepare('SELECT count(*) FROM audit_log WHERE details LIKE ?').pluck();
    expect(stored.get(`%${pan}%`)).toBe(0);
  });

  it('weighs loose goods on the counter scale: as scanned when settled, on demand, never swinging', async () => {
    const { devices, core } = await onDemoCounter();
    // The chocolate sold loose by weight for this test (its EAN-8 scans cleanly).
    const LOOSE = '96385074';
    core.db
      .prepare("UPDATE product SET sold_by = 'weight', price_minor = 598 WHERE gtin14 = ?")
      .run(LOOSE.padStart(14, '0'));
    const grams = (view: { cart: { lines: readonly { quantity: unknown }[] } }, i: number) =>
      (view.cart.lines[i]?.quantity as { grams?: number | null } | undefined)?.grams;
    await devices.connect(core);
    await value(core.send('auth.login', { staffId: '1001', pin: '1234' }));
    const scale = devices.counter.scale;
    // Settled on the pan before the scan: the line is weighed as it is added.
    await scale.place(1250);
    await until(async () => {
      const answer = await core.send('scale.weigh', { lineId: 'none' });
      return answer.ok || answer.error.code !== 'scale.noReading';
    });
    const scanned = await value(core.send('checkout.scan', { code: LOOSE }));
    expect(grams(scanned, 0)).toBe(1250);
    const lineId = scanned.cart.lines[0]?.lineId ?? '';
    // Swinging: refused, the weight kept; settled again: taken.
    await scale.send({ state: 'unstable', grams: 700, net: false });
    await until(async () => {
      const answer = await core.send('scale.weigh', { lineId });
      return !answer.ok && answer.error.code === 'scale.unstable';
    });
    await scale.send({ state: 'stable', grams: 800, net: false });
    await until(async () => {
      const answer = await core.send('scale.weigh', { lineId });
      return answer.ok && grams(answer.value, 0) === 800;
    });
    await scale.overload();
    await until(async () => {
      const answer = await core.send('scale.weigh', { lineId });
      return !answer.ok && answer.error.code === 'scale.overload';
    });
    // Nothing on the pan while scanning: the line waits for a weight.
    await scale.send({ state: 'stable', grams: 0, net: false });
    await until(async () => {
      const answer = await core.send('scale.weigh', { lineId });
      return !answer.ok && answer.error.code === 'scale.empty';
    });
    const waiting = await value(core.send('checkout.scan', { code: LOOSE }));
    expect(grams(waiting, 1)).toBeNull();
  });
});
