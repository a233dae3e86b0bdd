// A WebSocket server on loopback and the WebSocket class a page has, for tests of the screens'
// client under Node (Node 20 has no global WebSocket, and the renderer may not import `ws`).
import { WebSocket, WebSocketServer } from 'ws';

export interface PageSocketServer {
  readonly url: string;
  /** Every connection the server took, oldest first. */
  readonly sockets: WebSocket[];
  /** The close code of every connection that closed, in order. */
  readonly closes: number[];
  close(): Promise<void>;
}

/** Gives this process the globals a page's socket code uses: WebSocket and window. */
export function actLikeAPage(): void {
  Object.assign(globalThis, { WebSocket, window: globalThis });
}

export async function startPageSocketServer(): Promise<PageSocketServer> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const sockets: WebSocket[] = [];
  const closes: number[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('close', (code) => closes.push(code));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null)
    throw new Error('the test socket server has no port');
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    sockets,
    closes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
