// The flash-sale counters in Redis, shared by every server instance: the check-and-decrement and
// the per-member limit run as one Lua script, so no two instances can sell the same unit.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FlashStock, ReserveOutcome, WindowedReserveOutcome } from './flash-stock';

interface Script {
  readonly lua: string;
  /** What Redis knows the script by once it has seen it (EVALSHA). */
  readonly sha: string;
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * The check-and-decrement with the member limit, on the keys and arguments at the given places:
 * answers units left, or -1 sold out, -3 not warmed, -2 - 4 × held over the member's limit.
 */
const reserveLua = (at: { left: number; held: number; member: number }) => `
local left = redis.call('GET', KEYS[${at.left}])
if not left then return -3 end
left = tonumber(left)
local quantity = tonumber(ARGV[${at.member + 1}])
if left < quantity then return -1 end
local held = tonumber(redis.call('HGET', KEYS[${at.held}], ARGV[${at.member}]) or '0')
if held + quantity > tonumber(ARGV[${at.member + 2}]) then return -2 - held * 4 end
redis.call('HINCRBY', KEYS[${at.held}], ARGV[${at.member}], quantity)
return redis.call('DECRBY', KEYS[${at.left}], quantity)
`;

const RESERVE = script(reserveLua({ left: 1, held: 2, member: 1 }));

const GIVE_BACK = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[2])
local held = redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
if held <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
`);

const PREWARM = script(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
  return 1
end
return 0
`);

// One attempt in a second's window, which expires after the next: one call, not MULTI/EXEC.
const countLua = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], 2) end
`;

const COUNT_ATTEMPT = script(`${countLua}return count`);

/** The attempt counted and, within the window's limit (ARGV[1]), reserved; -4 over the window. */
const RESERVE_IN_WINDOW = script(`${countLua}if count > tonumber(ARGV[1]) then return -4 end
${reserveLua({ left: 2, held: 3, member: 2 })}`);

const leftKey = (saleId: string) => `flash:{${saleId}}:left`;
const heldKey = (saleId: string) => `flash:{${saleId}}:held`;
const windowKey = (saleId: string, second: number) => `flash:{${saleId}}:window:${second}`;

function reserveOutcome(answer: number, perMemberLimit: number): ReserveOutcome {
  if (answer >= 0) return { kind: 'reserved', left: answer };
  if (answer === -1) return { kind: 'soldOut' };
  if (answer === -3) return { kind: 'notWarmed' };
  return { kind: 'limitExceeded', held: (-answer - 2) / 4, limit: perMemberLimit };
}

export function createRedisFlashStock(url: string, keyPrefix = ''): FlashStock {
  const redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  // By its SHA (EVALSHA): the script's text crosses the wire only when Redis has not seen it yet,
  // after a restart or a SCRIPT FLUSH.
  const run = async (
    { lua, sha }: Script,
    keys: string[],
    args: (string | number)[],
  ): Promise<number> => {
    let answer: unknown;
    try {
      answer = await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      answer = await redis.eval(lua, keys.length, ...keys, ...args);
    }
    if (typeof answer !== 'number') throw new Error(`unexpected Redis answer ${String(answer)}`);
    return answer;
  };
  return {
    async prewarm(saleId, unitsLeft, heldByMember) {
      const pairs = [...heldByMember].flatMap(([member, held]) => [member, held]);
      await run(PREWARM, [leftKey(saleId), heldKey(saleId)], [unitsLeft, ...pairs]);
    },
    async reserve(saleId, memberId, quantity, perMemberLimit): Promise<ReserveOutcome> {
      return reserveOutcome(
        await run(
          RESERVE,
          [leftKey(saleId), heldKey(saleId)],
          [memberId, quantity, perMemberLimit],
        ),
        perMemberLimit,
      );
    },
    async giveBack(saleId, memberId, quantity) {
      await run(GIVE_BACK, [leftKey(saleId), heldKey(saleId)], [memberId, quantity]);
    },
    async unitsLeft(saleId) {
      const left = await redis.get(leftKey(saleId));
      return left === null ? undefined : Number(left);
    },
    countAttempt: (saleId, second) => run(COUNT_ATTEMPT, [windowKey(saleId, second)], []),
    async reserveInWindow(r): Promise<WindowedReserveOutcome> {
      const answer = await run(
        RESERVE_IN_WINDOW,
        [windowKey(r.saleId, r.second), leftKey(r.saleId), heldKey(r.saleId)],
        [r.windowLimit, r.memberId, r.quantity, r.perMemberLimit],
      );
      return answer === -4 ? { kind: 'window' } : reserveOutcome(answer, r.perMemberLimit);
    },
    async close() {
      await redis.quit();
    },
  };
}
