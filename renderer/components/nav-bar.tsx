// The screens, each one touch or one function key away, and the sale still open (if any) so the
// cashier sees it is kept while they look something up.
import { useCart } from '../client/register-queries';
import { useWords } from '../i18n/use-text';
import { screensFor } from '../navigation/screens';
import { useNavigate } from '../navigation/use-navigate';
import { useScreen } from '../state/screen-store';
import { useUiStore } from '../state/ui-store';

export function NavBar() {
  const words = useWords();
  const { screen } = useScreen();
  const navigate = useNavigate();
  const cart = useCart();
  const role = useUiStore((s) => s.session?.role ?? 'cashier');
  const view = cart.data ?? null;
  const openLines = view?.cart.lines.filter((l) => l.status.kind === 'active').length ?? 0;
  return (
    <nav className="nav-bar" aria-label={words.t('nav.label')}>
      {screensFor(role).map((entry) => (
        <button
          key={entry.screen}
          type="button"
          className={entry.screen === screen ? 'nav-item current' : 'nav-item'}
          aria-current={entry.screen === screen ? 'page' : undefined}
          aria-keyshortcuts={entry.key}
          data-testid={`nav-${entry.screen}`}
          onClick={() => navigate(entry.screen)}
        >
          <span>{words.t(entry.label)}</span>
          {entry.key !== undefined && <kbd>{entry.key}</kbd>}
        </button>
      ))}
      {view !== null && openLines > 0 && screen !== 'checkout' && (
        <button
          type="button"
          className="nav-sale"
          data-testid="nav-open-sale"
          onClick={() => navigate('checkout')}
        >
          {words.t('nav.openSale', {
            lines: openLines,
            total: words.money(view.totals.priced.totals.total.amount, view.cart.currency),
          })}
        </button>
      )}
    </nav>
  );
}
