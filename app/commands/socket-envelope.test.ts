// The envelope the screens read: every event kind the core sends gets through it (an event left
// out of the schema was dropped on the screen's side without a word), and a forged one does not.
import { describe, expect, it } from 'vitest';
import { CORE_EVENT_TYPES, parseHostMessage } from './socket-envelope';

const BODY: Readonly<Record<string, object>> = {
  'cart.updated': { view: {} },
  'card.progress': { progress: {} },
  'wallet.progress': { progress: {} },
  'printer.status': { status: 'paperOut' },
  'sale.completed': { sale: {} },
  'sync.status': { status: {} },
  'work.progress': { progress: {} },
  'input.refused': {
    source: 'scanner',
    error: { code: 'checkout.unknownProduct', message: 'No product with that barcode' },
  },
};

describe('host messages', () => {
  it.each(CORE_EVENT_TYPES)('passes a %s event to the screen', (type) => {
    const event = { type, ...BODY[type] };
    expect(BODY[type]).toBeDefined();
    expect(parseHostMessage(JSON.stringify({ event }))).toEqual({ event });
  });

  it('drops an event of no known kind and a malformed one', () => {
    expect(
      parseHostMessage(JSON.stringify({ event: { type: 'drawer.exploded' } })),
    ).toBeUndefined();
    expect(parseHostMessage(JSON.stringify({ event: { type: 'sync.status' } }))).toBeUndefined();
    expect(parseHostMessage('{"event":')).toBeUndefined();
  });
});
