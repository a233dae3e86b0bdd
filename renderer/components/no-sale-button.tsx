// Opening the cash drawer without a sale (change for the float, a customer's note checked): a
// supervisor signs it off in the approval dialog; the core audits it.
import { useState } from 'react';
import { useClient } from '../client/client-context';
import { useApprovedCommand } from '../client/use-approved-command';
import { useWords } from '../i18n/use-text';

export function NoSaleButton(props: { disabled: boolean }) {
  const words = useWords();
  const client = useClient();
  const approved = useApprovedCommand();
  const [opened, setOpened] = useState(false);
  const open = (): void => {
    setOpened(false);
    const reason = words.t('drawer.noSaleReason');
    void approved('drawer.noSale', (approvalId) =>
      client.send('drawer.open', { reason, ...(approvalId === undefined ? {} : { approvalId }) }),
    ).then((done) => {
      if (done !== undefined) setOpened(true);
    });
  };
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid="no-sale"
        disabled={props.disabled}
        onClick={open}
      >
        {words.t('drawer.noSale')}
      </button>
      {opened && (
        <span className="drawer-opened" role="status" data-testid="drawer-opened">
          {words.t('drawer.opened')}
        </span>
      )}
    </>
  );
}
