// Ids minted on the register: UUIDv7, so they sort by creation time and never collide with another
// register's, which lets the server take a repeat of the same sale as the same sale.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// uuid draws its 16 random bytes per id with crypto.getRandomValues, a system call each: ~7 µs
// an id here, and a paid sale mints some twenty-five (a line id per scan, the sale, its outbox
// row). The same generator's bytes are drawn 4 KiB at a time instead (~0.4 µs an id).
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let taken = POOL_BYTES;

function randomBytes16(): Uint8Array {
  if (taken + 16 > POOL_BYTES) {
    randomFillSync(pool);
    taken = 0;
  }
  const bytes = pool.slice(taken, taken + 16);
  taken += 16;
  return bytes;
}

// Given its own random bytes, uuid leaves the millisecond and counter to the caller, so they are
// kept here as uuid keeps them: ids minted in the same millisecond still rise one by one.
const clock = { msecs: -Infinity, seq: 0 };

export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > clock.msecs) {
    clock.msecs = now;
    // A random start in the millisecond (31 bits), as uuid's own: leaves room to count up.
    clock.seq =
      (((random[6] ?? 0) & 0x7f) << 24) |
      ((random[7] ?? 0) << 16) |
      ((random[8] ?? 0) << 8) |
      (random[9] ?? 0);
  } else {
    clock.seq = (clock.seq + 1) | 0;
    // The counter ran over within one millisecond: borrow the next one.
    if (clock.seq === 0) clock.msecs += 1;
  }
  return v7({ random, msecs: clock.msecs, seq: clock.seq });
}
