// Migration 17: the port each of the counter's devices is on, as a manager chose it on the devices
// screen. It belongs to this register (the machine's cables), never to the store's settings that
// head office sends, and it overrides the port the host starts with. A row whose port is NULL
// says "no device here", which overrides a host default too.
import type { Migration } from './migration';

export const devicePortsMigration: Migration = {
  id: 17,
  name: 'device ports',
  up: `
CREATE TABLE device_port (
  device TEXT PRIMARY KEY
    CHECK (device IN ('printer', 'terminal', 'scanner', 'cardReader', 'display', 'scale', 'sensor')),
  -- The port as JSON ({"type":"serial","path":…,"baudRate":…} or HID or memory), or NULL.
  port TEXT CHECK (port IS NULL OR json_valid(port)),
  chosen_at INTEGER NOT NULL,
  chosen_by TEXT NOT NULL
) WITHOUT ROWID;
`,
};
