// The shape of one numbered schema migration: ids start at 1 and count up by one, and a migration
// is never edited once released — a change is a new migration.

export interface Migration {
  /** 1, 2, 3 … in order; the file is named with the same number (0001_catalog.ts). */
  readonly id: number;
  /** Short snake_case name; stored with the id so a renamed or swapped migration is noticed. */
  readonly name: string;
  /** SQL run inside the migration transaction. */
  readonly up: string;
}
