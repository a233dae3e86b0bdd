// The demo's register enrols with the demo's central server as a store's IT would: the admin signs
// in, creates the store, issues a one-time code, and the register trades it for credentials. The
// credentials are kept in the register's data folder (main/sync/server-link), so later starts
// reuse them and an Electron register finds them too.
import type { RegisterCredentials } from '../sync/client';
import { readServerLink, writeServerLink } from '../main/sync/server-link';

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  // 409: the store exists already (a second register, or credentials lost with the server kept).
  if (!response.ok && response.status !== 409) {
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/**
 * Credentials for the register in `registerDir`, enrolling it first when it has none for this
 * server. A server whose data was wiped no longer knows the old credentials: the demo enrols again.
 */
export async function demoRegisterCredentials(
  options: Readonly<{
    serverUrl: string;
    adminPassword: string;
    storeId: string;
    storeName: string;
    registerDir: string;
  }>,
): Promise<RegisterCredentials> {
  const saved = readServerLink(options.registerDir);
  if (saved !== undefined) {
    const check = await fetch(`${options.serverUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: saved.credentials.clientId,
        client_secret: saved.credentials.clientSecret,
      }),
    });
    if (check.ok) {
      // The server may have moved to another port: the link follows it.
      writeServerLink(options.registerDir, { ...saved, serverUrl: options.serverUrl });
      return saved.credentials;
    }
  }
  const base = options.serverUrl;
  const admin = await post<{ access_token: string }>(`${base}/admin/login`, {
    staffId: 'admin',
    password: options.adminPassword,
  });
  await post(
    `${base}/admin/stores`,
    { id: options.storeId, name: options.storeName },
    admin.access_token,
  );
  const { code } = await post<{ code: string }>(
    `${base}/admin/stores/${options.storeId}/enrolment-codes`,
    {},
    admin.access_token,
  );
  const enrolled = await post<RegisterCredentials>(`${base}/enrol`, { code, name: 'Till 1' });
  const credentials = { clientId: enrolled.clientId, clientSecret: enrolled.clientSecret };
  writeServerLink(options.registerDir, { serverUrl: base, credentials });
  return credentials;
}
