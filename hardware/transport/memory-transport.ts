// Two in-memory ends wired to each other: drivers and simulators meet here in unit tests.
import { createListeners, type ByteTransport } from './byte-transport';

export interface MemoryEnd extends ByteTransport {
  /** Tests: this end loses its device as if the cable were pulled. */
  unplug(): void;
}

export type MemoryPair = Readonly<{ register: MemoryEnd; device: MemoryEnd }>;

/** Bytes written on one end arrive on the other on a later microtask, as real I/O would. */
export function createMemoryPair(name = 'memory'): MemoryPair {
  const register = createEnd(`${name}:register`);
  const device = createEnd(`${name}:device`);
  register.peer = device;
  device.peer = register;
  return { register, device };
}

type WiredEnd = MemoryEnd & { peer: WiredEnd | undefined; deliver(bytes: Uint8Array): void };

function createEnd(label: string): WiredEnd {
  const data = createListeners<Uint8Array>();
  const lost = createListeners<string>();
  let open = false;
  const end: WiredEnd = {
    label,
    peer: undefined,
    open() {
      open = true;
      return Promise.resolve();
    },
    write(bytes) {
      if (!open) return Promise.reject(new Error(`${label} is not open`));
      const copy = Uint8Array.from(bytes);
      queueMicrotask(() => end.peer?.deliver(copy));
      return Promise.resolve();
    },
    close() {
      // Like a pty pair: when one side goes away the other sees the device vanish.
      if (open) end.peer?.unplug();
      open = false;
      return Promise.resolve();
    },
    isOpen: () => open,
    onData: data.add,
    onLost: lost.add,
    deliver(bytes) {
      // A closed end drops bytes like an unopened port does.
      if (open) data.emit(bytes);
    },
    unplug() {
      if (!open) return;
      open = false;
      lost.emit('unplugged');
    },
  };
  return end;
}
