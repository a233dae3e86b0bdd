// WeChat Pay and Alipay on the pay panel: the customer's payment code scanned (the wedge scan goes
// to `checkout.scan`, which starts the payment by itself) or typed here, with a part amount for a
// split; when a code will not scan, the store's QR for WeChat Pay or Alipay goes up on the customer
// display (and small here) for the customer to scan. While the customer confirms on the phone the panel shows the progress from the core's
// wallet.progress events and a cancel that revokes; then the outcome. Offline, the refusal comes at
// once and the panel offers cash and card instead.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { CartView, WalletProgressView } from '../../app/commands';
import type { WalletProvider } from '../../app/tenders';
import { parseDecimal } from '../../app/money';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';
import { useDeviceStatus, walletInFlight } from '../state/device-status-store';
import { PaymentQr } from './payment-qr';
import { useUiStore } from '../state/ui-store';

function progressText(words: Words, progress: WalletProgressView, currency: string): string {
  const byQr = progress.maskedCode === null;
  const stage = byQr && progress.stage === 'waiting' ? 'waitingQr' : progress.stage;
  return words.t(`wallet.stage.${stage}`, {
    wallet: words.t(`wallet.name.${progress.wallet}`),
    code: progress.maskedCode ?? words.t('wallet.storeQr'),
    amount: words.money(progress.amount, currency),
  });
}

const WALLETS: readonly WalletProvider[] = ['wechatPay', 'alipay'];

export function WalletTender(props: {
  view: CartView;
  /** Pays `amount` (all that is due when undefined) with `code`; resolves with the answer. */
  payWallet: (code: string, amount: number | undefined) => Promise<void>;
  /** Shows the store's QR in `wallet` for `amount` (all that is due when undefined). */
  payWalletQr: (wallet: WalletProvider, amount: number | undefined) => Promise<void>;
  cancelWallet: () => void;
  /** Offline: the cashier takes cash or card instead. */
  useCash: () => void;
  useCard: () => void;
}) {
  const words = useWords();
  const progress = useDeviceStatus((s) => s.wallet);
  const notice = useUiStore((s) => s.notice);
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const currency = props.view.cart.currency;
  const due = props.view.remaining;
  const mine = progress !== null && progress.cartId === props.view.cart.cartId ? progress : null;
  const inFlight = busy || (mine !== null && walletInFlight(mine.stage));
  const offline = notice?.code === 'wallet.offline';
  // The panel sits below cash and card: bring the offer (or the progress) into view when it comes.
  const form = useRef<HTMLFormElement>(null);
  const stage = mine?.stage;
  useEffect(() => {
    if (offline || stage !== undefined) form.current?.scrollIntoView({ block: 'nearest' });
  }, [offline, stage]);

  /** The part typed, undefined for all that is due, null when what is typed is no amount. */
  const partTyped = (): number | undefined | null => {
    if (amount.trim() === '') return undefined;
    const parsed = parseDecimal(amount, currency);
    return parsed.ok && parsed.value > 0 ? parsed.value : null;
  };

  const showQr = (wallet: WalletProvider): void => {
    if (inFlight || due <= 0) return;
    const part = partTyped();
    if (part === null) return;
    setBusy(true);
    void props.payWalletQr(wallet, part).finally(() => {
      setBusy(false);
      setAmount('');
    });
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (inFlight || due <= 0 || code.trim() === '') return;
    const part = partTyped();
    if (part === null) return;
    setBusy(true);
    // The code is single-use: it leaves the field as it is sent, and never stays on screen.
    const sent = code.trim();
    setCode('');
    void props.payWallet(sent, part).finally(() => {
      setBusy(false);
      setAmount('');
    });
  };

  return (
    <form
      ref={form}
      className="wallet-tender"
      onSubmit={submit}
      data-testid="wallet-tender"
      aria-busy={inFlight}
    >
      <h2>{words.t('wallet.heading')}</h2>
      <label>
        {words.t('wallet.code')}
        <input
          name="walletCode"
          inputMode="numeric"
          autoComplete="off"
          disabled={inFlight}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <label>
        {words.t('wallet.amount')}
        <input
          name="walletAmount"
          inputMode="decimal"
          autoComplete="off"
          disabled={inFlight}
          placeholder={words.money(due, currency)}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      {!inFlight && (
        <div className="wallet-qr-offer">
          <span>{words.t('wallet.showQr')}</span>
          {WALLETS.map((wallet) => (
            <button
              key={wallet}
              type="button"
              className="secondary"
              data-testid={`show-qr-${wallet}`}
              disabled={due <= 0}
              onClick={() => showQr(wallet)}
            >
              {words.t(`wallet.qrFor.${wallet}`)}
            </button>
          ))}
        </div>
      )}
      {mine?.qr !== undefined && (
        <PaymentQr
          content={mine.qr.content}
          size={160}
          label={words.t('wallet.qrLabel', {
            wallet: words.t(`wallet.name.${mine.wallet}`),
            amount: words.money(mine.amount, currency),
          })}
        />
      )}
      {mine !== null && (
        <p
          className={`wallet-progress wallet-${mine.stage}`}
          data-testid="wallet-progress"
          data-stage={mine.stage}
          role="status"
        >
          {progressText(words, mine, currency)}
          {mine.failure !== undefined && (
            <span className="wallet-failure"> — {words.error(mine.failure)}</span>
          )}
        </p>
      )}
      {offline && (
        <div className="wallet-offline" role="alert" data-testid="wallet-offline">
          <p>{words.t('wallet.offline')}</p>
          <p>{words.t('wallet.offlineOffer')}</p>
          <div className="wallet-offer">
            <button
              type="button"
              className="primary"
              data-testid="offer-cash"
              onClick={props.useCash}
            >
              {words.t('wallet.useCash')}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="offer-card"
              onClick={props.useCard}
            >
              {words.t('wallet.useCard')}
            </button>
          </div>
        </div>
      )}
      {inFlight ? (
        <button
          type="button"
          className="danger"
          data-testid="cancel-wallet"
          disabled={mine?.stage === 'cancelRequested'}
          onClick={props.cancelWallet}
        >
          {words.t('wallet.cancel')}
        </button>
      ) : (
        <button type="submit" className="primary" data-testid="pay-wallet" disabled={due <= 0}>
          {words.t('wallet.pay')}
        </button>
      )}
    </form>
  );
}
