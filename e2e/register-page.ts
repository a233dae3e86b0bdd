// What the end-to-end scenarios share: where screenshots go, a keyboard-wedge scan, a page that
// records its own errors, signing in, and a supervisor or manager approving in the dialog.
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import type { E2eRegister } from './register-host';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results');

export const STAFF = {
  cashier: { id: '1001', pin: '1234' },
  supervisor: { id: '2001', pin: '2345' },
  manager: { id: '3001', pin: '3456' },
} as const;

const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

function cdpSession(page: Page): Promise<CDPSession> {
  let session = cdpSessions.get(page);
  if (session === undefined) {
    session = page.context().newCDPSession(page);
    cdpSessions.set(page, session);
  }
  return session;
}

/** Milliseconds between two keys of a USB wedge scanner's burst. */
const WEDGE_KEY_GAP_MS = 4;

/**
 * A keyboard-wedge scanner: real key presses (they type into a focused field unless the page
 * stops them) stamped 4 ms apart, then Enter. The stamps are what a real scanner's keys carry: the
 * time the operating system saw each key, however late a busy page handles it. Playwright's own
 * keyboard stamps a key when the page takes it, so a burst into a page still rendering the last
 * scan would arrive split and read as typing. With `stall`, the keys after the first `afterKeys`
 * reach the page `ms` later, with the same stamps.
 */
export async function wedgeScan(
  page: Page,
  code: string,
  stall?: { readonly afterKeys: number; readonly ms: number },
): Promise<void> {
  const session = await cdpSession(page);
  const start = Date.now() / 1000;
  const keys = [...code.split(''), 'Enter'];
  // Sent without waiting for each answer, as a scanner's keys queue up in the operating system:
  // one round trip per key on a loaded machine would leave gaps the page's settle timer sees.
  const send = (key: string, index: number) => {
    const timestamp = start + (index * WEDGE_KEY_GAP_MS) / 1000;
    const enter = key === 'Enter';
    const common = {
      key,
      code: enter ? 'Enter' : /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`,
      windowsVirtualKeyCode: enter ? 13 : key.toUpperCase().charCodeAt(0),
      timestamp,
    };
    return [
      session.send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        text: enter ? '\r' : key,
        ...common,
      }),
      session.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common }),
    ];
  };
  const split = stall?.afterKeys ?? keys.length;
  await Promise.all(keys.slice(0, split).flatMap((key, index) => send(key, index)));
  if (stall === undefined) return;
  // The rest reaches the page late, still stamped as the burst the scanner sent: a machine too
  // busy to pass keys on (the browser process descheduled) delays them, not their stamps.
  await new Promise((resolve) => setTimeout(resolve, stall.ms));
  await Promise.all(keys.slice(split).flatMap((key, index) => send(key, split + index)));
}

/**
 * A scanner burst delivered to the page in one go, as queued device keys reach a busy page: the
 * keys are dispatched inside the page in one task, so their times are a burst's. Playwright's
 * keyboard stamps each key when the page takes it (one CDP round trip each), so back-to-back
 * bursts into a page still rendering arrive split and read as typing.
 */
export async function queuedScan(page: Page, code: string): Promise<void> {
  await page.evaluate(
    (keys) => {
      for (const key of keys) {
        window.dispatchEvent(
          new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
        );
      }
    },
    [...code.split(''), 'Enter'],
  );
}

export interface RegisterPage {
  readonly page: Page;
  /** Uncaught errors and console errors on the page: a test expects none. */
  readonly errors: string[];
}

/**
 * A fresh page (its own storage, so zh-CN by default) on the register's launch URL, at the sign-in
 * screen: the core keeps one session, so whoever the last scenario signed in is signed out first.
 */
export async function openRegisterPage(
  browser: Browser,
  register: E2eRegister,
): Promise<RegisterPage> {
  await register.core.send('auth.logout', {});
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // A failure says what the cashier would have seen: the CI log is all there is after a run.
  onTestFailed(async ({ task }) => {
    if (page.isClosed()) return;
    const name = task.name.replace(/[^\w]+/g, '-').slice(0, 60);
    await page
      .screenshot({ path: path.join(SCREENSHOTS, `failed-${name}.png`) })
      .catch(() => undefined);
    const alerts = await page
      .getByRole('alert')
      .allTextContents()
      .catch(() => []);
    const scanField = await page
      .locator('#scan-field')
      .inputValue({ timeout: 1_000 })
      .catch(() => null);
    console.error(
      `e2e: "${task.name}" failed with the page showing alerts ${JSON.stringify(alerts)}, ` +
        `scan field ${JSON.stringify(scanField)}; page errors ${JSON.stringify(errors)}; ` +
        `core errors ${JSON.stringify(register.errors)}`,
    );
  });
  await page.goto(register.host.url);
  await page.locator('input[name="staffId"]').waitFor();
  return { page, errors };
}

/** The customer display: the register's own URL at #customer, with the launch token. */
export async function openCustomerDisplay(browser: Browser, register: E2eRegister): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  await page.goto(register.host.url.replace('#token=', '#customer&token='));
  await page.getByTestId('customer-display').waitFor();
  return page;
}

export async function signIn(page: Page, staff: { id: string; pin: string }): Promise<void> {
  await page.fill('input[name="staffId"]', staff.id);
  await page.fill('input[name="pin"]', staff.pin);
  await page.keyboard.press('Enter');
  await page.locator('#scan-field').waitFor();
}

/** Switches the page to English (the register starts in Chinese). */
export async function useEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: '切换到英文' }).click();
  await page.getByRole('button', { name: 'Switch to Chinese' }).waitFor();
}

/** Answers the approval dialog that the last action opened. */
export async function approveAs(page: Page, staff: { id: string; pin: string }): Promise<void> {
  const dialog = page.getByTestId('approval-dialog');
  await dialog.waitFor();
  await dialog.locator('input[name="approverId"]').fill(staff.id);
  await dialog.locator('input[name="approverPin"]').fill(staff.pin);
  await dialog.getByTestId('approve').click();
  await dialog.waitFor({ state: 'detached' });
}
