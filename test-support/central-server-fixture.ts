// A central server (sync/server on embedded PGlite) listening on a loopback port, for tests that
// connect real registers to it: it can be stopped and started again on the same database and
// port, as a server going down and coming back.
import type { CentralServer } from '../sync/server/create-server';
import { createServer } from '../sync/server/create-server';
import type { Db } from '../sync/server/db/db';
import { openPgliteDb } from '../sync/server/db/pglite-db';
import { freePort } from '../sync/server/testing/free-port';
import { TEST_ADMIN_PASSWORD, testConfig } from '../sync/server/testing/test-server';

export interface EnrolledRegister {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly storeId: string;
}

export interface CentralServerFixture {
  readonly url: string;
  readonly db: Db;
  /** Listening now? */
  readonly up: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Creates the store if new and enrols a register there (the server must be up). */
  enrol(storeId: string): Promise<EnrolledRegister>;
  /** Stock the server holds for a product (0 when it has no record). */
  setStock(storeId: string, productId: string, available: number, safety?: number): Promise<void>;
  dispose(): Promise<void>;
}

export type { Db as ServerDb } from '../sync/server/db/db';
export { TEST_ADMIN_PASSWORD } from '../sync/server/testing/test-server';

/** An embedded database to share between the servers of one test file. */
export function openServerDatabase(): Promise<Db> {
  return openPgliteDb(undefined);
}

/** `db` lets several tests share one PGlite (its start costs a second or two): emptied first. */
export async function startCentralServer(
  options: { db?: Db; clock?: () => number } = {},
): Promise<CentralServerFixture> {
  const db = options.db ?? (await openPgliteDb(undefined));
  if (options.db !== undefined) await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  const port = await freePort();
  const config = testConfig({ port });
  let server: CentralServer | undefined;
  const stores = new Set<string>();
  const url = `http://127.0.0.1:${port}`;

  async function call<T>(path: string, body: unknown, token?: string): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok && response.status !== 409) {
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  const fixture: CentralServerFixture = {
    url,
    db,
    get up() {
      return server !== undefined;
    },
    async start() {
      if (server !== undefined) return;
      server = await createServer(config, {
        db,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
      });
      await server.listen();
    },
    async stop() {
      const running = server;
      server = undefined;
      await running?.close();
    },
    async enrol(storeId) {
      const admin = await call<{ access_token: string }>('/admin/login', {
        staffId: 'admin',
        password: TEST_ADMIN_PASSWORD,
      });
      if (!stores.has(storeId)) {
        stores.add(storeId);
        await call('/admin/stores', { id: storeId, name: `Store ${storeId}` }, admin.access_token);
      }
      const { code } = await call<{ code: string }>(
        `/admin/stores/${storeId}/enrolment-codes`,
        {},
        admin.access_token,
      );
      return call<EnrolledRegister>('/enrol', { code, name: 'Till' });
    },
    async setStock(storeId, productId, available, safety = 0) {
      await db.query(
        `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
         VALUES ($1, $2, $3, $3, 0, $4, 1)
         ON CONFLICT (store_id, product_id) DO UPDATE SET total = $3, available = $3, safety = $4,
           version = stock_level.version + 1`,
        [storeId, productId, available, safety],
      );
    },
    async dispose() {
      await fixture.stop();
      if (options.db === undefined) await db.close();
    },
  };
  await fixture.start();
  return fixture;
}
