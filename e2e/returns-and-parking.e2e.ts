// Returns and parked sales in Chromium: a sale is paid, then one of its items comes back by
// receipt number (a wrong number is refused in words first); an item comes back without a receipt
// once a manager approves (a wrong PIN in the dialog is refused and the dialog stays); a sale is
// parked, another started, a recall refused while it is open, then the parked one recalled.
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
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

describe.skipIf(missing !== undefined)('returns, park and recall in Chromium', () => {
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

  it('returns an item by receipt and one without a receipt with a manager approving', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await wedgeScan(page, PEN);
    await wedgeScan(page, MILK);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    await page.getByRole('button', { name: '整额' }).click();
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { id: string; receipt_no: number }>('SELECT id, receipt_no FROM sale')
      .get();
    const penLine = register.core.db
      .prepare<[string], { net: number }>(
        "SELECT net FROM sale_line WHERE sale_id = ? AND gtin14 = '04006381333931'",
      )
      .get(sale?.id ?? '');
    expect(penLine?.net).toBeGreaterThan(0);

    await page.keyboard.press('F4');
    const receiptNo = page.locator('input[name="receiptNo"]');
    await receiptNo.fill('9999');
    await receiptNo.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('本机没有这张小票');
    expect(await page.getByTestId('returnable-sale').count()).toBe(0);

    await receiptNo.fill(String(sale?.receipt_no));
    await receiptNo.press('Enter');
    const lines = page.getByTestId('returnable-line');
    await expect.poll(() => lines.count()).toBe(2);
    await lines.filter({ hasText: 'Stabilo pen' }).locator('input').fill('1');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'return-by-receipt.png') });
    await page.getByTestId('refund').click();
    const done = page.getByTestId('refund-done');
    await done.waitFor();
    const refund = register.core.db
      .prepare<[string], { receipt_no: number; amount: number; cash_out: number }>(
        'SELECT receipt_no, amount, cash_out FROM refund WHERE sale_id = ?',
      )
      .get(sale?.id ?? '');
    expect(refund?.amount).toBe(penLine?.net);
    expect(await page.getByTestId('refund-receipt-no').textContent()).toBe(
      `退款单号 ${refund?.receipt_no}`,
    );
    expect(await page.getByTestId('refund-cash-out').textContent()).toBe(
      formatMoney('zh-CN', refund?.cash_out ?? -1, 'CNY'),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'refund-done.png') });

    // Without a receipt: the manager's PIN is asked; a wrong one is refused and nothing is paid.
    const blind = page.getByTestId('blind-return');
    await blind.locator('input[name="blindCode"]').fill(CHOCOLATE);
    await blind.getByRole('button', { name: '现金退款' }).click();
    const dialog = page.getByTestId('approval-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('无小票退货需要店长授权');
    await dialog.locator('input[name="approverId"]').fill(STAFF.manager.id);
    await dialog.locator('input[name="approverPin"]').fill('0000');
    await dialog.getByTestId('approve').click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('工号或密码不正确');
    const blindRefunds = () =>
      register.core.db.prepare('SELECT COUNT(*) FROM refund WHERE sale_id IS NULL').pluck().get();
    expect(blindRefunds()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'approval-dialog.png') });
    await approveAs(page, STAFF.manager);
    await expect.poll(blindRefunds).toBe(1);
    await expect
      .poll(() => page.getByTestId('refund-receipt-no').textContent())
      .toBe(`退款单号 ${(refund?.receipt_no ?? 0) + 1}`);
    expect(
      register.core.db
        .prepare('SELECT approver_id FROM refund WHERE sale_id IS NULL')
        .pluck()
        .get(),
    ).toBe(STAFF.manager.id);
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('parks a sale, refuses a recall over an open sale, and recalls it later', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    const lines = page.getByTestId('cart-line');
    await wedgeScan(page, CHOCOLATE);
    await expect.poll(() => lines.count()).toBe(1);
    await page.getByTestId('park').click();
    const parked = page.getByTestId('parked-cart');
    await expect.poll(() => parked.count()).toBe(1);

    // The next customer's sale; the parked one cannot come back over it.
    await page.keyboard.press('F1');
    await page.locator('#scan-field').waitFor();
    expect(await lines.count()).toBe(0);
    await wedgeScan(page, MILK);
    await expect.poll(() => lines.count()).toBe(1);
    await page.keyboard.press('F6');
    // The open sale stays on show while another screen is up.
    expect(await page.getByTestId('nav-open-sale').textContent()).toContain('1');
    await parked.first().click();
    await expect
      .poll(() => page.getByRole('alert').getAttribute('data-code'))
      .toBe('checkout.cartOpen');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'parked-list.png') });

    // Park this one too, then bring the chocolate sale back.
    await page.getByTestId('park-current').click();
    await expect.poll(() => parked.count()).toBe(2);
    const chocolatePrice = register.core.db
      .prepare<[], number>("SELECT price_minor FROM product WHERE gtin14 = '00000096385074'")
      .pluck()
      .get();
    await parked.filter({ hasText: formatMoney('zh-CN', chocolatePrice ?? -1, 'CNY') }).click();
    await page.locator('#scan-field').waitFor();
    await expect.poll(() => lines.count()).toBe(1);
    expect(await lines.first().getAttribute('data-gtin')).toMatch(new RegExp(`${CHOCOLATE}$`));
    // The milk sale waits parked; nothing was lost or doubled.
    expect(
      register.core.db.prepare("SELECT COUNT(*) FROM cart WHERE status = 'parked'").pluck().get(),
    ).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'recalled.png') });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
