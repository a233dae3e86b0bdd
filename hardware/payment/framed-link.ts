// The link layer both ends of a terminal cable run: send with ACK/NAK retries, ACK what arrives.
import type { Clock, Logger } from '../device/clock';
import { ACK, createFrameDecoder, encodeFrame, NAK } from './frame';

export type FramedLinkOptions = Readonly<{
  write: (bytes: Uint8Array) => Promise<unknown>;
  /** 'ignore' leaves the frame unacknowledged, as if it never arrived (simulators). */
  onFrame: (body: string) => void | 'ignore';
  clock: Clock;
  logger: Logger;
  /** A frame not ACKed within this is sent again. */
  ackTimeoutMs?: number;
  /** Tries per frame, the first included. */
  attempts?: number;
}>;

export interface FramedLink {
  /** Feed bytes from the wire. */
  receive(chunk: Uint8Array): void;
  /** Resolves true once the far end ACKed, false when every try went unanswered or NAKed. */
  send(body: string): Promise<boolean>;
}

export function createFramedLink(options: FramedLinkOptions): FramedLink {
  const { clock, logger } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 1000;
  const attempts = options.attempts ?? 3;
  const decoder = createFrameDecoder();
  let answer: ((acked: boolean) => void) | undefined;
  // One frame in flight at a time: an ACK carries no number to match it by.
  let queue: Promise<unknown> = Promise.resolve();

  function write(bytes: Uint8Array): void {
    void options.write(bytes).catch((error: unknown) => {
      logger.warn('terminal link write failed', { why: String(error) });
    });
  }

  async function sendOnce(frame: Uint8Array): Promise<boolean> {
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const acked = await new Promise<boolean>((resolve) => {
        const timer = clock.setTimeout(() => {
          answer = undefined;
          resolve(false);
        }, ackTimeoutMs);
        answer = (ok) => {
          clock.clearTimeout(timer);
          answer = undefined;
          resolve(ok);
        };
        write(frame);
      });
      if (acked) return true;
      logger.warn('terminal frame not acknowledged', { attempt });
    }
    return false;
  }

  return {
    receive(chunk) {
      for (const unit of decoder.push(chunk)) {
        switch (unit.type) {
          case 'ack':
            answer?.(true);
            break;
          case 'nak':
            answer?.(false);
            break;
          case 'frame':
            if (options.onFrame(unit.body) !== 'ignore') write(Uint8Array.of(ACK));
            break;
          case 'badFrame':
            logger.warn('terminal frame refused', { reason: unit.reason });
            write(Uint8Array.of(NAK));
            break;
          default:
            unit satisfies never;
        }
      }
    },
    send(body) {
      const frame = encodeFrame(body);
      const result = queue.then(() => sendOnce(frame));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
