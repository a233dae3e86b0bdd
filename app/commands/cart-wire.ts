// How the cart crosses the socket to a screen. A scan announces the new cart to every screen
// (`cart.updated`) and then answers the screen that asked with that same cart: sent whole, that
// was a 100-line cart (80 KB) serialised, sent and parsed twice per scan, and the scan-to-line
// time of a long sale went into moving it.
// - The first announcement on a socket carries the whole cart; each later one carries only its
//   difference from the one before (structural-delta.ts): a line scanned is that line and a 0 for
//   each line the cart had.
// - An answer that is the very cart just announced goes as a reference to it.
// The socket is ordered and loses nothing, so the screen always holds the cart a delta is against;
// a delta that does not fit means the two ends lost step, and the screen reconnects to start over.
import type { Answer } from './command';
import type { HostMessage, WireHostMessage } from './socket-envelope';
import { applyDelta, DeltaMismatchError, deltaOf } from './structural-delta';
import type { CartView } from './views';

/** The host's side, one per socket: turns each outgoing message into what goes on the wire. */
export function cartWireSender(): (message: HostMessage) => WireHostMessage {
  let lastCart: unknown;
  return (message) => {
    if ('event' in message) {
      if (message.event.type !== 'cart.updated') return message;
      const earlier = lastCart;
      lastCart = message.event.view;
      return earlier === undefined ? message : { cartPatch: deltaOf(earlier, message.event.view) };
    }
    // Identity, not equality: only the object the last announcement carried is known to be what
    // the screen holds.
    if (message.answer.ok && lastCart !== undefined && message.answer.value === lastCart) {
      return { id: message.id, answerIsLastCart: true };
    }
    return message;
  };
}

const NO_CART_ANNOUNCED: Answer<never> = {
  ok: false,
  error: {
    code: 'host.protocol',
    message: 'The register answered with a cart this screen never received; try again',
  },
};

/**
 * The screen's side, one per socket: turns what came off the wire back into the host's message.
 * Throws DeltaMismatchError for a delta that does not fit the cart it holds.
 */
export function cartWireReceiver(): (message: WireHostMessage) => HostMessage {
  let lastCart: unknown;
  return (message) => {
    if ('cartPatch' in message) {
      if (lastCart === undefined) throw new DeltaMismatchError('$ (no cart received yet)');
      lastCart = applyDelta(lastCart, message.cartPatch);
      return { event: { type: 'cart.updated', view: lastCart as CartView } };
    }
    if ('event' in message) {
      if (message.event.type === 'cart.updated') lastCart = message.event.view;
      return message;
    }
    if ('answerIsLastCart' in message) {
      return {
        id: message.id,
        answer: lastCart === undefined ? NO_CART_ANNOUNCED : { ok: true, value: lastCart },
      };
    }
    return message;
  };
}
