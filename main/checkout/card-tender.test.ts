// Card tender end to end: a real register core on a temp SQLite file driving the terminal
// simulator over an in-memory pair — approved, declined, cancelled mid-payment, timed out, split
// with cash and points, a crash with the payment left open settled on restart, and the full card
// number never reaching the database file, the outbox or the logs.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardProgressView, CartView } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf as value,
} from '../../test-support/register-fixture';
import { until } from '../../hardware/integration/until';
import type { CardTerminal } from '../devices/register-devices';
import type { CounterRig } from '../devices/testing/counter-rig';
import { FULL_PAN, counterRig } from '../devices/testing/counter-rig';
import { seedMembers } from '../members/member-store';
import { REGISTER_DB_FILE } from '../store';

const { MILK, PEN } = FIXTURE_BARCODES;
const MASKED = '622202*********0123';

let f: RegisterFixture;
let rig: CounterRig;
let progress: CardProgressView[];

function count(sql: string): number {
  return f.core.db.prepare(sql).pluck().get() as number;
}

function attemptStates(): string[] {
  return f.core.db
    .prepare('SELECT state FROM card_attempt ORDER BY started_at')
    .pluck()
    .all() as string[];
}

function listen(): void {
  progress = [];
  f.core.subscribe((event) => {
    if (event.type === 'card.progress') progress.push(event.progress);
  });
}

async function cartWithTwoItems(): Promise<CartView> {
  await loginReadyToSell(f);
  await value(f.core.send('checkout.scan', { code: MILK }));
  return value(f.core.send('checkout.scan', { code: PEN }));
}

beforeEach(async () => {
  rig = await counterRig();
  f = await startRegisterFixture({ devices: rig.devices });
  listen();
});

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.core.printerIdle();
  await f.dispose();
  await rig.close();
  expect(errors).toEqual([]);
});

describe('card tender', () => {
  it('takes an approved card for the amount due: masked PAN, auth code and reference on the sale', async () => {
    const cart = await cartWithTwoItems();
    const outcome = await value(f.core.send('checkout.tenderCard', {}));
    if (outcome.status !== 'completed') throw new Error('expected a completed sale');
    expect(outcome.sale.total).toBe(cart.remaining);
    expect(outcome.sale.openDrawer).toBe(false);
    expect(outcome.sale.tenders).toEqual([
      {
        kind: 'card',
        amount: cart.remaining,
        maskedPan: MASKED,
        authCode: expect.stringMatching(/^\d{6}$/) as unknown,
        terminalRef: expect.stringMatching(/^T\d{8}$/) as unknown,
      },
    ]);
    expect(progress.map((p) => p.stage)).toEqual(['waiting', 'approved']);
    expect(rig.terminal.simulator.charges()).toEqual([
      { requestId: progress[0]?.attemptId, type: 'SALE', amount: cart.remaining },
    ]);
    expect(attemptStates()).toEqual(['approved']);
    const details = JSON.parse(
      f.core.db
        .prepare("SELECT details FROM sale_payment WHERE kind = 'card'")
        .pluck()
        .get() as string,
    ) as Record<string, unknown>;
    expect(details).toMatchObject({ kind: 'card', pan: MASKED, scheme: 'unionPay' });
  });

  it('declined: a clear error, the cart as it was, and cash can still pay', async () => {
    const cart = await cartWithTwoItems();
    rig.behaviour = 'decline';
    expect(await f.core.send('checkout.tenderCard', {})).toMatchObject({
      ok: false,
      error: { code: 'checkout.cardDeclined' },
    });
    const after = await value(f.core.send('checkout.current', {}));
    expect(after?.tenders).toEqual([]);
    expect(after?.cart).toEqual(cart.cart);
    expect(attemptStates()).toEqual(['declined']);
    expect(rig.terminal.simulator.charges()).toEqual([]);
    // Nothing is held open: the cart can change again and cash pays it.
    await value(f.core.send('checkout.scan', { code: MILK }));
    const paid = await value(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    expect(paid.status).toBe('completed');
  });

  it('cancelled mid-payment: nothing charged, or a charge that landed is voided; the cart is unchanged', async () => {
    const cart = await cartWithTwoItems();
    // The terminal never hears the sale: the cancel settles as "nothing charged".
    rig.behaviour = 'deaf';
    const paying = f.core.send('checkout.tenderCard', {});
    await until(() => progress.some((p) => p.stage === 'waiting'));
    // Nothing else may touch the cart meanwhile.
    expect(await f.core.send('checkout.scan', { code: MILK })).toMatchObject({
      ok: false,
      error: { code: 'checkout.cardPending' },
    });
    expect(await f.core.send('checkout.tenderCash', { tendered: 100 })).toMatchObject({
      ok: false,
      error: { code: 'checkout.cardPending' },
    });
    expect(await value(f.core.send('checkout.cancelCard', {}))).toMatchObject({
      outcome: 'cancelled',
    });
    expect(await paying).toMatchObject({ ok: false, error: { code: 'checkout.cardCancelled' } });
    expect((await value(f.core.send('checkout.current', {})))?.cart).toEqual(cart.cart);

    // The customer's card is charged just as the cashier cancels (the answer is lost on the way):
    // the register voids it, so no money stays taken for a sale that is not paid.
    progress = [];
    rig.behaviour = 'lostAnswer';
    const second = f.core.send('checkout.tenderCard', { amount: 100 });
    await until(() => progress.some((p) => p.stage === 'waiting'));
    expect(await value(f.core.send('checkout.cancelCard', {}))).toMatchObject({
      outcome: 'reversed',
    });
    expect(await second).toMatchObject({ ok: false, error: { code: 'checkout.cardCancelled' } });
    expect(rig.terminal.simulator.charges().map((c) => [c.type, c.amount])).toEqual([
      ['SALE', 100],
      ['VOID', 0],
    ]);
    const after = await value(f.core.send('checkout.current', {}));
    expect(after?.tenders).toEqual([]);
    expect(after?.remaining).toBe(cart.remaining);
    expect(attemptStates()).toEqual(['cancelled', 'reversed']);
    expect(progress.map((p) => p.stage)).toContain('cancelRequested');
    expect(await f.core.send('checkout.cancelCard', {})).toMatchObject({
      ok: false,
      error: { code: 'checkout.noCardPayment' },
    });
  });

  it('terminal timeout: a clear error, no tender, and the open payment blocks other money until settled', async () => {
    const cart = await cartWithTwoItems();
    rig.behaviour = 'timeout';
    expect(await f.core.send('checkout.tenderCard', {})).toMatchObject({
      ok: false,
      error: { code: 'checkout.cardTimeout' },
    });
    expect((await value(f.core.send('checkout.current', {})))?.tenders).toEqual([]);
    expect(attemptStates()).toEqual(['pending']);
    // The customer may still pay on the terminal: no other tender and no cancel until it says.
    for (const [name, args] of [
      ['checkout.tenderCash', { tendered: 1_000_000 }],
      ['checkout.tenderCard', {}],
      ['checkout.cancel', { reason: 'customer left' }],
    ] as const) {
      expect(await f.core.sendUntyped(name, args)).toMatchObject({
        ok: false,
        error: { code: 'checkout.cardPending' },
      });
    }
    expect(count('SELECT count(*) FROM sale')).toBe(0);
    expect((await value(f.core.send('checkout.current', {})))?.remaining).toBe(cart.remaining);
  });

  it('splits: cash, card and points in any order; the sale is recorded once fully paid', async () => {
    seedMembers(
      f.core.db,
      [
        {
          id: 'mem-1',
          code: 'M0001',
          phone: '13812345678',
          name: 'Chen Jing',
          points: 5000,
          offlineAllowance: 3000,
        },
      ],
      f.now,
    );
    const cart = await cartWithTwoItems();
    await value(f.core.send('checkout.attachMember', { query: 'M0001' }));
    const due = cart.remaining;
    const card = await value(f.core.send('checkout.tenderCard', { amount: 300 }));
    expect(card.status).toBe('partial');
    const points = await value(f.core.send('checkout.tenderPoints', { points: 200 }));
    if (points.status !== 'partial') throw new Error('expected a part payment');
    expect(points.cart.remaining).toBe(due - 500);
    // Cancelling now is refused: money was taken, it must be given back first.
    expect(await f.core.send('checkout.cancel', { reason: 'changed mind' })).toMatchObject({
      ok: false,
      error: { code: 'checkout.refundTendersFirst' },
    });
    const cash = await value(f.core.send('checkout.tenderCash', { tendered: 100 }));
    expect(cash.status).toBe('partial');
    const rest = await value(f.core.send('checkout.tenderCard', {}));
    if (rest.status !== 'completed') throw new Error('expected a completed sale');
    expect(rest.sale.tenders.map((t) => [t.kind, t.amount])).toEqual([
      ['card', 300],
      ['points', 200],
      ['cash', 100],
      ['card', due - 600],
    ]);
    expect(rest.sale.openDrawer).toBe(true);
    expect(rig.terminal.simulator.charges().map((c) => c.amount)).toEqual([300, due - 600]);
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(count("SELECT count(*) FROM sale_payment WHERE kind = 'card'")).toBe(2);

    // Cash first, then the card pays the exact rest (no cash rounding on a card).
    await value(f.core.send('checkout.scan', { code: PEN }));
    const second = await value(f.core.send('checkout.tenderCash', { tendered: 50 }));
    if (second.status !== 'partial') throw new Error('expected a part payment');
    const byCard = await value(f.core.send('checkout.tenderCard', {}));
    if (byCard.status !== 'completed') throw new Error('expected a completed sale');
    expect(byCard.sale.tenders.map((t) => t.kind)).toEqual(['cash', 'card']);
    expect(byCard.sale.cashRounding).toBe(0);
    expect(byCard.sale.receiptNo).toBe(2);
  });

  it('refuses card tender without a terminal, and amounts over what is due', async () => {
    await cartWithTwoItems();
    expect(await f.core.send('checkout.tenderCard', { amount: 10_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'tender.exceedsDue' },
    });
    expect(await f.core.sendUntyped('checkout.tenderCard', { amount: 0 })).toMatchObject({
      ok: false,
      error: { code: 'command.invalidArgs' },
    });
    f.devices = undefined;
    f.restart();
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    expect(await f.core.send('checkout.tenderCard', {})).toMatchObject({
      ok: false,
      error: { code: 'devices.notConnected' },
    });
    expect(count('SELECT count(*) FROM card_attempt')).toBe(0);
    expect(rig.terminal.simulator.received()).toEqual([]);
  });
});

describe('a crash with a card payment open', () => {
  /** A terminal whose answer never reaches the register: the process dies while it waits. */
  function dyingTerminal(forward: boolean): CardTerminal {
    const real = rig.terminal.terminal;
    return {
      sale: (id, amount, currency) => {
        if (forward) void real.sale(id, amount, currency);
        return new Promise(() => undefined);
      },
      status: (id) => real.status(id),
      void: (id, ref) => real.void(id, ref),
      refund: (id, amount, currency, ref) => real.refund(id, amount, currency, ref),
    };
  }

  async function crashWhilePaying(forward: boolean): Promise<CartView> {
    f.devices = { ...rig.devices, terminal: dyingTerminal(forward) };
    f.restart();
    listen();
    const cart = await cartWithTwoItems();
    void f.core.send('checkout.tenderCard', {});
    await until(() => progress.some((p) => p.stage === 'waiting'));
    if (forward) await until(() => rig.terminal.simulator.received().length > 0);
    // Let the terminal finish whatever it does with the sale.
    await new Promise((resolve) => setTimeout(resolve, 50));
    f.devices = rig.devices;
    f.restart();
    listen();
    await f.core.ready;
    return cart;
  }

  it('approved before the crash: settled by STATUS on restart, the tender recorded once', async () => {
    const cart = await crashWhilePaying(true);
    expect(rig.terminal.simulator.charges()).toHaveLength(1);
    expect(attemptStates()).toEqual(['approved']);
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(count('SELECT total FROM sale')).toBe(cart.remaining);
    expect(count("SELECT count(*) FROM sale_payment WHERE kind = 'card'")).toBe(1);
    // Settled once: a second restart finds nothing open and records nothing more.
    f.restart();
    await f.core.ready;
    expect(count('SELECT count(*) FROM sale')).toBe(1);
    expect(count('SELECT count(*) FROM sale_payment')).toBe(1);
    expect(rig.terminal.simulator.charges()).toHaveLength(1);
    expect(rig.terminal.simulator.received().filter((r) => r.type === 'SALE')).toHaveLength(1);
  });

  it('declined, or never sent, before the crash: nothing recorded and the cart pays as before', async () => {
    rig.behaviour = 'decline';
    const cart = await crashWhilePaying(true);
    expect(attemptStates()).toEqual(['declined']);
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    const open = await value(f.core.send('checkout.current', {}));
    expect(open?.tenders).toEqual([]);
    expect(open?.remaining).toBe(cart.remaining);

    // The register died before the sale went out: the terminal knows nothing of it.
    const notSent = await crashWhilePaying(false);
    expect(attemptStates()).toEqual(['declined', 'notReceived']);
    expect(rig.terminal.simulator.charges()).toEqual([]);
    await value(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    rig.behaviour = 'approve';
    const paid = await value(f.core.send('checkout.tenderCard', {}));
    if (paid.status !== 'completed') throw new Error('expected a completed sale');
    expect(paid.sale.total).toBe(notSent.remaining);
    expect(count('SELECT count(*) FROM sale')).toBe(1);
  });
});

describe('card numbers', () => {
  it('never reach the database file, the outbox or the logs, even from a terminal that sends them whole', async () => {
    await rig.close();
    await f.dispose();
    rig = await counterRig({ sendsFullCardNumber: true });
    f = await startRegisterFixture({ devices: rig.devices });
    listen();
    await cartWithTwoItems();
    await value(f.core.send('checkout.tenderCard', { amount: 100 }));
    const sale = await value(f.core.send('checkout.tenderCard', {}));
    if (sale.status !== 'completed') throw new Error('expected a completed sale');
    expect(sale.sale.tenders.map((t) => t.maskedPan)).toEqual([MASKED, MASKED]);
    await f.core.printerIdle();
    expect(rig.printer.simulator.lines().join('\n')).toContain(MASKED);

    const outbox = f.core.db.prepare('SELECT payload FROM outbox').pluck().all() as string[];
    expect(outbox.join('\n')).toContain(MASKED);
    const files = [REGISTER_DB_FILE, `${REGISTER_DB_FILE}-wal`]
      .map((name) => path.join(f.dir, name))
      .filter((file) => existsSync(file));
    const scan = () => files.map((file) => readFileSync(file).toString('latin1')).join('');
    const bytes = scan();
    expect(bytes).toContain(MASKED);
    for (const text of [bytes, outbox.join('\n'), rig.printer.simulator.lines().join('\n')]) {
      expect(text).not.toContain(FULL_PAN);
    }
    // The terminal's own log says it masked a whole number, without the number.
    expect(rig.terminal.logger.text()).toContain('unmasked card number');
    expect(rig.terminal.logger.text()).not.toContain(FULL_PAN);
    // And after a checkpoint folds the log into the main file.
    f.core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(scan()).not.toContain(FULL_PAN);
  });
});
