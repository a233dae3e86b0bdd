// Closing a shift in Chromium: cash put into the drawer (a supervisor approves), an X report
// (supervisor), the Z report with the counted cash (manager) closing the shift; a scan then is
// refused with what to do next, and a new shift opens with its float.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../renderer/i18n/format';
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

const yuan = (fen: number) => formatMoney('zh-CN', fen, 'CNY');

describe.skipIf(missing !== undefined)('shift close with Z report in Chromium', () => {
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

  it('records cash in, reads X, closes with Z, and opens the next shift', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await page.keyboard.press('F8');
    await page.getByTestId('shift-open').waitFor();

    // ¥50.00 of change from the safe; the demo float was ¥200.00.
    const movement = page.getByTestId('cash-movement');
    await movement.locator('input[name="cashAmount"]').fill('50');
    await movement.locator('input[name="cashReason"]').fill('保险柜零钱');
    await movement.getByRole('button', { name: '记录' }).click();
    await approveAs(page, STAFF.supervisor);
    await expect
      .poll(() => page.getByTestId('cash-movement-done').textContent())
      .toContain(yuan(5_000));

    await page.getByTestId('read-x').click();
    await approveAs(page, STAFF.supervisor);
    await expect
      .poll(() => page.getByTestId('x-report').getByTestId('report-expected').textContent())
      .toBe(yuan(25_000));

    // A typo in the count is refused in words; nothing closes.
    const counted = page.locator('input[name="countedCash"]');
    await counted.fill('24x');
    await page.getByTestId('close-z').click();
    await expect
      .poll(() => page.getByRole('alert').getAttribute('data-code'))
      .toBe('tender.invalidAmount');
    expect(await page.getByTestId('approval-dialog').count()).toBe(0);

    await counted.fill('245');
    await page.getByTestId('close-z').click();
    await approveAs(page, STAFF.manager);
    const z = page.getByTestId('z-report');
    await z.waitFor();
    expect(await z.locator('h2').textContent()).toBe('Z 报表 第 1 号');
    expect(await z.getByTestId('report-variance').textContent()).toBe(yuan(-500));
    expect(await z.textContent()).toContain('短款');
    const shift = register.core.db
      .prepare<[], { status: string; z_number: number }>(
        'SELECT status, z_number FROM shift ORDER BY opened_at DESC LIMIT 1',
      )
      .get();
    expect(shift).toEqual({ status: 'closed', z_number: 1 });
    await page.getByTestId('open-shift').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'z-report.png') });

    // No shift: items scan, but cash is refused with where to open one; the sale is kept.
    await page.keyboard.press('F1');
    await page.locator('#scan-field').waitFor();
    await wedgeScan(page, '6901234567892');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByRole('button', { name: '整额' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('F8');
    expect(register.core.db.prepare('SELECT COUNT(*) FROM sale').pluck().get()).toBe(0);

    await page.keyboard.press('F8');
    await page.locator('input[name="openingFloat"]').fill('200');
    await page.locator('input[name="openingFloat"]').press('Enter');
    await expect.poll(() => page.getByTestId('shift-open').textContent()).toContain(yuan(20_000));
    await page.keyboard.press('F1');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByRole('button', { name: '整额' }).click();
    await page.getByTestId('sale-done').waitFor();
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
