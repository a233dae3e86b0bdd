// Every migration the app knows, in order. Append only: a released migration is never edited,
// reordered or removed, because registers in the field have recorded its id and name.
import { catalogMigration } from './0001_catalog';
import { counterMigration } from './0002_counter';
import { returnsMigration } from './0003_returns';
import { membersMigration } from './0004_members';
import { printJobsMigration } from './0006_print_jobs';
import { shiftStocktakeMigration } from './0005_shift_stocktake';
import { settingsMigration } from './0007_settings';
import { cardAttemptsMigration } from './0008_card_attempts';
import { syncPullMigration } from './0009_sync_pull';
import { walletAttemptsMigration } from './0010_wallet_attempts';
import { leasesMigration } from './0011_leases';
import { recsMigration } from './0012_recs';
import { cardRefundsMigration } from './0013_card_refunds';
import { outboxFiguresMigration } from './0014_outbox_figures';
import { walletQrMigration } from './0015_wallet_qr';
import { environmentMigration } from './0016_environment';
import { devicePortsMigration } from './0017_device_ports';
import { cartLinesMigration } from './0018_cart_lines';
import { stockMovesUnindexedMigration } from './0019_stock_moves_unindexed';
import { outboxPendingCountersMigration } from './0020_outbox_pending_counters';
import type { Migration } from './migration';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [
  catalogMigration,
  counterMigration,
  returnsMigration,
  membersMigration,
  shiftStocktakeMigration,
  printJobsMigration,
  settingsMigration,
  cardAttemptsMigration,
  syncPullMigration,
  walletAttemptsMigration,
  leasesMigration,
  recsMigration,
  cardRefundsMigration,
  outboxFiguresMigration,
  walletQrMigration,
  environmentMigration,
  devicePortsMigration,
  cartLinesMigration,
  stockMovesUnindexedMigration,
  outboxPendingCountersMigration,
];
