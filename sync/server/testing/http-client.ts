// The server's own routes over real HTTP, for tests and benchmarks that talk to server processes:
// a JSON call, the admin token, and enrolling a register (code → credentials → token), the way
// test-server.ts does through app.inject for in-process servers.
import { TEST_ADMIN_PASSWORD } from './test-server';

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export async function callJson(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: Readonly<{ token?: string; body?: unknown }> = {},
): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function field(answer: HttpAnswer, name: string): string {
  const value = (answer.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') {
    throw new Error(
      `expected ${name} in the answer (${answer.status}): ${JSON.stringify(answer.body)}`,
    );
  }
  return value;
}

/** Signs in as the admin the server created from ADMIN_PASSWORD (TEST_ADMIN_PASSWORD). */
export async function adminTokenOver(baseUrl: string): Promise<string> {
  const login = await callJson(baseUrl, 'POST', '/admin/login', {
    body: { staffId: 'admin', password: TEST_ADMIN_PASSWORD },
  });
  return field(login, 'access_token');
}

export interface EnrolledRegister {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly token: string;
  /** The register id the token names (its `sub`), which pushes must carry. */
  readonly registerId: string;
}

/** Creates the store if new, enrols one register there and fetches its token. */
export async function enrolRegisterOver(
  baseUrl: string,
  admin: string,
  storeId: string,
): Promise<EnrolledRegister> {
  const store = await callJson(baseUrl, 'POST', '/admin/stores', {
    token: admin,
    body: { id: storeId, name: `Store ${storeId}` },
  });
  if (store.status !== 201 && store.status !== 409) {
    throw new Error(`store ${storeId} not created: ${JSON.stringify(store.body)}`);
  }
  const code = field(
    await callJson(baseUrl, 'POST', `/admin/stores/${storeId}/enrolment-codes`, { token: admin }),
    'code',
  );
  const enrolled = await callJson(baseUrl, 'POST', '/enrol', { body: { code, name: 'Till' } });
  const clientId = field(enrolled, 'clientId');
  const clientSecret = field(enrolled, 'clientSecret');
  const token = field(
    await callJson(baseUrl, 'POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    }),
    'access_token',
  );
  const claims = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as {
    sub: string;
  };
  return { clientId, clientSecret, token, registerId: claims.sub };
}
