// A server for HTTP tests: a given database, a clock the test moves, an admin, and helpers that
// enrol registers and fetch tokens through the real routes (app.inject, no port).
import type { LightMyRequestResponse } from 'fastify';
import type { ServerConfig } from '../config';
import { createServer } from '../create-server';
import type { CentralServer, ServerDeps } from '../create-server';
import type { Db } from '../db/db';

export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: ':memory:',
    tokenSecret: 'test-secret-test-secret-test-secret-0123456789',
    adminPassword: TEST_ADMIN_PASSWORD,
    logLevel: 'silent',
    bodyLimitBytes: 16 * 1024,
    registerTokenTtlSeconds: 300,
    adminTokenTtlSeconds: 900,
    rateLimit: { perSecond: 1000, burst: 1000 },
    flashSale: { instanceRatePerSecond: 1_000_000, windowLimit: 1_000_000 },
    jobs: false,
    // A test's server stops without waiting long for clients that were cut off mid-call.
    shutdownGraceMs: 250,
    ...overrides,
  };
}

export interface TestServer {
  readonly server: CentralServer;
  readonly clock: { now: number };
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<LightMyRequestResponse>;
  adminToken(): Promise<string>;
  /** Creates the store (if new), enrols a register there and returns a register token. */
  registerToken(storeId: string): Promise<string>;
  close(): Promise<void>;
}

export const T0 = Date.UTC(2025, 5, 1, 2, 0, 0);

export async function startTestServer(
  db: Db,
  overrides: Partial<ServerConfig> = {},
  deps: Omit<ServerDeps, 'db' | 'clock'> = {},
): Promise<TestServer> {
  const clock = { now: T0 };
  const server = await createServer(testConfig(overrides), { ...deps, db, clock: () => clock.now });
  const stores = new Set<string>();
  let admin: string | undefined;
  const call: TestServer['call'] = (method, url, options = {}) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined && options.rawBody === undefined
          ? {}
          : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.rawBody !== undefined
        ? { payload: options.rawBody }
        : options.body === undefined
          ? {}
          : { payload: JSON.stringify(options.body) }),
    });
  const adminToken = async (): Promise<string> => {
    if (admin !== undefined) return admin;
    const login = await call('POST', '/admin/login', {
      body: { staffId: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    admin = login.json<{ access_token: string }>().access_token;
    return admin;
  };
  return {
    server,
    clock,
    call,
    adminToken,
    async registerToken(storeId) {
      const token = await adminToken();
      if (!stores.has(storeId)) {
        stores.add(storeId);
        const created = await call('POST', '/admin/stores', {
          token,
          body: { id: storeId, name: `Store ${storeId}` },
        });
        if (created.statusCode !== 201 && created.statusCode !== 409) {
          throw new Error(`store creation failed: ${created.body}`);
        }
      }
      const issued = await call('POST', `/admin/stores/${storeId}/enrolment-codes`, { token });
      const { code } = issued.json<{ code: string }>();
      const enrolled = await call('POST', '/enrol', { body: { code, name: 'Till 1' } });
      const credentials = enrolled.json<{ clientId: string; clientSecret: string }>();
      const minted = await call('POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        },
      });
      return minted.json<{ access_token: string }>().access_token;
    },
    close: () => server.close(),
  };
}
