import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { command, mergeCommandMaps } from './command';

describe('command maps', () => {
  const shift = { 'shift.open': command(z.object({ float: z.number().int() })).returns<number>() };
  const receipts = { 'receipts.reprint': command(z.object({ id: z.string() })).returns<string>() };

  it('merges per-domain maps into one', () => {
    const merged = mergeCommandMaps(shift, receipts);
    expect(Object.keys(merged).sort()).toEqual(['receipts.reprint', 'shift.open']);
    expect(merged['shift.open'].args.safeParse({ float: 100 }).success).toBe(true);
  });

  it('refuses a name declared twice, at start', () => {
    const again = { 'shift.open': command(z.object({})).returns<void>() };
    expect(() => mergeCommandMaps(shift, receipts, again)).toThrow(
      /Duplicate command name 'shift.open'/,
    );
  });
});
