// Migration 19: the register's stock-move log loses its two indexes (by product and time, by
// order). Nothing on the register reads the log by either: it is written by every scan and every
// sale and read whole, if at all, by people looking into the books. Each index cost a page of the
// log per scan and up to four per paid sale, synced by the sale's commit while the customer waits.
// Products are never deleted on the register, so no foreign-key check looks moves up by product.
import type { Migration } from './migration';

export const stockMovesUnindexedMigration: Migration = {
  id: 19,
  name: 'stock moves unindexed',
  up: `
DROP INDEX stock_move_product;
DROP INDEX stock_move_order;
`,
};
