// The screen's client on a real WebSocket server: a cart that arrives as a difference it cannot
// apply is not shown; the client drops the connection and comes back, and the screen then asks the
// core for the cart afresh (app.tsx refreshes its queries on every reconnect).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../app/commands';
import type { PageSocketServer } from '../../test-support/page-socket';
import { actLikeAPage, startPageSocketServer } from '../../test-support/page-socket';
import type { RegisterClient } from './register-client';
import { createRegisterClient } from './register-client';

let server: PageSocketServer;
let client: RegisterClient | undefined;

beforeEach(async () => {
  actLikeAPage();
  server = await startPageSocketServer();
});

afterEach(async () => {
  client?.close();
  await server.close();
});

const view = { cart: { cartId: 'c1', lines: [{ lineId: 'l1' }] }, remaining: 100 };

describe('register client', () => {
  it('shows a cart and its differences, and reconnects rather than show one that does not fit', async () => {
    client = createRegisterClient(server.url);
    const events: CoreEvent[] = [];
    client.onEvent((event) => events.push(event));
    await expect.poll(() => server.sockets.length).toBe(1);
    const [first] = server.sockets;
    first?.send(JSON.stringify({ event: { type: 'cart.updated', view } }));
    first?.send(JSON.stringify({ cartPatch: { o: { cart: 0, remaining: { v: 40 } } } }));
    await expect.poll(() => events.length).toBe(2);
    expect(events[1]).toEqual({ type: 'cart.updated', view: { ...view, remaining: 40 } });

    // A difference against a line this screen never had: not shown, and the socket starts over.
    first?.send(JSON.stringify({ cartPatch: { o: { cart: { o: { lines: { a: [0, 0] } } } } } }));
    await expect.poll(() => server.closes).toEqual([4409]);
    await expect.poll(() => server.sockets.length, { timeout: 3000 }).toBe(2);
    await expect.poll(() => client?.state().kind).toBe('open');
    expect(events).toHaveLength(2);

    // The new socket starts from a whole cart again: a difference first is refused the same way.
    server.sockets[1]?.send(JSON.stringify({ cartPatch: 0 }));
    await expect.poll(() => server.closes).toEqual([4409, 4409]);
    expect(events).toHaveLength(2);
  });
});
