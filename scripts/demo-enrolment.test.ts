// The demo register's enrolment against a real central server (embedded PGlite): enrols once,
// reuses its link on the next start, and enrols again when the server no longer knows it.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_LINK_FILE, readServerLink } from '../main/sync/server-link';
import { TEST_ADMIN_PASSWORD } from '../sync/server/testing/test-server';
import type { CentralServerFixture } from '../test-support/central-server-fixture';
import { startCentralServer } from '../test-support/central-server-fixture';
import { demoRegisterCredentials } from './demo-enrolment';

let server: CentralServerFixture | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function registerDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-enrol-'));
  dirs.push(dir);
  return dir;
}

describe('demoRegisterCredentials', () => {
  it('enrols once, keeps the link private, and reuses it on the next start', async () => {
    server = await startCentralServer();
    const dir = registerDir();
    const options = {
      serverUrl: server.url,
      adminPassword: TEST_ADMIN_PASSWORD,
      storeId: 'store-1',
      storeName: 'Demo',
      registerDir: dir,
    };
    const first = await demoRegisterCredentials(options);
    expect(readServerLink(dir)).toEqual({ serverUrl: server.url, credentials: first });
    expect(statSync(path.join(dir, SERVER_LINK_FILE)).mode & 0o777).toBe(0o600);
    const second = await demoRegisterCredentials(options);
    expect(second).toEqual(first);
  }, 60_000);

  it('enrols again when the server has forgotten the register, and ignores a garbled link', async () => {
    server = await startCentralServer();
    const dir = registerDir();
    const options = {
      serverUrl: server.url,
      adminPassword: TEST_ADMIN_PASSWORD,
      storeId: 'store-1',
      storeName: 'Demo',
      registerDir: dir,
    };
    const first = await demoRegisterCredentials(options);
    await server.dispose();
    server = await startCentralServer();
    const again = await demoRegisterCredentials({ ...options, serverUrl: server.url });
    expect(again.clientId).not.toBe(first.clientId);

    writeFileSync(path.join(dir, SERVER_LINK_FILE), '{ not json');
    expect(readServerLink(dir)).toBeUndefined();
    const afterGarble = await demoRegisterCredentials({ ...options, serverUrl: server.url });
    expect(readServerLink(dir)?.credentials).toEqual(afterGarble);
  }, 60_000);
});
