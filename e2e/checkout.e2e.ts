// The register in Debian Chromium through the browser-mode host: sign in (a wrong PIN first),
// scan through the keyboard-wedge path and through the scan field, change a quantity, take cash,
// see the change and the receipt number; a page without the launch token cannot connect; the
// language switches between Chinese and English.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../renderer/i18n/format';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import { SCREENSHOTS, wedgeScan } from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

describe.skipIf(missing !== undefined)('register checkout in Chromium', () => {
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

  it('refuses a page opened without the launch token, and says why', async () => {
    const page = await browser.newPage();
    await page.goto(`${register.host.origin}/`);
    const refused = page.getByTestId('refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('launch token');
    await page.close();
  });

  it('sells: wrong PIN, sign in, wedge and field scans, quantity, cash, change and receipt', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A blocked script or style (CSP) or an uncaught error shows up here.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(register.host.url);
    // The token leaves the address bar once read.
    await page.locator('input[name="staffId"]').waitFor();
    expect(page.url()).not.toContain('token=');

    // A wrong PIN is refused in words, in Chinese by default and in English after the switch.
    await page.fill('input[name="staffId"]', '1001');
    await page.fill('input[name="pin"]', '9999');
    await page.keyboard.press('Enter');
    const notice = page.getByRole('alert');
    await expect.poll(() => notice.textContent()).toContain('工号或密码不正确');
    await page.getByRole('button', { name: '切换到英文' }).click();
    await expect.poll(() => notice.textContent()).toContain('Staff number or PIN is not right');
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    expect(await page.locator('h1').textContent()).toBe('登录');

    await page.fill('input[name="pin"]', '1234');
    await page.keyboard.press('Enter');
    const scanField = page.locator('#scan-field');
    await scanField.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('scan-field');

    // Wedge burst with the scan field focused: a line, and nothing left in the field.
    const lines = page.getByTestId('cart-line');
    await wedgeScan(page, MILK);
    await expect.poll(() => lines.count()).toBe(1);
    expect(await scanField.inputValue()).toBe('');

    // Wedge burst while the cash field has focus: routed to the scan, never typed into it.
    const cash = page.locator('input[name="cashReceived"]');
    await cash.click();
    await wedgeScan(page, PEN);
    await expect.poll(() => lines.count()).toBe(2);
    expect(await cash.inputValue()).toBe('');

    // Typed by hand into the scan field at a person's pace, then Enter.
    await scanField.click();
    await page.keyboard.type(CHOCOLATE, { delay: 80 });
    await expect.poll(() => scanField.inputValue()).toBe(CHOCOLATE);
    await page.keyboard.press('Enter');
    await expect.poll(() => lines.count()).toBe(3);
    expect(await scanField.inputValue()).toBe('');

    // Two of the milk: the second is half price, and the line says so.
    const milk = page.locator(`[data-testid="cart-line"][data-gtin$="${MILK}"]`);
    await milk.getByRole('button', { name: '加一件' }).click();
    await expect.poll(() => milk.getByLabel('数量').inputValue()).toBe('2');
    await expect.poll(() => milk.getByTestId('line-promo').count()).toBe(1);
    expect(await page.getByTestId('discounts').textContent()).toMatch(/−/);

    await page.screenshot({ path: path.join(SCREENSHOTS, 'checkout.png') });

    await cash.fill('500');
    await cash.press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { receipt_no: number; change_given: number; paid: number }>(
        'SELECT receipt_no, change_given, paid FROM sale',
      )
      .get();
    expect(sale).toBeDefined();
    // ¥500 handed over: what the sale took plus the change given back.
    expect((sale?.paid ?? 0) + (sale?.change_given ?? 0)).toBe(50_000);
    expect(await page.getByTestId('receipt-no').textContent()).toBe(`小票号 ${sale?.receipt_no}`);
    expect(await page.getByTestId('change').textContent()).toBe(
      formatMoney('zh-CN', sale?.change_given ?? -1, 'CNY'),
    );
    expect(await page.getByTestId('received').textContent()).toBe(
      formatMoney('zh-CN', 50_000, 'CNY'),
    );
    // The paid sale waits in the outbox, and the badge says so.
    await expect.poll(() => page.getByTestId('sync-badge').textContent()).toContain('待同步');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sale-complete.png') });
    expect(register.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
