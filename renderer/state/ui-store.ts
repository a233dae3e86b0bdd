// What the screens remember between renders that is not the core's data: the cashier's language,
// who is signed in, the error being shown, the sale just completed (its change and receipt) and the
// member found at the desk and attached to the sale (the cart itself carries only their id).
import { create } from 'zustand';
import type { CompletedSaleView, MemberView, StaffSession } from '../../app/commands';
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
  /** The member attached to the open sale, as the member desk found them. */
  readonly member: MemberView | null;
  setLocale: (locale: Locale) => void;
  /** The store's language from its settings: applied unless this browser chose one itself. */
  applyStoreLanguage: (locale: Locale) => void;
  setSession: (session: StaffSession | null) => void;
  showNotice: (notice: Notice) => void;
  clearNotice: () => void;
  setLastSale: (lastSale: UiState['lastSale']) => void;
  setMember: (member: MemberView | null) => void;
}

const LOCALE_KEY = 'register.locale';

function chosenLocale(): Locale | undefined {
  const saved = window.localStorage.getItem(LOCALE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : undefined;
}

function savedLocale(): Locale {
  return chosenLocale() ?? 'zh-CN';
}

export const useUiStore = create<UiState>()((set) => ({
  locale: savedLocale(),
  session: null,
  notice: null,
  lastSale: null,
  member: null,
  setLocale(locale) {
    window.localStorage.setItem(LOCALE_KEY, locale);
    document.documentElement.lang = locale;
    set({ locale });
  },
  applyStoreLanguage(locale) {
    if (chosenLocale() !== undefined) return;
    document.documentElement.lang = locale;
    set({ locale });
  },
  setSession: (session) =>
    set(session === null ? { session, lastSale: null, member: null } : { session }),
  showNotice: (notice) => set({ notice }),
  clearNotice: () => set({ notice: null }),
  // A finished sale takes its member with it.
  setLastSale: (lastSale) => set(lastSale === null ? { lastSale } : { lastSale, member: null }),
  setMember: (member) => set({ member }),
}));
