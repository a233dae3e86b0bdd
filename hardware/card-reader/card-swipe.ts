// Magnetic-stripe swipes (ISO 7813 tracks 1 and 2): member cards read, bank cards refused unread.
import type { Decoded, InputDecoder } from '../device/device-events';
import { passesLuhn } from '../payment/masked-pan';

/** No variant can carry a bank card number: a refused swipe says only that it was refused. */
export type CardSwipe =
  | Readonly<{ kind: 'member'; memberNumber: string; holderName?: string }>
  | Readonly<{ kind: 'bankCardRefused' }>;

export type CardSwipeOptions = Readonly<{
  /**
   * Account-number prefixes of the store's own member cards (set when the cards are ordered), or
   * a function answering them at each swipe (they live in the store settings a manager edits).
   */
  memberPrefixes: readonly string[] | (() => readonly string[]);
  /** What ends a swipe on the wire: "\r" on most serial and keyboard readers. */
  suffix?: string;
}>;

/** Reads one swipe's text; `text` is wiped by the caller's decoder, never kept. */
export function readSwipe(text: string, options: CardSwipeOptions): CardSwipe | undefined {
  const track1 = /%([^?]{2,79})\?/.exec(text)?.[1];
  const track2 = /;([^?]{2,39})\?/.exec(text)?.[1];
  const account1 = track1 ? /^([A-Z])(\d{1,19})\^([^^]*)\^/.exec(track1) : null;
  const account2 = track2 ? /^(\d{1,19})=/.exec(track2) : null;
  const number = account2?.[1] ?? account1?.[2];
  if (number === undefined) return undefined;
  const prefixes =
    typeof options.memberPrefixes === 'function'
      ? options.memberPrefixes()
      : options.memberPrefixes;
  if (prefixes.some((prefix) => number.startsWith(prefix))) {
    const name = account1?.[3]?.trim();
    return name
      ? { kind: 'member', memberNumber: number, holderName: name }
      : { kind: 'member', memberNumber: number };
  }
  // Format code B is a bank card by definition; a Luhn-valid 13–19 digit number is one in practice.
  const bank = account1?.[1] === 'B' || (number.length >= 13 && passesLuhn(number));
  return bank ? { kind: 'bankCardRefused' } : undefined;
}

export function createCardSwipeDecoder(options: CardSwipeOptions): InputDecoder<CardSwipe> {
  const suffix = (options.suffix ?? '\r').charCodeAt(0);
  let buffer: number[] = [];
  const wipe = () => {
    // Overwrite before letting go: the bytes may be a bank card's track.
    buffer.fill(0);
    buffer = [];
  };
  return {
    push(chunk) {
      const out: Decoded<CardSwipe>[] = [];
      for (const byte of chunk) {
        if (byte !== suffix) {
          buffer.push(byte);
          if (buffer.length > 256) {
            wipe();
            out.push(unreadable());
          }
          continue;
        }
        const text = String.fromCharCode(...buffer);
        wipe();
        const swipe = readSwipe(text, options);
        out.push(swipe ? { type: 'data', data: swipe } : unreadable());
      }
      return out;
    },
    reset: wipe,
  };
}

function unreadable(): Decoded<CardSwipe> {
  return {
    type: 'error',
    error: {
      code: 'cardReader.unreadable',
      message: 'The card could not be read. Swipe it again.',
    },
  };
}
