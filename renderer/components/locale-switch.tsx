// Switches the screens between Simplified Chinese and English; the choice is kept on this screen.
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';

export function LocaleSwitch() {
  const setLocale = useUiStore((s) => s.setLocale);
  const words = useWords();
  return (
    <button
      type="button"
      className="locale-switch"
      aria-label={words.t('locale.switchLabel')}
      lang={words.locale === 'en' ? 'zh-CN' : 'en'}
      onClick={() => setLocale(words.locale === 'en' ? 'zh-CN' : 'en')}
    >
      {words.t('locale.switch')}
    </button>
  );
}
