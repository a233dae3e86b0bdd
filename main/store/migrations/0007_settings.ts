// Migration 7: the store settings the register runs by (receipt header and footer, money, scan
// layouts, the scale PLU table, points rate, language) as one checked JSON document, so a change
// is written whole or not at all, with a version that counts the changes.
import type { Migration } from './migration';

export const settingsMigration: Migration = {
  id: 7,
  name: 'settings',
  up: `
CREATE TABLE store_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- app/commands/settings-commands.ts registerSettingsSchema: checked by the core before writing.
  settings TEXT NOT NULL CHECK (json_valid(settings) AND json_type(settings) = 'object'),
  version INTEGER NOT NULL CHECK (version >= 0),
  updated_at INTEGER NOT NULL,
  -- The manager who made the last change; NULL for the settings the register first started with.
  updated_by TEXT
);
`,
};
