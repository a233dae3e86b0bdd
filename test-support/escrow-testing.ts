// Shared steps of the escrow tests that link real register cores to a real central server: a
// JSON POST, the admin's token, pushing a register's outbox until the server holds it all, and
// the server's own figures for a flash sale's leases.
import type { EnrolledRegister, ServerDb } from './central-server-fixture';
import { TEST_ADMIN_PASSWORD } from './central-server-fixture';
import type { RegisterDb } from '../main/store/register-db';
import { createRegisterPushClient } from '../main/sync/start-register-sync';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function postJson<T>(
  serverUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function adminToken(serverUrl: string): Promise<string> {
  const admin = await postJson<{ access_token: string }>(serverUrl, '/admin/login', {
    staffId: 'admin',
    password: TEST_ADMIN_PASSWORD,
  });
  return admin.access_token;
}

/**
 * Pushes with the register's own push client until nothing is pending. A keep-alive socket from
 * before a server restart may fail one round: the loop retries, as the real one does.
 */
export async function pushUntilDrained(
  db: RegisterDb,
  serverUrl: string,
  enrolled: EnrolledRegister,
): Promise<void> {
  const client = createRegisterPushClient({
    db,
    serverUrl,
    credentials: enrolled,
    logger: quiet,
    random: () => 0.5,
  });
  for (let i = 0; i < 10; i += 1) {
    await client.pushOnce();
    if (client.status().pending === 0) return;
  }
  throw new Error(`outbox not drained: ${JSON.stringify(client.status().lastError)}`);
}

/** The server's lease books for a flash sale, and lease sales it flagged. */
export async function serverLeaseFigures(db: ServerDb, saleId: string) {
  const { rows } = await db.query<{ sold: number; granted: number; returned: number }>(
    `SELECT coalesce(sum(sold), 0)::int4 AS sold, coalesce(sum(granted), 0)::int4 AS granted,
       coalesce(sum(returned), 0)::int4 AS returned FROM flash_lease WHERE sale_id = $1`,
    [saleId],
  );
  const flagged = await db.query(
    "SELECT 1 FROM sync_mutation WHERE type = 'flashSale.leaseSale' AND status <> 'applied'",
  );
  return { ...rows[0]!, flagged: flagged.rows.length };
}
