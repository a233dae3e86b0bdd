// Park and recall: the sale on the counter can be put aside (its stock stays held for a while) and
// any parked sale brought back once the counter is free.
import {
  useCart,
  useCommand,
  useCoreQuery,
  useRefresh,
  useSetCart,
} from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { STORE_CURRENCY, formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useNavigate } from '../navigation/use-navigate';
import { useUiStore } from '../state/ui-store';

export function ParkedScreen() {
  const words = useWords();
  const send = useCommand();
  const refresh = useRefresh();
  const setCart = useSetCart();
  const setMember = useUiStore((s) => s.setMember);
  const navigate = useNavigate();
  const cart = useCart();
  const parked = useCoreQuery('checkout.parked', {});
  const view = cart.data ?? null;
  const canPark =
    view !== null &&
    view.tenders.length === 0 &&
    view.cart.lines.some((l) => l.status.kind === 'active');

  const park = (): void => {
    void send('checkout.park', {}).then((done) => {
      if (done === undefined) return;
      setCart(null);
      setMember(null);
      refresh('checkout.parked');
    });
  };
  const recall = (cartId: string): void => {
    void send('checkout.recall', { cartId }).then((recalled) => {
      if (recalled === undefined) return;
      setCart(recalled);
      refresh('checkout.parked');
      navigate('checkout');
    });
  };
  const list = parked.data ?? [];
  return (
    <ScreenFrame title={words.t('parked.heading')} testId="parked-screen">
      <button
        type="button"
        className="primary"
        data-testid="park-current"
        disabled={!canPark}
        onClick={park}
      >
        {words.t('parked.parkCurrent')}
      </button>
      {list.length === 0 ? (
        <p className="hint">{words.t('parked.none')}</p>
      ) : (
        <ul className="pick-list">
          {list.map((entry) => (
            <li key={entry.cartId}>
              <button
                type="button"
                className="pick"
                data-testid="parked-cart"
                onClick={() => recall(entry.cartId)}
              >
                <span>{formatDateTime(words.locale, entry.parkedAt)}</span>
                <span>
                  {words.t('parked.lines', { count: formatNumber(words.locale, entry.lines) })}
                </span>
                <strong>{words.money(entry.total, STORE_CURRENCY)}</strong>
                <span className="pick-action">{words.t('parked.recall')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
