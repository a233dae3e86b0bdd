// Where a register finds its central server: the URL and the client credentials it was given at
// enrolment, kept in its data folder (readable by the register's user only). No file, no sync:
// the register sells on its own and keeps everything in its outbox.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RegisterCredentials } from '../../sync/client';

export const SERVER_LINK_FILE = 'server-link.json';

const serverLinkSchema = z.object({
  serverUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

export interface ServerLink {
  readonly serverUrl: string;
  readonly credentials: RegisterCredentials;
}

/** The register's link, or undefined when it has none or the file is unreadable. */
export function readServerLink(dataDir: string): ServerLink | undefined {
  const file = path.join(dataDir, SERVER_LINK_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const link = serverLinkSchema.safeParse(parsed);
  if (!link.success) return undefined;
  return {
    serverUrl: link.data.serverUrl,
    credentials: { clientId: link.data.clientId, clientSecret: link.data.clientSecret },
  };
}

export function writeServerLink(dataDir: string, link: ServerLink): void {
  const body = { serverUrl: link.serverUrl, ...link.credentials };
  writeFileSync(path.join(dataDir, SERVER_LINK_FILE), `${JSON.stringify(body)}\n`, {
    mode: 0o600,
  });
}
