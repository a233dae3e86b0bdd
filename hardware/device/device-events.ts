// The UnifiedPOS event kinds every device emits: data, errors the register answers, status changes.
import type { DomainError } from '../../app/result';

/** Changes the register shows to the cashier or acts on (UnifiedPOS StatusUpdateEvent). */
export type DeviceStatus =
  | 'online'
  | 'offline'
  | 'paperOk'
  | 'paperLow'
  | 'paperOut'
  | 'coverOpen'
  | 'coverClosed'
  | 'drawerOpen'
  | 'drawerClosed'
  | 'scaleStable'
  | 'scaleUnstable';

/** How the register answers an error (UnifiedPOS ErrorResponse): try again, or give up on it. */
export type ErrorResponse = 'retry' | 'clear';

export type DataEvent<T> = Readonly<{ type: 'data'; data: T; at: number }>;
export type ErrorEvent = Readonly<{
  type: 'error';
  error: DomainError;
  at: number;
  /** Only for errors with something to retry (a print job); otherwise undefined. */
  respond: ((answer: ErrorResponse) => void) | undefined;
}>;
export type StatusUpdateEvent = Readonly<{ type: 'status'; status: DeviceStatus; at: number }>;

export type DeviceEvent<T> = DataEvent<T> | ErrorEvent | StatusUpdateEvent;

/** What a byte decoder makes of input: the device stamps the time and applies its state. */
export type Decoded<T> =
  | Readonly<{ type: 'data'; data: T }>
  | Readonly<{ type: 'error'; error: DomainError }>
  | Readonly<{ type: 'status'; status: DeviceStatus }>;

/** A stateful byte parser for one device protocol; chunks may split or join frames anyhow. */
export interface InputDecoder<T> {
  push(chunk: Uint8Array): readonly Decoded<T>[];
  /** Forget a half-read frame (after reconnect or a framing error). */
  reset(): void;
}
