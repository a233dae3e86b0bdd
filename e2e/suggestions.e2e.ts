// Counter suggestions and the sync badge in Chromium. The register is given a recommendation model
// the way a pull stores one (built from a few baskets of the fixture products): scanning milk shows
// the pen it is bought with, with its reason in words; a tap adds it, Alt+1 adds the next one; the
// members screen shows "for you" for a member; and the badge says offline, since this register has
// no head office to reach.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeRecsModel } from '../test-support/recs-model-fixture';
import { FIXTURE_BARCODES } from '../test-support/register-fixture';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import {
  SCREENSHOTS,
  STAFF,
  openRegisterPage,
  signIn,
  useEnglish,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK } = FIXTURE_BARCODES;
// The model names products by GTIN-14, as head office's does.
const G = {
  milk: '06901234567892',
  pen: '04006381333931',
  chocolate: '00000096385074',
  rice: '06920000000006',
};

describe.skipIf(missing !== undefined)('add-on suggestions and the sync badge in Chromium', () => {
  let register: E2eRegister;
  let browser: Browser;
  let memberId: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    register = await startE2eRegister();
    memberId = register.core.db
      .prepare<[], string>("SELECT id FROM member WHERE phone = '13800138000'")
      .pluck()
      .get() as string;
    storeRecsModel(register.core.db, {
      storeId: 'store-1',
      builtAt: Date.now(),
      baskets: [
        { memberId: null, productIds: [G.milk, G.pen] },
        { memberId: null, productIds: [G.milk, G.pen] },
        { memberId: null, productIds: [G.milk, G.pen, G.chocolate] },
        { memberId: null, productIds: [G.rice, G.chocolate] },
        { memberId, productIds: [G.pen, G.chocolate] },
        { memberId: 'someone-else', productIds: [G.pen, G.chocolate, G.rice] },
      ],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
  });

  it('suggests what is bought with the cart, adds it by tap and by Alt+1', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await useEnglish(page);
    await signIn(page, STAFF.cashier);

    // No server: the badge says so beside the pending count.
    const connection = page.getByTestId('sync-connection');
    await expect.poll(() => connection.textContent()).toBe('Offline');
    expect(await page.getByTestId('sync-badge').getAttribute('data-connection')).toBe('offline');

    // An empty counter suggests nothing.
    await page.locator('#scan-field').waitFor();
    expect(await page.getByTestId('cart-suggestions').count()).toBe(0);

    await wedgeScan(page, MILK);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    const strip = page.getByTestId('cart-suggestions');
    await strip.waitFor();
    const first = strip.getByTestId('suggestion').first();
    await expect.poll(() => first.getAttribute('data-gtin')).toBe(G.pen);
    expect(await first.textContent()).toContain('Stabilo pen');
    expect(await first.textContent()).toContain('Often bought with this');
    expect(await strip.getByTestId('suggestion').count()).toBeLessThanOrEqual(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'checkout-suggestions.png') });

    // One tap: the pen is on the sale, and no longer suggested.
    await first.click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(2);
    expect(await page.getByTestId('cart-scroll').textContent()).toContain('Stabilo pen');
    await expect.poll(async () => strip.locator(`[data-gtin="${G.pen}"]`).count()).toBe(0);

    // Alt+1 adds whatever is suggested first now.
    await expect.poll(() => strip.getByTestId('suggestion').count()).toBeGreaterThan(0);
    const next = await strip.getByTestId('suggestion').first().getAttribute('data-gtin');
    expect(next).not.toBeNull();
    expect([G.milk, G.pen]).not.toContain(next);
    await page.keyboard.press('Alt+Digit1');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(3);

    // The member desk: "for you" for the member found.
    await page.keyboard.press('F3');
    const query = page.locator('input[name="memberQuery"]');
    await query.waitFor();
    await query.fill('13800138000');
    await query.press('Enter');
    const forYou = page.getByTestId('member-suggestions');
    await forYou.waitFor();
    expect(await forYou.getByTestId('suggestion').count()).toBeGreaterThan(0);

    // The sync panel says why: not linked, nothing sent yet, no error.
    await page.keyboard.press('F10');
    await expect
      .poll(() => page.getByTestId('sync-connection-detail').textContent())
      .toContain('Not linked');
    expect(await page.getByTestId('sync-last-success').textContent()).toBe('Not yet');
    expect(await page.getByTestId('sync-last-error').textContent()).toBe('None');
    expect(errors).toEqual([]);
    expect(register.errors).toEqual([]);
  });
});
