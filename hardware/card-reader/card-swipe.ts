// Magnetic-stripe swipes (ISO 7813 tracks 1 and 2): member cards read, bank cards refused unread.
import type { CardSwipe, SwipeOptions } from '../../app/tenders';
import { readSwipe, SWIPE_REFUSED } from '../../app/tenders';
import type { Decoded, InputDecoder } from '../device/device-events';

export type { CardSwipe };

export type CardSwipeOptions = SwipeOptions &
  Readonly<{
    /** What ends a swipe on the wire: "\r" on most serial and keyboard readers. */
    suffix?: string;
  }>;

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
  return { type: 'error', error: SWIPE_REFUSED.unreadable };
}
