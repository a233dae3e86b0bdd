// A stocktake in Chromium: opened at the register, shelves counted by wedge scans (routed to the
// count, never typed into a field) and by a typed count, an unknown barcode refused in words, the
// running variance shown, a cancelled approval posting nothing, then posted with the manager's
// approval; the stock screen then shows the new level and the product on the low-stock list.
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
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN } = FIXTURE_BARCODES;

describe.skipIf(missing !== undefined)('stocktake with variance in Chromium', () => {
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

  it('counts by scanning, shows the variance and posts it with approval', async () => {
    const books = (gtin: string) =>
      register.core.db
        .prepare<[string], { available: number; safety: number }>(
          `SELECT s.available, s.safety FROM stock s JOIN product p ON p.id = s.product_id
           WHERE p.gtin14 = ?`,
        )
        .get(gtin.padStart(14, '0'));
    const pen = books(PEN);
    const milk = books(MILK);
    if (pen === undefined || milk === undefined) throw new Error('fixture stock missing');
    // Fewer pens on the shelf than their safety stock, so the post puts them on the low list.
    const pensCounted = Math.max(0, pen.safety - 2);
    expect(pen.available).toBeGreaterThan(pensCounted);

    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await page.keyboard.press('F7');
    await page.getByTestId('open-stocktake').click();
    const code = page.locator('input[name="countCode"]');
    await code.waitFor();

    // Wedge scans count one each at the location shown; the location field keeps its text.
    const location = page.locator('input[name="countLocation"]');
    await location.fill('A-01');
    await location.focus();
    // One shelf item after another, each scanned once its count and the variance are on screen
    // (Playwright stamps each key when the page takes it, so a burst sent while the page renders
    // would arrive with gaps; a real scanner's keys carry the device's time).
    const lastCount = page.getByTestId('last-count');
    const line = (gtin: string) =>
      page.locator(`[data-testid="variance-line"][data-gtin$="${gtin}"]`);
    for (let i = 1; i <= pensCounted; i += 1) {
      await wedgeScan(page, PEN);
      await expect.poll(() => lastCount.textContent()).toContain(`合计 ${i}`);
      await expect
        .poll(() => line(PEN).getByTestId('variance-units').textContent())
        .toBe(
          new Intl.NumberFormat('zh-CN', { signDisplay: 'exceptZero' }).format(i - pen.available),
        );
    }
    expect(await location.inputValue()).toBe('A-01');

    // A typed count of a whole case: three more milk than the books say.
    await page.locator('input[name="countQuantity"]').fill(String(milk.available + 3));
    await code.fill(MILK);
    await code.press('Enter');
    await expect.poll(() => lastCount.textContent()).toContain(`合计 ${milk.available + 3}`);

    // A code that is no product: refused in words, counts unchanged.
    await code.fill('1234567890128');
    await code.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').getAttribute('data-code'))
      .toMatch(/^inventory\./);

    await expect
      .poll(() => line(PEN).getByTestId('variance-units').textContent())
      .toBe(String(pensCounted - pen.available));
    expect(await line(MILK).getByTestId('variance-units').textContent()).toBe('+3');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'stocktake-variance.png') });

    // The cashier cannot post alone; closing the dialog posts nothing.
    const status = () =>
      register.core.db.prepare('SELECT status FROM stocktake').pluck().get() as string;
    await page.getByTestId('post-stocktake').click();
    await page.getByTestId('approval-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    expect(status()).toBe('open');
    expect(await page.getByTestId('stocktake-screen').count()).toBe(1);

    await page.getByTestId('post-stocktake').click();
    await approveAs(page, STAFF.manager);
    await page.getByTestId('stocktake-posted').waitFor();
    expect(status()).toBe('posted');
    expect(books(PEN)?.available).toBe(pensCounted);
    expect(books(MILK)?.available).toBe(milk.available + 3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'stocktake-posted.png') });

    // The stock screen: a scanned pen shows the counted level, and pens are now low.
    await page.keyboard.press('F9');
    await page.locator('input[name="stockCode"]').waitFor();
    await wedgeScan(page, PEN);
    await expect
      .poll(() => page.getByTestId('stock-product').getByTestId('stock-available').textContent())
      .toBe(String(pensCounted));
    const low = page.getByTestId('low-stock-table').locator(`[data-gtin$="${PEN}"]`);
    await expect.poll(() => low.count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'low-stock.png') });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
