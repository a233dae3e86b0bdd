// A USB HID device as a byte transport, over node-hid's async API (the sync one blocks the loop).
import HID from 'node-hid';
import { createListeners, type ByteTransport, type Connection } from './byte-transport';

export type HidConnection = Extract<Connection, { type: 'hid' }>;

/** Each data chunk is one whole input report (report id first where the device numbers them). */
export function createHidTransport(connection: HidConnection): ByteTransport {
  const data = createListeners<Uint8Array>();
  const lost = createListeners<string>();
  let device: HID.HIDAsync | undefined;
  let closing = false;
  const label = connection.path ?? `hid:${hex(connection.vendorId)}:${hex(connection.productId)}`;

  return {
    label,
    async open() {
      if (device) return;
      const opened =
        connection.path !== undefined
          ? await HID.HIDAsync.open(connection.path)
          : await HID.HIDAsync.open(connection.vendorId, connection.productId);
      closing = false;
      device = opened;
      opened.on('data', (report: Buffer) => data.emit(new Uint8Array(report)));
      opened.on('error', (error: unknown) => {
        // node-hid reports an unplug as a read error; the handle is dead after it.
        if (device === opened) device = undefined;
        if (!closing) lost.emit(error instanceof Error ? error.message : 'HID read failed');
      });
    },
    async write(bytes) {
      if (!device) throw new Error(`${label} is not open`);
      await device.write(Array.from(bytes));
    },
    async close() {
      const current = device;
      if (!current) return;
      closing = true;
      device = undefined;
      await current.close();
    },
    isOpen: () => device !== undefined,
    onData: data.add,
    onLost: lost.add,
  };
}

function hex(id: number): string {
  return id.toString(16).padStart(4, '0');
}
