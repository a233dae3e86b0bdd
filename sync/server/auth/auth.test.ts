import { describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const [pglite] = useTestDatabases();

describe('enrolment and tokens', () => {
  it('enrols a register once with a one-time code; a replayed code is refused', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const admin = await t.adminToken();
    await t.call('POST', '/admin/stores', { token: admin, body: { id: 's1', name: 'One' } });
    const issued = await t.call('POST', '/admin/stores/s1/enrolment-codes', { token: admin });
    expect(issued.statusCode).toBe(201);
    const { code } = issued.json<{ code: string }>();

    const first = await t.call('POST', '/enrol', { body: { code, name: 'Till 1' } });
    expect(first.statusCode).toBe(201);
    const creds = first.json<{ clientId: string; clientSecret: string; storeId: string }>();
    expect(creds.storeId).toBe('s1');

    const replay = await t.call('POST', '/enrol', { body: { code, name: 'Till 2' } });
    expect(replay.statusCode).toBe(403);
    expect(replay.json()).toMatchObject({ error: { code: 'enrolment.codeRefused' } });

    // The secret is stored hashed, never as given.
    const stored = await t.server.context.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM register WHERE id = $1',
      [creds.clientId],
    );
    expect(stored.rows[0]?.secret_hash).not.toContain(creds.clientSecret);

    const token = await t.call('POST', '/oauth/token', {
      rawBody: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(token.statusCode).toBe(200);
    expect(token.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300, store_id: 's1' });

    const wrong = await t.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: creds.clientId, client_secret: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    await t.close();
  });

  it('refuses an expired enrolment code', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const admin = await t.adminToken();
    await t.call('POST', '/admin/stores', { token: admin, body: { id: 's1', name: 'One' } });
    const { code } = (
      await t.call('POST', '/admin/stores/s1/enrolment-codes', { token: admin })
    ).json<{
      code: string;
    }>();
    t.clock.now += 24 * 60 * 60 * 1000;
    const late = await t.call('POST', '/enrol', { body: { code, name: 'Till' } });
    expect(late.statusCode).toBe(403);
    await t.close();
  });

  it('needs an admin token for admin calls and a right password to get one', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const none = await t.call('POST', '/admin/stores', { body: { id: 's1', name: 'One' } });
    expect(none.statusCode).toBe(401);
    const register = await t.registerToken('s9');
    const asRegister = await t.call('POST', '/admin/stores', {
      token: register,
      body: { id: 's2', name: 'Two' },
    });
    expect(asRegister.statusCode).toBe(403);
    const badLogin = await t.call('POST', '/admin/login', {
      body: { staffId: 'admin', password: `${TEST_ADMIN_PASSWORD}!` },
    });
    expect(badLogin.statusCode).toBe(401);
    await t.close();
  });

  it('answers 401 without a token, with a forged one, and after the token expired', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const admin = await t.adminToken();
    const ok = await t.call('POST', '/admin/stores', {
      token: admin,
      body: { id: 's1', name: 'x' },
    });
    expect(ok.statusCode).toBe(201);
    const forged = await t.call('POST', '/admin/stores', {
      token: `${admin.slice(0, -4)}AAAA`,
      body: { id: 's2', name: 'x' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: { code: 'auth.invalidToken' } });
    t.clock.now += 900 * 1000;
    const expired = await t.call('POST', '/admin/stores', {
      token: admin,
      body: { id: 's3', name: 'x' },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: { code: 'auth.tokenExpired' } });
    await t.close();
  });

  it('rate-limits a client that calls too often', async (context) => {
    const t = await startTestServer(await pglite!.open(context), {
      rateLimit: { perSecond: 1, burst: 3 },
    });
    const admin = await t.adminToken();
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      codes.push((await t.call('GET', '/stores/none/stock', { token: admin })).statusCode);
    }
    expect(codes.filter((c) => c === 429)).toHaveLength(2);
    t.clock.now += 1000;
    expect((await t.call('GET', '/stores/none/stock', { token: admin })).statusCode).not.toBe(429);
    await t.close();
  });
});

describe('service skeleton', () => {
  it('answers health and readiness, and unknown routes as JSON errors', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    expect((await t.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz')).json()).toEqual({
      status: 'ready',
      database: 'pglite',
    });
    const missing = await t.call('GET', '/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'route.notFound' } });
    await t.close();
  });

  it('refuses malformed JSON, wrong types and huge bodies with 400 and writes nothing', async (context) => {
    const t = await startTestServer(await pglite!.open(context));
    const admin = await t.adminToken();
    const malformed = await t.call('POST', '/admin/stores', {
      token: admin,
      rawBody: '{"id": "s1",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'request.malformed' } });
    const wrongType = await t.call('POST', '/admin/stores', {
      token: admin,
      body: { id: 42, name: 'x' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json<{ error: { message: string } }>().error.message).toContain('body.id');
    const huge = await t.call('POST', '/admin/stores', {
      token: admin,
      body: { id: 's1', name: 'x'.repeat(20_000) },
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ error: { code: 'request.tooLarge' } });
    const { rows } = await t.server.context.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM store',
    );
    expect(rows[0]?.n).toBe(0);
    await t.close();
  });
});
