// How a batch reaches the server, as outcomes rather than exceptions: the answer, a gap, the
// server out of reach, a refusal the register cannot fix by retrying at once, or a server fault.
import type { PushAnswer, PushBatch, StoreRegister } from '../protocol';

export type PushTransportOutcome =
  | { readonly kind: 'answer'; readonly answer: PushAnswer }
  | { readonly kind: 'gap'; readonly lastSeq: number }
  | { readonly kind: 'unreachable'; readonly message: string }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'serverError'; readonly status: number; readonly message: string };

/** Where the server stands for this register (GET /sync/push/state), or why it could not say. */
export type PushStateOutcome =
  | {
      readonly kind: 'state';
      readonly lastSeq: number;
      readonly serverTime?: number;
      readonly mutationSchemaVersion?: number;
      readonly storeRegisters?: readonly StoreRegister[];
    }
  | Exclude<PushTransportOutcome, { readonly kind: 'answer' | 'gap' }>;

export interface PushTransport {
  push(batch: PushBatch): Promise<PushTransportOutcome>;
  state(): Promise<PushStateOutcome>;
}
