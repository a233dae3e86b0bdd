// A customer pole display in software: shows (returns) the two lines the register last sent.
import type { ByteTransport } from '../transport/byte-transport';
import { createPoleDisplayReader } from '../display/pole-display';

export function createPoleDisplaySimulator(transport: ByteTransport) {
  const reader = createPoleDisplayReader();
  let off: (() => void) | undefined;
  return {
    async start() {
      off ??= transport.onData((chunk) => reader.push(chunk));
      await transport.open();
    },
    async stop() {
      off?.();
      off = undefined;
      await transport.close();
    },
    lines: () => reader.lines(),
  };
}
