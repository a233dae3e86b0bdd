// Head office goes away mid-shift: the register, enrolled with a real central server (embedded
// PGlite) and pushing its outbox to it as the demo does, keeps selling while the server is
// stopped; the sync badge counts the changes waiting as they grow; the server comes back on the
// same port and database, the push loop drains, the badge goes back to "all synced" and every sale
// is on the server exactly once.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralServerFixture } from '../test-support/central-server-fixture';
import { startCentralServer } from '../test-support/central-server-fixture';
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

const { MILK, PEN } = FIXTURE_BARCODES;

/** The pending count the badge shows: 0 when it says all is synced. */
async function badgePending(page: Page): Promise<number | 'unknown'> {
  const badge = page.getByTestId('sync-badge');
  const state = await badge.getAttribute('data-state');
  if (state === 'synced') return 0;
  if (state !== 'pending') return 'unknown';
  return Number(/[\d,]+/.exec((await badge.textContent()) ?? '')?.[0]?.replace(/,/g, '') ?? NaN);
}

async function sellForCash(page: Page, code: string): Promise<void> {
  await wedgeScan(page, code);
  await page.getByTestId('cart-line').first().waitFor();
  await page.locator('input[name="cashReceived"]').press('Enter');
  await page.getByTestId('sale-done').waitFor();
  await page.getByRole('button', { name: 'Next customer' }).click();
}

describe.skipIf(missing !== undefined)('the central server stopped mid-shift', () => {
  let central: CentralServerFixture;
  let register: E2eRegister;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    central = await startCentralServer();
    register = await startE2eRegister({ central });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await register?.dispose();
    await central?.dispose();
  });

  it('keeps selling, counts what waits, and drains to zero when the server is back', async () => {
    const { page, errors } = await openRegisterPage(browser, register);
    await signIn(page, STAFF.cashier);
    await useEnglish(page);

    // Online: a sale reaches head office and the badge comes back to all synced.
    await sellForCash(page, MILK);
    await expect.poll(() => badgePending(page), { timeout: 20_000 }).toBe(0);

    // Head office goes down; the counter keeps selling and the waiting count grows.
    await central.stop();
    await sellForCash(page, PEN);
    await expect.poll(() => badgePending(page), { timeout: 10_000 }).toBeGreaterThan(0);
    const afterOne = await badgePending(page);
    await sellForCash(page, MILK);
    await expect
      .poll(() => badgePending(page), { timeout: 10_000 })
      .toBeGreaterThan(afterOne as number);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'server-down-pending.png') });
    const waiting = await register.core.send('sync.status', {});
    expect(waiting.ok && waiting.value.unsyncedSales).toBe(2);

    // Back on the same port and database: the push loop finds it and the count drains to zero.
    await central.start();
    await expect.poll(() => badgePending(page), { timeout: 45_000, interval: 500 }).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'server-back-synced.png') });
    const status = await register.core.send('sync.status', {});
    expect(status.ok && status.value.unsyncedMutations).toBe(0);

    // Every sale is on the server, once.
    const sales = register.core.db
      .prepare<[], string>("SELECT mutation_id FROM outbox WHERE type = 'sale.completed'")
      .pluck()
      .all();
    expect(sales).toHaveLength(3);
    const onServer = await central.db.query<{ mutation_id: string; status: string }>(
      "SELECT mutation_id, status FROM sync_mutation WHERE type = 'sale.completed'",
    );
    expect(onServer.rows.map((r) => r.mutation_id).sort()).toEqual([...sales].sort());
    // Applied (flagged when the server wants a look, e.g. stock it never heard of), never refused.
    expect(
      onServer.rows.map((r) => r.status).filter((st) => st !== 'applied' && st !== 'flagged'),
    ).toEqual([]);
    expect(register.errors).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
