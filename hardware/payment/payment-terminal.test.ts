// The terminal client against the simulator in memory: outcomes, lost answers, retries, masking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_PAN, terminalRig } from '../integration/terminal-rig';
import type { ByteTransport } from '../transport/byte-transport';
import { createMemoryPair } from '../transport/memory-transport';
import { ACK, createFrameDecoder, encodeFrame, lrc, NAK, type LinkUnit } from './frame';
import { passesLuhn, readMaskedPan } from './masked-pan';

describe('terminal framing', () => {
  it('encodes STX body ETX LRC and reads it back from any chunking', () => {
    const frame = encodeFrame('SALE\x1cP-1\x1c8369\x1cCNY');
    expect(frame[0]).toBe(0x02);
    expect(frame[frame.length - 2]).toBe(0x03);
    expect(frame[frame.length - 1]).toBe(lrc(frame.subarray(1, frame.length - 2)));
    const stream = Uint8Array.from([ACK, ...frame, NAK, ...encodeFrame('STATUS\x1cS-1\x1cP-1')]);
    const expected = createFrameDecoder().push(stream);
    expect(expected.map((u) => u.type)).toEqual(['ack', 'frame', 'nak', 'frame']);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length })), (cuts) => {
        const decoder = createFrameDecoder();
        const out: LinkUnit[] = [];
        let from = 0;
        for (const point of [...[...new Set(cuts)].sort((a, b) => a - b), stream.length]) {
          out.push(...decoder.push(stream.subarray(from, point)));
          from = point;
        }
        expect(out).toEqual(expected);
      }),
    );
  });

  it('refuses a frame with a wrong LRC', () => {
    const frame = encodeFrame('SALE\x1cP-1\x1c100\x1cCNY');
    frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
    expect(createFrameDecoder().push(frame)).toEqual([
      { type: 'badFrame', reason: 'LRC mismatch' },
    ]);
  });

  it('keeps card numbers masked and checks Luhn', () => {
    expect(readMaskedPan('622202*********0123')).toEqual({
      pan: '622202*********0123',
      wasFull: false,
    });
    expect(readMaskedPan(FULL_PAN)).toEqual({ pan: '622202*********0123', wasFull: true });
    expect(readMaskedPan('hello')).toBeUndefined();
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});

describe('payment terminal', () => {
  it('approves a sale with masked PAN, auth code, reference and token', async () => {
    const { terminal, simulator } = await terminalRig(() => 'approve');
    const result = await terminal.sale('P-1', 8369, 'CNY');
    expect(result).toMatchObject({
      outcome: 'approved',
      amount: 8369,
      maskedPan: '622202*********0123',
      authCode: '100001',
      terminalRef: 'T00000001',
    });
    expect(simulator.charges()).toEqual([{ requestId: 'P-1', type: 'SALE', amount: 8369 }]);
  });

  it('reports a decline with its reason', async () => {
    const { terminal, simulator } = await terminalRig(() => 'decline');
    expect(await terminal.sale('P-2', 100, 'CNY')).toEqual({
      outcome: 'declined',
      requestId: 'P-2',
      reason: 'Insufficient funds',
    });
    expect(simulator.charges()).toEqual([]);
  });

  it('resolves a lost answer by a status query: approved, charged exactly once', async () => {
    const { terminal, simulator } = await terminalRig(() => 'lostAnswer');
    const result = await terminal.sale('P-3', 8369, 'CNY');
    expect(result.outcome).toBe('approved');
    expect(simulator.charges()).toHaveLength(1);
    expect(simulator.received().map((r) => r.type)).toEqual(['SALE', 'STATUS']);
    // Retrying the same payment id later still charges nothing more.
    expect((await terminal.sale('P-3', 8369, 'CNY')).outcome).toBe('approved');
    expect(simulator.charges()).toHaveLength(1);
  });

  it('says notReceived when the terminal never heard the sale (nothing charged)', async () => {
    const { terminal, simulator } = await terminalRig(() => 'deaf');
    expect(await terminal.sale('P-4', 100, 'CNY')).toEqual({
      outcome: 'notReceived',
      requestId: 'P-4',
    });
    expect(simulator.charges()).toEqual([]);
  });

  it('gives up as unknown when the sale stays in progress, without a second charge', async () => {
    const { terminal, simulator } = await terminalRig(() => 'timeout');
    const result = await terminal.sale('P-5', 100, 'CNY');
    expect(result.outcome).toBe('unknown');
    expect(simulator.received().filter((r) => r.type === 'SALE')).toHaveLength(1);
    expect(simulator.received().filter((r) => r.type === 'STATUS').length).toBeGreaterThan(1);
  });

  it('refunds and voids against the original reference', async () => {
    const { terminal, simulator } = await terminalRig(() => 'approve');
    const sale = await terminal.sale('P-6', 500, 'CNY');
    expect(sale.outcome).toBe('approved');
    const ref = sale.outcome === 'approved' ? sale.terminalRef : '';
    expect((await terminal.refund('R-6', 200, 'CNY', ref)).outcome).toBe('approved');
    expect((await terminal.void('V-6', ref)).outcome).toBe('approved');
    expect(simulator.charges().map((c) => c.type)).toEqual(['SALE', 'REFUND', 'VOID']);
  });

  it('masks a full PAN from a misconfigured terminal and never logs it', async () => {
    const { terminal, logger } = await terminalRig(() => 'approve', undefined, true);
    const result = await terminal.sale('P-7', 100, 'CNY');
    expect(result).toMatchObject({ outcome: 'approved', maskedPan: '622202*********0123' });
    expect(JSON.stringify(result)).not.toContain(FULL_PAN);
    expect(logger.text()).toContain('unmasked card number');
    expect(logger.text()).not.toContain(FULL_PAN);
  });

  it('retries a frame the terminal NAKed', async () => {
    const pair = createMemoryPair('noisy');
    // Corrupt the first frame on its way to the terminal, once.
    let corrupted = false;
    const noisy: ByteTransport = {
      ...pair.register,
      write(bytes) {
        if (!corrupted && bytes[0] === 0x02) {
          corrupted = true;
          const copy = Uint8Array.from(bytes);
          copy[3] = (copy[3] ?? 0) ^ 0x01;
          return pair.register.write(copy);
        }
        return pair.register.write(bytes);
      },
    };
    const { terminal, simulator } = await terminalRig(() => 'approve', {
      register: noisy,
      device: pair.device,
    });
    expect((await terminal.sale('P-8', 100, 'CNY')).outcome).toBe('approved');
    expect(corrupted).toBe(true);
    expect(simulator.charges()).toHaveLength(1);
  });
});
