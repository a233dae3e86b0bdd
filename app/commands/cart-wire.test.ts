// The cart crosses the socket once per change, and then only as its difference from the last: the
// screen must read back exactly the cart the core announced, and the answer that is that cart.
import { describe, expect, it } from 'vitest';
import { cartWireReceiver, cartWireSender } from './cart-wire';
import type { HostMessage, WireHostMessage } from './socket-envelope';
import { parseHostMessage } from './socket-envelope';
import { DeltaMismatchError } from './structural-delta';
import type { CoreEvent } from './views';

const line = (n: number) => ({ lineId: `line-${n}`, product: { name: `Product ${n}` } });
const cart = (lines: readonly object[], remaining: number) => ({
  cart: { cartId: 'cart-1', lines },
  remaining,
});
const announce = (view: object): HostMessage => ({
  event: { type: 'cart.updated', view } as unknown as CoreEvent,
});

/** Both ends, with the wire's JSON in between as the socket has it. */
function pipe() {
  const send = cartWireSender();
  const receive = cartWireReceiver();
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

function viewOf(message: HostMessage | undefined): unknown {
  if (message === undefined || !('event' in message) || message.event.type !== 'cart.updated')
    throw new Error('not a cart announcement');
  return message.event.view;
}

describe('the cart on the wire', () => {
  it('announces the first cart whole, then each change as its difference', () => {
    const p = pipe();
    const first = cart([line(1)], 100);
    expect(viewOf(p.carry(announce(first)))).toEqual(first);
    expect(p.wire[0]).toContain('"event"');
    const second = cart([...first.cart.lines, line(2)], 250);
    const shown = viewOf(p.carry(announce(second)));
    expect(shown).toEqual(second);
    // The line kept is not sent again; the new one is.
    expect(p.wire[1]).toContain('"cartPatch"');
    expect(p.wire[1]).toContain('Product 2');
    expect(p.wire[1]).not.toContain('Product 1');
  });

  it('answers with the very cart the screen was handed, sent as a reference', () => {
    const p = pipe();
    p.carry(announce(cart([line(1)], 100)));
    const view = cart([line(1), line(2)], 250);
    const shown = viewOf(p.carry(announce(view)));
    const answer = p.carry({ id: 7, answer: { ok: true, value: view } });
    expect(p.wire[2]).toBe('{"id":7,"answerIsLastCart":true}');
    // The screen's cache gets the object it already holds: nothing to re-render.
    expect(
      answer !== undefined && 'answer' in answer && answer.answer.ok && answer.answer.value,
    ).toBe(shown);
  });

  it('sends in full an equal cart that is not the announced object, and any other answer', () => {
    const p = pipe();
    p.carry(announce(cart([line(1)], 100)));
    expect(p.carry({ id: 1, answer: { ok: true, value: cart([line(1)], 100) } })).toEqual({
      id: 1,
      answer: { ok: true, value: cart([line(1)], 100) },
    });
    expect(p.carry({ id: 2, answer: { ok: false, error: { code: 'x', message: 'no' } } })).toEqual({
      id: 2,
      answer: { ok: false, error: { code: 'x', message: 'no' } },
    });
    expect(p.wire.slice(1).every((frame) => !frame.includes('answerIsLastCart'))).toBe(true);
  });

  it('follows the latest announcement, never an older one', () => {
    const p = pipe();
    const first = cart([line(1)], 100);
    const second = cart([], 0);
    p.carry(announce(first));
    expect(viewOf(p.carry(announce(second)))).toEqual(second);
    expect(p.carry({ id: 3, answer: { ok: true, value: first } })).toEqual({
      id: 3,
      answer: { ok: true, value: first },
    });
    expect(p.wire[2]).not.toContain('answerIsLastCart');
    expect(p.carry({ id: 4, answer: { ok: true, value: second } })).toMatchObject({
      answer: { ok: true, value: second },
    });
    expect(p.wire[3]).toBe('{"id":4,"answerIsLastCart":true}');
  });

  it('refuses, never guesses, what it cannot place', () => {
    const receive = cartWireReceiver();
    const reference: WireHostMessage = { id: 5, answerIsLastCart: true };
    expect(receive(reference)).toMatchObject({
      id: 5,
      answer: { ok: false, error: { code: 'host.protocol' } },
    });
    // A difference with no cart to apply it to, or that does not fit the cart held.
    expect(() => receive({ cartPatch: 0 })).toThrow(DeltaMismatchError);
    receive({ event: { type: 'cart.updated', view: cart([], 0) } as unknown as CoreEvent });
    expect(() => receive({ cartPatch: { o: { cart: { o: { nope: 0 } } } } })).toThrow(
      DeltaMismatchError,
    );
    // And the wire forms are strict.
    expect(parseHostMessage('{"id":5,"answerIsLastCart":true,"value":1}')).toBeUndefined();
    expect(parseHostMessage('{"id":5,"answerIsLastCart":false}')).toBeUndefined();
    expect(parseHostMessage('{"cartPatch":"x"}')).toBeUndefined();
    expect(parseHostMessage('{"cartPatch":0,"id":1}')).toBeUndefined();
  });
});
