// Wallet tender at checkout end to end: a real register core on its SQLite file, the central
// server (PGlite) on loopback HTTP with its merchant accounts pointed at the two provider
// simulators, and the register's own wallet client. From a scanned payment code (or the store's
// QR, when the code will not scan) to the recorded sale, its receipt and its return — with the
// simulators' ledgers counting every charge.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CartView, WalletProgressView } from '../../app/commands';
import type { FetchLike } from '../../sync/client';
import { createWalletClient } from '../../sync/client';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import { openServerDatabase, startCentralServer } from '../../test-support/central-server-fixture';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';
import type { WalletProvidersFixture } from '../../test-support/wallet-providers';
import { freePort, startWalletProviders } from '../../test-support/wallet-providers';

const { MILK, PEN } = FIXTURE_BARCODES;
const WECHAT = '134567890123456789';
const ALIPAY = '28456789012345678901';
const WECHAT_MASKED = '13************6789';
const ALIPAY_MASKED = '28**************8901';

const QUICK_PAY = {
  WALLET_FIRST_QUERY_MS: '20',
  WALLET_QUERY_EVERY_MS: '20',
  WALLET_GIVE_UP_MS: '400',
  WALLET_HOLD_MS: '5000',
};

let providers: WalletProvidersFixture;
let shared: ServerDb;
let server: CentralServerFixture;
let till: EnrolledRegister;
let f: RegisterFixture;
let progress: WalletProgressView[];

beforeAll(async () => {
  shared = await openServerDatabase();
  providers = await startWalletProviders();
  // The server reads its merchant accounts and quick-pay waits from the environment, as deployed;
  // "user paying" ends in 400 ms instead of 30 s.
  Object.assign(process.env, providers.env, QUICK_PAY);
}, 60_000);

afterAll(async () => {
  for (const key of [...Object.keys(providers.env), ...Object.keys(QUICK_PAY)]) {
    Reflect.deleteProperty(process.env, key);
  }
  await providers.close();
  await shared.close();
});

function clientFor(baseUrl: string, fetchLike?: FetchLike) {
  return {
    client: createWalletClient({
      baseUrl,
      credentials: till,
      now: () => Date.now(),
      ...(fetchLike === undefined ? {} : { fetch: fetchLike }),
    }),
  };
}

function listen(): void {
  progress = [];
  f.core.subscribe((event) => {
    if (event.type === 'wallet.progress') progress.push(event.progress);
  });
}

beforeEach(async () => {
  server = await startCentralServer({ db: shared });
  till = await server.enrol('store-1');
  f = await startRegisterFixture({ wallet: clientFor(server.url) });
  listen();
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.core.printerIdle();
  await f.dispose();
  await server.dispose();
  expect(errors).toEqual([]);
});

function count(sql: string, ...args: unknown[]): number {
  return f.core.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;
}

function payments(): { kind: string; details: Record<string, unknown> }[] {
  return f.core.db
    .prepare<[], { kind: string; details: string }>(
      'SELECT kind, details FROM sale_payment ORDER BY sale_id, seq',
    )
    .all()
    .map((row) => ({
      kind: row.kind,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
}

async function cartWithTwoItems(): Promise<CartView> {
  await loginReadyToSell(f);
  await value(f.core.send('checkout.scan', { code: MILK }));
  return value(f.core.send('checkout.scan', { code: PEN }));
}

/**
 * A fresh central server whose route holds a payment only `ms` before answering "pending" (the
 * customer still confirming), and the register restarted on a client for it.
 */
async function serverHolding(ms: number): Promise<void> {
  await server.dispose();
  process.env['WALLET_HOLD_MS'] = String(ms);
  try {
    server = await startCentralServer({ db: shared });
  } finally {
    process.env['WALLET_HOLD_MS'] = QUICK_PAY.WALLET_HOLD_MS;
  }
  till = await server.enrol('store-1');
  f.wallet = clientFor(server.url);
  f.restart();
  listen();
}

const charges = () => providers.wechat.ledger.chargeCount() + providers.alipay.ledger.chargeCount();

describe('wallet tender at checkout', () => {
  it.each([
    ['WeChat Pay', WECHAT, WECHAT_MASKED, 'wechatPay', '微信支付 WeChat Pay'],
    ['Alipay', ALIPAY, ALIPAY_MASKED, 'alipay', '支付宝 Alipay'],
  ] as const)(
    '%s: the scanned code pays the sale once; tender, receipt and outbox carry the masked code',
    async (_name, code, masked, wallet, label) => {
      const cart = await cartWithTwoItems();
      const before = charges();
      const next = await value(f.core.send('checkout.scan', { code }));
      // The sale is complete: the answer is the counter's next, empty cart.
      expect(next.cart.cartId).not.toBe(cart.cart.cartId);
      expect(next.cart.lines).toEqual([]);
      expect(charges()).toBe(before + 1);
      const ledger = wallet === 'wechatPay' ? providers.wechat.ledger : providers.alipay.ledger;
      const txn = ledger.orders().at(-1)?.transactionId;
      expect(payments()).toEqual([
        {
          kind: 'wallet',
          details: {
            kind: 'wallet',
            provider: wallet,
            amount: { amount: cart.remaining, currency: 'CNY' },
            paymentCode: masked,
            providerTransactionId: txn,
          },
        },
      ]);
      expect(progress.map((p) => p.stage)).toEqual(['sending', 'paid']);
      const paid = progress.at(-1);
      expect(paid).toMatchObject({ cartId: cart.cart.cartId, wallet, maskedCode: masked });
      if (paid?.outcome?.status !== 'completed') throw new Error('expected the completed sale');
      expect(paid.outcome.sale.tenders).toEqual([
        {
          kind: 'wallet',
          amount: cart.remaining,
          wallet,
          maskedCode: masked,
          providerTransactionId: txn,
        },
      ]);
      const preview = await value(
        f.core.send('receipts.preview', { saleId: paid.outcome.sale.saleId }),
      );
      const text = preview.lines.join('\n');
      expect(text).toContain(label);
      expect(text).toContain(masked);
      expect(text).toContain(`${txn}`);
      expect(text).not.toContain(code);
      // walletStatus still answers for the sale the payment completed.
      expect(await value(f.core.send('checkout.walletStatus', {}))).toMatchObject({
        stage: 'paid',
        outcome: { status: 'completed', sale: { saleId: paid.outcome.sale.saleId } },
      });
    },
  );

  it('a payment code scanned outside tender is refused, never looked up, nothing written', async () => {
    await loginReadyToSell(f);
    const submits = providers.wechat.ledger.requests().submit;
    const answer = await f.core.send('checkout.scan', { code: WECHAT });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'checkout.walletCodeOutsideTender' },
    });
    if (!answer.ok) expect(answer.error.message).not.toContain(WECHAT);
    expect(count('SELECT count(*) FROM wallet_attempt')).toBe(0);
    expect(count('SELECT count(*) FROM cart')).toBe(0);
    expect(providers.wechat.ledger.requests().submit).toBe(submits);
  });

  it('lost response, then the query finds it paid: one charge, one tender', async () => {
    const cart = await cartWithTwoItems();
    const before = providers.wechat.ledger.chargeCount();
    const submits = providers.wechat.ledger.requests().submit;
    providers.wechat.ledger.scriptNext({ kind: 'lostResponse' });
    const outcome = await value(f.core.send('checkout.tenderWallet', { code: WECHAT }));
    expect(outcome).toMatchObject({ status: 'completed', sale: { total: cart.remaining } });
    expect(providers.wechat.ledger.chargeCount()).toBe(before + 1);
    expect(providers.wechat.ledger.requests().submit).toBe(submits + 1);
    expect(payments()).toHaveLength(1);
  });

  it('user paying for 40 s: reversed, the sale not completed, no charge; the cart is free again', async () => {
    const cart = await cartWithTwoItems();
    const before = charges();
    providers.wechat.ledger.scriptNext({ kind: 'userPaying', paysAfterMs: 40_000 });
    expect(await f.core.send('checkout.tenderWallet', { code: WECHAT })).toMatchObject({
      ok: false,
      error: { code: 'wallet.timedOut' },
    });
    expect(providers.wechat.ledger.orders().at(-1)?.state).toBe('closed');
    expect(charges()).toBe(before);
    expect(count('SELECT count(*) FROM sale')).toBe(0);
    const open = await value(f.core.send('checkout.current', {}));
    expect(open?.cart.cartId).toBe(cart.cart.cartId);
    expect(open?.tenders).toEqual([]);
    expect(progress.at(-1)).toMatchObject({
      stage: 'failed',
      failure: { code: 'wallet.timedOut' },
    });
    // Settled, so the cart can change again and another scan is a new attempt.
    await value(f.core.send('checkout.scan', { code: MILK }));
    const paid = await value(f.core.send('checkout.tenderWallet', { code: WECHAT }));
    expect(paid.status).toBe('completed');
    expect(charges()).toBe(before + 1);
  });

  it('declined: a clear error, nothing charged, cash still pays', async () => {
    await cartWithTwoItems();
    providers.alipay.ledger.scriptNext({ kind: 'decline' });
    expect(await f.core.send('checkout.scan', { code: ALIPAY })).toMatchObject({
      ok: false,
      error: { code: 'wallet.declined' },
    });
    const paid = await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    expect(paid.status).toBe('completed');
    expect(payments().map((p) => p.kind)).toEqual(['cash']);
  });

  it('register killed mid-payment: the restart resolves the same payment, never a second charge', async () => {
    const cart = await cartWithTwoItems();
    const before = providers.wechat.ledger.chargeCount();
    const submits = providers.wechat.ledger.requests().submit;
    providers.wechat.ledger.scriptNext({ kind: 'userPaying', paysAfterQueries: 2 });
    let sent = false;
    // The request reaches the server; the register dies before any answer comes back.
    const dying: FetchLike = async (url, init) => {
      if (!url.endsWith('/payments/wallet')) return fetch(url, init);
      void fetch(url, init).catch(() => undefined);
      sent = true;
      return new Promise<Response>(() => undefined);
    };
    f.wallet = clientFor(server.url, dying);
    f.restart();
    await loginReadyToSell(f);
    void f.core.send('checkout.tenderWallet', { code: WECHAT });
    await expect.poll(() => sent).toBe(true);
    // Unsettled: the cart can be neither changed, paid another way nor cancelled.
    for (const [name, args] of [
      ['checkout.scan', { code: MILK }],
      ['checkout.tenderCash', { tendered: 1_000_000 }],
      ['checkout.cancel', { reason: 'customer left' }],
      ['checkout.park', {}],
    ] as const) {
      expect(await f.core.sendUntyped(name, args)).toMatchObject({
        ok: false,
        error: { code: 'checkout.walletPending' },
      });
    }

    f.wallet = clientFor(server.url);
    f.restart();
    listen();
    await f.core.ready;
    // The same payment, asked about and applied: the sale is recorded, paid by the wallet.
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(count('SELECT total FROM sale')).toBe(cart.remaining);
    expect(payments()).toMatchObject([{ kind: 'wallet', details: { paymentCode: WECHAT_MASKED } }]);
    expect(count("SELECT count(*) FROM wallet_attempt WHERE state = 'paid'")).toBe(1);
    expect(providers.wechat.ledger.chargeCount()).toBe(before + 1);
    expect(providers.wechat.ledger.requests().submit).toBe(submits + 1);
    expect(progress.at(-1)).toMatchObject({ stage: 'paid', outcome: { status: 'completed' } });
  });

  it('duplicate submit: a second scan while the first is paying is refused; one charge', async () => {
    await cartWithTwoItems();
    const before = charges();
    providers.alipay.ledger.scriptNext({ kind: 'userPaying', paysAfterQueries: 3 });
    const first = f.core.send('checkout.scan', { code: ALIPAY });
    const second = await f.core.send('checkout.scan', { code: ALIPAY });
    expect(second).toMatchObject({ ok: false, error: { code: 'checkout.walletPending' } });
    expect((await first).ok).toBe(true);
    expect(await f.core.send('checkout.tenderWallet', { code: ALIPAY })).toMatchObject({
      ok: false,
      error: { code: 'cart.empty' },
    });
    expect(charges()).toBe(before + 1);
    expect(count('SELECT count(*) FROM wallet_attempt')).toBe(1);
    expect(payments()).toHaveLength(1);
  });

  it('offline: refused at once with cash or card offered, nothing charged; cash pays', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    f.wallet = clientFor(closed);
    f.restart();
    await cartWithTwoItems();
    const submits = providers.wechat.ledger.requests().submit;
    const started = performance.now();
    const answer = await f.core.send('checkout.scan', { code: WECHAT });
    const ms = performance.now() - started;
    expect(answer).toMatchObject({ ok: false, error: { code: 'wallet.offline' } });
    if (!answer.ok) expect(answer.error.message).toMatch(/cash or card/);
    expect(ms).toBeLessThan(1_000);
    expect(providers.wechat.ledger.requests().submit).toBe(submits);
    expect((await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }))).status).toBe(
      'completed',
    );

    // A register with no server link at all refuses before writing anything.
    f.wallet = undefined;
    f.restart();
    await cartWithTwoItems();
    const attempts = count('SELECT count(*) FROM wallet_attempt');
    expect(await f.core.send('checkout.tenderWallet', { code: ALIPAY })).toMatchObject({
      ok: false,
      error: { code: 'wallet.offline' },
    });
    expect(count('SELECT count(*) FROM wallet_attempt')).toBe(attempts);
  });

  it('split tender: cash then wallet, and wallet then points then cash', async () => {
    const cart = await cartWithTwoItems();
    const partial = await value(f.core.send('checkout.tenderCash', { tendered: 500 }));
    if (partial.status !== 'partial') throw new Error('expected a part payment');
    // During tender with money taken the cart is frozen, and a scanned code pays what remains.
    const next = await value(f.core.send('checkout.scan', { code: WECHAT }));
    expect(next.cart.lines).toEqual([]);
    expect(payments().map((p) => [p.kind, p.details['amount']])).toEqual([
      ['cash', { amount: 500, currency: 'CNY' }],
      ['wallet', { amount: cart.remaining - 500, currency: 'CNY' }],
    ]);

    const second = await cartWithTwoItems();
    const walletPart = await value(
      f.core.send('checkout.tenderWallet', { code: ALIPAY, amount: 300 }),
    );
    if (walletPart.status !== 'partial') throw new Error('expected a part payment');
    expect(walletPart.cart.tenders).toEqual([
      expect.objectContaining({ kind: 'wallet', amount: 300, maskedCode: ALIPAY_MASKED }),
    ]);
    expect(walletPart.cart.remaining).toBe(second.remaining - 300);
    // More than remains is refused before anything is sent.
    expect(
      await f.core.send('checkout.tenderWallet', { code: ALIPAY, amount: second.remaining }),
    ).toMatchObject({ ok: false, error: { code: 'tender.exceedsDue' } });
    const done = await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    expect(done.status).toBe('completed');
    if (done.status === 'completed') {
      expect(done.sale.tenders.map((t) => t.kind)).toEqual(['wallet', 'cash']);
    }
  });

  it('cancel while the customer is confirming: reversed on the server, no charge, cart free', async () => {
    await serverHolding(50);
    await cartWithTwoItems();
    const before = charges();
    providers.wechat.ledger.scriptNext({ kind: 'userPaying' });
    expect(await f.core.send('checkout.tenderWallet', { code: WECHAT })).toMatchObject({
      ok: false,
      error: { code: 'checkout.walletPending' },
    });
    expect(await f.core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'checkout.walletPending' },
    });
    expect(await value(f.core.send('checkout.cancelWallet', {}))).toMatchObject({
      attempt: 1,
      outcome: 'cancelled',
    });
    expect(charges()).toBe(before);
    expect(providers.wechat.ledger.orders().at(-1)?.state).not.toBe('paid');
    await value(f.core.send('checkout.scan', { code: MILK }));
    expect(count('SELECT count(*) FROM sale')).toBe(0);
  });

  it('pending, then paid: followed up in the background and applied once', async () => {
    await serverHolding(50);
    await cartWithTwoItems();
    const before = charges();
    providers.alipay.ledger.scriptNext({ kind: 'userPaying', paysAfterMs: 200 });
    expect(await f.core.send('checkout.scan', { code: ALIPAY })).toMatchObject({
      ok: false,
      error: { code: 'checkout.walletPending' },
    });
    // Polled as a screen would: the server still settles while the customer confirms.
    await expect
      .poll(async () => (await value(f.core.send('checkout.walletStatus', {}))).stage)
      .toBe('paid');
    expect(await value(f.core.send('checkout.walletStatus', {}))).toMatchObject({
      outcome: { status: 'completed' },
    });
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(charges()).toBe(before + 1);
    expect(payments()).toHaveLength(1);
    expect(progress.map((p) => p.stage)).toContain('paid');
  });

  it('a return of a wallet-paid sale goes back through the provider, once; offline it is refused', async () => {
    await cartWithTwoItems();
    const net = providers.wechat.ledger.netCharged();
    const paid = await value(f.core.send('checkout.tenderWallet', { code: WECHAT }));
    if (paid.status !== 'completed') throw new Error('expected a completed sale');
    const charged = providers.wechat.ledger.netCharged() - net;
    expect(charged).toBe(paid.sale.total);
    const sale = await value(f.core.send('returns.findSale', { receiptNo: paid.sale.receiptNo }));
    const [first, second] = sale.lines;
    if (first === undefined || second === undefined) throw new Error('two lines expected');

    const refund = await value(
      f.core.send('returns.refund', {
        saleId: sale.saleId,
        lines: [{ lineNo: first.lineNo, quantity: 1 }],
        reason: 'damaged box',
      }),
    );
    expect(refund).toMatchObject({ amount: first.net, cashOut: 0, openDrawer: false });
    expect(refund.tenders).toEqual([{ kind: 'wallet', amount: first.net }]);
    expect(providers.wechat.ledger.netCharged() - net).toBe(charged - first.net);
    const details = JSON.parse(
      f.core.db.prepare('SELECT details FROM refund_payment').pluck().get() as string,
    ) as Record<string, unknown>;
    expect(details).toMatchObject({
      kind: 'wallet',
      paymentCode: WECHAT_MASKED,
      walletRefundId: `${sale.saleId}.r1.t0`,
    });

    // The server out of reach: refused with a clear message, no refund recorded, no cash paid.
    f.wallet = clientFor(`http://127.0.0.1:${await freePort()}`);
    f.restart();
    await loginReadyToSell(f);
    const offline = await f.core.send('returns.refund', {
      saleId: sale.saleId,
      lines: [{ lineNo: second.lineNo, quantity: 1 }],
      reason: 'damaged box',
    });
    expect(offline).toMatchObject({ ok: false, error: { code: 'wallet.offline' } });
    if (!offline.ok) expect(offline.error.message).toMatch(/cannot be refunded now/);
    expect(count('SELECT count(*) FROM refund')).toBe(1);
    expect(providers.wechat.ledger.netCharged() - net).toBe(charged - first.net);
  });

  it('the full payment code is nowhere: SQLite file and WAL bytes, outbox, logs', async () => {
    await cartWithTwoItems();
    providers.wechat.ledger.scriptNext({ kind: 'decline' });
    await f.core.send('checkout.scan', { code: WECHAT });
    await value(f.core.send('checkout.tenderWallet', { code: ALIPAY, amount: 100 }));
    await value(f.core.send('checkout.scan', { code: WECHAT }));
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    const outbox = f.core.db
      .prepare<[], string>('SELECT payload FROM outbox')
      .pluck()
      .all()
      .join('\n');
    expect(outbox).toContain(WECHAT_MASKED);
    const files = readdirSync(f.dir, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /\.(sqlite|db)(-wal|-journal)?$/.test(name),
    );
    const bytes = files.map((name) => readFileSync(path.join(f.dir, name)).toString('latin1'));
    expect(bytes.join('')).toContain(ALIPAY_MASKED);
    for (const code of [WECHAT, ALIPAY]) {
      expect(bytes.join('')).not.toContain(code);
      expect(outbox).not.toContain(code);
      expect(f.logs.join('\n')).not.toContain(code);
      expect(JSON.stringify(progress)).not.toContain(code);
    }
    expect(f.logs.join('\n')).toContain(WECHAT_MASKED);
  });
});

/** A fresh central server read with `env` on top, and the register restarted on a client for it. */
async function serverWith(env: Readonly<Record<string, string>>): Promise<void> {
  await server.dispose();
  Object.assign(process.env, env);
  try {
    server = await startCentralServer({ db: shared });
  } finally {
    for (const key of Object.keys(env)) Reflect.deleteProperty(process.env, key);
  }
  till = await server.enrol('store-1');
  f.wallet = clientFor(server.url);
  f.restart();
  listen();
}

/** The QR the customer display was last given for the open cart. */
function shownQr(): string {
  const qr = progress.findLast((p) => p.qr !== undefined)?.qr;
  if (qr === undefined) throw new Error('no QR was shown');
  return qr.content;
}

describe('wallet tender by the store QR (the customer’s code will not scan)', () => {
  it.each([
    ['WeChat Pay', 'wechatPay', '微信支付 WeChat Pay'],
    ['Alipay', 'alipay', '支付宝 Alipay'],
  ] as const)(
    '%s: the QR goes to the customer display, the customer pays it, the sale is paid once',
    async (_name, wallet, label) => {
      const cart = await cartWithTwoItems();
      const before = charges();
      const answer = await f.core.send('checkout.tenderWalletQr', { wallet });
      expect(answer).toMatchObject({ ok: false, error: { code: 'checkout.walletPending' } });
      // Waiting for the customer, with the QR for the display (the follow-up may be asking already).
      expect(progress.find((p) => p.stage === 'waiting')).toMatchObject({
        cartId: cart.cart.cartId,
        wallet,
        maskedCode: null,
        amount: cart.remaining,
        qr: { content: expect.any(String) as string, expiresAt: expect.any(Number) as number },
      });
      const ledger = wallet === 'wechatPay' ? providers.wechat.ledger : providers.alipay.ledger;
      expect(ledger.payQr(shownQr())).toBe(true);
      const paid = await value(f.core.send('checkout.walletStatus', {}));
      expect(paid).toMatchObject({ stage: 'paid', outcome: { status: 'completed' } });
      expect(paid.qr).toBeUndefined();
      expect(charges()).toBe(before + 1);
      const txn = ledger.orders().at(-1)?.transactionId;
      expect(payments()).toEqual([
        {
          kind: 'wallet',
          details: {
            kind: 'wallet',
            provider: wallet,
            amount: { amount: cart.remaining, currency: 'CNY' },
            paymentCode: null,
            providerTransactionId: txn,
          },
        },
      ]);
      if (paid.outcome?.status !== 'completed') throw new Error('expected the completed sale');
      const preview = await value(
        f.core.send('receipts.preview', { saleId: paid.outcome.sale.saleId }),
      );
      const text = preview.lines.join('\n');
      expect(text).toContain(label);
      expect(text).toContain('扫码付款 Paid by store QR');
      expect(text).toContain(`${txn}`);
      expect(count("SELECT count(*) FROM wallet_attempt WHERE kind = 'qr'")).toBe(1);
    },
  );

  it('cancelled before the customer pays: the QR is closed, nothing charged, cash pays', async () => {
    await cartWithTwoItems();
    const before = charges();
    await f.core.send('checkout.tenderWalletQr', { wallet: 'alipay' });
    const qr = shownQr();
    expect(await value(f.core.send('checkout.cancelWallet', {}))).toMatchObject({
      outcome: 'cancelled',
    });
    expect(providers.alipay.ledger.payQr(qr)).toBe(false);
    expect(charges()).toBe(before);
    expect(progress.at(-1)).toMatchObject({ stage: 'cancelled' });
    expect(progress.at(-1)?.qr).toBeUndefined();
    expect((await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }))).status).toBe(
      'completed',
    );
  });

  it('nobody pays in time: the server closes the QR, nothing charged, the cart is free again', async () => {
    await serverWith({ WALLET_QR_TTL_MS: '1500' });
    await cartWithTwoItems();
    await f.core.send('checkout.tenderWalletQr', { wallet: 'wechatPay' });
    const qr = shownQr();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const status = await value(f.core.send('checkout.walletStatus', {}));
    expect(status).toMatchObject({ stage: 'failed', failure: { code: 'wallet.qrExpired' } });
    expect(providers.wechat.ledger.payQr(qr)).toBe(false);
    expect((await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }))).status).toBe(
      'completed',
    );
  });

  it('offline: refused at once and nothing written; a register without a server link too', async () => {
    f.wallet = clientFor(`http://127.0.0.1:${await freePort()}`);
    f.restart();
    await cartWithTwoItems();
    const precreates = providers.wechat.ledger.requests().precreate;
    const started = performance.now();
    expect(await f.core.send('checkout.tenderWalletQr', { wallet: 'wechatPay' })).toMatchObject({
      ok: false,
      error: { code: 'wallet.offline' },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(providers.wechat.ledger.requests().precreate).toBe(precreates);
    f.wallet = undefined;
    f.restart();
    await cartWithTwoItems();
    const attempts = count('SELECT count(*) FROM wallet_attempt');
    expect(await f.core.send('checkout.tenderWalletQr', { wallet: 'alipay' })).toMatchObject({
      ok: false,
      error: { code: 'wallet.offline' },
    });
    expect(count('SELECT count(*) FROM wallet_attempt')).toBe(attempts);
  });

  it('register restarted while the QR is up and paid meanwhile: applied once at start', async () => {
    const cart = await cartWithTwoItems();
    const before = charges();
    await f.core.send('checkout.tenderWalletQr', { wallet: 'wechatPay' });
    const qr = shownQr();
    f.restart();
    listen();
    expect(providers.wechat.ledger.payQr(qr)).toBe(true);
    // A fresh core: the attempt it finds unsettled is asked about, never made again.
    f.restart();
    listen();
    await f.core.ready;
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(count('SELECT total FROM sale')).toBe(cart.remaining);
    expect(payments()).toMatchObject([{ kind: 'wallet', details: { paymentCode: null } }]);
    expect(charges()).toBe(before + 1);
    expect(
      providers.wechat.ledger
        .orders()
        .filter((o) => o.qr?.content === qr && o.paidAt !== undefined),
    ).toHaveLength(1);
  });
});
