// The one error on screen, in the cashier's language, until the next action succeeds.
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';

export function NoticeBanner() {
  const notice = useUiStore((s) => s.notice);
  const clearNotice = useUiStore((s) => s.clearNotice);
  const words = useWords();
  if (notice === null) return null;
  return (
    <div className="notice" role="alert" data-code={notice.code}>
      <span>{words.error(notice)}</span>
      <button type="button" className="notice-dismiss" onClick={clearNotice}>
        {words.t('notice.dismiss')}
      </button>
    </div>
  );
}
