// Every server migration, in order. Append only: a released migration is never edited,
// reordered or removed, because databases in the field have recorded its id and name.
import { storesAndAuthMigration } from './0001_stores_and_auth';
import { inventoryMigration } from './0002_inventory';
import { membersMigration } from './0003_members';
import { ordersAndOutboxMigration } from './0004_orders_and_outbox';
import { flashSalesMigration } from './0005_flash_sales';
import { syncPushMigration } from './0006_sync_push';
import type { Migration } from './migration';

export type { Migration } from './migration';

export const SERVER_MIGRATIONS: readonly Migration[] = [
  storesAndAuthMigration,
  inventoryMigration,
  membersMigration,
  ordersAndOutboxMigration,
  flashSalesMigration,
  syncPushMigration,
];
