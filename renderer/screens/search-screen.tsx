// Finding a product by name when its barcode will not scan: type part of the name, pick the
// product (Tab and Enter, or a tap) and it is added to the sale.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ProductView } from '../../app/commands';
import { useCommand, useSetCart } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { useWords } from '../i18n/use-text';
import { useNavigate } from '../navigation/use-navigate';

const RESULTS = 20;

export function SearchScreen() {
  const words = useWords();
  const send = useCommand();
  const setCart = useSetCart();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<readonly ProductView[] | null>(null);

  const search = (event: FormEvent): void => {
    event.preventDefault();
    if (query.trim() === '') return;
    void send('catalog.search', { query: query.trim(), limit: RESULTS }).then((found) =>
      setResults(found ?? null),
    );
  };
  const add = (product: ProductView): void => {
    void send('checkout.addProduct', { productId: product.id }).then((view) => {
      if (view === undefined) return;
      setCart(view);
      navigate('checkout');
    });
  };
  return (
    <ScreenFrame title={words.t('search.heading')} testId="search-screen">
      <form className="inline-form" onSubmit={search}>
        <label>
          {words.t('search.query')}
          <input
            name="productQuery"
            data-home-field
            autoFocus
            autoComplete="off"
            maxLength={100}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {words.t('search.find')}
        </button>
      </form>
      {results !== null && results.length === 0 && (
        <p className="hint" data-testid="search-none">
          {words.t('search.none')}
        </p>
      )}
      {results !== null && results.length > 0 && (
        <ul className="pick-list">
          {results.map((product) => (
            <li key={product.id}>
              <button
                type="button"
                className="pick"
                data-testid="search-result"
                disabled={!product.active}
                onClick={() => add(product)}
              >
                <span className="pick-name">{product.names[words.locale] ?? product.name}</span>
                <span className="hint">{product.gtin14}</span>
                <strong>
                  {words.money(product.price, product.currency)}
                  {product.soldBy === 'weight' ? words.t('cart.perKg') : ''}
                </strong>
                <span className="pick-action">{words.t('search.add')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
