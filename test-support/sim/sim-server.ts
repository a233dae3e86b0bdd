// The simulation's central server: the real server (sync/server) on one embedded PGlite shared by
// every seed of a process, reached in process through Fastify's inject (no sockets, so delivery
// order is the simulation's alone). Between seeds its data is emptied, not re-migrated; mid-run
// it can be backed up and later restored from that older copy, as a store's IT would after a
// disk loss, and restarted (a restart re-reads every in-memory figure, as a real one does).
import type { FetchLike } from '../../sync/client';
import type { MutationReading } from '../../sync/protocol';
import { CURRENT_READING } from '../../sync/protocol';
import type { CentralServer } from '../../sync/server/create-server';
import { createServer } from '../../sync/server/create-server';
import type { Db } from '../../sync/server/db/db';
import { openPgliteDb } from '../../sync/server/db/pglite-db';
import type { LeasePolicy } from '../../sync/server/leases/lease-desk';
import { TEST_ADMIN_PASSWORD, testConfig } from '../../sync/server/testing/test-server';

/** Where the backup lives: a schema beside `public` in the same database, copied table by table. */
const BACKUP_SCHEMA = 'sim_backup';
/** Kept between seeds: the migrations, and the admin (hashing its password costs a tenth of a second). */
const KEPT_TABLES = new Set(['schema_migration', 'staff']);

export interface EnrolledTill {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly storeId: string;
}

export interface SimServer {
  readonly db: Db;
  /** The running server; throws while it is down. */
  readonly running: CentralServer;
  readonly up: boolean;
  /** In-process HTTP to the server as it is now; a down server is a refused connection. */
  readonly fetch: FetchLike;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Empties every table (schema kept) for the next seed; the server must be down. */
  reset(): Promise<void>;
  /** A consistent copy of every table, taken between two requests. */
  backup(): Promise<void>;
  /** The payload version the server reads; `upgrade` restarts it on a newer one. */
  readonly reading: MutationReading;
  upgrade(reading: MutationReading): Promise<void>;
  /** Stops the server, puts the backup's rows back in place of today's, starts it again. */
  restoreBackup(): Promise<void>;
  /** Admin calls through the real routes (the server must be up). */
  admin<T>(path: string, body: unknown): Promise<T>;
  enrol(storeId: string): Promise<EnrolledTill>;
  close(): Promise<void>;
}

export async function openSimServer(
  options: Readonly<{ clock: () => number; leasePolicy?: LeasePolicy }>,
): Promise<SimServer> {
  const db = await openPgliteDb(undefined);
  const config = testConfig({ rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } });
  let server: CentralServer | undefined;
  let reading: MutationReading = CURRENT_READING;
  let tables: readonly string[] = [];
  let adminToken: string | undefined;
  const stores = new Set<string>();

  async function listTables(): Promise<readonly string[]> {
    const { rows } = await db.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((r) => r.name).filter((name) => !KEPT_TABLES.has(name));
  }

  const inject: FetchLike = async (url, init) => {
    if (server === undefined) throw new TypeError('fetch failed: connection refused');
    const target = new URL(url);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const answer = await server.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: `${target.pathname}${target.search}`,
      headers,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(answer.statusCode === 204 ? null : answer.body, {
      status: answer.statusCode,
      headers: Object.entries(answer.headers).flatMap(([key, value]) =>
        value === undefined ? [] : [[key, String(value)] as [string, string]],
      ),
    });
  };

  async function call<T>(path: string, body: unknown, token?: string): Promise<T> {
    const response = await inject(`http://sim${path}`, {
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

  const sim: SimServer = {
    db,
    get running() {
      if (server === undefined) throw new Error('the simulated server is down');
      return server;
    },
    get up() {
      return server !== undefined;
    },
    fetch: inject,
    get reading() {
      return reading;
    },
    async upgrade(next) {
      await sim.stop();
      reading = next;
      await sim.start();
    },
    async start() {
      if (server !== undefined) return;
      server = await createServer(config, {
        db,
        clock: options.clock,
        mutationReading: reading,
        ...(options.leasePolicy === undefined ? {} : { leasePolicy: options.leasePolicy }),
      });
      // The signing key is the configuration's, so tokens survive a restart as in production.
      await server.app.ready();
    },
    async stop() {
      const running = server;
      server = undefined;
      // close() leaves a database it was given open.
      await running?.close();
    },
    async reset() {
      if (server !== undefined) throw new Error('reset needs the server down');
      if (tables.length === 0) {
        // The first start migrates; later seeds only empty the tables (much cheaper).
        await sim.start();
        await sim.stop();
        tables = await listTables();
      }
      reading = CURRENT_READING;
      await db.exec(
        `TRUNCATE ${tables.map((t) => `public."${t}"`).join(', ')} RESTART IDENTITY CASCADE;
         DROP SCHEMA IF EXISTS ${BACKUP_SCHEMA} CASCADE;`,
      );
      stores.clear();
    },
    async backup() {
      const sequences = await db.query<{ name: string; value: number | null }>(
        "SELECT sequencename AS name, last_value AS value FROM pg_sequences WHERE schemaname = 'public'",
      );
      await db.transaction(async (tx) => {
        await tx.exec(
          `DROP SCHEMA IF EXISTS ${BACKUP_SCHEMA} CASCADE; CREATE SCHEMA ${BACKUP_SCHEMA};`,
        );
        for (const table of tables) {
          await tx.exec(`CREATE TABLE ${BACKUP_SCHEMA}."${table}" AS TABLE public."${table}"`);
        }
        await tx.exec(`CREATE TABLE ${BACKUP_SCHEMA}.sim_sequences (name TEXT, value BIGINT)`);
        for (const s of sequences.rows) {
          await tx.query(`INSERT INTO ${BACKUP_SCHEMA}.sim_sequences VALUES ($1, $2)`, [
            s.name,
            s.value,
          ]);
        }
      });
    },
    async restoreBackup() {
      await sim.stop();
      await db.transaction(async (tx) => {
        // Foreign keys are off while the rows go back in table order; the copy was consistent.
        await tx.exec('SET LOCAL session_replication_role = replica');
        await tx.exec(
          `TRUNCATE ${tables.map((t) => `public."${t}"`).join(', ')} RESTART IDENTITY CASCADE`,
        );
        for (const table of tables) {
          await tx.exec(`INSERT INTO public."${table}" SELECT * FROM ${BACKUP_SCHEMA}."${table}"`);
        }
        const { rows } = await tx.query<{ name: string; value: number | null }>(
          `SELECT name, value FROM ${BACKUP_SCHEMA}.sim_sequences`,
        );
        for (const s of rows) {
          await tx.query(
            s.value === null
              ? `SELECT setval('public."${s.name}"', 1, false)`
              : `SELECT setval('public."${s.name}"', ${Number(s.value)}, true)`,
          );
        }
      });
      await sim.start();
    },
    async admin(path, body) {
      // The admin's token outlives a seed (same key, same staff row); a refused one is renewed.
      for (let attempt = 0; ; attempt += 1) {
        adminToken ??= (
          await call<{ access_token: string }>('/admin/login', {
            staffId: 'admin',
            password: TEST_ADMIN_PASSWORD,
          })
        ).access_token;
        try {
          return await call(path, body, adminToken);
        } catch (error) {
          if (attempt > 0 || !String(error).includes(': 401 ')) throw error;
          adminToken = undefined;
        }
      }
    },
    async enrol(storeId) {
      if (!stores.has(storeId)) {
        stores.add(storeId);
        await sim.admin('/admin/stores', { id: storeId, name: `Store ${storeId}` });
      }
      const { code } = await sim.admin<{ code: string }>(
        `/admin/stores/${storeId}/enrolment-codes`,
        {},
      );
      const till = await call<{ clientId: string; clientSecret: string }>('/enrol', {
        code,
        name: 'Till',
      });
      return { ...till, storeId };
    },
    async close() {
      await sim.stop();
      await db.close();
    },
  };
  return sim;
}
