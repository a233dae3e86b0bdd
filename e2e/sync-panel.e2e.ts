// The sync detail panel in Chromium, driven by what the push loop reports to the core: head office
// flags a sale and refuses a stock move (each with its reason), the register's clock runs five
// minutes ahead, and head office reads a newer payload version — the cashier sees each in words,
// in English and in Chinese, with every register of the store and how far each has synced, and
// the badge says the register is online. Long work (a catalog load) shows as a bar under the top
// bar, also on a screen opened midway, and goes when it ends.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from './chromium';
import type { E2eRegister } from './register-host';
import { startE2eRegister } from './register-host';
import { SCREENSHOTS, STAFF, openRegisterPage, signIn, useEnglish } from './register-page';

const missing = chromiumMissing();
if (missing) console.warn(`e2e skipped: ${missing}`);

describe.skipIf(missing !== undefined)('the sync panel', () => {
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

  it('says what head office flagged or refused, a clock that is off, and an update to make', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    const now = Date.now();
    // A flash-sale lease head office granted this register: 20 units, 3 sold, 2 handed back.
    const pen = register.core.db
      .prepare<[], number>("SELECT id FROM product WHERE gtin14 = '04006381333931'")
      .pluck()
      .get();
    register.core.db
      .prepare(
        `INSERT INTO flash_lease (id, flash_sale_id, product_id, granted, sold, returned, expires_at, status, updated_at)
         VALUES ('lease-e2e', 'fs-pens', ?, 20, 3, 2, ?, 'open', ?)`,
      )
      .run(String(pen), now + 30 * 60_000, now);
    register.core.reportSyncStatus({
      push: {
        connection: 'online',
        lastAckedSeq: 7,
        pending: 0,
        lastError: null,
        lastSuccessAt: now,
        attention: [
          {
            seq: 5,
            mutation_id: '01900000-0000-7000-8000-000000000005',
            status: 'flagged',
            reason: 'paid sale booked with stock going below zero',
          },
          {
            seq: 6,
            mutation_id: '01900000-0000-7000-8000-000000000006',
            status: 'rejected',
            reason: 'stocktake of a product this store does not carry',
          },
        ],
        clockSkew: { offsetMs: 300_000, at: now },
        updateAdvised: true,
        storeRegisters: {
          at: now,
          registers: [
            { register_id: 'reg-a', name: 'Till 1', last_seq: 7, last_push_at: now - 60_000 },
            { register_id: 'reg-b', name: 'Till 2', last_seq: 0, last_push_at: null },
          ],
        },
      },
    });
    await page.keyboard.press('F10');
    const panel = page.getByTestId('sync-screen');
    await panel.waitFor();
    // The panel shows what the core reports (its `sync.status` event, or the next poll).
    await expect
      .poll(() => page.getByTestId('sync-clock').textContent(), { timeout: 5_000 })
      .toBe('比总部快 300 秒：请检查日期和时间');
    expect(await page.getByTestId('sync-update-advised').textContent()).toContain('请尽快更新');
    const attention = page.getByTestId('sync-attention').locator('li');
    expect(await attention.count()).toBe(2);
    expect(await attention.nth(1).getAttribute('data-status')).toBe('rejected');
    expect(await attention.nth(1).textContent()).toContain(
      'stocktake of a product this store does not carry',
    );
    expect(await page.getByTestId('sync-badge').getAttribute('data-connection')).toBe('online');
    // Every register of the store as head office told this one: Till 2 never sent anything.
    const tills = page.getByTestId('store-register');
    expect(await tills.count()).toBe(2);
    expect(await tills.nth(1).textContent()).toContain('Till 2');
    expect(await tills.nth(1).textContent()).toContain('从未');
    // The flash-sale units this register holds, with what is left to sell.
    const lease = page.getByTestId('held-lease');
    expect(await lease.count()).toBe(1);
    expect(await lease.getAttribute('data-flash-sale')).toBe('fs-pens');
    expect(await lease.getByTestId('held-lease-left').textContent()).toBe('15');
    expect(await lease.textContent()).toContain('Stabilo');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sync-panel-zh.png') });

    await useEnglish(page);
    expect(await page.getByTestId('sync-clock').textContent()).toBe(
      '300 s ahead of head office: check the date and time',
    );
    expect(await page.getByTestId('sync-update-advised').textContent()).toContain(
      'update the register software',
    );
    // Back in step: the clock line says so.
    register.core.reportSyncStatus({
      push: {
        connection: 'online',
        lastAckedSeq: 7,
        pending: 0,
        lastError: null,
        lastSuccessAt: now,
        attention: [],
        clockSkew: null,
        updateAdvised: false,
        storeRegisters: null,
      },
    });
    await expect
      .poll(() => page.getByTestId('sync-update-advised').count(), { timeout: 5_000 })
      .toBe(0);
    await expect
      .poll(() => page.getByTestId('sync-clock').textContent(), { timeout: 5_000 })
      .toBe('Agrees with head office');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows long work under the top bar while the cashier keeps selling, and takes it away after', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    register.core.reportWork({
      work: 'catalogImport',
      done: 300_000,
      total: 800_000,
      finished: false,
    });
    const bar = page.getByTestId('work-progress');
    await bar.waitFor();
    expect(await bar.textContent()).toContain('正在导入商品目录 37%');
    expect(await bar.locator('progress').getAttribute('value')).toBe('300000');
    // A screen opened midway asks the core what is running.
    await page.reload();
    await page.locator('#scan-field').waitFor();
    await bar.waitFor();
    expect(await bar.getAttribute('data-work')).toBe('catalogImport');
    register.core.reportWork({ work: 'searchIndex', done: 10, total: null, finished: false });
    await expect.poll(() => bar.getAttribute('data-work')).toBe('searchIndex');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'work-progress.png') });
    register.core.reportWork({ work: 'searchIndex', done: 0, total: null, finished: true });
    await bar.waitFor({ state: 'detached' });
    expect(await valueOfCurrentWork()).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  async function valueOfCurrentWork(): Promise<unknown> {
    const answer = await register.core.send('work.current', {});
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  }
});
