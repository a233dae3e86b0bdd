// The screen store: starts at checkout, remembers the screen for a reload, ignores junk saved.
import { describe, expect, it } from 'vitest';
import { createScreenStore } from './screen-store';
import type { ScreenMemory } from './screen-store';

function memory(
  initial: Record<string, string> = {},
): ScreenMemory & { saved: Record<string, string> } {
  const saved = { ...initial };
  return {
    saved,
    getItem: (key) => saved[key] ?? null,
    setItem: (key, value) => {
      saved[key] = value;
    },
  };
}

describe('screen store', () => {
  it('starts at checkout and keeps the screen it goes to', () => {
    const kept = memory();
    const store = createScreenStore(kept);
    expect(store.getState().screen).toBe('checkout');
    store.getState().go('stocktake');
    expect(store.getState().screen).toBe('stocktake');
    expect(kept.saved['register.screen']).toBe('stocktake');
    // A reload reads it back.
    expect(createScreenStore(kept).getState().screen).toBe('stocktake');
  });

  it('starts at checkout when what was saved is no screen', () => {
    expect(
      createScreenStore(memory({ 'register.screen': 'no-such-screen' })).getState().screen,
    ).toBe('checkout');
  });

  it('works without storage', () => {
    const store = createScreenStore(undefined);
    store.getState().go('members');
    expect(store.getState().screen).toBe('members');
  });
});
