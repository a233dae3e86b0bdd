// The UnifiedPOS lifecycle for one device: open → claim → enable → events → disable → release → close.
import { err, ok, type Result } from '../../app/result';
import type { ByteTransport, Unsubscribe } from '../transport/byte-transport';
import { createListeners } from '../transport/byte-transport';
import type { Clock, Logger } from './clock';
import type { DeviceEvent, InputDecoder } from './device-events';

export type DeviceState = 'closed' | 'opened' | 'claimed' | 'enabled';

export interface PosDevice<T> {
  readonly name: string;
  state(): DeviceState;
  open(): Promise<Result<void>>;
  claim(): Result<void>;
  enable(): Result<void>;
  disable(): void;
  release(): void;
  close(): Promise<void>;
  /** Output devices write here; refused unless enabled, as UnifiedPOS refuses a disabled device. */
  write(bytes: Uint8Array): Promise<Result<void>>;
  on(listener: (event: DeviceEvent<T>) => void): Unsubscribe;
  /** Drivers raise their own events (a printer's job error) through the same channel. */
  emit(event: DeviceEvent<T>): void;
  /** Raw input, for drivers that run a request/response protocol over the device. */
  onBytes(listener: (chunk: Uint8Array) => void): Unsubscribe;
}

export type PosDeviceOptions<T> = Readonly<{
  name: string;
  transport: ByteTransport;
  /** Input devices decode bytes into events; output-only devices pass none. */
  decoder?: InputDecoder<T>;
  clock: Clock;
  logger: Logger;
}>;

/**
 * Claims are exclusive per transport within the register, like UnifiedPOS claims per device.
 * Across processes the OS lock on the port (serialport locks by default) does the same job.
 */
const claimed = new WeakSet<ByteTransport>();

export function createPosDevice<T>(options: PosDeviceOptions<T>): PosDevice<T> {
  const { name, transport, decoder, clock, logger } = options;
  const events = createListeners<DeviceEvent<T>>();
  const bytes = createListeners<Uint8Array>();
  let state: DeviceState = 'closed';
  let detach: Unsubscribe[] = [];

  function onChunk(chunk: Uint8Array): void {
    bytes.emit(chunk);
    // Input while disabled is dropped: a scan must not land after the cashier left the screen.
    if (state !== 'enabled' || !decoder) return;
    for (const decoded of decoder.push(chunk)) {
      const at = clock.now();
      switch (decoded.type) {
        case 'data':
          events.emit({ type: 'data', data: decoded.data, at });
          break;
        case 'error':
          logger.warn('device input error', { device: name, code: decoded.error.code });
          events.emit({ type: 'error', error: decoded.error, at, respond: undefined });
          break;
        case 'status':
          events.emit({ type: 'status', status: decoded.status, at });
          break;
        default:
          decoded satisfies never;
      }
    }
  }

  function onLost(why: string): void {
    logger.warn('device lost', { device: name, why });
    claimed.delete(transport);
    for (const off of detach) off();
    detach = [];
    state = 'closed';
    decoder?.reset();
    events.emit({ type: 'status', status: 'offline', at: clock.now() });
  }

  const device: PosDevice<T> = {
    name,
    state: () => state,
    async open() {
      if (state !== 'closed') return ok(undefined);
      try {
        detach = [transport.onData(onChunk), transport.onLost(onLost)];
        await transport.open();
      } catch (error) {
        for (const off of detach) off();
        detach = [];
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('device open failed', { device: name, why: message });
        return err('device.openFailed', `${name} could not be opened: ${message}`);
      }
      state = 'opened';
      decoder?.reset();
      return ok(undefined);
    },
    claim() {
      if (state === 'claimed' || state === 'enabled') return ok(undefined);
      if (state !== 'opened') return err('device.notOpen', `${name} must be opened first.`);
      if (claimed.has(transport)) {
        return err('device.claimedElsewhere', `${name} is in use by another part of the register.`);
      }
      claimed.add(transport);
      state = 'claimed';
      return ok(undefined);
    },
    enable() {
      if (state === 'enabled') return ok(undefined);
      if (state !== 'claimed') return err('device.notClaimed', `${name} must be claimed first.`);
      state = 'enabled';
      // Online once usable: drivers resume their queued work on this event.
      events.emit({ type: 'status', status: 'online', at: clock.now() });
      return ok(undefined);
    },
    disable() {
      if (state === 'enabled') state = 'claimed';
    },
    release() {
      device.disable();
      if (state === 'claimed') {
        claimed.delete(transport);
        state = 'opened';
      }
    },
    async close() {
      device.release();
      for (const off of detach) off();
      detach = [];
      state = 'closed';
      await transport.close();
    },
    async write(data) {
      if (state !== 'enabled') return err('device.notEnabled', `${name} is not enabled.`);
      try {
        await transport.write(data);
        return ok(undefined);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return err('device.writeFailed', `${name} did not take the data: ${message}`);
      }
    },
    on: events.add,
    emit: events.emit,
    onBytes: bytes.add,
  };
  return device;
}
