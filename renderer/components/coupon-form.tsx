// A coupon typed at the pay panel (a scanned coupon goes through the scan field as any code does):
// the promotion it unlocks prices the sale at once, and the codes presented are listed.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CartView } from '../../app/commands';
import { useWords } from '../i18n/use-text';

export function CouponForm(props: { view: CartView; apply: (code: string) => Promise<void> }) {
  const words = useWords();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const frozen = props.view.tenders.length > 0;
  const codes = props.view.cart.couponCodes;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const typed = code.trim();
    if (busy || frozen || typed === '') return;
    setBusy(true);
    void props.apply(typed).finally(() => {
      setBusy(false);
      setCode('');
    });
  };
  return (
    <form className="coupon-form" onSubmit={submit} data-testid="coupon-form">
      <label>
        {words.t('coupon.label')}
        <input
          name="couponCode"
          autoComplete="off"
          disabled={frozen}
          maxLength={64}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <button type="submit" className="secondary" disabled={busy || frozen || code.trim() === ''}>
        {words.t('coupon.apply')}
      </button>
      {codes.length > 0 && (
        <p className="hint" data-testid="coupons-applied">
          {words.t('coupon.applied', { codes: codes.join(', ') })}
        </p>
      )}
    </form>
  );
}
