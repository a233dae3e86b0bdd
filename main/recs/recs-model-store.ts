// The register's copy of its store's recommendation model: replaced whole by a pulled entry inside
// the pull page's transaction (so the previous model answers until the new one is wholly in), and
// read back by version, so the suggestions service reloads only when a new one has landed.
import type { RecsModel } from '../../app/recommendations';
import { parseRecsModel, serialiseRecsModel } from '../../app/recommendations';
import type { RecsModelEntry } from '../../sync/protocol';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/**
 * Stores a pulled model in place of the current one; call inside the page's transaction. The
 * server wins: it sends a store's newest model only, so whatever arrives replaces what is here.
 */
export function applyRecsModelEntry(
  db: RegisterDb,
  entry: RecsModelEntry,
  appliedAt: number,
): void {
  const { model } = entry;
  statement(
    db,
    `INSERT INTO recs_model (slot, store_id, version, built_at, applied_at, body)
     VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (slot) DO UPDATE SET store_id = excluded.store_id, version = excluded.version,
       built_at = excluded.built_at, applied_at = excluded.applied_at, body = excluded.body`,
  ).run(model.storeId, model.version, model.builtAt, appliedAt, serialiseRecsModel(model));
}

/** A cheap question asked before every answer: which model is here (undefined: none). */
export function recsModelStamp(db: RegisterDb): string | undefined {
  const row = statement<[], { version: number; applied_at: number }>(
    db,
    'SELECT version, applied_at FROM recs_model WHERE slot = 1',
  ).get();
  // applied_at too: a server restored from a backup may send a lower version again.
  return row === undefined ? undefined : `${row.version}@${row.applied_at}`;
}

export type LoadedRecsModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'model'; readonly model: RecsModel }
  | { readonly kind: 'unreadable'; readonly code: string };

/** The stored model, read and checked again (it was checked on arrival; a damaged file is not). */
export function loadRecsModel(db: RegisterDb): LoadedRecsModel {
  const body = statement<[], string>(db, 'SELECT body FROM recs_model WHERE slot = 1')
    .pluck()
    .get();
  if (body === undefined) return { kind: 'none' };
  const parsed = parseRecsModel(body);
  return parsed.ok
    ? { kind: 'model', model: parsed.value }
    : { kind: 'unreadable', code: parsed.error.code };
}
