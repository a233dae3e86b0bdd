// A bar under the top bar while the register does long work in the background (loading the
// catalog, the first sync from head office, building the search index): what it is doing, how far
// it is, and that selling goes on meanwhile. Gone when the work ends.
import { useCoreQuery } from '../client/register-queries';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function WorkProgress() {
  const words = useWords();
  const work = useCoreQuery('work.current', {}).data ?? null;
  if (work === null) return null;
  const percent =
    work.total === null || work.total === 0
      ? null
      : Math.min(100, Math.floor((100 * work.done) / work.total));
  return (
    <div className="work-progress" role="status" data-testid="work-progress" data-work={work.work}>
      <span>
        {words.t(`work.${work.work}`)}{' '}
        {percent === null
          ? formatNumber(words.locale, work.done)
          : words.t('work.percent', { percent: formatNumber(words.locale, percent) })}
      </span>
      <progress
        max={work.total ?? undefined}
        value={work.total === null ? undefined : work.done}
        aria-label={words.t(`work.${work.work}`)}
      />
      <span className="hint">{words.t('work.keepSelling')}</span>
    </div>
  );
}
