import { describe, expect, it } from 'vitest';
import {
  MONEY_FACTS,
  MUTATION_POLICIES,
  MUTATION_TYPES,
  PULL_STREAMS,
  STREAM_POLICIES,
  SYNC_STREAMS,
  mayApplyPulled,
  mutationPolicy,
  streamPolicy,
} from './index';

describe('conflict policy', () => {
  it('has a rule for every mutation type, and only for those', () => {
    expect(Object.keys(MUTATION_POLICIES).sort()).toEqual([...MUTATION_TYPES].sort());
    for (const type of MUTATION_TYPES) {
      const policy = mutationPolicy(type);
      if (!policy.ok) throw new Error(policy.error.message);
      expect(policy.value.clauses.length).toBeGreaterThan(0);
      for (const clause of policy.value.clauses) expect(clause.why.length).toBeGreaterThan(20);
    }
    expect(mutationPolicy('stock.teleported')).toMatchObject({
      ok: false,
      error: { code: 'sync.noRule' },
    });
  });

  it('has a rule for every stream, the served ones included', () => {
    expect(Object.keys(STREAM_POLICIES).sort()).toEqual([...SYNC_STREAMS].sort());
    for (const stream of PULL_STREAMS) expect(streamPolicy(stream).ok).toBe(true);
    expect(streamPolicy('weather').ok).toBe(false);
  });

  it('never lets the server refuse money that changed hands', () => {
    for (const type of MUTATION_TYPES) {
      expect(MUTATION_POLICIES[type].mayReject).toBe(!MONEY_FACTS.has(type));
    }
  });

  it('the issue’s rules: catalog and prices server-wins, stock a delta ledger, flash stock leased', () => {
    expect(STREAM_POLICIES.catalog.rule).toBe('serverWins');
    expect(STREAM_POLICIES.prices.rule).toBe('serverWins');
    const sale = MUTATION_POLICIES['sale.completed'].clauses.map((c) => c.rule);
    expect(sale).toEqual(['appendOnly', 'deltaLedger', 'offlineAllowance']);
    expect(MUTATION_POLICIES['flashSale.leaseSale'].clauses[0]?.rule).toBe('escrowLease');
    expect(MUTATION_POLICIES['points.offlineRedeemed'].clauses[0]?.rule).toBe('offlineAllowance');
  });

  it('holds pulled stock and leases back while the register’s own rows for them wait', () => {
    expect(mayApplyPulled('catalog', ['sale.completed'])).toBe(true);
    expect(mayApplyPulled('stock', ['sale.completed'])).toBe(false);
    expect(mayApplyPulled('stock', ['shift.closed', 'cart.cancelled'])).toBe(true);
    expect(mayApplyPulled('leases', ['flashSale.leaseSale'])).toBe(false);
    expect(mayApplyPulled('members', ['points.offlineRedeemed'])).toBe(false);
    expect(mayApplyPulled('leases', ['some.futureType'])).toBe(false);
    expect(mayApplyPulled('stock', [])).toBe(true);
  });
});
