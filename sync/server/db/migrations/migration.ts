// The shape of one numbered server migration: ids count up from 1, and a released migration is
// never edited — a change is a new migration.

export interface Migration {
  readonly id: number;
  /** snake_case; stored with the id so a renamed or swapped migration is noticed at start. */
  readonly name: string;
  /** PostgreSQL run inside the migration transaction (on PGlite and on a real server alike). */
  readonly up: string;
}
