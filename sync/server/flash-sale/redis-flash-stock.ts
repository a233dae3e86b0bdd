// The flash-sale counters in Redis, shared by every server instance: the check-and-decrement and
// the per-member limit run as one Lua script, so no two instances can sell the same unit.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FlashStock, ReserveOutcome } from './flash-stock';

interface Script {
  readonly lua: string;
  /** What Redis knows the script by once it has seen it (EVALSHA). */
  readonly sha: string;
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

const RESERVE = script(`
local left = redis.call('GET', KEYS[1])
if not left then return -3 end
left = tonumber(left)
local quantity = tonumber(ARGV[2])
if left < quantity then return -1 end
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > tonumber(ARGV[3]) then return -2 - held * 4 end
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
return redis.call('DECRBY', KEYS[1], quantity)
`);

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
const COUNT_ATTEMPT = script(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], 2) end
return count
`);

const leftKey = (saleId: string) => `flash:{${saleId}}:left`;
const heldKey = (saleId: string) => `flash:{${saleId}}:held`;

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
      const answer = await run(
        RESERVE,
        [leftKey(saleId), heldKey(saleId)],
        [memberId, quantity, perMemberLimit],
      );
      if (answer >= 0) return { kind: 'reserved', left: answer };
      if (answer === -1) return { kind: 'soldOut' };
      if (answer === -3) return { kind: 'notWarmed' };
      return { kind: 'limitExceeded', held: (-answer - 2) / 4 };
    },
    async giveBack(saleId, memberId, quantity) {
      await run(GIVE_BACK, [leftKey(saleId), heldKey(saleId)], [memberId, quantity]);
    },
    async unitsLeft(saleId) {
      const left = await redis.get(leftKey(saleId));
      return left === null ? undefined : Number(left);
    },
    countAttempt: (saleId, second) =>
      run(COUNT_ATTEMPT, [`flash:{${saleId}}:window:${second}`], []),
    async close() {
      await redis.quit();
    },
  };
}
