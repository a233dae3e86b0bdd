// Ids minted on the register: UUIDv7, so they sort by creation time and never collide with another
// register's, which lets the server take a repeat of the same sale as the same sale.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
