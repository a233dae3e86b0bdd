// The screen's words in the chosen locale, as one hook.
import { useUiStore } from '../state/ui-store';
import type { Locale, MessageKey } from './messages';
import { errorText, text } from './messages';
import { formatMoney } from './format';

export interface Words {
  readonly locale: Locale;
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  error(error: { code: string; message: string }): string;
  money(amount: number, currency: string): string;
}

export function useWords(): Words {
  const locale = useUiStore((s) => s.locale);
  return {
    locale,
    t: (key, values) => text(locale, key, values),
    error: (e) => errorText(locale, e),
    money: (amount, currency) => formatMoney(locale, amount, currency),
  };
}
