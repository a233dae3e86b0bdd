// The cart a scan announces and answers goes over the socket once: the answer that is the very
// object announced becomes a reference, and the screen reads it back as the cart it holds.
import { describe, expect, it } from 'vitest';
import type { CoreEvent } from './views';
import { cartEchoReceiver, cartEchoSender } from './cart-echo';
import type { HostMessage, WireHostMessage } from './socket-envelope';
import { parseHostMessage } from './socket-envelope';

const cart = (n: number) => ({ cart: { cartId: `cart-${n}`, lines: [] }, remaining: n });
const announce = (view: object): HostMessage => ({
  event: { type: 'cart.updated', view } as unknown as CoreEvent,
});

/** Both ends, with the wire's JSON in between as the socket has it. */
function pipe() {
  const send = cartEchoSender();
  const receive = cartEchoReceiver();
  const wire: string[] = [];
  return {
    wire,
    carry(message: HostMessage): HostMessage | undefined {
      const text = JSON.stringify(send(message));
      wire.push(text);
      const parsed = parseHostMessage(text);
      return parsed === undefined ? undefined : receive(parsed);
    },
  };
}

describe('cart echo', () => {
  it('sends the announced cart once and hands the screen that same cart as the answer', () => {
    const p = pipe();
    const view = cart(1);
    const event = p.carry(announce(view));
    const answer = p.carry({ id: 7, answer: { ok: true, value: view } });
    expect(p.wire[1]).toBe('{"id":7,"answerIsLastCart":true}');
    if (event === undefined || !('event' in event) || event.event.type !== 'cart.updated')
      throw new Error('no event');
    // The very object the event listener got: the screen's cache sees no change to re-render.
    expect(answer).toEqual({ id: 7, answer: { ok: true, value: event.event.view } });
    expect(
      answer !== undefined && 'answer' in answer && answer.answer.ok && answer.answer.value,
    ).toBe(event.event.view);
  });

  it('sends in full an equal cart that is not the announced object, and any other answer', () => {
    const p = pipe();
    p.carry(announce(cart(1)));
    // Equal in content but another object: the sender cannot know the screen has it.
    expect(p.carry({ id: 1, answer: { ok: true, value: cart(1) } })).toEqual({
      id: 1,
      answer: { ok: true, value: cart(1) },
    });
    expect(p.carry({ id: 2, answer: { ok: false, error: { code: 'x', message: 'no' } } })).toEqual({
      id: 2,
      answer: { ok: false, error: { code: 'x', message: 'no' } },
    });
    expect(p.wire.slice(1).every((frame) => !frame.includes('answerIsLastCart'))).toBe(true);
  });

  it('follows the latest announcement, never an older one', () => {
    const p = pipe();
    const first = cart(1);
    const second = cart(2);
    p.carry(announce(first));
    p.carry(announce(second));
    expect(p.carry({ id: 3, answer: { ok: true, value: first } })).toEqual({
      id: 3,
      answer: { ok: true, value: first },
    });
    expect(p.wire[2]).not.toContain('answerIsLastCart');
    expect(p.carry({ id: 4, answer: { ok: true, value: second } })).toEqual({
      id: 4,
      answer: { ok: true, value: second },
    });
    expect(p.wire[3]).toBe('{"id":4,"answerIsLastCart":true}');
  });

  it('answers with an error, not a guess, when a reference comes before any cart', () => {
    const receive = cartEchoReceiver();
    const forged: WireHostMessage = { id: 5, answerIsLastCart: true };
    expect(receive(forged)).toMatchObject({
      id: 5,
      answer: { ok: false, error: { code: 'host.protocol' } },
    });
    // And the wire form is strict: a reference carrying anything else is not a message.
    expect(parseHostMessage('{"id":5,"answerIsLastCart":true,"value":1}')).toBeUndefined();
    expect(parseHostMessage('{"id":5,"answerIsLastCart":false}')).toBeUndefined();
  });
});
