// The cart on disk is its header and one row per line, and a save writes only the lines that
// changed: whatever the edits, the cart read back after a restart is the cart the core had.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CartView } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';

const { MILK, PEN, CHOCOLATE } = FIXTURE_BARCODES;

let f: RegisterFixture;
beforeEach(async () => {
  f = await startRegisterFixture();
  await loginReadyToSell(f);
});
afterEach(() => f.dispose());

const lineRows = () =>
  f.core.db
    .prepare<[], { line_no: number; state: string }>(
      'SELECT line_no, state FROM cart_line ORDER BY line_no',
    )
    .all();

/** The cart as the core holds it, then as a restarted core reads it from disk. */
async function heldThenReread(): Promise<[CartView | null, CartView | null]> {
  const held = await valueOf(f.core.send('checkout.current', {}));
  f.restart();
  await loginReadyToSell(f);
  return [held, await valueOf(f.core.send('checkout.current', {}))];
}

describe('cart rows', () => {
  it('writes a scanned line once, and the lines it already had not again', async () => {
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    await valueOf(f.core.send('checkout.scan', { code: PEN }));
    const [first, second] = lineRows();
    // A marker only the database holds: a save that rewrote these rows would wipe it.
    f.core.db.prepare("UPDATE cart_line SET state = json_set(state, '$.marker', 1)").run();
    await valueOf(f.core.send('checkout.scan', { code: CHOCOLATE }));
    const rows = lineRows();
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[0]?.state ?? '{}')).toMatchObject({ marker: 1 });
    expect(JSON.parse(rows[1]?.state ?? '{}')).toMatchObject({ marker: 1 });
    expect(JSON.parse(rows[2]?.state ?? '{}')).not.toHaveProperty('marker');
    expect(first?.line_no).toBe(0);
    expect(second?.line_no).toBe(1);
  });

  it('reads back after a restart exactly the cart the core had, through every kind of edit', async () => {
    let view = await valueOf(f.core.send('checkout.scan', { code: MILK }));
    view = await valueOf(f.core.send('checkout.scan', { code: PEN }));
    view = await valueOf(f.core.send('checkout.scan', { code: CHOCOLATE }));
    const [milk, pen] = view.cart.lines;
    await valueOf(f.core.send('checkout.setQuantity', { lineId: pen?.lineId ?? '', quantity: 3 }));
    await valueOf(
      f.core.send('checkout.voidLine', { lineId: milk?.lineId ?? '', reason: 'damaged' }),
    );
    const [held, reread] = await heldThenReread();
    expect(reread).toEqual(held);
    expect(reread?.cart.lines.map((l) => l.status.kind)).toEqual(['void', 'active', 'active']);
    expect(reread?.cart.lines[1]?.quantity).toEqual({ kind: 'each', units: 3 });
  });

  it('keeps a parked cart whole, recalls it, and leaves no line of a finished one', async () => {
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    await valueOf(f.core.send('checkout.scan', { code: PEN }));
    const before = await valueOf(f.core.send('checkout.current', {}));
    const parked = await valueOf(f.core.send('checkout.park', {}));
    // A second sale meanwhile, on its own lines.
    await valueOf(f.core.send('checkout.scan', { code: CHOCOLATE }));
    expect(lineRows()).toHaveLength(3);
    await valueOf(f.core.send('checkout.cancel', { reason: 'customer left' }));
    expect(lineRows()).toHaveLength(2);
    f.restart();
    await loginReadyToSell(f);
    const recalled = await valueOf(f.core.send('checkout.recall', { cartId: parked.cartId }));
    expect(recalled.cart.lines).toEqual(before?.cart.lines);
    const [held, reread] = await heldThenReread();
    expect(reread).toEqual(held);
    expect(reread?.cart.lines).toHaveLength(2);
    await valueOf(f.core.send('checkout.tenderCash', { tendered: 10_000_000 }));
    expect(lineRows()).toEqual([]);
  });
});
