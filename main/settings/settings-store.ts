// The store settings row: read at start (a register new to settings writes its first-start
// values), written whole with a version that counts the changes.
import type { RegisterSettings } from '../../app/commands/settings-commands';
import { registerSettingsSchema } from '../../app/commands/settings-commands';
import type { Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export interface SettingsRecord {
  readonly settings: RegisterSettings;
  readonly version: number;
  readonly updatedAt: number;
  readonly updatedBy: string | null;
}

interface SettingsRow {
  readonly settings: string;
  readonly version: number;
  readonly updated_at: number;
  readonly updated_by: string | null;
}

/**
 * The settings in the store. Fields the stored document lacks (a register set up by an older
 * version) take `firstStart`'s values. A document that no longer passes the checks is logged and
 * left as it is, and the register runs on `firstStart` until a manager saves settings again:
 * a till that will not start over a setting helps nobody.
 */
export function loadSettings(
  db: RegisterDb,
  firstStart: RegisterSettings,
  at: number,
  logger: Logger,
): SettingsRecord {
  const row = statement<[], SettingsRow>(
    db,
    'SELECT settings, version, updated_at, updated_by FROM store_settings WHERE id = 1',
  ).get();
  if (row === undefined) {
    statement(
      db,
      `INSERT INTO store_settings (id, settings, version, updated_at, updated_by)
       VALUES (1, ?, 0, ?, NULL) ON CONFLICT (id) DO NOTHING`,
    ).run(JSON.stringify(firstStart), at);
    return { settings: firstStart, version: 0, updatedAt: at, updatedBy: null };
  }
  const record = { version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by };
  const stored = JSON.parse(row.settings) as Record<string, unknown>;
  const checked = registerSettingsSchema.safeParse({ ...firstStart, ...stored });
  if (checked.success) return { settings: checked.data, ...record };
  logger.error('store settings in the store fail their checks: running on first-start values', {
    issues: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
  });
  return { settings: firstStart, ...record };
}

/** Writes the whole document and bumps the version; call inside the change's transaction. */
export function saveSettings(
  db: RegisterDb,
  settings: RegisterSettings,
  at: number,
  staffId: string,
): SettingsRecord {
  const version = statement<[string, number, string], number>(
    db,
    `UPDATE store_settings SET settings = ?, version = version + 1, updated_at = ?, updated_by = ?
     WHERE id = 1 RETURNING version`,
  )
    .pluck()
    .get(JSON.stringify(settings), at, staffId);
  if (version === undefined) throw new Error('store_settings has no row: loadSettings runs first');
  return { settings, version, updatedAt: at, updatedBy: staffId };
}
