// Changing a line's price and presenting a coupon in Chromium: the cashier changes the pen's price
// for damaged packaging, a supervisor approves it in the dialog (a wrong PIN refused first), the
// line and the total follow, and the core's audit log names who approved; then the coupon SAVE5
// takes ¥5 off the sale (off the milk: a changed price takes no further promotion), an unknown
// coupon changes nothing, and the sale is paid at the new total.
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
  openRegisterPage,
  signIn,
  useEnglish,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN } = FIXTURE_BARCODES;
const en = (amount: number) => formatMoney('en', amount, 'CNY');

describe.skipIf(missing !== undefined)('price change and coupons in Chromium', () => {
  let register: E2eRegister;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    register = await startE2eRegister();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
  });

  it('changes a price with a supervisor’s approval, takes a coupon, and is paid at the new total', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await wedgeScan(page, PEN);
    const line = page.getByTestId('cart-line').first();
    await line.waitFor();

    await line.getByTestId('change-price').click();
    const dialog = page.getByTestId('price-change-dialog');
    await dialog.waitFor();
    await dialog.locator('input[name="newPrice"]').fill('1.2x');
    await dialog.locator('input[name="priceReason"]').fill('damaged packaging');
    await dialog.getByTestId('apply-price').click();
    expect(await dialog.getByRole('alert').textContent()).toContain('as an amount');
    await dialog.locator('input[name="newPrice"]').fill('12.50');
    await dialog.getByTestId('apply-price').click();
    // A cashier may not: a supervisor approves. A wrong PIN first, refused in the dialog.
    const approval = page.getByTestId('approval-dialog');
    await approval.waitFor();
    await approval.locator('input[name="approverId"]').fill(STAFF.supervisor.id);
    await approval.locator('input[name="approverPin"]').fill('0000');
    await approval.getByTestId('approve').click();
    await approval.getByRole('alert').waitFor();
    await approveAs(page, STAFF.supervisor);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => line.textContent()).toContain(en(1250));
    expect(await line.getByTestId('line-price-changed').textContent()).toContain(
      'damaged packaging',
    );
    const audit = register.core.db
      .prepare<[], { staff_id: string; details: string }>(
        "SELECT staff_id, details FROM audit_log WHERE action LIKE '%override%' ORDER BY id DESC LIMIT 1",
      )
      .get();
    expect(audit?.details).toContain(STAFF.supervisor.id);
    expect(audit?.details).toContain('damaged packaging');

    // A coupon nobody issued changes nothing; SAVE5 takes ¥5 off the sale.
    await wedgeScan(page, MILK);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    const coupon = page.locator('input[name="couponCode"]');
    await coupon.fill('NOPE');
    await coupon.press('Enter');
    const cart = async () => {
      const answer = await register.core.send('checkout.current', {});
      if (!answer.ok || answer.value === null) throw new Error('no open cart');
      return answer.value;
    };
    await expect.poll(async () => (await cart()).cart.couponCodes).toEqual(['NOPE']);
    const before = (await cart()).totals.priced.totals.total.amount;
    expect(before).toBeGreaterThan(1250 + 500);
    await coupon.fill('SAVE5');
    await coupon.press('Enter');
    await expect
      .poll(async () => (await cart()).totals.priced.totals.total.amount)
      .toBe(before - 500);
    await page.getByTestId('coupons-applied').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'price-change-coupon.png') });

    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { total: number }>('SELECT total FROM sale ORDER BY receipt_no DESC LIMIT 1')
      .get();
    expect(sale?.total).toBe(before - 500);
    expect(errors).toEqual([]);
    expect(register.errors).toEqual([]);
    await page.close();
  });
});
