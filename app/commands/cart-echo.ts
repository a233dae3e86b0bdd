// A scan, a quantity change or a void announces the new cart to every screen (`cart.updated`) and
// then answers the screen that asked with that same cart. On a socket that is the same view
// serialised, sent and parsed twice — 80 KB each way for a 100-line cart, which the screen parsed
// twice per scan. The sending end remembers the last cart it announced and sends an answer that is
// that very object as a reference to it; the receiving end, which read the announcement first on
// the same ordered socket, answers with the cart it already holds.
import type { Answer } from './command';
import type { HostMessage, WireHostMessage } from './socket-envelope';

/** The host's side: turns each outgoing message into what goes on the wire. */
export function cartEchoSender(): (message: HostMessage) => WireHostMessage {
  let lastCart: unknown;
  return (message) => {
    if ('event' in message) {
      if (message.event.type === 'cart.updated') lastCart = message.event.view;
      return message;
    }
    // Identity, not equality: only the object the last announcement carried is known to the
    // screen byte for byte.
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

/** The screen's side: turns what came off the wire back into the host's message. */
export function cartEchoReceiver(): (message: WireHostMessage) => HostMessage {
  let lastCart: unknown;
  return (message) => {
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
