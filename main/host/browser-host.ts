// The browser-mode host: serves the built UI on 127.0.0.1 and the command map on a WebSocket at
// /socket, so any Chromium can be the register's screen. Only the page opened from the printed URL
// (own origin, launch token) may connect.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { SOCKET_CLOSE } from '../../app/commands/socket-envelope';
import type { Logger } from '../core/ports';
import type { CommandTarget } from './command-relay';
import { MAX_FRAME_BYTES, relayCommands } from './command-relay';
import { newLaunchToken } from './launch-token';
import { checkHandshake } from './socket-guard';
import { contentSecurityPolicy, serveStatic } from './static-files';

export const SOCKET_PATH = '/socket';

export interface BrowserHostOptions {
  readonly core: CommandTarget;
  /** The built UI (vite's out/renderer). */
  readonly staticDir: string;
  /** 0 (the default) takes a free port. */
  readonly port?: number;
  readonly logger: Logger;
  /** A fixed token (tests); a fresh random one per launch otherwise. */
  readonly token?: string;
}

export interface BrowserHost {
  /** The address to open: the token rides in the fragment, which browsers never send to a server. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? newLaunchToken();
  const { logger } = options;
  let port = 0;
  const origins = (): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const hosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const csp = (): string => contentSecurityPolicy(`ws://127.0.0.1:${port} ws://localhost:${port}`);

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    // A page on another name that resolves here (DNS rebinding) is refused before anything else.
    if (!hosts().includes(request.headers.host ?? '')) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Wrong host');
      return;
    }
    serveStatic(request, response, { root: options.staticDir, csp }).catch((error: unknown) => {
      logger.error('host: serving a file failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
  const server = createServer(onRequest);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== SOCKET_PATH || !hosts().includes(request.headers.host ?? '')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const verdict = checkHandshake(request, { token, origins });
      if (!verdict.ok) {
        // Closing with a reason (rather than failing the handshake) lets the page say why.
        logger.warn('host: refused a screen', {
          reason: verdict.reason,
          origin: request.headers.origin ?? null,
        });
        ws.close(verdict.closeCode, verdict.reason);
        return;
      }
      relayCommands(ws, options.core, logger);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const client of sockets.clients)
        client.close(SOCKET_CLOSE.goingAway, 'Register closing');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
