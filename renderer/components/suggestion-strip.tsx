// Suggestions as a compact strip of buttons: each product with its reason in words and its
// shortcut (Alt+1…Alt+4). Shared by the checkout's add-ons and the members screen's "for you";
// nothing at all is drawn when there is nothing to suggest, so the counter stays quiet.
import { useEffect } from 'react';
import type { ProductView, SuggestionView } from '../../app/commands';
import { useWords } from '../i18n/use-text';

/** Alt+digit: function keys are all taken, and plain digits are the scan field's. */
export const SUGGESTION_KEYS = ['1', '2', '3', '4'] as const;

export function productLabel(product: ProductView, locale: string): string {
  return product.names[locale] ?? product.name;
}

export function SuggestionStrip(props: {
  readonly heading: string;
  readonly suggestions: readonly SuggestionView[];
  readonly testId: string;
  /** Without it the strip only shows (the members screen: the member is not yet on a sale). */
  readonly add?: (product: ProductView) => void;
}) {
  const words = useWords();
  const { add, suggestions } = props;
  const shown = suggestions.slice(0, SUGGESTION_KEYS.length);
  useEffect(() => {
    if (add === undefined || shown.length === 0) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // event.code: Alt changes event.key on some layouts (macOS gives symbols).
      const digit = /^Digit([1-4])$/.exec(event.code)?.[1];
      const picked = digit === undefined ? undefined : shown[Number(digit) - 1];
      if (picked === undefined) return;
      event.preventDefault();
      add(picked.product);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [add, shown]);
  if (shown.length === 0) return null;
  return (
    <section className="suggestions" data-testid={props.testId} aria-label={props.heading}>
      <h3>{props.heading}</h3>
      <ul>
        {shown.map((s, i) => {
          const name = productLabel(s.product, words.locale);
          const body = (
            <>
              <span className="suggestion-name">{name}</span>
              <span className="suggestion-reason" data-reason={s.reason}>
                {words.t(`suggest.reason.${s.reason}`)}
              </span>
              <span className="suggestion-price">
                {words.money(s.product.price, s.product.currency)}
              </span>
            </>
          );
          return (
            <li key={s.product.id}>
              {add === undefined ? (
                <div className="suggestion" data-testid="suggestion" data-gtin={s.product.gtin14}>
                  {body}
                </div>
              ) : (
                <button
                  type="button"
                  className="suggestion"
                  data-testid="suggestion"
                  data-gtin={s.product.gtin14}
                  aria-label={words.t('suggest.add', { name, shortcut: `Alt+${i + 1}` })}
                  onClick={() => add(s.product)}
                >
                  {body}
                  <kbd>Alt+{i + 1}</kbd>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
