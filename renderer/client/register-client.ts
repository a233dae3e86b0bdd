// The screen's side of the command map: typed `send(name, args)` over the host's WebSocket, the
// core's events, and the connection's state. Every answer is an Answer value, never a throw.
import type {
  Answer,
  ArgsOf,
  RegisterCommandName,
  RegisterCommands,
  ValueOf,
} from '../../app/commands';
import type { CoreEvent, RegisterBridge } from '../../app/commands/socket-envelope';
import { cartWireReceiver } from '../../app/commands/cart-wire';
import { SOCKET_CLOSE, parseHostMessage } from '../../app/commands/socket-envelope';

export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** The host said no (wrong token or origin): retrying would not help. */
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string }
  /** The host went away; the client retries. */
  | { readonly kind: 'lost' };

export type SendCommand = <K extends RegisterCommandName>(
  name: K,
  args: ArgsOf<RegisterCommands, K>,
) => Promise<Answer<ValueOf<RegisterCommands, K>>>;

export interface RegisterClient {
  readonly send: SendCommand;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  state(): ConnectionState;
  close(): void;
}

const DISCONNECTED = {
  ok: false,
  error: { code: 'host.disconnected', message: 'The register is not answering; try again' },
} as const;

/** Close code (application range) for a socket the screen drops to resynchronise its cart. */
const CART_OUT_OF_STEP = 4409;

const RETRY_MS = [250, 500, 1000, 2000, 5000] as const;

export function createRegisterClient(socketUrl: string): RegisterClient {
  let socket: WebSocket | undefined;
  let state: ConnectionState = { kind: 'connecting' };
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  const pending = new Map<number, (answer: Answer<unknown>) => void>();
  const eventListeners = new Set<(event: CoreEvent) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const failPending = (): void => {
    for (const resolve of pending.values()) resolve(DISCONNECTED);
    pending.clear();
  };

  const connect = (): void => {
    const ws = new WebSocket(socketUrl);
    socket = ws;
    // Per socket: the host's sender starts afresh on each connection too.
    const fromWire = cartWireReceiver();
    setState({ kind: 'connecting' });
    ws.addEventListener('open', () => {
      attempt = 0;
      setState({ kind: 'open' });
    });
    ws.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      const wire = parseHostMessage(message.data);
      if (wire === undefined) return;
      let parsed;
      try {
        parsed = fromWire(wire);
      } catch (error) {
        // The host's cart and this screen's lost step (cart-wire.ts): a new connection starts
        // both ends over, and the screen asks for the cart again once it is open.
        console.warn('register: cart out of step with the host, reconnecting', error);
        ws.close(CART_OUT_OF_STEP);
        return;
      }
      if ('event' in parsed) {
        for (const listener of eventListeners) listener(parsed.event);
        return;
      }
      const resolve = pending.get(parsed.id);
      pending.delete(parsed.id);
      resolve?.(parsed.answer);
    });
    ws.addEventListener('close', (event) => {
      failPending();
      if (closed) return;
      if (event.code === SOCKET_CLOSE.badToken || event.code === SOCKET_CLOSE.badOrigin) {
        setState({ kind: 'refused', code: event.code, reason: event.reason });
        return;
      }
      setState({ kind: 'lost' });
      const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 5000;
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  };
  connect();

  const send = ((name: string, args: unknown): Promise<Answer<unknown>> => {
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      return Promise.resolve(DISCONNECTED);
    }
    const id = nextId++;
    const ws = socket;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, name, args }));
    });
  }) as SendCommand;

  return {
    send,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    state: () => state,
    close() {
      closed = true;
      socket?.close();
      failPending();
    },
  };
}

/**
 * The launch token: from the URL's fragment on first load (then kept for this tab, so a reload
 * still connects) and removed from the address bar so it is not shown or shared by accident.
 */
export function takeLaunchToken(): string | undefined {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash !== null && fromHash !== '') {
    window.sessionStorage.setItem('register.token', fromHash);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return window.sessionStorage.getItem('register.token') ?? undefined;
}

export function socketUrlFor(token: string | undefined): string {
  const url = new URL('/socket', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

/** In Electron the preload's bridge carries the command map; the connection is always there. */
export function createBridgeClient(bridge: RegisterBridge): RegisterClient {
  const open: ConnectionState = { kind: 'open' };
  return {
    send: (name, args) => bridge.send(name, args),
    onEvent: (listener) => bridge.onEvent(listener),
    onState: () => () => undefined,
    state: () => open,
    close: () => undefined,
  };
}
