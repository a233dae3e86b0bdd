// The receipt on screen, as the printer lays it out (`receipts.preview` decodes the very bytes the
// printer gets), and a reprint for the customer who wants a copy (marked REPRINT, audited).
import { useState } from 'react';
import { useCoreQuery, useCommand } from '../client/register-queries';
import { useWords } from '../i18n/use-text';

export function ReceiptPreview(props: { saleId: string }) {
  const words = useWords();
  const send = useCommand();
  const preview = useCoreQuery('receipts.preview', { saleId: props.saleId });
  const [reprinted, setReprinted] = useState(false);
  const reprint = (): void => {
    void send('receipts.reprint', { saleId: props.saleId }).then((job) => {
      if (job !== undefined) setReprinted(true);
    });
  };
  return (
    <section className="receipt-preview" aria-label={words.t('receipt.heading')}>
      <h2>{words.t('receipt.heading')}</h2>
      {preview.data === undefined ? (
        <p className="hint">
          {preview.error === null ? words.t('receipt.loading') : words.error(preview.error)}
        </p>
      ) : (
        <pre className="receipt-paper" data-testid="receipt-preview">
          {preview.data.lines.join('\n')}
        </pre>
      )}
      <button type="button" className="secondary" data-testid="reprint" onClick={reprint}>
        {words.t('receipt.reprint')}
      </button>
      {reprinted && (
        <p className="hint" role="status" data-testid="reprinted">
          {words.t('receipt.reprinted')}
        </p>
      )}
    </section>
  );
}
