// The shift at this register: open it with the counted float, put cash in or take it out of the
// drawer (a supervisor approves), read an X report mid-shift, and close with the Z report and the
// counted cash (a manager approves). Amounts are typed in yuan and sent in fen.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { XReport, ZReport } from '../../app/shift';
import { parseDecimal } from '../../app/money';
import { useClient } from '../client/client-context';
import { useCommand, useCoreQuery, useRefresh } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { ScreenFrame } from '../components/screen-frame';
import { ShiftReport } from '../components/shift-report';
import { STORE_CURRENCY, formatDateTime } from '../i18n/format';
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';

/** A typed amount in minor units; a notice when it is not one. */
function useAmount(currency: string): (typed: string) => number | undefined {
  const showNotice = useUiStore((s) => s.showNotice);
  return (typed) => {
    const parsed = parseDecimal(typed.trim(), currency);
    if (parsed.ok && parsed.value >= 0) return parsed.value;
    showNotice({ code: 'tender.invalidAmount', message: 'Enter an amount such as 200 or 12.50' });
    return undefined;
  };
}

function OpenShift() {
  const words = useWords();
  const send = useCommand();
  const refresh = useRefresh();
  const amount = useAmount(STORE_CURRENCY);
  const [float, setFloat] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const openingFloat = amount(float);
    if (openingFloat === undefined) return;
    void send('shift.open', { openingFloat }).then((opened) => {
      if (opened !== undefined) refresh('shift.current');
    });
  };
  return (
    <form className="card" data-testid="open-shift" onSubmit={submit}>
      <h2>{words.t('shift.closedHeading')}</h2>
      <label>
        {words.t('shift.openingFloat')}
        <input
          name="openingFloat"
          data-home-field
          autoFocus
          inputMode="decimal"
          autoComplete="off"
          value={float}
          onChange={(e) => setFloat(e.target.value)}
        />
      </label>
      <button type="submit" className="primary">
        {words.t('shift.open')}
      </button>
    </form>
  );
}

function CashMovement(props: { currency: string }) {
  const words = useWords();
  const client = useClient();
  const approved = useApprovedCommand();
  const amount = useAmount(props.currency);
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const value = amount(typed);
    if (value === undefined || value === 0 || reason.trim() === '') return;
    const name = kind === 'in' ? 'shift.cashIn' : 'shift.cashOut';
    void approved('shift.cashInOut', (approvalId) =>
      client.send(name, {
        amount: value,
        reason: reason.trim(),
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ).then((movement) => {
      if (movement === undefined) return;
      setTyped('');
      setReason('');
      setDone(
        words.t(movement.kind === 'paidIn' ? 'shift.paidInDone' : 'shift.paidOutDone', {
          amount: words.money(movement.amount, props.currency),
        }),
      );
    });
  };
  return (
    <form className="card" data-testid="cash-movement" onSubmit={submit}>
      <h2>{words.t('shift.cashHeading')}</h2>
      <div className="segmented" role="radiogroup" aria-label={words.t('shift.cashHeading')}>
        {(['in', 'out'] as const).map((k) => (
          <label key={k} className={kind === k ? 'selected' : ''}>
            <input
              type="radio"
              name="cashKind"
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            {words.t(k === 'in' ? 'shift.cashIn' : 'shift.cashOut')}
          </label>
        ))}
      </div>
      <label>
        {words.t('shift.amount')}
        <input
          name="cashAmount"
          inputMode="decimal"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </label>
      <label>
        {words.t('shift.reason')}
        <input name="cashReason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {words.t('shift.record')}
      </button>
      {done !== null && (
        <p className="hint" data-testid="cash-movement-done" aria-live="polite">
          {done}
        </p>
      )}
    </form>
  );
}

function Reports(props: { currency: string; shown: (r: XReport | ZReport) => void }) {
  const words = useWords();
  const client = useClient();
  const approved = useApprovedCommand();
  const refresh = useRefresh();
  const amount = useAmount(props.currency);
  const [counted, setCounted] = useState('');
  const x = (): void => {
    const spot = counted.trim() === '' ? undefined : amount(counted);
    if (counted.trim() !== '' && spot === undefined) return;
    void approved('shift.xReport', (approvalId) =>
      client.send('shift.xReport', {
        ...(spot === undefined ? {} : { counted: spot }),
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ).then((report) => {
      if (report !== undefined) props.shown(report);
    });
  };
  const z = (): void => {
    const drawer = amount(counted);
    if (drawer === undefined) return;
    void approved('shift.zReport', (approvalId) =>
      client.send('shift.zReport', {
        counted: drawer,
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    ).then((report) => {
      if (report === undefined) return;
      setCounted('');
      refresh('shift.current', 'sync.status');
      props.shown(report);
    });
  };
  return (
    <section className="card" data-testid="shift-reports">
      <h2>{words.t('shift.reportsHeading')}</h2>
      <label>
        {words.t('shift.countedCash')}
        <input
          name="countedCash"
          inputMode="decimal"
          autoComplete="off"
          value={counted}
          onChange={(e) => setCounted(e.target.value)}
        />
      </label>
      <p className="hint">{words.t('shift.countHint')}</p>
      <div className="actions">
        <button type="button" className="secondary" data-testid="read-x" onClick={x}>
          {words.t('shift.xReport')}
        </button>
        <button type="button" className="danger" data-testid="close-z" onClick={z}>
          {words.t('shift.zReport')}
        </button>
      </div>
    </section>
  );
}

export function ShiftScreen() {
  const words = useWords();
  const current = useCoreQuery('shift.current', {});
  const [report, setReport] = useState<XReport | ZReport | null>(null);
  const shift = current.data;
  return (
    <ScreenFrame title={words.t('shift.heading')} testId="shift-screen">
      {shift === null && <OpenShift />}
      {shift !== undefined && shift !== null && (
        <>
          <p className="hint" data-testid="shift-open">
            {words.t('shift.openSince', {
              date: formatDateTime(words.locale, shift.openedAt),
              float: words.money(shift.openingFloat, shift.currency),
              cashier: shift.cashierId,
            })}
          </p>
          <div className="columns">
            <CashMovement currency={shift.currency} />
            <Reports currency={shift.currency} shown={setReport} />
          </div>
        </>
      )}
      {report !== null && <ShiftReport report={report} />}
    </ScreenFrame>
  );
}
