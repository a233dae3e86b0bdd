// The register must never hand out a full card number: every exported function of app/tenders is
// called with a full PAN in every argument shape, and nothing it returns or throws may contain it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tenders from './index';

const FULL_PANS = [
  '6228480012345678',
  '4111111111111111',
  '6212345678901234567',
  '378282246310005',
];

function argumentShapes(pan: string): unknown[][] {
  const money = { amount: 100, currency: 'CNY' };
  const asObject = {
    kind: 'card',
    pan,
    digits: pan,
    code: pan,
    amount: money,
    tendered: money,
    balance: money,
    authCode: pan,
    terminalRef: pan,
    scheme: 'visa',
    providerTransactionId: pan,
    paymentCode: pan,
  };
  return [
    [pan],
    [pan, pan],
    [asObject],
    [
      {
        due: money,
        remaining: money,
        paid: money,
        tenders: [],
        change: money,
        cashRounding: money,
        pointsUsed: 0,
      },
      asObject,
      { cashRounding: { increment: 1, mode: 'down' } },
    ],
    [money, [asObject], { cashRounding: { increment: 1, mode: 'down' } }],
    [
      {
        paid: [asObject],
        previousRefunds: [],
        amount: money,
        cashRounding: { increment: 1, mode: 'down' },
        cashOverrideApproved: true,
      },
    ],
  ];
}

/** Every string reachable in a value (or an error's message). */
function* strings(value: unknown, seen = new Set<unknown>()): Generator<string> {
  if (typeof value === 'string') yield value;
  if (value instanceof Error) yield value.message;
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  for (const inner of Object.values(value)) yield* strings(inner, seen);
}

function callEverything(pan: string): string[] {
  const out: string[] = [];
  for (const [name, exported] of Object.entries(tenders)) {
    if (typeof exported !== 'function') continue;
    for (const args of argumentShapes(pan)) {
      try {
        const result: unknown = Reflect.apply(exported, undefined, args);
        for (const s of strings(result)) out.push(`${name}: ${s}`);
      } catch (thrown) {
        for (const s of strings(thrown)) out.push(`${name} threw: ${s}`);
      }
    }
  }
  return out;
}

describe('no exported function returns an unmasked PAN', () => {
  it('finds the functions it is meant to sweep', () => {
    const names = Object.entries(tenders)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    expect(names).toEqual(
      expect.arrayContaining(['maskPan', 'parseMaskedPan', 'applyTender', 'payWith', 'planRefund']),
    );
  });

  it('the sweep would notice a leak: it collects what the functions return', () => {
    expect([...strings({ a: [{ b: FULL_PANS[0] }] })]).toContain(FULL_PANS[0]);
    // maskPan's answer is collected, so a function answering with the digits would be caught.
    expect(callEverything('6228480012345678')).toContain('maskPan: 622848******5678');
  });

  for (const pan of FULL_PANS) {
    it(`nothing returned or thrown contains ${pan.slice(0, 4)}…`, () => {
      const leaks = callEverything(pan).filter((s) => s.includes(pan));
      expect(leaks).toEqual([]);
    });
  }

  it('nothing returned or thrown contains a random full PAN (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13,19}$/), (pan) => {
        expect(callEverything(pan).filter((s) => s.includes(pan))).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
