// What the screens remember between renders that is not the core's data: the cashier's language,
// who is signed in, the error being shown, and the sale just completed (its change and receipt).
import { create } from 'zustand';
import type { CompletedSaleView, StaffSession } from '../../app/commands';
import type { Locale } from '../i18n/messages';

export interface Notice {
  readonly code: string;
  readonly message: string;
}

export interface UiState {
  readonly locale: Locale;
  readonly session: StaffSession | null;
  readonly notice: Notice | null;
  /** The sale just paid and its currency (the view carries amounts only). */
  readonly lastSale: { readonly sale: CompletedSaleView; readonly currency: string } | null;
  setLocale: (locale: Locale) => void;
  setSession: (session: StaffSession | null) => void;
  showNotice: (notice: Notice) => void;
  clearNotice: () => void;
  setLastSale: (lastSale: UiState['lastSale']) => void;
}

const LOCALE_KEY = 'register.locale';

function savedLocale(): Locale {
  const saved = window.localStorage.getItem(LOCALE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export const useUiStore = create<UiState>()((set) => ({
  locale: savedLocale(),
  session: null,
  notice: null,
  lastSale: null,
  setLocale(locale) {
    window.localStorage.setItem(LOCALE_KEY, locale);
    document.documentElement.lang = locale;
    set({ locale });
  },
  setSession: (session) => set(session === null ? { session, lastSale: null } : { session }),
  showNotice: (notice) => set({ notice }),
  clearNotice: () => set({ notice: null }),
  setLastSale: (lastSale) => set({ lastSale }),
}));
