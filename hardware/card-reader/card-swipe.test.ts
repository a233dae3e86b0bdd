// Member cards read from tracks 1/2; bank cards refused without their number anywhere in the result.
import { describe, expect, it } from 'vitest';
import { bankCardTracks, memberCardTracks } from '../simulators/card-reader-simulator';
import { readSwipe } from '../../app/tenders';
import { createCardSwipeDecoder } from './card-swipe';

const options = { memberPrefixes: ['990086'] };
const BANK = '4111111111111111';

describe('card swipes', () => {
  it('reads a member card from both tracks', () => {
    expect(readSwipe(memberCardTracks('9900860001234', 'WANG/FANG'), options)).toEqual({
      kind: 'member',
      memberNumber: '9900860001234',
      holderName: 'WANG/FANG',
    });
    expect(readSwipe(';9900860001234=9912000?', options)).toEqual({
      kind: 'member',
      memberNumber: '9900860001234',
    });
  });

  it('refuses a bank card and keeps no trace of its number', () => {
    const decoder = createCardSwipeDecoder(options);
    const out = decoder.push(new TextEncoder().encode(`${bankCardTracks(BANK)}\r`));
    expect(out).toEqual([{ type: 'data', data: { kind: 'bankCardRefused' } }]);
    expect(JSON.stringify(out)).not.toContain('411111');
    // Track 2 only, format code unknown: Luhn still tells it is a bank card.
    expect(readSwipe(`;${BANK}=2812101?`, options)).toEqual({ kind: 'bankCardRefused' });
  });

  it('reports an unreadable swipe and reads the next one, whatever the chunking', () => {
    const stream = new TextEncoder().encode(
      `garbage\r${memberCardTracks('9900860000042', 'LI/LEI')}\r`,
    );
    for (let cut = 0; cut <= stream.length; cut += 7) {
      const decoder = createCardSwipeDecoder(options);
      const out = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(out.map((d) => d.type)).toEqual(['error', 'data']);
    }
  });
});
