// Every server migration, in order. Append only: a released migration is never edited,
// reordered or removed, because databases in the field have recorded its id and name.
import { storesAndAuthMigration } from './0001_stores_and_auth';
import { inventoryMigration } from './0002_inventory';
import { membersMigration } from './0003_members';
import { ordersAndOutboxMigration } from './0004_orders_and_outbox';
import { flashSalesMigration } from './0005_flash_sales';
import { syncPushMigration } from './0006_sync_push';
import { catalogMigration } from './0007_catalog';
import { walletPaymentsMigration } from './0008_wallet_payments';
import { outboxDeliveryMigration } from './0009_outbox_delivery';
import { leasesMigration } from './0010_leases';
import { recsMigration } from './0011_recs';
import { walletQrMigration } from './0012_wallet_qr';
import { pullChangesMigration } from './0013_pull_changes';
import { environmentMigration } from './0014_environment';
import { clockCursorsMigration } from './0015_clock_cursors';
import { pullChangesPerCommitMigration } from './0016_pull_changes_per_commit';
import { environmentLatestMigration } from './0017_environment_latest';
import type { Migration } from './migration';

export type { Migration } from './migration';

export const SERVER_MIGRATIONS: readonly Migration[] = [
  storesAndAuthMigration,
  inventoryMigration,
  membersMigration,
  ordersAndOutboxMigration,
  flashSalesMigration,
  syncPushMigration,
  catalogMigration,
  walletPaymentsMigration,
  outboxDeliveryMigration,
  leasesMigration,
  recsMigration,
  walletQrMigration,
  pullChangesMigration,
  environmentMigration,
  clockCursorsMigration,
  pullChangesPerCommitMigration,
  environmentLatestMigration,
];
