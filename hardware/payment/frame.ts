// Terminal link framing: STX body ETX LRC, with ACK / NAK answers, decoded from any chunking.

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;
/** Field separator inside a body. */
export const FS = '\x1c';
/** Longer bodies are line noise: the receiver NAKs and resynchronises on the next STX. */
export const MAX_BODY = 1024;

export function isBodyByte(byte: number): boolean {
  return byte === 0x1c || (byte >= 0x20 && byte <= 0x7e);
}

/** XOR of every byte after STX up to and including ETX. */
export function lrc(body: Uint8Array): number {
  let sum = ETX;
  for (const byte of body) sum ^= byte;
  return sum;
}

/** Bodies are printable ASCII plus FS: card data and amounts never need more. */
export function encodeFrame(body: string): Uint8Array {
  const bytes = new TextEncoder().encode(body);
  if (!bytes.every(isBodyByte)) throw new Error('A frame body must be printable ASCII');
  if (bytes.length > MAX_BODY) throw new Error(`A frame body may not exceed ${MAX_BODY} bytes`);
  const frame = new Uint8Array(bytes.length + 3);
  frame[0] = STX;
  frame.set(bytes, 1);
  frame[bytes.length + 1] = ETX;
  frame[bytes.length + 2] = lrc(bytes);
  return frame;
}

export type LinkUnit =
  | Readonly<{ type: 'ack' }>
  | Readonly<{ type: 'nak' }>
  | Readonly<{ type: 'frame'; body: string }>
  /** A frame we must NAK: wrong LRC, too long, or bytes that are not text. */
  | Readonly<{ type: 'badFrame'; reason: string }>;

export interface FrameDecoder {
  push(chunk: Uint8Array): LinkUnit[];
}

export function createFrameDecoder(): FrameDecoder {
  let body: number[] | undefined;
  let awaitingLrc = false;

  return {
    push(chunk) {
      const out: LinkUnit[] = [];
      for (const byte of chunk) {
        if (awaitingLrc && body) {
          const bytes = Uint8Array.from(body);
          body = undefined;
          awaitingLrc = false;
          if (lrc(bytes) !== byte) out.push({ type: 'badFrame', reason: 'LRC mismatch' });
          else if (!bytes.every(isBodyByte)) {
            out.push({ type: 'badFrame', reason: 'non-text byte in body' });
          } else out.push({ type: 'frame', body: new TextDecoder().decode(bytes) });
          continue;
        }
        if (byte === STX) {
          // A new STX inside a frame means the old one was cut off: start over.
          if (body) out.push({ type: 'badFrame', reason: 'frame cut off' });
          body = [];
          continue;
        }
        if (!body) {
          if (byte === ACK) out.push({ type: 'ack' });
          else if (byte === NAK) out.push({ type: 'nak' });
          // Anything else between frames is line noise.
          continue;
        }
        if (byte === ETX) {
          awaitingLrc = true;
          continue;
        }
        body.push(byte);
        if (body.length > MAX_BODY) {
          body = undefined;
          out.push({ type: 'badFrame', reason: 'frame too long' });
        }
      }
      return out;
    },
  };
}
