// The member desk in Chromium: a phone number that is no member is refused in words; the member
// is found by phone with level, points and what this register may redeem; they are added to the
// sale; too many points are refused with the cart kept; 1,000 points pay ¥10.00 and cash the rest;
// the points history then shows the redemption.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankCardTracks, memberCardTracks } from '../hardware';
import { formatMoney } from '../renderer/i18n/format';
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
  useEnglish,
  wedgeScan,
} from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

const { MILK } = FIXTURE_BARCODES;

describe.skipIf(missing !== undefined)('member lookup and points redemption in Chromium', () => {
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

  it('finds a member, attaches them, pays part with points and shows it in the history', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await useEnglish(page);
    await signIn(page, STAFF.cashier);

    // Not a member: said in words, nothing shown.
    await page.keyboard.press('F3');
    const query = page.locator('input[name="memberQuery"]');
    await query.waitFor();
    await query.fill('13011112222');
    await query.press('Enter');
    const notice = page.getByRole('alert');
    await expect.poll(() => notice.getAttribute('data-code')).toBe('members.notFound');
    expect(await page.getByTestId('member-card').count()).toBe(0);

    await query.fill('13800138000');
    await query.press('Enter');
    const card = page.getByTestId('member-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('Chen Jing');
    expect(await card.textContent()).toContain('138****8000');
    expect(await card.textContent()).toContain('Gold');
    expect(await page.getByTestId('member-points').textContent()).toBe('5,200');
    expect(await page.getByTestId('member-redeemable').textContent()).toBe('2,000');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'member-lookup.png') });

    await page.getByTestId('attach-member').click();
    await page.locator('#scan-field').waitFor();
    expect(await page.getByTestId('member-on-sale').textContent()).toContain('Chen Jing');
    await wedgeScan(page, MILK);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    const total = register.core.db
      .prepare<[], number>("SELECT price_minor FROM product WHERE gtin14 = '06901234567892'")
      .pluck()
      .get();
    expect(total).toBeGreaterThan(1_000);

    // More than this register may redeem offline: refused, the sale untouched.
    const points = page.locator('input[name="points"]');
    await points.fill('2001');
    await points.press('Enter');
    await expect.poll(() => notice.getAttribute('data-code')).toBe('tender.pointsOverOfflineLimit');
    expect(await page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('tenders-taken').count()).toBe(0);

    // 1,000 points at 100 points a yuan: ¥10.00 off what is due.
    await points.fill('1000');
    await page.getByTestId('redeem-points').click();
    const taken = page.getByTestId('tenders-taken');
    await taken.waitFor();
    expect(await taken.textContent()).toContain(formatMoney('en', 1_000, 'CNY'));
    const remaining = (total ?? 0) - 1_000;
    expect(await page.getByTestId('remaining').textContent()).toBe(
      formatMoney('en', remaining, 'CNY'),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'points-redeemed.png') });

    await page.getByRole('button', { name: 'Exact' }).click();
    await page.getByTestId('sale-done').waitFor();
    const entries = register.core.db
      .prepare<[], { type: string; points: number }>(
        "SELECT type, points FROM member_points_entry WHERE member_id = 'm-0001' ORDER BY id",
      )
      .all();
    expect(entries.filter((e) => e.type === 'spend')).toEqual([{ type: 'spend', points: -1000 }]);
    // Spending is written as a negative change; points are earned on the money part only: 10 a yuan of the cash paid.
    const earned = entries.find((e) => e.type === 'earn')?.points;
    expect(earned).toBe(Math.floor(remaining / 10));

    await page.keyboard.press('F3');
    await query.fill('990086000001');
    await query.press('Enter');
    const history = page.getByTestId('points-history');
    await expect.poll(() => history.textContent()).toContain('Redeemed');
    expect(await page.getByTestId('member-points').textContent()).toBe(
      new Intl.NumberFormat('en').format(5_200 - 1_000 + (earned ?? 0)),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'member-history.png') });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads a keyboard-mode card reader: a member card goes on the sale, a bank card never leaves the page', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await useEnglish(page);
    await signIn(page, STAFF.cashier);
    // Every frame the page sends: the bank card's number must be in none of them.
    const frames: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string') frames.push(frame.payload);
      }),
    );
    await page.reload();
    await page.locator('#scan-field').waitFor();
    await wedgeScan(page, MILK);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBeGreaterThan(0);

    // The reader types the tracks as fast keys ending in Enter, as a scanner would.
    await queuedScan(page, memberCardTracks('990086000002', 'LIU/YANG'));
    await expect.poll(() => page.getByTestId('member-on-sale').textContent()).toContain('Liu Yang');

    const pan = '4111111111111111';
    await queuedScan(page, bankCardTracks(pan));
    await expect
      .poll(() => page.getByRole('alert').getAttribute('data-code'))
      .toBe('cardReader.bankCard');
    expect(await page.getByRole('alert').textContent()).not.toContain(pan);
    expect(frames.some((frame) => frame.includes('checkout.attachMember'))).toBe(true);
    expect(frames.filter((frame) => frame.includes(pan))).toEqual([]);
    expect(frames.filter((frame) => frame.includes('%B'))).toEqual([]);
    // Nothing of it typed into a field either.
    expect(await page.locator('#scan-field').inputValue()).toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'keyboard-card-reader.png') });
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
