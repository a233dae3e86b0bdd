// The member desk: find a member by phone, card or member code (typed, or a card scanned), see
// level, balance, points about to expire and the points history, and attach them to the sale so
// points can pay part of it; and what the store's model suggests for them ("for you").
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { MemberView } from '../../app/commands';
import { useCommand, useCoreQuery, useRefresh, useSetCart } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { SUGGESTION_KEYS, SuggestionStrip } from '../components/suggestion-strip';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useNavigate } from '../navigation/use-navigate';
import { useScanHandler } from '../scanning/use-scan-handler';
import { useUiStore } from '../state/ui-store';

function PointsHistory(props: { memberId: string }) {
  const words = useWords();
  const history = useCoreQuery('members.history', { memberId: props.memberId, limit: 20 });
  const entries = history.data ?? [];
  if (entries.length === 0) return <p className="hint">{words.t('members.noHistory')}</p>;
  return (
    <table className="data-table" data-testid="points-history">
      <thead>
        <tr>
          <th>{words.t('members.when')}</th>
          <th>{words.t('members.entryType')}</th>
          <th className="num">{words.t('members.points')}</th>
          <th className="num">{words.t('members.after')}</th>
          <th>{words.t('members.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, i) => (
          <tr key={`${entry.referenceId}-${i}`}>
            <td>{formatDateTime(words.locale, entry.at)}</td>
            <td>{words.t(`pointsEntry.${entry.type}`)}</td>
            <td className="num">{formatNumber(words.locale, entry.points)}</td>
            <td className="num">{formatNumber(words.locale, entry.after)}</td>
            <td>{entry.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the store's model suggests for this member, to mention at the counter; nothing if none. */
function ForYou(props: { memberId: string }) {
  const words = useWords();
  const recs = useCoreQuery('recs.forMember', {
    memberId: props.memberId,
    k: SUGGESTION_KEYS.length,
  });
  return (
    <SuggestionStrip
      heading={words.t('suggest.forYouHeading')}
      suggestions={recs.data?.suggestions ?? []}
      testId="member-suggestions"
    />
  );
}

function MemberCard(props: { member: MemberView; attach: () => void }) {
  const words = useWords();
  const { member } = props;
  const n = (value: number) => formatNumber(words.locale, value);
  return (
    <section className="card" data-testid="member-card">
      <h2>
        {member.name} <span className="tag">{words.t(`level.${member.level}`)}</span>
        {member.status !== 'active' && (
          <span className="tag warn">{words.t(`memberStatus.${member.status}`)}</span>
        )}
      </h2>
      <dl className="facts">
        <dt>{words.t('members.code')}</dt>
        <dd>{member.code}</dd>
        <dt>{words.t('members.phone')}</dt>
        <dd>{member.phone}</dd>
        <dt>{words.t('members.balance')}</dt>
        <dd data-testid="member-points">{n(member.points)}</dd>
        <dt>{words.t('members.redeemableHere')}</dt>
        <dd data-testid="member-redeemable">{n(member.redeemableHere)}</dd>
      </dl>
      <h3>{words.t('members.expiring')}</h3>
      {member.expiringSoon.length === 0 ? (
        <p className="hint">{words.t('members.noneExpiring')}</p>
      ) : (
        <ul data-testid="member-expiring">
          {member.expiringSoon.map((lot, i) => (
            <li key={i}>
              {words.t('members.expiresOn', {
                points: n(lot.points),
                date: formatDateTime(words.locale, lot.expiresAt),
              })}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="primary"
        data-testid="attach-member"
        disabled={member.status === 'suspended'}
        onClick={props.attach}
      >
        {words.t('members.attach')}
      </button>
      <ForYou memberId={member.memberId} />
      <h3>{words.t('members.history')}</h3>
      <PointsHistory memberId={member.memberId} />
    </section>
  );
}

export function MembersScreen() {
  const words = useWords();
  const send = useCommand();
  const setCart = useSetCart();
  const refresh = useRefresh();
  const setMember = useUiStore((s) => s.setMember);
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<MemberView | null>(null);

  const lookUp = (q: string): void => {
    const trimmed = q.trim();
    if (trimmed.length < 3) return;
    void send('members.find', { query: trimmed }).then((member) => {
      // A fresh lookup shows the history as it is now (a sale may have just earned or spent).
      refresh('members.history');
      setFound(member ?? null);
    });
  };
  // A member card scanned here is a lookup.
  useScanHandler((code) => {
    setQuery(code);
    lookUp(code);
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    lookUp(query);
  };
  const attach = (): void => {
    if (found === null) return;
    void send('checkout.attachMember', { query: found.code }).then((view) => {
      if (view === undefined) return;
      setCart(view);
      setMember(found);
      navigate('checkout');
    });
  };
  return (
    <ScreenFrame title={words.t('members.heading')} testId="members-screen">
      <form className="inline-form" onSubmit={submit}>
        <label>
          {words.t('members.query')}
          <input
            name="memberQuery"
            data-home-field
            autoFocus
            autoComplete="off"
            inputMode="numeric"
            maxLength={32}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {words.t('members.find')}
        </button>
      </form>
      {found !== null && <MemberCard member={found} attach={attach} />}
    </ScreenFrame>
  );
}
