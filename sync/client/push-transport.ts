// How a batch reaches the server, as outcomes rather than exceptions: the answer, a gap, the
// server out of reach, a refusal the register cannot fix by retrying at once, or a server fault.
import type { PushAnswer, PushBatch } from '../protocol';

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

export interface PushTransport {
  push(batch: PushBatch): Promise<PushTransportOutcome>;
}
