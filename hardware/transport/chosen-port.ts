// A device's transport whose port is chosen on the devices screen and may be chosen again while
// the register runs. The drivers keep their device object: to them a new port looks like the
// cable pulled from the old port and pushed into the new one, which the device manager already
// handles (offline, then reconnect).
import type { ByteTransport, Connection } from './byte-transport';
import { createListeners } from './byte-transport';

export interface ChosenPort extends ByteTransport {
  /** The port in use, or undefined when none is chosen (the device is not set up). */
  connection(): Connection | undefined;
  /**
   * Uses `next` from the next open. An open port is closed first and the device told it was
   * lost, so the device manager reconnects it on the new port.
   */
  choose(next: Connection | undefined): Promise<void>;
}

export type ChosenPortOptions = Readonly<{
  /** For logs and reports. */
  name: string;
  /** The transport for a connection (`openTransport`, with the host's memory ends). */
  transportFor: (connection: Connection) => ByteTransport;
  initial?: Connection;
}>;

export class NoPortChosenError extends Error {
  constructor(name: string) {
    super(`no port is chosen for ${name}`);
    this.name = 'NoPortChosenError';
  }
}

/** Same port: compared field by field, so a saved choice equal to the current one changes nothing. */
export function samePort(a: Connection | undefined, b: Connection | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const left = a as Readonly<Record<string, unknown>>;
  const right = b as Readonly<Record<string, unknown>>;
  return [...keys].every((key) => left[key] === right[key]);
}

export function createChosenPort(options: ChosenPortOptions): ChosenPort {
  const data = createListeners<Uint8Array>();
  const lost = createListeners<string>();
  let chosen = options.initial;
  let inner: ByteTransport | undefined;
  let detach: (() => void)[] = [];

  function unhook(): void {
    for (const off of detach) off();
    detach = [];
  }

  function current(): ByteTransport {
    if (chosen === undefined) throw new NoPortChosenError(options.name);
    if (inner === undefined) {
      const made = options.transportFor(chosen);
      detach = [made.onData(data.emit), made.onLost(lost.emit)];
      inner = made;
    }
    return inner;
  }

  return {
    get label() {
      return inner?.label ?? (chosen === undefined ? `${options.name} (no port)` : options.name);
    },
    async open() {
      await current().open();
    },
    write: (bytes) =>
      inner?.isOpen() === true
        ? inner.write(bytes)
        : Promise.reject(new Error(`${options.name} is not open`)),
    async close() {
      await inner?.close();
    },
    isOpen: () => inner?.isOpen() === true,
    onData: data.add,
    onLost: lost.add,
    connection: () => chosen,
    async choose(next) {
      if (samePort(chosen, next)) return;
      const old = inner;
      const wasOpen = old?.isOpen() === true;
      unhook();
      inner = undefined;
      chosen = next;
      if (old !== undefined && wasOpen) {
        await old.close().catch(() => undefined);
        lost.emit(next === undefined ? 'port removed' : 'port changed');
      }
    },
  };
}
