// A serial port (RS-232, USB-serial, or a socat pty) as a byte transport, over serialport 13.
import { SerialPort } from 'serialport';
import { createListeners, type ByteTransport, type Connection } from './byte-transport';

export type SerialConnection = Extract<Connection, { type: 'serial' }>;

export function createSerialTransport(connection: SerialConnection): ByteTransport {
  const data = createListeners<Uint8Array>();
  const lost = createListeners<string>();
  let port: SerialPort | undefined;
  // Set while we close on purpose, so only a close we did not ask for counts as "lost".
  let closing = false;

  function attach(opened: SerialPort): void {
    opened.on('data', (chunk: Buffer) => data.emit(new Uint8Array(chunk)));
    opened.on('close', (error: unknown) => {
      if (port === opened) port = undefined;
      if (!closing) lost.emit(describe(error, 'port closed'));
    });
    // Errors after open surface as a close with `disconnected`; this keeps Node from throwing.
    opened.on('error', () => undefined);
  }

  return {
    label: connection.path,
    open() {
      if (port?.isOpen) return Promise.resolve();
      const candidate = new SerialPort({
        path: connection.path,
        baudRate: connection.baudRate,
        dataBits: connection.dataBits ?? 8,
        parity: connection.parity ?? 'none',
        stopBits: connection.stopBits ?? 1,
        rtscts: connection.rtscts ?? false,
        autoOpen: false,
      });
      return new Promise((resolve, reject) => {
        candidate.open((error) => {
          if (error) {
            reject(error);
            return;
          }
          closing = false;
          port = candidate;
          attach(candidate);
          resolve();
        });
      });
    },
    write(bytes) {
      const current = port;
      if (!current?.isOpen) return Promise.reject(new Error(`${connection.path} is not open`));
      return new Promise((resolve, reject) => {
        current.write(Buffer.from(bytes), (error) => {
          if (error) reject(error);
        });
        // Drain so "written" means the OS has the bytes, not just our stream buffer.
        current.drain((error) => (error ? reject(error) : resolve()));
      });
    },
    close() {
      const current = port;
      if (!current?.isOpen) return Promise.resolve();
      closing = true;
      return new Promise((resolve) => {
        current.close(() => resolve());
      });
    },
    isOpen: () => port?.isOpen ?? false,
    onData: data.add,
    onLost: lost.add,
  };
}

function describe(error: unknown, fallback: string): string {
  return error instanceof Error ? error.message : fallback;
}
