// The manager approval dialog: a supervisor or manager enters their staff number and PIN at the
// cashier's register; the single-use approval id goes to the one action that asked for it.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { DomainError } from '../../app/result';
import { useClient } from '../client/client-context';
import type { ApprovalPermission } from '../client/approved-send';
import type { MessageKey } from '../i18n/messages';
import { useWords } from '../i18n/use-text';
import { useApproval } from '../state/approval-store';
import { DialogForm } from './dialog-form';

const PERMISSION_WORDS: Readonly<Record<ApprovalPermission, MessageKey>> = {
  'sale.priceOverride': 'approval.for.priceOverride',
  'sale.manualDiscount': 'approval.for.manualDiscount',
  'return.blind': 'approval.for.blindReturn',
  'return.toCashOverride': 'approval.for.toCashOverride',
  'drawer.noSale': 'approval.for.noSale',
  'shift.cashInOut': 'approval.for.cashInOut',
  'shift.xReport': 'approval.for.xReport',
  'shift.zReport': 'approval.for.zReport',
  'stocktake.post': 'approval.for.stocktakePost',
  'devices.choosePort': 'approval.for.choosePort',
};

export function ApprovalDialog() {
  const { request, settle } = useApproval();
  if (request === null) return null;
  // Keyed by the request: a new request starts with empty fields.
  return <ApprovalForm permission={request.permission} settle={settle} />;
}

function ApprovalForm(props: {
  permission: ApprovalPermission;
  settle: (approvalId: string | undefined) => void;
}) {
  const words = useWords();
  const client = useClient();
  const [approverId, setApproverId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<DomainError | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || approverId.trim() === '' || pin === '') return;
    setBusy(true);
    void client
      .send('auth.approve', { approverId: approverId.trim(), pin, permission: props.permission })
      .then((answer) => {
        setBusy(false);
        setPin('');
        if (answer.ok) props.settle(answer.value.approvalId);
        else setRefusal(answer.error);
      });
  };
  return (
    <DialogForm
      testId="approval-dialog"
      heading={words.t('approval.heading')}
      onSubmit={submit}
      onEscape={() => props.settle(undefined)}
    >
      <p>{words.t(PERMISSION_WORDS[props.permission])}</p>
      {refusal !== null && (
        <p className="notice" role="alert" data-code={refusal.code}>
          {words.error(refusal)}
        </p>
      )}
      <label>
        {words.t('approval.approverId')}
        <input
          ref={first}
          name="approverId"
          autoComplete="off"
          inputMode="numeric"
          value={approverId}
          onChange={(e) => setApproverId(e.target.value)}
        />
      </label>
      <label>
        {words.t('approval.pin')}
        <input
          name="approverPin"
          type="password"
          autoComplete="off"
          inputMode="numeric"
          maxLength={16}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={() => props.settle(undefined)}>
          {words.t('approval.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="approve">
          {words.t('approval.approve')}
        </button>
      </div>
    </DialogForm>
  );
}
