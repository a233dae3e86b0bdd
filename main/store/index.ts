// The register's local store: one SQLite connection, its pragmas, migrations, durable commits,
// and a background writer (a second connection on a worker thread) for bulk work.
export { BackgroundWriteError, openBackgroundWriter } from './background-writer';
export type {
  BackgroundWriter,
  BackgroundWriterOptions,
  SqlStep,
  SqlTransactionResult,
  SqlValue,
} from './background-writer';
export { durableTransaction } from './durable-transaction';
export { migrate } from './migrate';
export type { MigrateOptions, MigrationOutcome } from './migrate';
export { MIGRATIONS } from './migrations/index';
export type { Migration } from './migrations/migration';
export { openRegisterDb, openRegisterStore, REGISTER_DB_FILE } from './open-register-store';
export type {
  OpenRegisterDbOptions,
  OpenRegisterStoreOptions,
  RegisterStore,
} from './open-register-store';
export type { RegisterDb } from './register-db';
export { StoreError } from './store-error';
export { readSnapshot, writeTransaction } from './write-transaction';
export type { StoreErrorCode } from './store-error';
