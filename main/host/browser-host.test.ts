// The browser-mode host on a real register core: the UI is served with its security headers, and
// only a client with the launch token and the host's own origin may send commands.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WireHostMessage } from '../../app/commands/socket-envelope';
import { SOCKET_CLOSE, parseHostMessage } from '../../app/commands/socket-envelope';
import type { RegisterFixture } from '../../test-support/register-fixture';
import { startRegisterFixture } from '../../test-support/register-fixture';
import type { BrowserHost } from './browser-host';
import { SOCKET_PATH, startBrowserHost } from './browser-host';

let fixture: RegisterFixture;
let host: BrowserHost;
let staticDir: string;
const TOKEN = 'test-token-0123456789';

beforeAll(async () => {
  fixture = await startRegisterFixture();
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'host-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startBrowserHost({
    core: fixture.core,
    staticDir,
    token: TOKEN,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
});

afterAll(async () => {
  await host.close();
  await fixture.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

function socketUrl(token?: string): string {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  return `ws://127.0.0.1:${host.port}${SOCKET_PATH}${query}`;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

function nextMessage(ws: WebSocket): Promise<WireHostMessage | undefined> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(parseHostMessage(data.toString()))),
  );
}

describe('browser-mode host', () => {
  it('puts the token in the fragment of the URL it prints', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the UI with a strict content security policy', async () => {
    const response = await fetch(`${host.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>t</title>');
    expect((await fetch(`${host.origin}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(200);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve) => {
      request({ port: host.port, host: '127.0.0.1', headers: { host: 'evil.example' } }, (res) =>
        resolve(res.statusCode),
      ).end();
    });
    expect(status).toBe(421);
  });

  it('closes a socket without the token, with the reason', async () => {
    const ws = new WebSocket(socketUrl(), { origin: host.origin });
    const closed = await closeOf(ws);
    expect(closed.code).toBe(SOCKET_CLOSE.badToken);
    expect(closed.reason).toContain('launch token');
  });

  it('closes a socket with a wrong token', async () => {
    const ws = new WebSocket(socketUrl('test-token-0123456780'), { origin: host.origin });
    expect((await closeOf(ws)).code).toBe(SOCKET_CLOSE.badToken);
  });

  it('closes a socket from another origin even with the token', async () => {
    const ws = new WebSocket(socketUrl(TOKEN), { origin: 'http://127.0.0.1:1' });
    const closed = await closeOf(ws);
    expect(closed.code).toBe(SOCKET_CLOSE.badOrigin);
    expect(closed.reason).toContain('only the register screen');
  });

  it('relays commands and answers refusals as values', async () => {
    const ws = new WebSocket(socketUrl(TOKEN), { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ id: 7, name: 'auth.login', args: { staffId: 'c1', pin: '0000' } }));
    expect(await nextMessage(ws)).toEqual({
      id: 7,
      answer: { ok: false, error: expect.objectContaining({ code: 'auth.wrongPin' }) as unknown },
    });
    ws.send(JSON.stringify({ id: 8, name: 'auth.login', args: { staffId: 'c1', pin: '1111' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, answer: { ok: true } });
    ws.send(JSON.stringify({ id: 9, name: 'no.such', args: {} }));
    expect(await nextMessage(ws)).toMatchObject({
      id: 9,
      answer: { ok: false, error: { code: 'command.unknown' } },
    });
    ws.close();
  });

  it('pushes core events to the screen', async () => {
    const ws = new WebSocket(socketUrl(TOKEN), { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const messages: WireHostMessage[] = [];
    ws.on('message', (data: Buffer) => {
      const m = parseHostMessage(data.toString());
      if (m) messages.push(m);
    });
    await fixture.core.send('auth.login', { staffId: 'c1', pin: '1111' });
    await fixture.core.send('shift.open', { openingFloat: 0 });
    await fixture.core.send('checkout.scan', { code: '6901234567892' });
    await expect.poll(() => messages.some((m) => 'event' in m)).toBe(true);
    ws.close();
  });

  it('answers a scan with a reference to the cart its announcement just carried', async () => {
    const ws = new WebSocket(socketUrl(TOKEN), { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: string[] = [];
    ws.on('message', (data: Buffer) => frames.push(data.toString()));
    await fixture.core.send('auth.login', { staffId: 'c1', pin: '1111' });
    await fixture.core.send('shift.open', { openingFloat: 0 });
    ws.send(JSON.stringify({ id: 41, name: 'checkout.scan', args: { code: '4006381333931' } }));
    await expect.poll(() => frames.some((f) => f.includes('"id":41'))).toBe(true);
    const answer = frames.findIndex((f) => f.includes('"id":41'));
    // The cart went once, in the event; the answer after it names it and carries nothing else.
    expect(JSON.parse(frames[answer] ?? '')).toEqual({ id: 41, answerIsLastCart: true });
    const announced = frames
      .slice(0, answer)
      .map((f) => parseHostMessage(f))
      .filter((m) => m !== undefined && 'event' in m && m.event.type === 'cart.updated');
    expect(announced.length).toBeGreaterThan(0);
    // A refusal is never folded: it is not the cart.
    ws.send(JSON.stringify({ id: 42, name: 'checkout.scan', args: { code: '12345' } }));
    await expect.poll(() => frames.some((f) => f.includes('"id":42'))).toBe(true);
    expect(parseHostMessage(frames.find((f) => f.includes('"id":42')) ?? '')).toMatchObject({
      id: 42,
      answer: { ok: false },
    });
    ws.close();
  });

  it('closes a socket that breaks the envelope', async () => {
    const ws = new WebSocket(socketUrl(TOKEN), { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('{"id": "x"}');
    expect((await closeOf(ws)).code).toBe(1008);
  });
});
