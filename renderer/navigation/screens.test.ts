// Function keys: each opens one screen; chords and the browser's own keys open none.
import { describe, expect, it } from 'vitest';
import { SCREENS, screenForKey, screensFor } from './screens';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean }> = {}) =>
  screenForKey({ key, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('screen shortcuts', () => {
  it('gives every screen with a key its own key', () => {
    const keyed = SCREENS.filter((s) => s.key !== undefined);
    expect(new Set(keyed.map((s) => s.key)).size).toBe(keyed.length);
    for (const entry of keyed) expect(press(entry.key ?? '')).toBe(entry.screen);
  });

  it('shows the dashboard to supervisors and managers only', () => {
    const shown = (role: 'cashier' | 'supervisor' | 'manager') =>
      screensFor(role).some((s) => s.screen === 'dashboard');
    expect([shown('cashier'), shown('supervisor'), shown('manager')]).toEqual([false, true, true]);
    expect(screensFor('cashier').length).toBe(SCREENS.length - 1);
  });

  it('leaves reload, full screen and developer tools to the browser', () => {
    expect(press('F5')).toBeUndefined();
    expect(press('F11')).toBeUndefined();
    expect(press('F12')).toBeUndefined();
  });

  it('ignores chords and ordinary keys', () => {
    expect(press('F3', { ctrlKey: true })).toBeUndefined();
    expect(press('F4', { altKey: true })).toBeUndefined();
    expect(press('3')).toBeUndefined();
  });
});
