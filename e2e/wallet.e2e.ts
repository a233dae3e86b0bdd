// Wallet payments on the pay panel in Chromium: the register enrolled with a real central server
// (embedded PGlite) whose merchant accounts point at the WeChat Pay and Alipay simulators. A split
// of cash and a scanned Alipay code the customer confirms on the phone ("user paying", then paid)
// with the receipt preview showing the wallet, the masked code and the transaction id; a typed
// WeChat Pay code cancelled while the customer confirms (revoked, nothing charged); and the server
// gone: the wallet refused at once, the cashier offered cash and card, the sale paid in cash. And a
// code that will not scan: the store's WeChat Pay QR on the customer display, read back off the
// screen with a QR decoder, paid by the customer, the sale completed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralServerFixture } from '../test-support/central-server-fixture';
import { startCentralServer } from '../test-support/central-server-fixture';
import type { WalletProvidersFixture } from '../test-support/wallet-providers';
import { startWalletProviders } from '../test-support/wallet-providers';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import {
  SCREENSHOTS,
  STAFF,
  openCustomerDisplay,
  openRegisterPage,
  signIn,
  useEnglish,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN } = FIXTURE_BARCODES;
const WECHAT = '134567890123456789';
const ALIPAY = '28456789012345678901';

/**
 * The server holds a pay request 1.5 s before answering "still confirming", so the screen shows
 * the customer confirming; queries every 200 ms; an unconfirmed payment is reversed after 20 s.
 */
const QUICK_PAY = {
  WALLET_FIRST_QUERY_MS: '200',
  WALLET_QUERY_EVERY_MS: '200',
  WALLET_GIVE_UP_MS: '20000',
  WALLET_HOLD_MS: '1500',
};

describe.skipIf(missing !== undefined)('wallet payments on the pay panel', () => {
  let providers: WalletProvidersFixture;
  let central: CentralServerFixture;
  let register: E2eRegister;
  let browser: Browser;
  const charges = () =>
    providers.wechat.ledger.chargeCount() + providers.alipay.ledger.chargeCount();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    providers = await startWalletProviders();
    // The server reads its merchant accounts and quick-pay waits from the environment.
    Object.assign(process.env, providers.env, QUICK_PAY);
    central = await startCentralServer();
    register = await startE2eRegister({ central, devices: true, wallet: true });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
    await central?.dispose();
    await providers?.close();
    for (const key of [...Object.keys(providers?.env ?? {}), ...Object.keys(QUICK_PAY)]) {
      Reflect.deleteProperty(process.env, key);
    }
  });

  it('splits cash and a scanned Alipay code the customer confirms on the phone', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await wedgeScan(page, MILK);
    await wedgeScan(page, PEN);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);

    // ¥5 in cash first; the rest by Alipay.
    await page.fill('input[name="cashReceived"]', '5');
    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('tenders-taken').waitFor();
    const due = await register.core.send('checkout.current', {});
    const remaining = due.ok && due.value !== null ? due.value.remaining : -1;
    expect(remaining).toBeGreaterThan(0);

    // The customer enters the password on the phone: paid a few seconds after the scan.
    providers.alipay.ledger.scriptNext({ kind: 'userPaying', paysAfterMs: 4_000 });
    await wedgeScan(page, ALIPAY);
    const progress = page.getByTestId('wallet-progress');
    await expect
      .poll(() => progress.getAttribute('data-stage'), { timeout: 10_000 })
      .toBe('waiting');
    expect(await progress.textContent()).toContain('Alipay 28**************8901');
    expect(await progress.textContent()).toContain('confirming');
    await page.getByTestId('cancel-wallet').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallet-user-paying.png') });

    // Confirmed: the register's follow-up finds it paid and the sale completes on screen.
    await page.getByTestId('sale-done').waitFor({ timeout: 20_000 });
    const preview = page.getByTestId('receipt-preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('Alipay');
    const receipt = (await preview.textContent()) ?? '';
    expect(receipt).toContain('28**************8901');
    expect(receipt).not.toContain(ALIPAY);
    const order = providers.alipay.ledger.orders().at(-1);
    expect(order?.transactionId).toBeDefined();
    expect(receipt).toContain(order?.transactionId ?? 'missing');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallet-split-receipt.png') });

    const sale = register.core.db
      .prepare<[], { kind: string; amount: number }>(
        `SELECT p.kind, p.amount FROM sale_payment p JOIN sale s ON s.id = p.sale_id
         ORDER BY s.receipt_no DESC, p.seq`,
      )
      .all()
      .slice(0, 2);
    expect(sale).toEqual([
      { kind: 'cash', amount: 500 },
      { kind: 'wallet', amount: remaining },
    ]);
    expect(providers.alipay.ledger.chargeCount()).toBe(1);
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a typed WeChat Pay code while the customer confirms: revoked, nothing charged', async () => {
    const before = charges();
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    await wedgeScan(page, MILK);
    await page.getByTestId('cart-line').first().waitFor();

    // The customer never confirms.
    providers.wechat.ledger.scriptNext({ kind: 'userPaying' });
    await page.locator('input[name="walletCode"]').fill(WECHAT);
    await page.getByTestId('pay-wallet').click();
    const progress = page.getByTestId('wallet-progress');
    await expect
      .poll(() => progress.getAttribute('data-stage'), { timeout: 10_000 })
      .toBe('waiting');
    // The code left the field as it was sent; only its masked form is on screen.
    expect(await page.locator('input[name="walletCode"]').inputValue()).toBe('');
    expect(await page.content()).not.toContain(WECHAT);
    await page.getByTestId('cancel-wallet').click();
    await expect
      .poll(() => progress.getAttribute('data-stage'), { timeout: 15_000 })
      .toBe('cancelled');
    expect(await progress.textContent()).toContain('WeChat Pay 13************6789');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallet-cancelled.png') });
    expect(charges()).toBe(before);

    // The cart is free again: cash pays it.
    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('sale-done').waitFor();
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a wallet at once while head office is down and offers cash or card', async () => {
    const before = charges();
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await wedgeScan(page, PEN);
    await page.getByTestId('cart-line').first().waitFor();
    await central.stop();
    try {
      const started = Date.now();
      await wedgeScan(page, WECHAT);
      const offline = page.getByTestId('wallet-offline');
      await offline.waitFor({ timeout: 5_000 });
      const took = Date.now() - started;
      // Chinese by default: the refusal and the offer are in the cashier's words.
      expect(await offline.textContent()).toContain('无法连接总部');
      expect(await page.getByRole('alert').first().textContent()).toContain('现金或刷卡');
      expect(took).toBeLessThan(3_000);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'wallet-offline-offer.png') });
      await page.getByTestId('offer-cash').click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
        .toBe('cashReceived');
      await page.keyboard.press('Enter');
      await page.getByTestId('sale-done').waitFor();
      expect(charges()).toBe(before);
    } finally {
      await central.start();
    }
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a code that will not scan: the store QR on the customer display, read off the screen, paid', async () => {
    const before = charges();
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);
    const display = await openCustomerDisplay(browser, register);
    await wedgeScan(page, MILK);
    await page.getByTestId('cart-line').first().waitFor();
    await page.getByTestId('show-qr-wechatPay').click();
    const progress = page.getByTestId('wallet-progress');
    await expect
      .poll(() => progress.textContent(), { timeout: 10_000 })
      .toContain('scans the QR on the customer display');
    // Waiting for the customer is progress, not a problem: no notice.
    expect(await page.getByRole('alert').count()).toBe(0);
    const shown = display.getByTestId('customer-qr');
    await shown.waitFor({ timeout: 10_000 });
    expect(await shown.textContent()).toContain('请用微信支付扫码支付');
    await display.screenshot({ path: path.join(SCREENSHOTS, 'customer-display-qr.png') });

    // What a phone would read off the display: the QR decoded from the pixels on screen.
    const png = PNG.sync.read(await shown.getByTestId('payment-qr').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(decoded?.data).toBe(providers.wechat.ledger.orders().at(-1)?.qr?.content);

    // The customer scans and pays; the register's follow-up finds it and the sale completes.
    expect(providers.wechat.ledger.payQr(decoded?.data ?? '')).toBe(true);
    await page.getByTestId('sale-done').waitFor({ timeout: 20_000 });
    await display.getByTestId('customer-thanks').waitFor();
    const preview = page.getByTestId('receipt-preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('store QR');
    expect(charges()).toBe(before + 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallet-qr-paid.png') });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await display.close();
    await page.close();
  });
});
