// The pole display's command bytes read back into the two lines the customer sees.
import { describe, expect, it } from 'vitest';
import { createPoleDisplayReader, displayBytes, labelled } from './pole-display';

describe('pole display', () => {
  it('shows two padded 20-column lines, non-ASCII as "?"', () => {
    const reader = createPoleDisplayReader();
    reader.push(displayBytes('Coca-Cola 330ml x3', labelled('TOTAL', '83.69')));
    expect(reader.lines()).toEqual(['Coca-Cola 330ml x3  ', 'TOTAL          83.69']);
    reader.push(displayBytes('可乐 and a very long product name', ''));
    expect(reader.lines()).toEqual(['?? and a very long p', ' '.repeat(20)]);
  });

  it('reads the same lines byte by byte', () => {
    const reader = createPoleDisplayReader();
    for (const byte of displayBytes('WELCOME', 'CHANGE 16.31')) reader.push(Uint8Array.of(byte));
    expect(reader.lines()).toEqual(['WELCOME             ', 'CHANGE 16.31        ']);
  });
});
