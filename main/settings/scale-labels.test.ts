// Scale labels at the till, through the command map on a real SQLite file: the PLU table turns a
// label's item code into a product; a weight label adds a weighed line, a price label the pack at
// its printed price; an unknown PLU and a label that does not fit the product are refused with
// the cart untouched; and a manager's change to the settings applies to the next scan.
import { afterEach, describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../../app/barcode';
import type { CartView } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';

const { PEN, RICE } = FIXTURE_BARCODES;
let f: RegisterFixture | undefined;

afterEach(async () => {
  if (f === undefined) return;
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  f = undefined;
  expect(errors).toEqual([]);
});

/** A label's digits with its check digit. */
function label(digits: string): string {
  return `${digits}${gtinCheckDigit(digits)}`;
}

/** Rice sold by weight at ¥5.98 a kilogram, the pen by the unit; PLU 123 is rice, 7 the pen. */
async function start(): Promise<RegisterFixture> {
  const fx = await startRegisterFixture();
  f = fx;
  fx.core.db
    .prepare("UPDATE product SET sold_by = 'weight', price_minor = 598 WHERE gtin14 = ?")
    .run(RICE.padStart(14, '0'));
  await valueOf(fx.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
  await valueOf(
    fx.core.send('settings.update', {
      changes: {
        barcode: {
          scaleLabels: [{ layout: 'gs1-weight5', prefixes: ['21'] }, { layout: 'cn-scale-18' }],
          memberCards: [],
          coupons: [],
          scannerSendsUpcE: false,
        },
        pluTable: { '00123': RICE, '7': PEN, '555': '6901234567885' },
      },
    }),
  );
  await loginReadyToSell(fx);
  return fx;
}

function lines(view: CartView) {
  return view.cart.lines.map((l) => ({
    name: l.product.defaultName,
    soldBy: l.product.soldBy,
    quantity: l.quantity,
    price: l.price,
  }));
}

describe('scale labels', () => {
  it('adds a weighed line for a weight label, at the catalog price per kilogram', async () => {
    const fx = await start();
    const cart = await valueOf(fx.core.send('checkout.scan', { code: label('210012301250') }));
    expect(lines(cart)).toEqual([
      {
        name: 'Rice, 5 kg',
        soldBy: 'weight',
        quantity: { kind: 'weight', grams: 1250 },
        price: { kind: 'catalog', unitPrice: 598 },
      },
    ]);
    // 1.25 kg × ¥5.98 = ¥7.475, rounded once for the line.
    expect(cart.totals.priced.totals.total.amount).toBe(748);
  });

  it('adds the pack at the printed price for a price label, and sells it', async () => {
    const fx = await start();
    // 26 · PLU 00123 · ¥12.34 · 0.567 kg
    const cart = await valueOf(fx.core.send('checkout.scan', { code: label('26001230123400567') }));
    expect(lines(cart)).toEqual([
      {
        name: 'Rice, 5 kg',
        soldBy: 'each',
        quantity: { kind: 'each', units: 1 },
        price: { kind: 'catalog', unitPrice: 1234 },
      },
    ]);
    expect(cart.totals.priced.totals.total.amount).toBe(1234);
    const paid = await valueOf(fx.core.send('checkout.tenderCash', { tendered: 2000 }));
    expect(paid.status).toBe('completed');
    const saleLines = fx.core.db.prepare('SELECT name, quantity, sold_by FROM sale_line').all();
    expect(saleLines).toEqual([{ name: 'Rice, 5 kg', quantity: 1, sold_by: 'each' }]);
  });

  it('refuses an unknown PLU, a PLU of a product not in the catalog and a label that does not fit, leaving the cart as it was', async () => {
    const fx = await start();
    await valueOf(fx.core.send('checkout.scan', { code: PEN }));
    const before = await valueOf(fx.core.send('checkout.current', {}));
    const refusals: [string, string, RegExp][] = [
      [label('210099901250'), 'checkout.unknownPlu', /Scale label item 00999 is not set up/],
      [label('210055501250'), 'checkout.unknownProduct', /00555 is set up as 6901234567885/],
      [label('210000701250'), 'checkout.badScaleLabel', /sold by the unit/],
      [label('210012300000'), 'cart.weightInvalid', /Weight must be/],
      [label('26001230000000567'), 'checkout.badScaleLabel', /no price/],
    ];
    for (const [code, errorCode, message] of refusals) {
      const answer = await fx.core.send('checkout.scan', { code });
      expect(answer.ok, code).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.code, code).toBe(errorCode);
      expect(answer.error.message).toMatch(message);
    }
    expect(await valueOf(fx.core.send('checkout.current', {}))).toEqual(before);
  });

  it('reads labels by the settings as changed, without a restart', async () => {
    const fx = await start();
    const weighed = label('210012301250');
    expect(
      (await valueOf(fx.core.send('checkout.scan', { code: weighed }))).cart.lines,
    ).toHaveLength(1);
    await valueOf(fx.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    await valueOf(fx.core.send('settings.update', { changes: { pluTable: { '7': PEN } } }));
    expect(await fx.core.send('checkout.scan', { code: weighed })).toMatchObject({
      ok: false,
      error: { code: 'checkout.unknownPlu' },
    });
    await valueOf(
      fx.core.send('settings.update', {
        changes: {
          barcode: { scaleLabels: [], memberCards: [], coupons: [], scannerSendsUpcE: false },
        },
      }),
    );
    // No scale layouts: a code starting 21 is a plain in-store GTIN again.
    expect(await fx.core.send('checkout.scan', { code: weighed })).toMatchObject({
      ok: false,
      error: { code: 'checkout.unknownProduct' },
    });
  });
});
