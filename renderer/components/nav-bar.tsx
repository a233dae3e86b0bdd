// The screens, each one touch or one function key away, and the sale still open (if any) so the
// cashier sees it is kept while they look something up.
import { useCartPart } from '../client/register-queries';
import { useWords } from '../i18n/use-text';
import { screensFor } from '../navigation/screens';
import { useNavigate } from '../navigation/use-navigate';
import { useScreen } from '../state/screen-store';
import { useUiStore } from '../state/ui-store';

export function NavBar() {
  const words = useWords();
  const { screen } = useScreen();
  const navigate = useNavigate();
  // The open sale's button shows off the checkout screen only: there every scan picks null, and
  // the bar does not render again.
  const sale = useCartPart((view) =>
    view === null || screen === 'checkout'
      ? null
      : {
          openLines: view.cart.lines.filter((l) => l.status.kind === 'active').length,
          total: view.totals.priced.totals.total.amount,
          currency: view.cart.currency,
        },
  );
  const role = useUiStore((s) => s.session?.role ?? 'cashier');
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
      {sale !== null && sale !== undefined && sale.openLines > 0 && (
        <button
          type="button"
          className="nav-sale"
          data-testid="nav-open-sale"
          onClick={() => navigate('checkout')}
        >
          {words.t('nav.openSale', {
            lines: sale.openLines,
            total: words.money(sale.total, sale.currency),
          })}
        </button>
      )}
    </nav>
  );
}
