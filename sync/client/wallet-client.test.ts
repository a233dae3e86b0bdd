import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFetchFailure, createWalletClient } from './wallet-client';

const request = {
  saleId: 'sale-1',
  attempt: 1,
  amount: 100,
  currency: 'CNY',
  paymentCode: '134567890123456789',
};

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A server that hands out tokens and then treats the payment request as `onPay` says. */
async function serve(onPay: (response: http.ServerResponse) => void): Promise<string> {
  server = http.createServer((req, res) => {
    if (req.url === '/oauth/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 't', expires_in: 300 }));
      return;
    }
    req.resume();
    req.on('end', () => onPay(res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('offline or uncertain', () => {
  it('a refused connection is offline: nothing can have been sent', async () => {
    const url = await serve(() => undefined);
    server?.close();
    const client = createWalletClient({
      baseUrl: url,
      credentials: { clientId: 'a', clientSecret: 'b' },
      now: () => 0,
    });
    expect(await client.pay(request)).toMatchObject({ kind: 'offline' });
  });

  it('a request sent and then cut off, or never answered, is uncertain', async () => {
    const cut = await serve((res) => res.socket?.destroy());
    const client = createWalletClient({
      baseUrl: cut,
      credentials: { clientId: 'a', clientSecret: 'b' },
      now: () => 0,
    });
    expect(await client.pay(request)).toMatchObject({ kind: 'uncertain' });
    server?.closeAllConnections();
    server?.close();
    const silent = await serve(() => undefined);
    const slow = createWalletClient({
      baseUrl: silent,
      credentials: { clientId: 'a', clientSecret: 'b' },
      now: () => 0,
      timeoutMs: 200,
    });
    expect(await slow.pay(request)).toMatchObject({ kind: 'uncertain' });
  });

  it('a server refusal keeps its code; an unreadable answer is a server error', async () => {
    const refusing = await serve((res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'wallet.attemptMismatch', message: 'no' } }));
    });
    const client = createWalletClient({
      baseUrl: refusing,
      credentials: { clientId: 'a', clientSecret: 'b' },
      now: () => 0,
    });
    expect(await client.pay(request)).toMatchObject({
      kind: 'refused',
      status: 409,
      code: 'wallet.attemptMismatch',
    });
    server?.closeAllConnections();
    server?.close();
    const garbled = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ state: 'paid' }));
    });
    const other = createWalletClient({
      baseUrl: garbled,
      credentials: { clientId: 'a', clientSecret: 'b' },
      now: () => 0,
    });
    expect(await other.pay(request)).toMatchObject({ kind: 'serverError' });
  });

  it('classifies by every nested socket error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyFetchFailure(new TypeError('fetch failed', { cause: refused }))).toBe('offline');
    const both = new AggregateError([
      refused,
      Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }),
    ]);
    expect(classifyFetchFailure(new TypeError('fetch failed', { cause: both }))).toBe('offline');
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(classifyFetchFailure(new TypeError('fetch failed', { cause: reset }))).toBe('uncertain');
    expect(classifyFetchFailure(new DOMException('timed out', 'TimeoutError'))).toBe('uncertain');
  });
});
