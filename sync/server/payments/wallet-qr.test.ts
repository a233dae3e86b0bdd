// Wallet payments by the store's QR (the merchant-presented code) through the server's routes,
// against both provider simulators on loopback HTTP with real PGlite: the QR made once however
// often it is asked for, paid when the customer scans it, closed when its time is up, cancelled
// (and refunded whole when the customer paid just before the cancel), a lost answer asked again,
// a tampered answer not believed — each counted in the simulators' ledgers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import type { WalletPaymentView, WalletProvider } from '../../../app/tenders';
import { useTestDatabases } from '../testing/test-databases';
import type { TestServer } from '../testing/test-server';
import { startTestServer } from '../testing/test-server';
import type { AlipaySimulator } from './simulators/alipay-simulator';
import { startAlipaySimulator } from './simulators/alipay-simulator';
import { chinaDay } from './simulators/simulated-ledger';
import type { SimulatedLedger } from './simulators/simulated-ledger';
import type { WechatPaySimulator } from './simulators/wechat-pay-simulator';
import { startWechatPaySimulator } from './simulators/wechat-pay-simulator';
import type { WalletSettings } from './wallet-settings';
import { generateRsaKeyPair } from './wallet-signing';

const [pglite] = useTestDatabases();
const QR_TTL_MS = 120_000;

/** The fake time every part reads: the server and the simulators. */
const time = { now: Date.UTC(2025, 6, 1, 2, 0, 0) };
const appKeys = generateRsaKeyPair();
let wechat: WechatPaySimulator;
let alipay: AlipaySimulator;
let t: TestServer;
let till: string;

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
beforeEach(() => {
  time.now += 3_600_000;
});
afterEach(async () => {
  await t?.close();
});

function settings(): WalletSettings {
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
    qrTtlMs: QR_TTL_MS,
    simulatedQrPaysAfterMs: 0,
    providerTimeoutMs: 2_000,
    description: 'Test store',
    resolveEveryMs: 0,
    clock: { now: () => time.now, sleep: () => Promise.resolve() },
  };
}

async function open(context: TestContext) {
  t = await startTestServer(await pglite!.open(context), {}, { wallets: settings() });
  t.clock.now = time.now;
  till = await t.registerToken('s1');
  return t.server.context.db;
}

let sale = 0;
function qrBody(wallet: WalletProvider, amount = 2580) {
  sale += 1;
  return { saleId: `qr-sale-${sale}`, attempt: 1, amount, currency: 'CNY', wallet };
}

async function showQr(body: ReturnType<typeof qrBody>) {
  const response = await t.call('POST', '/payments/wallet/qr', { token: till, body });
  return { status: response.statusCode, view: response.json<WalletPaymentView>() };
}

async function status(view: WalletPaymentView): Promise<WalletPaymentView> {
  const response = await t.call('GET', `/payments/wallet/${view.attemptId}`, { token: till });
  expect(response.statusCode).toBe(200);
  return response.json<WalletPaymentView>();
}

const advance = (ms: number) => {
  time.now += ms;
  t.clock.now = time.now;
};

describe.each([
  ['WeChat Pay', 'wechatPay'],
  ['Alipay', 'alipay'],
] as const)('%s by the store QR', (_name, wallet) => {
  const ledger = (): SimulatedLedger => (wallet === 'wechatPay' ? wechat.ledger : alipay.ledger);

  it('makes the QR once however often it is asked, and is paid once when the customer scans it', async (context) => {
    await open(context);
    const charges = ledger().chargeCount();
    const body = qrBody(wallet);
    const shown = await showQr(body);
    expect(shown.status).toBe(200);
    expect(shown.view).toMatchObject({ kind: 'qr', state: 'pending', maskedCode: null, wallet });
    expect(shown.view.qr?.expiresAt).toBe(Math.floor((time.now + QR_TTL_MS) / 1000) * 1000);
    expect(shown.view.qr?.content).toMatch(
      wallet === 'wechatPay' ? /^weixin:\/\/wxpay\/bizpayurl\?pr=/ : /^https:\/\/qr\.alipay\.com\//,
    );
    const precreates = ledger().requests().precreate;
    expect((await showQr(body)).view.qr).toEqual(shown.view.qr);
    expect(ledger().requests().precreate).toBe(precreates);
    // Not paid yet: still pending, the QR still offered.
    advance(10_000);
    expect(await status(shown.view)).toMatchObject({ state: 'pending' });
    // The customer scans and pays.
    expect(ledger().payQr(shown.view.qr?.content ?? '')).toBe(true);
    const paid = await status(shown.view);
    expect(paid).toMatchObject({ state: 'paid', kind: 'qr', failure: null });
    expect(paid.providerTransactionId).not.toBeNull();
    expect(ledger().chargeCount()).toBe(charges + 1);
    // The same attempt asked another way (a code, another amount) is refused.
    const other = await t.call('POST', '/payments/wallet/qr', {
      token: till,
      body: { ...body, amount: 99 },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: { code: 'wallet.attemptMismatch' } });
    // A paid QR cannot be cancelled: it is refunded like any payment.
    const cancel = await t.call('POST', `/payments/wallet/${shown.view.attemptId}/cancel`, {
      token: till,
      body: {},
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json()).toMatchObject({ error: { code: 'wallet.notCancellable' } });
    const refund = await t.call('POST', `/payments/wallet/${shown.view.attemptId}/refund`, {
      token: till,
      body: { refundId: 'r1', amount: 2580 },
    });
    expect(refund.json()).toMatchObject({ state: 'refunded', refundedAmount: 2580 });
    expect(ledger().netCharged()).toBe(0);
  });

  it('closes a QR nobody paid once its time is up: nothing charged, a late scan refused', async (context) => {
    const db = await open(context);
    const charges = ledger().chargeCount();
    const shown = (await showQr(qrBody(wallet))).view;
    advance(QR_TTL_MS - 1_000);
    expect(await status(shown)).toMatchObject({ state: 'pending' });
    advance(2_000);
    const closed = await status(shown);
    expect(closed).toMatchObject({ state: 'failed', failure: { code: 'wallet.qrExpired' } });
    expect(ledger().payQr(shown.qr?.content ?? '')).toBe(false);
    expect(ledger().chargeCount()).toBe(charges);
    const { rows } = await db.query<{ state: string; masked_code: string | null }>(
      'SELECT state, masked_code FROM wallet_payment WHERE sale_id = $1',
      [shown.saleId],
    );
    expect(rows).toEqual([{ state: 'failed', masked_code: null }]);
  });

  it('paid in the last second before the close is still paid, once', async (context) => {
    await open(context);
    const charges = ledger().chargeCount();
    const shown = (await showQr(qrBody(wallet))).view;
    advance(QR_TTL_MS - 2_000);
    expect(ledger().payQr(shown.qr?.content ?? '')).toBe(true);
    advance(3_000);
    expect(await status(shown)).toMatchObject({ state: 'paid' });
    expect(ledger().chargeCount()).toBe(charges + 1);
  });

  it('a cancel closes an unpaid QR; one the customer paid just before is refunded whole', async (context) => {
    await open(context);
    const charges = ledger().chargeCount();
    const net = ledger().netCharged();
    const unpaid = (await showQr(qrBody(wallet))).view;
    const cancelled = await t.call('POST', `/payments/wallet/${unpaid.attemptId}/cancel`, {
      token: till,
      body: {},
    });
    expect(cancelled.json()).toMatchObject({
      state: 'reversed',
      failure: { code: 'wallet.cancelled' },
    });
    expect(ledger().payQr(unpaid.qr?.content ?? '')).toBe(false);

    const raced = (await showQr(qrBody(wallet))).view;
    // The customer pays as the cashier presses cancel: the close finds it paid.
    expect(ledger().payQr(raced.qr?.content ?? '')).toBe(true);
    const refunded = await t.call('POST', `/payments/wallet/${raced.attemptId}/cancel`, {
      token: till,
      body: {},
    });
    expect(refunded.json()).toMatchObject({ state: 'reversed' });
    expect(ledger().chargeCount()).toBe(charges + 1);
    expect(ledger().netCharged()).toBe(net);
  });

  it('a lost or tampered answer is not believed: the same request again gives the same QR', async (context) => {
    await open(context);
    const body = qrBody(wallet);
    ledger().faultNext('precreate', 'dropAnswer');
    const lost = await t.call('POST', '/payments/wallet/qr', { token: till, body });
    expect(lost.statusCode).toBe(503);
    expect(lost.json()).toMatchObject({ error: { code: 'wallet.qrUncertain' } });
    ledger().faultNext('precreate', 'tamperAnswer');
    const tampered = await t.call('POST', '/payments/wallet/qr', { token: till, body });
    expect(tampered.statusCode).toBe(503);
    const again = await showQr(body);
    expect(again.view).toMatchObject({ state: 'pending' });
    const orders = ledger()
      .orders()
      .filter((o) => o.qr?.content === again.view.qr?.content);
    expect(orders).toHaveLength(1);
  });

  it('a QR whose answer never came is closed after its time by the background round', async (context) => {
    await open(context);
    const body = qrBody(wallet);
    ledger().faultNext('precreate', 'dropAnswer');
    expect((await showQr(body)).status).toBe(503);
    advance(QR_TTL_MS + 1_000);
    expect(await t.server.wallets.gateway.resolveStale()).toBeGreaterThanOrEqual(1);
    const after = await t.call('GET', `/payments/wallet/${body.saleId}.1`, { token: till });
    expect(after.json()).toMatchObject({ state: 'failed', failure: { code: 'wallet.qrExpired' } });
  });
});

it('a QR payment is in the day’s reconciliation: known by its order, reported while no sale has it', async (context) => {
  // A day of its own: the simulators' ledgers are shared with the tests before.
  time.now += 2 * 86_400_000;
  await open(context);
  const shown = (await showQr(qrBody('wechatPay', 1800))).view;
  wechat.ledger.payQr(shown.qr?.content ?? '');
  const paid = await status(shown);
  expect(paid.state).toBe('paid');
  const admin = await t.adminToken();
  const report = await t.call(
    'GET',
    `/admin/payments/wallet/reconciliation?day=${chinaDay(time.now)}`,
    { token: admin },
  );
  expect(report.statusCode).toBe(200);
  const body = report.json<{ mismatches: { kind: string; attemptId?: string }[] }>();
  // The provider's money is tied to this attempt (not an unknown transaction); no register has
  // pushed a sale paid with it yet, which is what the report must say.
  expect(body.mismatches.filter((m) => m.attemptId === shown.attemptId)).toEqual([
    expect.objectContaining({ kind: 'paidNoSale', attemptId: shown.attemptId }),
  ]);
  expect(body.mismatches.filter((m) => m.kind === 'unknownTransaction')).toEqual([]);
});
