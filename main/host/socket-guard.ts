// Decides whether a WebSocket handshake may drive the register: the page must come from the host's
// own origin (no other local site) and carry the launch token (no page opened without the URL).
import type { IncomingMessage } from 'node:http';
import { SOCKET_CLOSE } from '../../app/commands/socket-envelope';
import { sameToken } from './launch-token';

export type HandshakeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly closeCode: number; readonly reason: string };

export interface SocketGuardOptions {
  readonly token: string;
  /** Origins the UI is served from, e.g. http://127.0.0.1:5173. */
  readonly origins: () => readonly string[];
}

export function checkHandshake(
  request: Pick<IncomingMessage, 'headers' | 'url'>,
  options: SocketGuardOptions,
): HandshakeVerdict {
  const origin = request.headers.origin;
  // A browser always sends Origin on a WebSocket handshake; its absence means a non-browser
  // client, which must still hold the token (the tests and tools do).
  if (origin !== undefined && !options.origins().includes(origin)) {
    return {
      ok: false,
      closeCode: SOCKET_CLOSE.badOrigin,
      reason: 'This page is not the register: only the register screen may connect',
    };
  }
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (!sameToken(options.token, token)) {
    return {
      ok: false,
      closeCode: SOCKET_CLOSE.badToken,
      reason: 'Missing or wrong launch token: open the register from the URL printed at start',
    };
  }
  return { ok: true };
}
