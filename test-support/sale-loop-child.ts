// A cashier in a box, for the crash-safety test: opens a register core on the data folder given
// on the command line and sells in a loop until it is killed. It prints `SALE <saleId>
// <receiptNo>` only after the tender answered `completed`, so every line the parent reads is a
// sale the customer was told is paid.
//
// Usage: tsx test-support/sale-loop-child.ts <dataDir> <seed>
import type { Answer, CartView } from '../app/commands';
import { createRegisterCore } from '../main/core/create-register-core';
import type { RegisterCore } from '../main/core/create-register-core';
import { systemClock } from '../main/core/ports';

/** The cashier the parent seeds before the first run. */
const CASHIER = { staffId: 'c1', pin: '1111' } as const;

/** A small deterministic generator, so a seed says what the child tries (not when it is killed). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function writeLine(line: string): Promise<void> {
  // Pipes are synchronous on Linux, but wait for the callback anyway: the line must have left
  // this process before the next sale starts.
  return new Promise((resolve, reject) => {
    process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
  });
}

async function expectOk<T>(what: string, answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (!a.ok) throw new Error(`${what}: ${a.error.code}: ${a.error.message}`);
  return a.value;
}

async function main(): Promise<void> {
  const [dataDir, seedText] = process.argv.slice(2);
  if (dataDir === undefined) throw new Error('usage: sale-loop-child <dataDir> <seed>');
  const random = mulberry32(Number(seedText ?? '1'));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const core: RegisterCore = createRegisterCore({
    dataDir,
    storeId: 'store-1',
    registerId: 'reg-1',
    clock: systemClock,
    logger: {
      info: () => undefined,
      warn: (message, fields) =>
        process.stderr.write(`warn ${message} ${JSON.stringify(fields)}\n`),
      error: (message, fields) =>
        process.stderr.write(`error ${message} ${JSON.stringify(fields)}\n`),
    },
  });
  const gtins = core.db
    .prepare("SELECT gtin14 FROM product WHERE sold_by = 'each' AND active = 1 ORDER BY id")
    .pluck()
    .all() as string[];
  if (gtins.length === 0) throw new Error('the catalog is empty');
  await expectOk('login', core.send('auth.login', CASHIER));
  // Tenders need an open shift where the register has shifts; a core without them says the
  // command is unknown, and sells without one.
  const shift = await core.sendUntyped('shift.current', {});
  if (shift.ok && shift.value === null) {
    await expectOk('open shift', core.sendUntyped('shift.open', { openingFloat: 50_000 }));
  }
  await writeLine('READY');

  const pay = async (view: CartView): Promise<void> => {
    // Split cash: part of the amount first (saved durably with the cart), then the rest.
    let remaining = view.remainingInCash;
    if (remaining > 20 && random() < 0.5) {
      const part = 10 * Math.max(1, Math.floor((random() * remaining) / 20));
      const first = await expectOk(
        'part tender',
        core.send('checkout.tenderCash', { tendered: part }),
      );
      if (first.status === 'completed') {
        await writeLine(`SALE ${first.sale.saleId} ${first.sale.receiptNo}`);
        return;
      }
      remaining = first.cart.remainingInCash;
    }
    const tendered = remaining + (random() < 0.5 ? 0 : Math.floor(random() * 10_000));
    const done = await expectOk('tender', core.send('checkout.tenderCash', { tendered }));
    if (done.status !== 'completed') throw new Error(`tender left ${done.cart.remaining} due`);
    await writeLine(`SALE ${done.sale.saleId} ${done.sale.receiptNo}`);
  };

  // A cart left by the previous run (killed mid-sale) is finished first: paid if money was
  // taken, otherwise sold on or cancelled.
  const left = await expectOk('current', core.send('checkout.current', {}));
  if (left !== null && left.cart.lines.some((l) => l.status.kind === 'active')) {
    if (left.tenders.length > 0 || random() < 0.7) await pay(left);
    else await expectOk('cancel', core.send('checkout.cancel', { reason: 'left by a crash' }));
  } else if (left !== null && left.tenders.length === 0) {
    await expectOk('cancel', core.send('checkout.cancel', { reason: 'empty cart' }));
  }

  for (;;) {
    const parked = await expectOk('parked', core.send('checkout.parked', {}));
    if (parked.length > 0 && random() < 0.15) {
      await expectOk('recall', core.send('checkout.recall', { cartId: pick(parked).cartId }));
    }
    const scans = 1 + Math.floor(random() * 20);
    let view: CartView | undefined;
    for (let i = 0; i < scans; i += 1) {
      view = await expectOk('scan', core.send('checkout.scan', { code: pick(gtins) }));
      const active = view.cart.lines.filter((l) => l.status.kind === 'active');
      const roll = random();
      if (roll < 0.1 && active.length > 0) {
        view = await expectOk(
          'quantity',
          core.send('checkout.setQuantity', {
            lineId: pick(active).lineId,
            quantity: 1 + Math.floor(random() * 5),
          }),
        );
      } else if (roll < 0.16 && active.length > 1) {
        view = await expectOk(
          'void',
          core.send('checkout.voidLine', { lineId: pick(active).lineId, reason: 'changed mind' }),
        );
      }
    }
    if (view === undefined) continue;
    const roll = random();
    if (roll < 0.05 && parked.length < 3) {
      await expectOk('park', core.send('checkout.park', {}));
    } else if (roll < 0.1) {
      await expectOk('cancel', core.send('checkout.cancel', { reason: 'customer left' }));
    } else if (!view.cart.lines.some((l) => l.status.kind === 'active')) {
      await expectOk('cancel', core.send('checkout.cancel', { reason: 'nothing left' }));
    } else {
      await pay(view);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sale loop failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
