// The checkout's add-on strip: up to 4 products the register's model suggests for the open cart,
// one tap (or Alt+1…4) puts one on the sale. Hidden while a payment is under way (the sale is
// frozen) and when the model has nothing — including a register no model has reached yet.
import { useCallback } from 'react';
import type { CartView, ProductView } from '../../app/commands';
import { useCartSuggestions } from '../client/register-queries';
import { useWords } from '../i18n/use-text';
import { SUGGESTION_KEYS, SuggestionStrip } from './suggestion-strip';

export function CartAddOns(props: {
  readonly frozen: boolean;
  readonly addProduct: (productId: number) => Promise<CartView | undefined>;
}) {
  const words = useWords();
  const suggestions = useCartSuggestions(SUGGESTION_KEYS.length);
  const { addProduct } = props;
  const add = useCallback((product: ProductView) => void addProduct(product.id), [addProduct]);
  if (props.frozen) return null;
  return (
    <SuggestionStrip
      heading={words.t('suggest.heading')}
      suggestions={suggestions.data?.suggestions ?? []}
      testId="cart-suggestions"
      add={add}
    />
  );
}
