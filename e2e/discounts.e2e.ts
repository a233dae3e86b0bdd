// Manual discounts in Chromium: the cashier gives 5 % off the milk alone (within the limit, no
// approval; the line says so), a percentage nobody can give is refused in the dialog, 20 % off the
// whole sale waits for a supervisor's approval, the pay panel says it, taking it off brings the
// total back, an amount off within the limit goes through, and the sale is paid at that total
// with the discounts in the recorded sale and the audit log.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.skipIf(missing !== undefined)('manual discounts in Chromium', () => {
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

  it('discounts a line and the sale, with a supervisor above the limit, and is paid at that total', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await wedgeScan(page, MILK);
    await wedgeScan(page, PEN);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    const cart = async () => {
      const answer = await register.core.send('checkout.current', {});
      if (!answer.ok || answer.value === null) throw new Error('no open cart');
      return answer.value;
    };
    const total = async () => (await cart()).totals.priced.totals.total.amount;
    const undiscounted = await total();

    // 5 % off the milk: within the cashier's limit, no approval asked.
    const milk = page.locator(`[data-testid="cart-line"][data-gtin="0${MILK}"]`);
    await milk.getByTestId('discount-line').click();
    const dialog = page.getByTestId('discount-dialog');
    await dialog.waitFor();
    await dialog.locator('input[name="discountValue"]').fill('150');
    await dialog.locator('input[name="discountReason"]').fill('dented carton');
    await dialog.getByTestId('apply-discount').click();
    expect(await dialog.getByRole('alert').textContent()).toContain('0.01 to 100');
    await dialog.locator('input[name="discountValue"]').fill('5');
    await dialog.getByTestId('apply-discount').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);
    await expect
      .poll(async () => (await cart()).cart.lines[0]?.discount?.discount)
      .toEqual({
        kind: 'percent',
        basisPoints: 500,
      });
    await milk.getByTestId('line-promo').waitFor();
    const afterLine = await total();
    expect(afterLine).toBeLessThan(undiscounted);

    // 20 % off the sale: above the limit, so a supervisor approves it.
    await page.getByTestId('discount-sale').click();
    await dialog.waitFor();
    await dialog.locator('input[name="discountValue"]').fill('20');
    await dialog.locator('input[name="discountReason"]').fill('store manager promise');
    await dialog.getByTestId('apply-discount').click();
    await page.getByTestId('approval-dialog').waitFor();
    await approveAs(page, STAFF.supervisor);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sale-discount-shown').textContent()).toContain('20');
    await expect.poll(total).toBe(afterLine - Math.round(afterLine / 5));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'discounts.png') });

    // Taken off again: the total goes back; then ¥2 off, within the limit.
    await page.getByTestId('discount-sale').click();
    await dialog.getByTestId('remove-discount').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(total).toBe(afterLine);
    await page.getByTestId('discount-sale').click();
    await dialog.getByLabel('Amount off').check();
    await dialog.locator('input[name="discountValue"]').fill('2');
    await dialog.locator('input[name="discountReason"]').fill('rounding for a regular');
    await dialog.getByTestId('apply-discount').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(total).toBe(afterLine - 200);

    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { total: number; discount_total: number; subtotal: number }>(
        'SELECT total, discount_total, subtotal FROM sale ORDER BY receipt_no DESC LIMIT 1',
      )
      .get();
    expect(sale?.total).toBe(afterLine - 200);
    expect(sale?.discount_total).toBeGreaterThanOrEqual(undiscounted - afterLine + 200);
    const audit = register.core.db
      .prepare<[], { action: string; details: string }>(
        "SELECT action, details FROM audit_log WHERE action LIKE 'sale.%Discount' ORDER BY id",
      )
      .all();
    expect(audit.map((a) => a.action)).toEqual([
      'sale.manualDiscount',
      'sale.manualDiscount',
      'sale.removeDiscount',
      'sale.manualDiscount',
    ]);
    expect(audit[1]?.details).toContain(STAFF.supervisor.id);
    expect(errors).toEqual([]);
    expect(register.errors).toEqual([]);
    await page.close();
  });
});
