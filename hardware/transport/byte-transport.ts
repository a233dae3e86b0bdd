// The one seam every driver talks through: bytes in, bytes out, and a signal when the device is gone.

/** Where a device is plugged in, as a device profile names it. */
export type Connection =
  | Readonly<{
      type: 'serial';
      path: string;
      baudRate: number;
      dataBits?: 7 | 8;
      parity?: 'none' | 'even' | 'odd';
      stopBits?: 1 | 2;
      /** Hardware flow control: printers that buffer slowly need it. */
      rtscts?: boolean;
    }>
  | Readonly<{ type: 'hid'; vendorId: number; productId: number; path?: string }>
  | Readonly<{ type: 'memory'; name: string }>;

export type Unsubscribe = () => void;

export interface ByteTransport {
  /** For logs and device reports: a port path, a HID path or a memory name. */
  readonly label: string;
  open(): Promise<void>;
  /** Resolves once the bytes have left our process (drained to the OS or the HID report sent). */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
  /** Each chunk as it arrives: framing is the driver's job, never the transport's. */
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  /** The device vanished (unplugged, pty closed) without us closing it. */
  onLost(listener: (why: string) => void): Unsubscribe;
}

/** A small listener set, so every transport reports to several drivers the same way. */
export function createListeners<T>(): {
  add: (listener: (value: T) => void) => Unsubscribe;
  emit: (value: T) => void;
} {
  const listeners = new Set<(value: T) => void>();
  return {
    add: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (value) => {
      for (const listener of [...listeners]) listener(value);
    },
  };
}
