// The pay panel on the simulated counter in Chromium: a split sale, part cash and the rest by card
// on the terminal simulator, watched on the customer display (lines, total, what is still due, the
// thank-you with change); the receipt preview on screen is the text the printer simulator decoded
// from the bytes it was sent; a declined card leaves the sale as it was; paper out is said with
// what to do and the receipt prints once paper is back; the no-sale drawer needs a supervisor;
// the manager's dashboard counts the sales.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../renderer/i18n/format';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import {
  SCREENSHOTS,
  STAFF,
  approveAs,
  openCustomerDisplay,
  openRegisterPage,
  signIn,
  useEnglish,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

const en = (amount: number) => formatMoney('en', amount, 'CNY');
const zh = (amount: number) => formatMoney('zh-CN', amount, 'CNY');

describe.skipIf(missing !== undefined)('card, split tender and receipts in Chromium', () => {
  let register: E2eRegister;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    register = await startE2eRegister({ devices: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
  });

  it('splits cash and card, shows it on the customer display, previews the printed receipt', async () => {
    const rig = register.rig;
    if (rig === undefined) throw new Error('the register runs without its devices');
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    const display = await openCustomerDisplay(browser, register);
    const displayErrors: string[] = [];
    display.on('pageerror', (error) => displayErrors.push(error.message));
    expect(await display.getByTestId('customer-welcome').textContent()).toBe('欢迎光临');

    await wedgeScan(page, MILK);
    await wedgeScan(page, PEN);
    await wedgeScan(page, CHOCOLATE);
    await expect.poll(() => display.getByTestId('customer-line').count()).toBe(3);
    const cart = await register.core.send('checkout.current', {});
    if (!cart.ok || cart.value === null) throw new Error('no open cart');
    const total = cart.value.totals.priced.totals.total.amount;
    expect(await display.getByTestId('customer-total').textContent()).toBe(zh(total));

    // ¥5 in cash first: the rest is due, on both screens.
    await page.fill('input[name="cashReceived"]', '5');
    await page.locator('input[name="cashReceived"]').press('Enter');
    await expect.poll(() => page.getByTestId('remaining').textContent()).toBe(en(total - 500));
    // The display learns of the part paid with the next cart change, or shows the total meanwhile.
    await page.screenshot({ path: path.join(SCREENSHOTS, 'split-cash-part.png') });

    // The rest by card: the terminal simulator approves.
    const printedBefore = rig.printer.simulator.lines().length;
    await page.getByTestId('pay-card').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('change').textContent()).toBe(en(0));
    const sale = register.core.db
      .prepare<[], { id: string; total: number; receipt_no: number }>(
        'SELECT id, total, receipt_no FROM sale ORDER BY receipt_no DESC LIMIT 1',
      )
      .get();
    expect(sale?.total).toBe(total);
    const payments = register.core.db
      .prepare<[string], { kind: string; amount: number; details: string }>(
        'SELECT kind, amount, details FROM sale_payment WHERE sale_id = ? ORDER BY seq',
      )
      .all(sale?.id ?? '');
    expect(payments.map((p) => [p.kind, p.amount])).toEqual([
      ['cash', 500],
      ['card', total - 500],
    ]);
    // The card number is kept masked only.
    expect(payments[1]?.details).toMatch(/\d{6}\*+\d{4}/);

    // The customer display thanks the customer, with what was paid.
    await display.getByTestId('customer-thanks').waitFor();
    expect(await display.getByTestId('customer-paid').textContent()).toBe(zh(total));
    await display.screenshot({ path: path.join(SCREENSHOTS, 'customer-thanks.png') });

    // The preview on screen is what the printer simulator decoded from the bytes it got.
    await register.core.printerIdle();
    await expect.poll(() => rig.printer.simulator.lines().length).toBeGreaterThan(printedBefore);
    const printed = rig.printer.simulator.lines().slice(printedBefore);
    const preview = page.getByTestId('receipt-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toBe(printed.join('\n'));
    expect(printed.join('\n')).toContain('Yili milk 250ml');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'split-card-receipt.png') });

    // A reprint goes to the printer marked as a copy.
    await page.getByTestId('reprint').click();
    await page.getByTestId('reprinted').waitFor();
    await register.core.printerIdle();
    await expect
      .poll(() =>
        rig.printer.simulator
          .lines()
          .slice(printedBefore + printed.length)
          .join('\n'),
      )
      .toContain('Yili milk 250ml');
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    expect(displayErrors).toEqual([]);
    await display.close();
    await page.close();
  });

  it('a declined card changes nothing; out of paper is said with what to do', async () => {
    const rig = register.rig;
    if (rig === undefined) throw new Error('the register runs without its devices');
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await wedgeScan(page, PEN);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);

    rig.behaviour = 'decline';
    await page.getByTestId('pay-card').click();
    const notice = page.getByRole('alert');
    await notice.waitFor();
    expect(await notice.getAttribute('data-code')).toBe('checkout.cardDeclined');
    expect(await page.getByTestId('card-progress').getAttribute('data-stage')).toBe('declined');
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('tenders-taken').count()).toBe(0);

    // Paper runs out: the sale still completes, the panel says to load paper.
    rig.behaviour = 'approve';
    rig.printer.simulator.runOutOfPaper();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('sale-done').waitFor();
    const paper = page.getByTestId('printer-notice');
    await paper.waitFor();
    expect(await paper.getAttribute('data-problem')).toBe('paperOut');
    expect(await paper.textContent()).toContain('load a new roll');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'printer-paper-out.png') });
    const receiptNo = await page.getByTestId('receipt-no').textContent();
    rig.printer.simulator.loadPaper();
    await paper.waitFor({ state: 'detached' });
    await register.core.printerIdle();
    const number = /\d+/.exec(receiptNo ?? '')?.[0] ?? '?';
    await expect
      .poll(() => rig.printer.simulator.lines().some((l) => l.endsWith(`: ${number}`)))
      .toBe(true);
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the drawer for a no-sale only with a supervisor', async () => {
    const rig = register.rig;
    if (rig === undefined) throw new Error('the register runs without its devices');
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    const pulses = rig.printer.simulator.pulses();
    await page.getByTestId('no-sale').click();
    await approveAs(page, STAFF.supervisor);
    await page.getByTestId('drawer-opened').waitFor();
    await expect.poll(() => rig.printer.simulator.pulses()).toBe(pulses + 1);
    const audit = register.core.db
      .prepare<[], number>("SELECT count(*) FROM audit_log WHERE action LIKE 'drawer.%'")
      .pluck()
      .get();
    expect(audit).toBeGreaterThan(0);
    rig.printer.simulator.closeDrawer();
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the manager the day: takings, sales, tender mix, sync', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    // A cashier does not see the dashboard on the bar.
    await signIn(page, STAFF.cashier);
    expect(await page.getByTestId('nav-dashboard').count()).toBe(0);
    await page.getByRole('button', { name: '退出' }).click();
    await page.locator('input[name="staffId"]').waitFor();
    await signIn(page, STAFF.manager);
    await useEnglish(page);
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dash-sales').waitFor();
    const figures = register.core.db
      .prepare<[], { sales: number; value: number }>(
        'SELECT count(*) AS sales, sum(total) AS value FROM sale',
      )
      .get();
    expect(await page.getByTestId('dash-sales').textContent()).toBe(String(figures?.sales));
    expect(await page.getByTestId('dash-value').textContent()).toBe(en(figures?.value ?? -1));
    const card = register.core.db
      .prepare<[], number>("SELECT sum(amount) FROM sale_payment WHERE kind = 'card'")
      .pluck()
      .get();
    expect(await page.getByTestId('tender-card').textContent()).toBe(en(card ?? -1));
    expect(await page.getByTestId('hour-chart').locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('top-products').locator('li').count()).toBeGreaterThan(0);
    const status = await register.core.send('sync.status', {});
    expect(await page.getByTestId('dash-pending').textContent()).toBe(
      String(status.ok ? status.value.unsyncedMutations : -1),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
