// Wallet payments through the server's routes against both provider simulators on loopback HTTP,
// with real PGlite: every scripted outcome from a payment code to the recorded attempt, counted in
// the simulators' ledgers, and no full payment code in the database or the server's log.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import type { WalletPaymentView } from '../../../app/tenders';
import type { Db } from '../db/db';
import { useTestDatabases } from '../testing/test-databases';
import type { TestServer } from '../testing/test-server';
import { startTestServer } from '../testing/test-server';
import type { AlipaySimulator } from './simulators/alipay-simulator';
import { startAlipaySimulator } from './simulators/alipay-simulator';
import type { SimulatedLedger } from './simulators/simulated-ledger';
import type { WechatPaySimulator } from './simulators/wechat-pay-simulator';
import { startWechatPaySimulator } from './simulators/wechat-pay-simulator';
import { chinaDay } from './simulators/simulated-ledger';
import { generateRsaKeyPair } from './wallet-signing';
import type { WalletSettings } from './wallet-settings';

const [pglite] = useTestDatabases();

const WECHAT = '134567890123456789';
const ALIPAY = '2845678901234567';
const CODES = [WECHAT, ALIPAY, '104567890123450001', '284567890123450002', '114567890123450003'];

/** The fake time every part reads: the server, the quick-pay waits and the simulators. */
const time = { now: Date.UTC(2025, 5, 1, 2, 0, 0) };
const appKeys = generateRsaKeyPair();
let wechat: WechatPaySimulator;
let alipay: AlipaySimulator;
let t: TestServer;
let till: string;
let logged = '';

beforeAll(async () => {
  wechat = await startWechatPaySimulator({ clock: () => time.now });
  alipay = await startAlipaySimulator({
    appPublicKeyPem: appKeys.publicKeyPem,
    clock: () => time.now,
  });
});
afterAll(async () => {
  await wechat.close();
  await alipay.close();
});

function settings(overrides: Partial<WalletSettings> = {}): WalletSettings {
  return {
    wechatPay: { url: wechat.url, ...wechat.merchant },
    alipay: {
      gatewayUrl: alipay.gatewayUrl,
      appId: alipay.appId,
      appPrivateKeyPem: appKeys.privateKeyPem,
      alipayPublicKeyPem: alipay.alipayPublicKeyPem,
    },
    timing: { firstQueryMs: 5_000, queryEveryMs: 5_000, giveUpAfterMs: 30_000, reverseTries: 3 },
    holdMs: 5_000,
    qrTtlMs: 120_000,
    simulatedQrPaysAfterMs: 0,
    providerTimeoutMs: 2_000,
    description: 'Test store',
    resolveEveryMs: 0,
    // Waiting moves the fake time at once: 40 s of "user paying" take milliseconds.
    clock: {
      now: () => time.now,
      sleep: async (ms) => {
        time.now += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    },
    ...overrides,
  };
}

async function open(context: TestContext, overrides: Partial<WalletSettings> = {}) {
  logged = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const logger = Fastify({ logger: { level: 'trace', stream } }).log;
  t = await startTestServer(
    await pglite!.open(context),
    {},
    { wallets: settings(overrides), logger },
  );
  t.clock.now = time.now;
  till = await t.registerToken('s1');
  return t.server.context.db;
}

let sale = 0;
function pay(code: string, amount = 1234, extra: object = {}) {
  sale += 1;
  const body = {
    saleId: `sale-${sale}`,
    attempt: 1,
    amount,
    currency: 'CNY',
    paymentCode: code,
    ...extra,
  };
  return t
    .call('POST', '/payments/wallet', { token: till, body })
    .then((r) => ({ response: r, body }));
}

async function payView(code: string, amount = 1234): Promise<WalletPaymentView> {
  const { response } = await pay(code, amount);
  expect(response.statusCode).toBe(200);
  return response.json<WalletPaymentView>();
}

function ledgerOf(code: string): SimulatedLedger {
  return code === WECHAT || code.startsWith('1') ? wechat.ledger : alipay.ledger;
}

async function rowsOf(db: Db, saleId: string) {
  const { rows } = await db.query<{
    state: string;
    masked_code: string;
    provider_transaction_id: string | null;
  }>('SELECT state, masked_code, provider_transaction_id FROM wallet_payment WHERE sale_id = $1', [
    saleId,
  ]);
  return rows;
}

beforeEach(() => {
  time.now += 3_600_000;
});
afterEach(async () => {
  await t?.close();
});

describe.each([
  ['WeChat Pay', WECHAT],
  ['Alipay', ALIPAY],
])('%s through the gateway', (_name, code) => {
  it('pays, and a repeated request answers the same payment without a second charge', async (context) => {
    const db = await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    const { response, body } = await pay(code);
    const paid = response.json<WalletPaymentView>();
    expect(paid).toMatchObject({
      state: 'paid',
      amount: 1234,
      attemptId: `${body.saleId}.1`,
      failure: null,
    });
    expect(paid.maskedCode).toBe(
      `${code.slice(0, 2)}${'*'.repeat(code.length - 6)}${code.slice(-4)}`,
    );
    const again = await t.call('POST', '/payments/wallet', { token: till, body });
    expect(again.json()).toEqual(paid);
    expect(ledger.chargeCount()).toBe(charges + 1);
    expect(ledger.order(paid.attemptId)).toBeUndefined(); // the provider knows the hashed order no.
    const [row] = await rowsOf(db, body.saleId);
    expect(row).toMatchObject({
      state: 'paid',
      provider_transaction_id: paid.providerTransactionId,
    });
    expect(
      ledger.orders().find((o) => o.transactionId === paid.providerTransactionId)?.amount,
    ).toBe(1234);
    // Same attempt with another amount: refused, nothing charged.
    const other = await t.call('POST', '/payments/wallet', {
      token: till,
      body: { ...body, amount: 99 },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: { code: 'wallet.attemptMismatch' } });
    expect(ledger.chargeCount()).toBe(charges + 1);
  });

  it.for([
    ['decline', 'wallet.declined'],
    ['insufficientFunds', 'wallet.insufficientFunds'],
    ['codeExpired', code === WECHAT ? 'wallet.codeExpired' : 'wallet.codeInvalid'],
  ] as const)('%s fails at once with %s and charges nothing', async ([kind, failure], context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    ledger.scriptNext({ kind });
    const view = await payView(code);
    expect(view).toMatchObject({
      state: 'failed',
      failure: { code: failure },
      providerTransactionId: null,
    });
    expect(ledger.chargeCount()).toBe(charges);
  });

  it('user paying, then confirming after two queries: paid once', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    const queries = ledger.requests().query;
    ledger.scriptNext({ kind: 'userPaying', paysAfterQueries: 2 });
    const started = time.now;
    expect(await payView(code)).toMatchObject({ state: 'paid' });
    expect(ledger.requests().query - queries).toBe(2);
    expect(time.now - started).toBe(10_000); // first query after 5 s, the next 5 s later
    expect(ledger.chargeCount()).toBe(charges + 1);
  });

  it('user paying for 40 s: queried for 30 s, then reversed; nothing charged', async (context) => {
    const db = await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    const queries = ledger.requests().query;
    ledger.scriptNext({ kind: 'userPaying', paysAfterMs: 40_000 });
    const view = await payView(code);
    expect(view).toMatchObject({ state: 'reversed', failure: { code: 'wallet.timedOut' } });
    expect(ledger.requests().query - queries).toBe(6); // at 5, 10, 15, 20, 25 and 30 s
    expect(ledger.chargeCount()).toBe(charges);
    // The customer confirms at 40 s: the order is closed, so it cannot be charged any more.
    time.now += 20_000;
    const order = ledger.orders().at(-1);
    expect(order?.state).toBe('closed');
    expect(ledger.query(order?.outTradeNo ?? '')?.state).toBe('closed');
    expect(ledger.chargeCount()).toBe(charges);
    expect((await rowsOf(db, view.saleId))[0]?.state).toBe('reversed');
  });

  it('lost answer: the query finds it paid, one charge', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    ledger.scriptNext({ kind: 'lostResponse' });
    const view = await payView(code);
    expect(view.state).toBe('paid');
    expect(view.providerTransactionId).toBe(ledger.orders().at(-1)?.transactionId);
    expect(ledger.chargeCount()).toBe(charges + 1);
    // The submit's answer really was lost: the gateway saw no answer, then queried.
    expect(logged).toMatch(/"outcome":"unknown"/);
  });

  it('system error: booked → found paid; not booked → reversed, nothing charged', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    ledger.scriptNext({ kind: 'systemError', booked: true });
    expect((await payView(code)).state).toBe('paid');
    ledger.scriptNext({ kind: 'systemError', booked: false });
    expect(await payView(code)).toMatchObject({
      state: 'reversed',
      failure: { code: 'wallet.timedOut' },
    });
    expect(ledger.chargeCount()).toBe(charges + 1);
  });

  it('an answer with a tampered signature is not believed: the query settles it, one charge', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const charges = ledger.chargeCount();
    ledger.faultNext('submit', 'tamperAnswer');
    const view = await payView(code);
    expect(view.state).toBe('paid');
    expect(ledger.chargeCount()).toBe(charges + 1);
    expect(logged).toMatch(/"outcome":"unknown"/);
  });

  it('cancel: a paid payment is given back; an unpaid one is closed', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const net = ledger.netCharged();
    const paid = await payView(code);
    expect(ledger.netCharged()).toBe(net + 1234);
    const cancelled = await t.call('POST', `/payments/wallet/${paid.attemptId}/cancel`, {
      token: till,
    });
    expect(cancelled.json()).toMatchObject({
      state: 'reversed',
      failure: { code: 'wallet.cancelled' },
    });
    expect(ledger.netCharged()).toBe(net);

    const declined = await (async () => {
      ledger.scriptNext({ kind: 'decline' });
      return payView(code);
    })();
    const again = await t.call('POST', `/payments/wallet/${declined.attemptId}/cancel`, {
      token: till,
    });
    expect(again.json()).toMatchObject({ state: 'failed' });
    expect(ledger.netCharged()).toBe(net);
  });

  it('refunds in parts, once per refund id, never more than was paid', async (context) => {
    await open(context);
    const ledger = ledgerOf(code);
    const net = ledger.netCharged();
    const paid = await payView(code, 1000);
    const refund = (refundId: string, amount: number) =>
      t.call('POST', `/payments/wallet/${paid.attemptId}/refund`, {
        token: till,
        body: { refundId, amount },
      });
    expect((await refund('r1', 400)).json()).toMatchObject({ state: 'paid', refundedAmount: 400 });
    expect((await refund('r1', 400)).json()).toMatchObject({ state: 'paid', refundedAmount: 400 });
    const tooMuch = await refund('r2', 601);
    expect(tooMuch.json()).toMatchObject({ error: { code: 'wallet.refundTooMuch' } });
    expect((await refund('r2', 600)).json()).toMatchObject({
      state: 'refunded',
      refundedAmount: 1000,
    });
    expect(ledger.netCharged()).toBe(net);
    const cancel = await t.call('POST', `/payments/wallet/${paid.attemptId}/cancel`, {
      token: till,
    });
    expect(cancel.json()).toMatchObject({ error: { code: 'wallet.notCancellable' } });
  });
});

describe('what the gateway refuses', () => {
  it('a request with a tampered signature is refused by the provider and books nothing', async () => {
    const wrongKey = await startWechatPaySimulator({
      merchant: { ...wechat.merchant, key: 'x'.repeat(32) },
    });
    try {
      const { createWechatPayAdapter } = await import('./wechat-pay-adapter');
      // The gateway signs with the right key; this provider expects another: every request fails.
      const adapter = createWechatPayAdapter({
        account: { url: wrongKey.url, ...wechat.merchant },
        timeoutMs: 2_000,
      });
      const outcome = await adapter.submit({
        outTradeNo: 'Ptampered',
        amount: 100,
        currency: 'CNY',
        authCode: WECHAT,
        description: 'x',
      });
      expect(outcome).toMatchObject({ kind: 'failed', code: 'wallet.providerRefused' });
      expect(wrongKey.ledger.requests()).toMatchObject({ submit: 0, refusedSignature: 1 });
      expect(wrongKey.ledger.chargeCount()).toBe(0);
    } finally {
      await wrongKey.close();
    }
  });

  it('a merchant key that does not match fails the payment without charging', async (context) => {
    await open(context, {
      alipay: {
        gatewayUrl: alipay.gatewayUrl,
        appId: alipay.appId,
        appPrivateKeyPem: generateRsaKeyPair().privateKeyPem,
        alipayPublicKeyPem: alipay.alipayPublicKeyPem,
      },
    });
    const refused = alipay.ledger.requests().refusedSignature;
    const charges = alipay.ledger.chargeCount();
    const view = await payView(ALIPAY);
    expect(view).toMatchObject({ state: 'failed', failure: { code: 'wallet.providerRefused' } });
    expect(alipay.ledger.requests().refusedSignature).toBe(refused + 1);
    expect(alipay.ledger.chargeCount()).toBe(charges);
  });

  it('bad input with clear errors, never echoing the code; only registers of the store', async (context) => {
    await open(context);
    const notWallet = await pay('994567890123456789');
    expect(notWallet.response.statusCode).toBe(400);
    expect(notWallet.response.json()).toMatchObject({ error: { code: 'wallet.codeInvalid' } });
    expect(notWallet.response.body).not.toContain('994567890123456789');
    const letters = await pay('13456789012345678x');
    expect(letters.response.json()).toMatchObject({ error: { code: 'request.invalid' } });
    expect(letters.response.body).not.toContain('13456789012345678x');
    const dollars = await pay(WECHAT, 100, { currency: 'USD' });
    expect(dollars.response.json()).toMatchObject({ error: { code: 'wallet.currencyInvalid' } });
    const noToken = await t.call('POST', '/payments/wallet', { body: dollars.body });
    expect(noToken.statusCode).toBe(401);
    const admin = await t.call('POST', '/payments/wallet', {
      token: await t.adminToken(),
      body: dollars.body,
    });
    expect(admin.statusCode).toBe(403);
    const paid = await payView(WECHAT);
    const otherStore = await t.registerToken('s2');
    const peek = await t.call('GET', `/payments/wallet/${paid.attemptId}`, { token: otherStore });
    expect(peek.statusCode).toBe(404);
    const unknown = await t.call('GET', '/payments/wallet/nope.1', { token: till });
    expect(unknown.json()).toMatchObject({ error: { code: 'wallet.attemptNotFound' } });
    const { rows } = await t.server.context.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM wallet_payment WHERE state <> 'paid'",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('the database refuses a payment code that is not masked', async (context) => {
    const db = await open(context);
    await expect(
      db.query(
        `INSERT INTO wallet_payment (id, store_id, register_id, sale_id, attempt, wallet, amount, currency,
           masked_code, state, created_at, updated_at)
         VALUES ('x', 's1', 'r', 'sale', 1, 'wechatPay', 1, 'CNY', $1, 'pending', 0, 0)`,
        [WECHAT],
      ),
    ).rejects.toThrow(/check/i);
  });
});

describe('status after a restart', () => {
  it('a pending attempt nobody settles any more is queried, then reversed once too old', async (context) => {
    const db = await open(context);
    await t.close();
    const ledger = wechat.ledger;
    const charges = ledger.chargeCount();
    // A server whose waits never end: the answer is "pending", then the server goes away.
    const stuck = settings({
      holdMs: 50,
      clock: { now: () => time.now, sleep: () => new Promise<void>(() => undefined) },
    });
    t = await startTestServer(db, {}, { wallets: stuck });
    till = await t.registerToken('s1');
    ledger.scriptNext({ kind: 'userPaying' });
    const first = await pay(WECHAT);
    expect(first.response.json()).toMatchObject({ state: 'pending' });
    await t.close();
    expect((await rowsOf(db, first.body.saleId))[0]?.state).toBe('pending');
    // The next server: nobody is settling the attempt; asking for it settles it.
    t = await startTestServer(db, {}, { wallets: settings() });
    till = await t.registerToken('s1');
    time.now += 60_000;
    const later = await t.call('GET', `/payments/wallet/${first.body.saleId}.1`, { token: till });
    expect(later.json()).toMatchObject({ state: 'reversed', failure: { code: 'wallet.timedOut' } });
    expect(ledger.chargeCount()).toBe(charges);
    expect(ledger.orders().at(-1)?.state).toBe('closed');
  });
});

describe('no full payment code anywhere', () => {
  it('the database and the server log hold masked codes only', async (context) => {
    const db = await open(context);
    for (const code of CODES) {
      ledgerOf(code).scriptNext({ kind: 'lostResponse' });
      await payView(code);
      await payView(code);
    }
    const { rows } = await db.query<{ text: string }>(
      `SELECT string_agg(t::text, '|') AS text FROM (
         SELECT to_jsonb(p)::text AS t FROM wallet_payment p
         UNION ALL SELECT to_jsonb(e)::text FROM wallet_payment_event e
         UNION ALL SELECT to_jsonb(r)::text FROM wallet_refund r) all_rows`,
    );
    const text = rows[0]?.text ?? '';
    expect(text).toContain('13************6789');
    expect(logged).toContain('13************6789');
    for (const code of CODES) {
      expect(text).not.toContain(code);
      expect(logged).not.toContain(code);
    }
  });
});

describe('reconciliation of a day', () => {
  function registerIdOf(token: string): string {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { sub: string };
    return payload.sub;
  }

  it('matches statements with payments and pushed sales, and reports each mismatch', async (context) => {
    await open(context);
    // Each simulator keeps the other tests' orders; a fresh pair keeps this day clean.
    const day = chinaDay(time.now);
    const matched = await payView(WECHAT, 500);
    const noSale = await payView(ALIPAY, 700);
    const refunded = await payView(WECHAT, 300);
    await t.call('POST', `/payments/wallet/${refunded.attemptId}/refund`, {
      token: till,
      body: { refundId: 'all', amount: 300 },
    });
    const saleOf = (saleId: string, transactionId: string, amount: number, seq: number) => ({
      seq,
      mutation_id: `m-${saleId}`,
      type: 'sale.completed',
      schema_version: 1,
      created_at: time.now,
      payload: {
        saleId,
        receiptNo: seq,
        storeId: 's1',
        cashierId: 'c1',
        memberId: null,
        currency: 'CNY',
        total: amount,
        pointsEarned: 0,
        pointsUsed: 0,
        lines: [],
        payments: [
          {
            kind: 'wallet',
            provider: 'wechatPay',
            amount: { amount, currency: 'CNY' },
            paymentCode: '13************6789',
            providerTransactionId: transactionId,
          },
        ],
        completedAt: time.now,
      },
    });
    const pushed = await t.call('POST', '/sync/push', {
      token: till,
      body: {
        schema_version: 1,
        register_id: registerIdOf(till),
        from_seq: 1,
        mutations: [
          saleOf(matched.saleId, matched.providerTransactionId ?? '', 500, 1),
          saleOf('sale-ghost', '4200000000ghost', 900, 2),
        ],
      },
    });
    expect(pushed.statusCode).toBe(200);
    const report = await t.call('GET', `/admin/payments/wallet/reconciliation?day=${day}`, {
      token: await t.adminToken(),
    });
    expect(report.statusCode).toBe(200);
    const body = report.json<{
      matched: number;
      mismatches: { kind: string; saleId?: string; attemptId?: string; amount?: number }[];
    }>();
    const mine = body.mismatches.filter(
      (m) =>
        m.saleId === 'sale-ghost' ||
        [matched, noSale, refunded].some((p) => p.attemptId === m.attemptId),
    );
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'paidNoSale', attemptId: noSale.attemptId, amount: 700 }),
      expect.objectContaining({ kind: 'saleNotPaid', saleId: 'sale-ghost', amount: 900 }),
    ]);
    expect(body.matched).toBeGreaterThanOrEqual(2); // the sold one and the refunded one
    const bad = await t.call('GET', '/admin/payments/wallet/reconciliation?day=June', {
      token: await t.adminToken(),
    });
    expect(bad.statusCode).toBe(400);
    const register = await t.call('GET', `/admin/payments/wallet/reconciliation?day=${day}`, {
      token: till,
    });
    expect(register.statusCode).toBe(403);
  });
});
