// How the simulated network spoils a pull page on its way to a register: every member and stock
// figure in it is replaced by a poison value (a member renamed `DAMAGED_NAME` with `POISON` points,
// stock `POISON` available; a page without one gets one), then the page is broken in a way
// `readPullPage` must refuse. A register that applied any of it, even in part, shows the poison,
// which sim-pull-invariants.ts looks for after every step.
import { PULL_PATH } from '../../sync/protocol';
import type { AnswerDamage } from './sim-network';
import { SIM_MEMBER } from './sim-register';

/** A member name and a figure no real answer in the simulation carries. */
export const DAMAGED_NAME = 'Damaged page';
export const POISON = 987_654_321;

interface RawPage {
  after: number;
  cursor: number;
  stream: string;
  entries: Record<string, unknown>[];
}

function isRawPage(body: unknown): body is RawPage {
  if (typeof body !== 'object' || body === null) return false;
  const page = body as Record<string, unknown>;
  return (
    typeof page['after'] === 'number' &&
    typeof page['cursor'] === 'number' &&
    typeof page['stream'] === 'string' &&
    Array.isArray(page['entries'])
  );
}

/** A well-formed poison entry of the stream, for a page that had none to spoil. */
function poisonEntry(stream: string, cursor: number): Record<string, unknown> | undefined {
  switch (stream) {
    case 'members':
      return {
        cursor,
        id: SIM_MEMBER.id,
        code: SIM_MEMBER.code,
        phone: SIM_MEMBER.phone,
        cardNumber: '',
        name: DAMAGED_NAME,
        level: 'silver',
        status: 'active',
        points: POISON,
        debt: 0,
        totalSpent: { amount: 0, currency: 'CNY' },
        orderCount: 0,
        lots: [],
      };
    case 'stock':
      return { cursor, productKey: '1', gtin14: null, available: POISON, safety: 0, version: 1 };
    default:
      return undefined;
  }
}

export function pullPageDamage(random: () => number): AnswerDamage {
  return {
    applies: (url, init) => (init.method ?? 'GET') === 'GET' && new URL(url).pathname === PULL_PATH,
    async damage(_url, answer) {
      if (answer.status !== 200) return undefined;
      const page: unknown = await answer.json();
      if (!isRawPage(page)) throw new Error('the server answered a pull with no page');
      for (const entry of page.entries) {
        if (page.stream === 'members') Object.assign(entry, { name: DAMAGED_NAME, points: POISON });
        if (page.stream === 'stock') Object.assign(entry, { available: POISON });
      }
      if (page.entries.length === 0) {
        // Well-formed up to the break below, so only the whole-page check can refuse it.
        page.cursor = page.after + 1;
        page.entries.push(poisonEntry(page.stream, page.cursor) ?? { cursor: page.cursor });
      }
      const last = page.entries[page.entries.length - 1];
      const roll = random();
      if (roll < 1 / 3 && last !== undefined) {
        // Out of order: at or below the cursor it was asked after.
        last['cursor'] = page.after;
      } else if (roll < 2 / 3 && last !== undefined) {
        // An entry cut short.
        delete last['cursor'];
      } else {
        // The answer to another question.
        page.after += 1;
      }
      return new Response(JSON.stringify(page), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
}
