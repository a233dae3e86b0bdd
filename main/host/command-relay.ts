// Relays one screen's WebSocket to the register core: each request envelope is checked and passed
// to the core's dispatcher (which validates the arguments); its answer and the core's events go back.
import type { WebSocket } from 'ws';
import type { Answer } from '../../app/commands';
import type { CoreEvent, HostMessage } from '../../app/commands/socket-envelope';
import { cartWireSender } from '../../app/commands/cart-wire';
import { parseCommandRequest } from '../../app/commands/socket-envelope';
import type { Logger } from '../core/ports';

/** What the host needs of a register core: the untyped door and its event stream. */
export interface CommandTarget {
  sendUntyped(name: string, args: unknown): Promise<Answer<unknown>>;
  subscribe(listener: (event: CoreEvent) => void): () => void;
}

/** Frames above this are refused: no command's arguments come near it. */
export const MAX_FRAME_BYTES = 64 * 1024;

export function relayCommands(socket: WebSocket, target: CommandTarget, logger: Logger): void {
  const onWire = cartWireSender();
  const push = (message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(onWire(message)));
  };
  const unsubscribe = target.subscribe((event) => push({ event }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    const request = isBinary ? undefined : parseCommandRequest(rawText(data));
    if (request === undefined) {
      // A peer that breaks the envelope is not our screen: stop talking to it.
      logger.warn('host: malformed message, closing the socket');
      socket.close(1008, 'Malformed message');
      return;
    }
    target.sendUntyped(request.name, request.args).then(
      (answer) => push({ id: request.id, answer }),
      (error: unknown) => {
        logger.error('host: command failed outside the dispatcher', { error: String(error) });
        push({
          id: request.id,
          answer: {
            ok: false,
            error: {
              code: 'internal',
              message: 'Something went wrong; the action was not completed',
            },
          },
        });
      },
    );
  });
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
