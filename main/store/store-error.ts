// Errors the local store raises when it cannot open or upgrade the register's database: each has a
// stable code the core maps to `{ code, message }` and a message the store's staff can act on.

export type StoreErrorCode =
  | 'STORE_SCHEMA_NEWER'
  | 'STORE_MIGRATIONS_DIVERGED'
  | 'STORE_MIGRATION_FAILED'
  | 'STORE_NESTED_DURABLE_TRANSACTION';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
