// The register without a mouse, in Chinese, and at scanner speed, in Chromium: a whole sale by
// keyboard only (sign in, find a product by name, scan, cash, the sync panel); the member screen
// in zh-CN; and 100 wedge scans in quick succession (ten a second), then 100 back to back, timing
// each from scan to its line on screen with performance marks (both p95s are printed; the goal,
// 50 ms, is the paced run's).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../renderer/i18n/format';
import { RENDERER_OUT } from '../main/host/renderer-build';
import { SCAN_MEASURE } from '../renderer/scanning/scan-timing';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import {
  SCREENSHOTS,
  STAFF,
  openRegisterPage,
  queuedScan,
  signIn,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

/** Keys at a person's pace: slower than any scanner, so the wedge hands them to the field. */
async function typeByHand(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 70 });
}

const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('name'));

describe.skipIf(missing !== undefined)('keyboard, zh-CN and scan speed in Chromium', () => {
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

  it('sells with the keyboard only', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    expect(await focusedName(page)).toBe('staffId');
    await typeByHand(page, STAFF.cashier.id);
    await page.keyboard.press('Tab');
    await typeByHand(page, STAFF.cashier.pin);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('scan-field');

    // F2: find the pen by name, Tab to it, Enter adds it and returns to the sale.
    await page.keyboard.press('F2');
    await expect.poll(() => focusedName(page)).toBe('productQuery');
    await typeByHand(page, 'Stabilo');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-result').first().waitFor();
    for (let i = 0; i < 4; i += 1) {
      const onResult = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'search-result',
      );
      if (onResult) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('scan-field');
    const lines = page.getByTestId('cart-line');
    await expect.poll(() => lines.count()).toBe(1);
    expect(await lines.first().getAttribute('data-gtin')).toMatch(new RegExp(`${PEN}$`));

    // A barcode typed by hand, then Enter on the empty field moves on to the cash.
    await typeByHand(page, MILK);
    await page.keyboard.press('Enter');
    await expect.poll(() => lines.count()).toBe(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('cashReceived');
    await typeByHand(page, '500');
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const sale = register.core.db
      .prepare<[], { change_given: number }>('SELECT change_given FROM sale')
      .get();
    expect(await page.getByTestId('change').textContent()).toBe(
      formatMoney('zh-CN', sale?.change_given ?? -1, 'CNY'),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keyboard-checkout.png') });

    // F10: the sale waits for head office, and the panel says how much.
    await page.keyboard.press('F10');
    await expect.poll(() => page.getByTestId('sync-pending-sales').textContent()).toBe('1');
    const status = await register.core.send('sync.status', {});
    expect(await page.getByTestId('sync-pending-value').textContent()).toBe(
      formatMoney('zh-CN', status.ok ? status.value.unsyncedSalesValue : -1, 'CNY'),
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('scan-field');
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the member desk in Chinese', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await page.getByTestId('nav-members').click();
    expect(await page.locator('h1').textContent()).toBe('会员');
    const query = page.locator('input[name="memberQuery"]');
    await query.fill('13900139000');
    await query.press('Enter');
    const card = page.getByTestId('member-card');
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('刘洋');
    expect(text).toContain('铜卡');
    expect(text).toContain('本机可用积分');
    expect(text).toContain('30 天内没有到期的积分');
    expect(await page.getByTestId('nav-checkout').textContent()).toContain('收银');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'members-zh-CN.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('scans a burst whose keys reach a busy page late, and leaves nothing in the scan field', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    // The page's settle timer runs out mid-burst and hands the first keys to the scan field; the
    // late keys' stamps show the burst never broke, so those keys are taken back and scanned.
    await wedgeScan(page, PEN, { afterKeys: 5, ms: 150 });
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    // Only the Enter late: every digit had gone to the field.
    await wedgeScan(page, MILK, { afterKeys: MILK.length, ms: 150 });
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    expect(await page.locator('#scan-field').inputValue()).toBe('');
    expect(await page.getByRole('alert').count()).toBe(0);
    const cart = await register.core.send('checkout.current', {});
    const lines = cart.ok && cart.value !== null ? cart.value.cart.lines : [];
    expect(lines.map((l) => l.product.defaultName)).toEqual(['Stabilo pen', 'Yili milk 250ml']);
    await page.locator('input[name="cashReceived"]').press('Enter');
    await page.getByTestId('sale-done').waitFor();
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('puts 100 quick wedge scans on screen and reports the scan-to-line p95', async () => {
    // Timed on the bundle a store runs: React's production build, not its development one.
    const assets = path.join(RENDERER_OUT, 'assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) {
      expect(readFileSync(path.join(assets, name), 'utf8')).not.toContain('jsxDEV');
    }
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    // Every command the page sends while scanning (a scan must need no second round trip): the
    // socket is watched from a reload on, the core keeping the cashier signed in.
    const sent: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => {
        if (typeof frame.payload !== 'string') return;
        const { name } = JSON.parse(frame.payload) as { name?: string };
        if (name !== undefined) sent.push(name);
      }),
    );
    await page.reload();
    await page.locator('#scan-field').waitFor();
    // What a page asks once on load is not the scan path's.
    await expect.poll(() => sent.includes('checkout.current')).toBe(true);
    sent.length = 0;
    const codes = [MILK, PEN, CHOCOLATE];
    const time = async (paceMs: number) => {
      await page.evaluate((name) => performance.clearMeasures(name), SCAN_MEASURE);
      const started = Date.now();
      for (let i = 0; i < 100; i += 1) {
        await queuedScan(page, codes[i % codes.length] ?? MILK);
        const next = started + (i + 1) * paceMs;
        if (next > Date.now()) await new Promise((done) => setTimeout(done, next - Date.now()));
      }
      await page.waitForFunction(
        (name) => performance.getEntriesByName(name).length >= 100,
        SCAN_MEASURE,
      );
      const wallMs = Date.now() - started;
      const durations = await page.evaluate(
        (name) => performance.getEntriesByName(name).map((e) => e.duration),
        SCAN_MEASURE,
      );
      expect(durations).toHaveLength(100);
      const sorted = [...durations].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.ceil(q * sorted.length) - 1] ?? Number.NaN;
      return {
        scans: sorted.length,
        paceMs,
        p50Ms: Number(at(0.5).toFixed(1)),
        p95Ms: Number(at(0.95).toFixed(1)),
        maxMs: Number(at(1).toFixed(1)),
        wallMs,
      };
    };
    // The goal's figure: a scan every 100 ms, ten a second, faster than any cashier presents
    // items (two to four a second) yet each scan answered before the next. Then the same again
    // with no pause at all (as fast as the test can send, ~50 a second): each scan also waits for
    // the ones before it, so that figure is the queue's, reported beside it.
    const paced = await time(100);
    const backToBack = await time(0);
    const figures = { goalP95Ms: 50, paced, backToBack };
    console.log(`scan-to-line: ${JSON.stringify(figures)}`);
    writeFileSync(path.join(SCREENSHOTS, 'scan-to-line.json'), `${JSON.stringify(figures)}\n`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hundred-scans.png') });
    // Every scan read and on screen: no refusal, a line for each (repeat scans add lines).
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.cart-lines').getAttribute('data-lines')).toBe('200');
    // The cart is windowed: a screenful of rows is in the page, not two hundred.
    const rowsInPage = await page.getByTestId('cart-line').count();
    expect(rowsInPage).toBeGreaterThan(5);
    expect(rowsInPage).toBeLessThan(30);
    // Scrolled to the bottom, the oldest line (the first scan, milk) is there.
    await page.getByTestId('cart-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect
      .poll(() => page.getByTestId('cart-line').last().getAttribute('data-gtin'))
      .toMatch(new RegExp(`${MILK}$`));
    expect(sent.filter((name) => name === 'checkout.scan')).toHaveLength(200);
    expect(sent.filter((name) => name === 'checkout.current')).toEqual([]);
    // The add-ons are asked once the scanning rests, not once a scan.
    expect(sent.filter((name) => name === 'recs.forCart').length).toBeLessThanOrEqual(5);

    expect(errors).toEqual([]);
    await page.close();
  });
});
