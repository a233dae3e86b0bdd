// A register's wallet payments end to end: a real register core on its SQLite file, the central
// server (PGlite) on loopback HTTP configured through its environment like a deployment, and the
// two provider simulators behind it. Each outcome goes from the payment code to the attempt
// recorded on both sides, with the simulators' ledgers counting the charges.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../app/money';
import type { FetchLike, WalletClient } from '../../sync/client';
import { createWalletClient } from '../../sync/client';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import { openServerDatabase, startCentralServer } from '../../test-support/central-server-fixture';
import type { RegisterFixture } from '../../test-support/register-fixture';
import type { WalletProvidersFixture } from '../../test-support/wallet-providers';
import { freePort, startWalletProviders } from '../../test-support/wallet-providers';
import { startRegisterFixture } from '../../test-support/register-fixture';
import type { Logger } from '../core/ports';
import type { WalletPayments } from './wallet-payments';
import { createWalletPayments } from './wallet-payments';

const WECHAT = '134567890123456789';
const ALIPAY = '28456789012345678901';
const CNY = (amount: number) => money(amount, 'CNY');

let providers: WalletProvidersFixture;
let wechat: WalletProvidersFixture['wechat'];
let alipay: WalletProvidersFixture['alipay'];
let shared: ServerDb;
let server: CentralServerFixture;
let till: EnrolledRegister;
let f: RegisterFixture;
let logged: string[];
let sale = 0;

const TIMING_KEYS = [
  'WALLET_FIRST_QUERY_MS',
  'WALLET_QUERY_EVERY_MS',
  'WALLET_GIVE_UP_MS',
  'WALLET_HOLD_MS',
];

beforeAll(async () => {
  shared = await openServerDatabase();
  providers = await startWalletProviders();
  ({ wechat, alipay } = providers);
  // The server reads its merchant accounts from the environment, as in a deployment; the
  // quick-pay waits are short (20 ms apart, 400 ms in all) so "user paying" ends in a moment.
  Object.assign(process.env, {
    ...providers.env,
    WALLET_FIRST_QUERY_MS: '20',
    WALLET_QUERY_EVERY_MS: '20',
    WALLET_GIVE_UP_MS: '400',
    WALLET_HOLD_MS: '5000',
  });
  // PGlite's start takes seconds on a busy machine.
}, 60_000);

afterAll(async () => {
  for (const key of [...Object.keys(providers.env), ...TIMING_KEYS]) {
    Reflect.deleteProperty(process.env, key);
  }
  await providers.close();
  await shared.close();
});

beforeEach(async () => {
  f = await startRegisterFixture();
  server = await startCentralServer({ db: shared });
  till = await server.enrol('store-1');
  logged = [];
});

afterEach(async () => {
  await f.dispose();
  await server.dispose();
});

const logger = (): Logger => ({
  info: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  warn: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
});

function clientFor(baseUrl: string, fetchLike?: FetchLike): WalletClient {
  return createWalletClient({
    baseUrl,
    credentials: till,
    now: () => Date.now(),
    ...(fetchLike === undefined ? {} : { fetch: fetchLike }),
  });
}

function wallets(client: WalletClient = clientFor(server.url)): WalletPayments {
  return createWalletPayments({ db: f.core.db, client, clock: f.clock, logger: logger() });
}

function nextSale(): string {
  sale += 1;
  return `cart-${sale}`;
}

function attemptRow(saleId: string) {
  return f.core.db
    .prepare<
      [string],
      {
        state: string;
        masked_code: string;
        provider_transaction_id: string | null;
        failure_code: string | null;
      }
    >(
      'SELECT state, masked_code, provider_transaction_id, failure_code FROM wallet_attempt WHERE sale_id = ? ORDER BY attempt DESC',
    )
    .get(saleId);
}

async function serverRow(saleId: string) {
  const { rows } = await server.db.query<{ state: string; masked_code: string }>(
    'SELECT state, masked_code FROM wallet_payment WHERE sale_id = $1',
    [saleId],
  );
  return rows;
}

describe('a wallet payment from the register', () => {
  it.each([
    ['WeChat Pay', WECHAT, () => wechat],
    ['Alipay', ALIPAY, () => alipay],
  ] as const)(
    '%s: paid once, the tender carries the masked code and transaction id',
    async (_n, code, sim) => {
      const ledger = sim().ledger;
      const charges = ledger.chargeCount();
      const saleId = nextSale();
      const paid = await wallets().start(saleId, CNY(2350), code);
      expect(paid.ok).toBe(true);
      if (!paid.ok || paid.value.kind !== 'paid') throw new Error('not paid');
      const order = ledger.orders().at(-1);
      expect(paid.value.tender).toEqual({
        kind: 'wallet',
        provider: code === WECHAT ? 'wechatPay' : 'alipay',
        amount: CNY(2350),
        paymentCode: `${code.slice(0, 2)}${'*'.repeat(code.length - 6)}${code.slice(-4)}`,
        providerTransactionId: order?.transactionId,
      });
      expect(ledger.chargeCount()).toBe(charges + 1);
      expect(attemptRow(saleId)).toMatchObject({
        state: 'paid',
        provider_transaction_id: order?.transactionId,
      });
      expect(await serverRow(saleId)).toEqual([
        { state: 'paid', masked_code: paid.value.tender.paymentCode },
      ]);
    },
  );

  it.each([
    ['decline', 'wallet.declined'],
    ['insufficientFunds', 'wallet.insufficientFunds'],
    ['codeExpired', 'wallet.codeExpired'],
  ] as const)('%s: refused with %s, nothing charged, the attempt settled', async (kind, code) => {
    const charges = wechat.ledger.chargeCount();
    wechat.ledger.scriptNext({ kind });
    const saleId = nextSale();
    const answer = await wallets().start(saleId, CNY(100), WECHAT);
    expect(answer).toMatchObject({ ok: false, error: { code } });
    expect(attemptRow(saleId)).toMatchObject({ state: 'failed', failure_code: code });
    expect(wechat.ledger.chargeCount()).toBe(charges);
  });

  it('user paying, then confirming: paid once', async () => {
    const charges = alipay.ledger.chargeCount();
    alipay.ledger.scriptNext({ kind: 'userPaying', paysAfterQueries: 3 });
    const answer = await wallets().start(nextSale(), CNY(880), ALIPAY);
    expect(answer).toMatchObject({ ok: true, value: { kind: 'paid' } });
    expect(alipay.ledger.chargeCount()).toBe(charges + 1);
  });

  it('lost response: the query finds it paid — one charge', async () => {
    const charges = wechat.ledger.chargeCount();
    const submits = wechat.ledger.requests().submit;
    wechat.ledger.scriptNext({ kind: 'lostResponse' });
    const answer = await wallets().start(nextSale(), CNY(500), WECHAT);
    expect(answer).toMatchObject({ ok: true, value: { kind: 'paid' } });
    expect(wechat.ledger.chargeCount()).toBe(charges + 1);
    expect(wechat.ledger.requests().submit).toBe(submits + 1);
  });

  it('user paying for 40 s: reversed when the query window ends, the sale not paid, no charge', async () => {
    const charges = wechat.ledger.chargeCount();
    wechat.ledger.scriptNext({ kind: 'userPaying', paysAfterMs: 40_000 });
    const saleId = nextSale();
    const payments = wallets();
    const answer = await payments.start(saleId, CNY(500), WECHAT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'wallet.timedOut' } });
    expect(attemptRow(saleId)?.state).toBe('reversed');
    expect(await serverRow(saleId)).toMatchObject([{ state: 'reversed' }]);
    expect(wechat.ledger.orders().at(-1)?.state).toBe('closed');
    expect(wechat.ledger.chargeCount()).toBe(charges);
    expect(payments.unsettled(saleId)).toBe(false);
  });

  it('register killed mid-payment: the restart resolves the same payment, never a second charge', async () => {
    const charges = wechat.ledger.chargeCount();
    const submits = wechat.ledger.requests().submit;
    wechat.ledger.scriptNext({ kind: 'userPaying', paysAfterQueries: 2 });
    const saleId = nextSale();
    let sent = false;
    // The request leaves; the register dies before any answer reaches it.
    const dying: FetchLike = async (url, init) => {
      if (!url.endsWith('/payments/wallet')) return fetch(url, init);
      void fetch(url, init).catch(() => undefined);
      sent = true;
      return new Promise<Response>(() => undefined);
    };
    void wallets(clientFor(server.url, dying)).start(saleId, CNY(1999), WECHAT);
    await expect.poll(() => sent).toBe(true);
    expect(attemptRow(saleId)?.state).toBe('sending');

    f.restart();
    const restarted = wallets();
    expect(restarted.unsettled(saleId)).toBe(true);
    const resolved = await restarted.resolvePending();
    expect(resolved).toEqual({ settled: 1, stillPending: [] });
    const checked = await restarted.check(saleId);
    expect(checked).toMatchObject({ ok: true, value: { kind: 'paid', attempt: 1 } });
    expect(restarted.unsettled(saleId)).toBe(false);
    expect(wechat.ledger.chargeCount()).toBe(charges + 1);
    expect(wechat.ledger.requests().submit).toBe(submits + 1);
  });

  it('killed before the request left: the restart learns the server never had it', async () => {
    const saleId = nextSale();
    const dead: FetchLike = (url, init) =>
      url.endsWith('/payments/wallet') ? new Promise<Response>(() => undefined) : fetch(url, init);
    void wallets(clientFor(server.url, dead)).start(saleId, CNY(300), WECHAT);
    await expect.poll(() => attemptRow(saleId)?.state).toBe('sending');
    f.restart();
    const restarted = wallets();
    expect(await restarted.resolvePending()).toEqual({ settled: 1, stillPending: [] });
    expect(attemptRow(saleId)).toMatchObject({
      state: 'failed',
      failure_code: 'wallet.notReceived',
    });
    // A new scan is a new attempt.
    const again = await restarted.start(saleId, CNY(300), WECHAT);
    expect(again).toMatchObject({ ok: true, value: { kind: 'paid', attempt: 2 } });
  });

  it('duplicate submit: the same request twice is one attempt and one charge', async () => {
    const charges = alipay.ledger.chargeCount();
    const client = clientFor(server.url);
    const request = {
      saleId: nextSale(),
      attempt: 1,
      amount: 700,
      currency: 'CNY',
      paymentCode: ALIPAY,
    };
    const [first, second] = await Promise.all([client.pay(request), client.pay(request)]);
    expect(first).toMatchObject({ kind: 'answer', payment: { state: 'paid' } });
    expect(second).toEqual(first);
    expect(alipay.ledger.chargeCount()).toBe(charges + 1);
    // And the register will not start a second attempt while one is unsettled.
    const payments = wallets(clientFor(server.url, () => new Promise<Response>(() => undefined)));
    const saleId = nextSale();
    void payments.start(saleId, CNY(100), WECHAT);
    await expect.poll(() => attemptRow(saleId)?.state).toBe('sending');
    expect(await payments.start(saleId, CNY(100), WECHAT)).toMatchObject({
      ok: false,
      error: { code: 'wallet.pendingAttempt' },
    });
  });

  it('server unreachable: wallet.offline at once, nothing charged', async () => {
    const charges = wechat.ledger.chargeCount();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const saleId = nextSale();
    const started = performance.now();
    const answer = await wallets(clientFor(closed)).start(saleId, CNY(100), WECHAT);
    const ms = performance.now() - started;
    expect(answer).toMatchObject({ ok: false, error: { code: 'wallet.offline' } });
    expect(ms).toBeLessThan(1_000);
    expect(attemptRow(saleId)).toMatchObject({ state: 'failed', failure_code: 'wallet.offline' });
    // Known offline from sync: refused without even trying or writing.
    const known = createWalletPayments({
      db: f.core.db,
      client: clientFor(closed),
      clock: f.clock,
      logger: logger(),
      connection: () => 'offline',
    });
    const other = nextSale();
    expect(await known.start(other, CNY(100), WECHAT)).toMatchObject({
      ok: false,
      error: { code: 'wallet.offline' },
    });
    expect(attemptRow(other)).toBeUndefined();
    expect(wechat.ledger.chargeCount()).toBe(charges);
  });

  it('a code that is no wallet’s is refused before anything is written', async () => {
    const saleId = nextSale();
    const answer = await wallets().start(saleId, CNY(100), '6901234567892');
    expect(answer).toMatchObject({ ok: false, error: { code: 'wallet.codeInvalid' } });
    expect(attemptRow(saleId)).toBeUndefined();
  });

  it('cancel gives a paid payment back; refund gives back part, once per refund id', async () => {
    const net = wechat.ledger.netCharged();
    const payments = wallets();
    const cancelled = nextSale();
    await payments.start(cancelled, CNY(1000), WECHAT);
    expect(wechat.ledger.netCharged()).toBe(net + 1000);
    expect(await payments.cancel(cancelled)).toMatchObject({
      ok: true,
      value: { state: 'reversed' },
    });
    expect(wechat.ledger.netCharged()).toBe(net);

    const refunded = nextSale();
    await payments.start(refunded, CNY(1000), WECHAT);
    const part = await payments.refund(refunded, 'refund-1', CNY(400));
    expect(part).toMatchObject({ ok: true, value: { state: 'paid', refunded: CNY(400) } });
    expect(await payments.refund(refunded, 'refund-1', CNY(400))).toMatchObject({ ok: true });
    expect(wechat.ledger.netCharged()).toBe(net + 600);
    expect(await payments.refund(refunded, 'refund-2', CNY(700))).toMatchObject({
      ok: false,
      error: { code: 'wallet.refundTooMuch' },
    });
    const rest = await payments.refund(refunded, 'refund-2', CNY(600));
    expect(rest).toMatchObject({ ok: true, value: { state: 'refunded' } });
    expect(wechat.ledger.netCharged()).toBe(net);
  });

  it('the full payment code is nowhere: register file, server rows, logs', async () => {
    const payments = wallets();
    wechat.ledger.scriptNext({ kind: 'lostResponse' });
    await payments.start(nextSale(), CNY(100), WECHAT);
    alipay.ledger.scriptNext({ kind: 'decline' });
    await payments.start(nextSale(), CNY(100), ALIPAY);
    await payments.start(nextSale(), CNY(100), ALIPAY);
    f.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = readdirSync(f.dir, { recursive: true, encoding: 'utf8' }).filter((name) =>
      /\.(sqlite|db)(-wal|-journal)?$/.test(name),
    );
    expect(files.length).toBeGreaterThan(0);
    const bytes = files
      .map((name) => readFileSync(path.join(f.dir, name)).toString('latin1'))
      .join('');
    expect(bytes).toContain('13************6789');
    const { rows } = await server.db.query<{ text: string | null }>(
      `SELECT string_agg(to_jsonb(p)::text, '|') AS text FROM wallet_payment p`,
    );
    for (const code of [WECHAT, ALIPAY]) {
      expect(bytes).not.toContain(code);
      expect(rows[0]?.text ?? '').not.toContain(code);
      expect(logged.join('\n')).not.toContain(code);
    }
    expect(logged.join('\n')).toContain('28**************8901');
  });
});
