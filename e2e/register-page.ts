// What the end-to-end scenarios share: where screenshots go, a keyboard-wedge scan, a page that
// records its own errors, signing in, and a supervisor or manager approving in the dialog.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { E2eRegister } from './register-host';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'test-results');

export const STAFF = {
  cashier: { id: '1001', pin: '1234' },
  supervisor: { id: '2001', pin: '2345' },
  manager: { id: '3001', pin: '3456' },
} as const;

/** A keyboard-wedge scanner: the digits as fast as the keyboard goes, then Enter. */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 0 });
  await page.keyboard.press('Enter');
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
  await page.goto(register.host.url);
  await page.locator('input[name="staffId"]').waitFor();
  return { page, errors };
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
