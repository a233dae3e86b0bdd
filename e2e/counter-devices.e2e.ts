// The counter on the demo's simulated devices in Chromium: store settings refused for a cashier and
// edited by a manager (a scale-label layout, a PLU row and a member-card rule, each bad value shown
// under its field in words first, in English and in Chinese);
// a full sale read by the simulated serial scanner — two of a promoted item and a scale label that
// the new PLU row turns into weighed rice — paid in cash; and the devices screen: the printer's
// status asked of it, a test slip that the printer simulator decodes, the drawer tested with a
// supervisor's approval, a printer out of paper said and the test refused; and the printer and
// the scanner moved to real serial ports (socat pairs) with a manager's approval, a test slip
// printed there and a scan sold from there.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../app/barcode';
import {
  bankCardTracks,
  createPrinterSimulator,
  memberCardTracks,
  createScannerSimulator,
  createSerialTransport,
  createVirtualSerialPair,
} from '../hardware';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import { DEMO_MEMBER_CARDS } from '../main/host/demo-register';
import {
  SCREENSHOTS,
  STAFF,
  approveAs,
  openRegisterPage,
  signIn,
  useEnglish,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, RICE } = FIXTURE_BARCODES;
/** GS1 weight label, prefix 21, item 00123, 1,250 g, with its check digit. */
const RICE_LABEL = `210012301250${gtinCheckDigit('210012301250')}`;

describe.skipIf(missing !== undefined)('the counter on its simulated devices', () => {
  let register: E2eRegister;
  let browser: Browser;
  const counter = () => {
    if (register.counter === undefined) throw new Error('no simulated counter');
    return register.counter;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    register = await startE2eRegister({ demoCounter: true });
    // Rice is sold loose by weight at ¥5.98 a kilogram.
    register.core.db
      .prepare("UPDATE product SET sold_by = 'weight', price_minor = 598 WHERE gtin14 = ?")
      .run(RICE.padStart(14, '0'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
  });

  it('refuses the settings to a cashier and saves a manager’s, each problem under its field', async () => {
    const settings = async () => {
      const answer = await register.core.send('settings.get', {});
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value;
    };
    const cashier = await openRegisterPage(browser, register);
    await signIn(cashier.page, STAFF.cashier);
    const before = await settings();
    await useEnglish(cashier.page);
    await cashier.page.getByTestId('nav-settings').click();
    await cashier.page.getByTestId('settings-manager-only').waitFor();
    await cashier.page.locator('input[name="storeName"]').fill('Cashier’s shop');
    await cashier.page.getByTestId('save-settings').click();
    await expect
      .poll(() => cashier.page.getByRole('alert').first().textContent())
      .toContain('ask a supervisor or the store manager');
    await cashier.page.screenshot({ path: path.join(SCREENSHOTS, 'settings-refused-cashier.png') });
    expect((await settings()).version).toBe(before.version);
    expect(cashier.errors).toEqual([]);
    await cashier.page.close();

    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.manager);
    expect((await settings()).version).toBe(before.version);
    await useEnglish(page);
    await page.getByTestId('nav-settings').click();
    await page.locator('input[name="storeName"]').fill('Corner Store');
    await page.getByTestId('add-scale-label').click();
    await page.locator('select[name="scaleLayout0"]').selectOption('gs1-weight5');
    await page.locator('input[name="scalePrefixes0"]').fill('21');
    await page.getByTestId('add-plu').click();
    await page.locator('input[name="plu0"]').fill('12a');
    await page.locator('input[name="pluGtin0"]').fill(RICE);
    await page.getByTestId('add-plu').click();
    await page.locator('input[name="plu1"]').fill('9');
    await page.locator('input[name="pluGtin1"]').fill(MILK);
    await page.locator('input[name="cashIncrement"]').fill('ten');
    await page.locator('input[name="discountPercent"]').fill('half');
    // A second member-card rule (the demo's cards are the first): "M" or "VIP" then digits, 3
    // long in all (too short: 4 to 32).
    await page.getByTestId('add-member-card').click();
    await page.locator('input[name="memberCardPrefixes1"]').fill('M, VIP');
    await page.locator('input[name="memberCardLength1"]').fill('3');
    await page.locator('select[name="memberCardCheckDigit1"]').selectOption('mod10');
    await page.getByTestId('save-settings').click();
    const pluRow = page.getByTestId('plu-row').first();
    await expect.poll(() => pluRow.getByTestId('field-error').textContent()).toContain('1 to 6');
    await expect.poll(() => page.getByTestId('field-error').count()).toBe(4);
    const fieldErrors = page.getByTestId('field-error');
    expect(await fieldErrors.nth(0).textContent()).toBe('A whole number from 1 to 100');
    expect(await fieldErrors.nth(3).textContent()).toContain('percentage');
    const memberCard = page.getByTestId('member-card-row').nth(1);
    const lengthField = memberCard.locator('label', {
      has: page.locator('[name="memberCardLength1"]'),
    });
    expect(await lengthField.getByTestId('field-error').textContent()).toBe(
      'A whole number from 4 to 32: the whole code, prefix included',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-field-errors.png') });
    // The same problems in Chinese once the screens switch: they are words, not English text.
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await expect
      .poll(() => lengthField.getByTestId('field-error').textContent())
      .toBe('请填写 4 到 32 之间的整数：整个条码的位数，含前缀');
    expect(await fieldErrors.nth(0).textContent()).toBe('请填写 1 到 100 之间的整数');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'settings-field-errors-zh.png'),
      fullPage: true,
    });
    await useEnglish(page);

    // Fixed, one PLU row removed again, saved.
    await page.locator('input[name="memberCardLength1"]').fill('10');
    await page.locator('input[name="plu0"]').fill('123');
    await page.locator('input[name="cashIncrement"]').fill('10');
    await page.locator('input[name="discountPercent"]').fill('5');
    await page.locator('input[name="discountAmount"]').fill('8.50');
    await page.getByTestId('remove-plu').nth(1).click();
    await expect.poll(() => page.getByTestId('plu-row').count()).toBe(1);
    await page.getByTestId('save-settings').click();
    await page.getByTestId('settings-saved').waitFor();
    const after = await settings();
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedBy).toBe(STAFF.manager.id);
    expect(after.settings).toMatchObject({
      storeName: 'Corner Store',
      cashRounding: { increment: 10 },
      pluTable: { '123': RICE },
      barcode: {
        scaleLabels: [{ layout: 'gs1-weight5', prefixes: ['21'] }],
        memberCards: [
          DEMO_MEMBER_CARDS,
          { prefixes: ['M', 'VIP'], length: 10, checkDigit: 'mod10' },
        ],
        coupons: [],
      },
      discountLimit: { basisPoints: 500, amount: 850 },
    });
    // The screen shows what was saved: the rule as stored, no problems left.
    expect(await page.locator('input[name="memberCardPrefixes1"]').inputValue()).toBe('M, VIP');
    expect(await page.getByTestId('field-error').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-saved.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sells what the serial scanner reads: a promotion and a weighed scale label', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    const lines = page.getByTestId('cart-line');
    // The far end of the simulated serial scanner: its frames go to checkout.scan in the core.
    await counter().scanner.scan(MILK);
    await expect.poll(() => lines.count()).toBe(1);
    await counter().scanner.scan(MILK);
    await counter().scanner.scan(RICE_LABEL);
    // Each scan its own line; the second milk at half price, and its line says so.
    await expect.poll(() => lines.count()).toBe(3);
    const milk = page.locator(`[data-testid="cart-line"][data-gtin$="${MILK}"]`);
    expect(await milk.count()).toBe(2);
    await expect.poll(() => milk.getByTestId('line-promo').count()).toBe(1);
    expect(await page.getByTestId('discounts').textContent()).toMatch(/−/);
    const rice = page.locator(`[data-testid="cart-line"][data-gtin$="${RICE}"]`);
    // 1.25 kg at ¥5.98 a kilogram: ¥7.475, rounded once for the line.
    expect(await rice.getByLabel('Weight in grams').inputValue()).toBe('1250');
    expect(await rice.textContent()).toContain('¥5.98/kg');
    expect(await rice.textContent()).toContain('¥7.48');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'serial-scanner-sale.png') });
    // More rice on the counter scale: the line takes the settled weight at the cashier's tap.
    await counter().scale.place(1300);
    await expect
      .poll(async () => {
        await rice.getByTestId('weigh-from-scale').click();
        return rice.getByLabel('Weight in grams').inputValue();
      })
      .toBe('1300');
    // A code no product has, read by the serial scanner: said on the screen, the sale untouched.
    await counter().scanner.scan('6900000000014');
    await expect
      .poll(() => page.locator('.notice').getAttribute('data-code'))
      .toBe('checkout.unknownProduct');
    expect(await lines.count()).toBe(3);
    // The member's card swiped on the reader puts them on the sale; a bank card there is refused.
    await counter().cardReader.swipe(memberCardTracks('990086000001', 'CHEN/JING'));
    // Known by the card alone, the member is named on the sale all the same.
    await expect
      .poll(() => page.getByTestId('member-on-sale').textContent())
      .toContain('Chen Jing');
    await counter().cardReader.swipe(bankCardTracks('4111111111111111'));
    await expect
      .poll(() => page.locator('.notice').getAttribute('data-code'))
      .toBe('cardReader.bankCard');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'member-card-swiped.png') });

    const cart = await register.core.send('checkout.current', {});
    const total = cart.ok && cart.value !== null ? cart.value.totals.priced.totals.total.amount : 0;
    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { total: number }>('SELECT total FROM sale ORDER BY receipt_no DESC LIMIT 1')
      .get();
    expect(sale?.total).toBe(total);
    const preview = page.getByTestId('receipt-preview');
    await expect.poll(() => preview.textContent()).toContain('Corner Store');
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the devices, prints a test slip, tests the drawer, and says when paper is out', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await page.getByTestId('nav-devices').click();
    const printer = page.getByTestId('printer-state');
    await expect.poll(() => printer.getAttribute('data-online')).toBe('true');
    expect(await printer.getAttribute('data-paper')).toBe('ok');
    expect(await page.getByTestId('terminal-state').getAttribute('data-connected')).toBe('true');
    expect(await page.getByTestId('drawer-state').getAttribute('data-connected')).toBe('true');

    const printedBefore = counter().printer.lines().length;
    await page.getByTestId('test-print').click();
    const done = page.getByTestId('device-test-done');
    await expect.poll(() => done.getAttribute('data-done')).toBe('printed');
    const slip = counter().printer.lines().slice(printedBefore);
    expect(slip.join('\n')).toContain('TEST PRINT');
    expect(slip.join('\n')).toContain('Corner Store');

    // The drawer test is a no-sale: the cashier needs a supervisor.
    const pulses = counter().printer.pulses();
    await page.getByTestId('test-drawer').click();
    await approveAs(page, STAFF.supervisor);
    await expect.poll(() => done.getAttribute('data-done')).toBe('drawer');
    await expect.poll(() => counter().printer.pulses()).toBe(pulses + 1);
    counter().printer.closeDrawer();
    // The scale's weight as it shows it, and a test on the customer display.
    await counter().scale.place(900);
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Check again' }).click();
        return page.getByTestId('scale-state').getAttribute('data-grams');
      })
      .toBe('900');
    expect(await page.getByTestId('scale-state').textContent()).toContain('900 g, settled');
    await page.getByTestId('test-display').click();
    await expect.poll(() => done.getAttribute('data-done')).toBe('display');
    expect(counter().display.lines()[0]).toMatch(/^DISPLAY TEST/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'devices-test-print.png') });

    // Out of paper: the screen says so, and the test slip is refused in words, nothing printed.
    counter().printer.runOutOfPaper();
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => printer.getAttribute('data-paper')).toBe('out');
    const linesBefore = counter().printer.lines().length;
    await page.getByTestId('test-print').click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('out of paper');
    expect(counter().printer.lines().length).toBe(linesBefore);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'devices-paper-out.png') });
    counter().printer.loadPaper();
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => printer.getAttribute('data-paper')).toBe('ok');
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('moves the printer and the scanner to real serial ports with a manager’s approval, and back', async () => {
    // A serial cable (a socat pty pair) with a receipt printer at its far end.
    const cable = await createVirtualSerialPair();
    const serialPrinter = createPrinterSimulator({
      transport: createSerialTransport({ type: 'serial', path: cable.devicePath, baudRate: 9600 }),
      codePage: 'gb18030',
    });
    await serialPrinter.start();
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const { page, errors } = await openRegisterPage(browser, register);
      await signIn(page, STAFF.cashier);
      await useEnglish(page);
      await page.getByTestId('nav-devices').click();
      const slot = page.getByTestId('port-slot-printer');
      await expect.poll(() => slot.getAttribute('data-state')).toBe('online');
      expect(await page.getByTestId('port-state-printer').textContent()).toContain(
        'Simulated printer',
      );

      await page.getByTestId('port-choice-printer').selectOption('other');
      await page.getByTestId('port-path-printer').fill(cable.registerPath);
      await page.getByTestId('port-baud-printer').selectOption('9600');
      await page.getByTestId('port-use-printer').click();
      // A cashier may not move a device: a manager approves.
      await approveAs(page, STAFF.manager);
      await expect
        .poll(() => page.getByTestId('ports-saved').textContent())
        .toContain(`Receipt printer is now on ${cable.registerPath} · 9600`);
      await expect.poll(() => slot.getAttribute('data-state')).toBe('online');

      const demoLines = counter().printer.lines().length;
      await page.getByTestId('test-print').click();
      const done = page.getByTestId('device-test-done');
      await expect.poll(() => done.getAttribute('data-done')).toBe('printed');
      expect(serialPrinter.lines().join('\n')).toContain('TEST PRINT');
      expect(counter().printer.lines().length).toBe(demoLines);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'devices-ports.png'), fullPage: true });
      const audit = register.core.db
        .prepare("SELECT staff_id, subject FROM audit_log WHERE action = 'devices.choosePort'")
        .all();
      expect(audit).toEqual([{ staff_id: STAFF.cashier.id, subject: 'printer' }]);

      // Back on the simulated printer for the rest of the file.
      await page.getByTestId('port-choice-printer').selectOption('memory:printer');
      await page.getByTestId('port-use-printer').click();
      await approveAs(page, STAFF.manager);
      await expect
        .poll(() => page.getByTestId('port-state-printer').textContent())
        .toContain('Simulated printer');
      await expect.poll(() => slot.getAttribute('data-state')).toBe('online');

      // The scanner on a serial cable of its own: what it reads lands on the sale.
      const scannerCable = await createVirtualSerialPair();
      cleanups.push(() => scannerCable.close());
      const serialScanner = createScannerSimulator({
        transport: createSerialTransport({
          type: 'serial',
          path: scannerCable.devicePath,
          baudRate: 9600,
        }),
        mode: 'serial',
      });
      await serialScanner.start();
      cleanups.push(() => serialScanner.stop());
      await page.getByTestId('port-choice-scanner').selectOption('other');
      await page.getByTestId('port-path-scanner').fill(scannerCable.registerPath);
      await page.getByTestId('port-use-scanner').click();
      await approveAs(page, STAFF.manager);
      const scannerSlot = page.getByTestId('port-slot-scanner');
      await expect
        .poll(() => page.getByTestId('port-state-scanner').textContent())
        .toContain(scannerCable.registerPath);
      await expect.poll(() => scannerSlot.getAttribute('data-state')).toBe('online');
      await page.getByTestId('nav-checkout').click();
      const lines = page.getByTestId('cart-line');
      const before = await lines.count();
      await serialScanner.scan(MILK);
      await expect.poll(() => lines.count()).toBe(before + 1);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'scanner-on-serial-port.png') });
      const cancelled = await register.core.send('checkout.cancel', { reason: 'port test' });
      expect(cancelled.ok).toBe(true);

      await page.getByTestId('nav-devices').click();
      await page.getByTestId('port-choice-scanner').selectOption('memory:scanner');
      await page.getByTestId('port-use-scanner').click();
      await approveAs(page, STAFF.manager);
      await expect
        .poll(() => page.getByTestId('port-state-scanner').textContent())
        .toContain('Simulated scanner');
      expect(register.errors).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      await serialPrinter.stop();
      await cable.close();
    }
  });

  it('shows the chiller and the shop floor on the manager’s dashboard, a warm chiller as an alert', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.manager);
    await useEnglish(page);
    // The far end of the simulated sensor line: what a chiller probe and a hygrometer send.
    await counter().sensor.send('chiller-1', 'temperature', '9.80');
    await counter().sensor.send('floor', 'humidity', '55.5');
    await page.getByTestId('nav-dashboard').click();
    const card = page.getByTestId('dash-environment');
    await card.waitFor();
    const sensors = card.getByTestId('sensor');
    await expect.poll(() => sensors.count(), { timeout: 20_000 }).toBe(2);
    const chiller = card.locator('[data-sensor="chiller-1"]');
    expect(await chiller.getByTestId('sensor-value').textContent()).toBe('9.8 °C');
    expect(await chiller.getAttribute('data-alert')).toBe('true');
    expect(await chiller.textContent()).toContain('Out of range');
    expect(await chiller.textContent()).toContain('kept 0.0 °C to 8.0 °C');
    const floor = card.locator('[data-sensor="floor"]');
    expect(await floor.getByTestId('sensor-value').textContent()).toBe('55.5 %');
    expect(await floor.getAttribute('data-alert')).toBe('false');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'dashboard-environment.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    expect(register.errors).toEqual([]);
    await page.close();
  });
});
