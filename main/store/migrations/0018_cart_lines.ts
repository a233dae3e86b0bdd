// Migration 18: a cart's lines in rows of their own, one per line by position, instead of inside
// the cart's JSON. A scan then writes its one new line and the cart's header, not the whole cart
// again (checkout/cart-rows.ts). Carts open or parked at the upgrade are split as they stand.
import type { Migration } from './migration';

export const cartLinesMigration: Migration = {
  id: 18,
  name: 'cart lines',
  up: `
CREATE TABLE cart_line (
  cart_id TEXT NOT NULL REFERENCES cart (cart_id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL CHECK (line_no >= 0),
  state TEXT NOT NULL CHECK (json_valid(state)),
  PRIMARY KEY (cart_id, line_no)
) WITHOUT ROWID;
INSERT INTO cart_line (cart_id, line_no, state)
  SELECT c.cart_id, CAST(j.key AS INTEGER), j.value
  FROM cart c, json_each(c.state, '$.cart.lines') j;
UPDATE cart SET state = json_remove(state, '$.cart.lines');
`,
};
