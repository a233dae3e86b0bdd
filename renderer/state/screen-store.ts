// Which screen is showing. Kept in the tab's sessionStorage, so a reload comes back to the same
// screen (the core still holds the sale); signing out goes back to checkout for the next person.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Screen } from '../navigation/screens';
import { isScreen } from '../navigation/screens';

export interface ScreenState {
  readonly screen: Screen;
  go: (screen: Screen) => void;
}

export type ScreenMemory = Pick<Storage, 'getItem' | 'setItem'>;

const SCREEN_KEY = 'register.screen';

export function createScreenStore(memory: ScreenMemory | undefined): StoreApi<ScreenState> {
  const saved = memory?.getItem(SCREEN_KEY);
  return createStore<ScreenState>()((set) => ({
    screen: isScreen(saved) ? saved : 'checkout',
    go(screen) {
      memory?.setItem(SCREEN_KEY, screen);
      set({ screen });
    },
  }));
}

export const screenStore = createScreenStore(
  typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
);

export function useScreen(): ScreenState {
  return useStore(screenStore);
}
