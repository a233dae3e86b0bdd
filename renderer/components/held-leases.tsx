// The flash-sale units head office set aside for this register: what each lease granted, what was
// sold here and what is left to sell (offline too), and until when head office keeps it here.
import type { SyncStatusView } from '../../app/commands';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function HeldLeases(props: { status: SyncStatusView }) {
  const words = useWords();
  const { leases } = props.status;
  if (leases.length === 0) return <p className="hint">{words.t('leases.none')}</p>;
  const n = (value: number) => formatNumber(words.locale, value);
  return (
    <table className="store-registers" data-testid="held-leases">
      <thead>
        <tr>
          <th>{words.t('leases.product')}</th>
          <th className="num">{words.t('leases.granted')}</th>
          <th className="num">{words.t('leases.sold')}</th>
          <th className="num">{words.t('leases.left')}</th>
          <th>{words.t('leases.until')}</th>
        </tr>
      </thead>
      <tbody>
        {leases.map((lease) => (
          <tr
            key={`${lease.flashSaleId}/${lease.productId}`}
            data-testid="held-lease"
            data-flash-sale={lease.flashSaleId}
          >
            <td>{lease.productName ?? lease.productId}</td>
            <td className="num">{n(lease.granted)}</td>
            <td className="num">{n(lease.sold)}</td>
            <td className="num" data-testid="held-lease-left">
              {n(lease.left)}
            </td>
            <td>{formatDateTime(words.locale, lease.expiresAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
