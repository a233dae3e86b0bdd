// The member on the sale: who they are, their points, and paying part of the sale with points.
// The core checks balance, the offline allowance and the step the chain's points rate allows.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CartView } from '../../app/commands';
import { useCoreQuery } from '../client/register-queries';
import { formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';

export function MemberTender(props: {
  view: CartView;
  payPoints: (points: number) => void;
  detach: () => void;
}) {
  const words = useWords();
  const found = useUiStore((s) => s.member);
  const [points, setPoints] = useState('');
  const attached = props.view.cart.member;
  const fromDesk =
    found !== null && attached !== null && found.memberId === attached.memberId ? found : null;
  // A member put on the sale by a card scanned or swiped (or known only by id after a reload):
  // asked of the core by id, so the cashier sees the name and points all the same.
  const asked = useCoreQuery(
    'members.find',
    { query: attached?.memberId ?? '' },
    { enabled: attached !== null && fromDesk === null },
  );
  if (attached === null) return null;
  const member = fromDesk ?? asked.data ?? null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const value = Number.parseInt(points, 10);
    if (!/^\d+$/.test(points.trim()) || !Number.isSafeInteger(value) || value <= 0) return;
    props.payPoints(value);
    setPoints('');
  };
  return (
    <section className="member-tender" data-testid="member-on-sale">
      <h2>{words.t('memberTender.heading')}</h2>
      <p className="member-name">
        {member?.name ?? attached.memberId} · {words.t(`level.${attached.level}`)}
      </p>
      {member !== null && (
        <p className="hint">
          {words.t('memberTender.balance', {
            points: formatNumber(words.locale, member.points),
            here: formatNumber(words.locale, member.redeemableHere),
          })}
        </p>
      )}
      <form className="points-form" onSubmit={submit}>
        <label>
          {words.t('memberTender.points')}
          <input
            name="points"
            inputMode="numeric"
            autoComplete="off"
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
        </label>
        <button type="submit" className="secondary" data-testid="redeem-points">
          {words.t('memberTender.redeem')}
        </button>
      </form>
      <button
        type="button"
        className="secondary small"
        disabled={props.view.tenders.length > 0}
        onClick={props.detach}
      >
        {words.t('memberTender.detach')}
      </button>
    </section>
  );
}

/** Money already taken on a split payment, each tender on its own row. */
export function TendersTaken(props: { view: CartView }) {
  const words = useWords();
  if (props.view.tenders.length === 0) return null;
  return (
    <ul className="tenders-taken" data-testid="tenders-taken">
      {props.view.tenders.map((tender, i) => (
        <li key={i} data-kind={tender.kind}>
          <span>{words.t(`tenderKind.${tender.kind}`)}</span>
          <strong>−{words.money(tender.amount, props.view.cart.currency)}</strong>
        </li>
      ))}
      <li className="remaining">
        <span>{words.t('tender.remaining')}</span>
        <strong data-testid="remaining">
          {words.money(props.view.remaining, props.view.cart.currency)}
        </strong>
      </li>
    </ul>
  );
}
