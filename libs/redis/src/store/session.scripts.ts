import type { Redis } from 'ioredis';

/**
 * The Lua scripts that make each step on a session atomic in Redis. Each is one round trip;
 * ioredis sends them with EVALSHA (EVAL again after a Redis restart forgot them).
 */

/**
 * Claims a run id for this node. KEYS: run, res, nodeRuns, at. ARGV: id, claim, claimTtlMs, member.
 * Returns `{'done', resultJson}`, `{'running', claim}` or `{'claimed', nodesWithSockets}`.
 */
const CLAIM = `
local done = redis.call('HGET', KEYS[2], ARGV[1])
if done then return {'done', done} end
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner then return {'running', owner} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return {'claimed', redis.call('HKEYS', KEYS[4])}
`;

/**
 * Records a finished run: first result wins. KEYS: run, res, log, nodeRuns, at.
 * ARGV: id, resultJson, maxRetained, ttlMs, member, owner ('' for any: only a run claimed by that node is ended).
 * Appends the id to the session's log, trims the log and the results by count and by age.
 * Returns `{1, nodesWithSockets}` when recorded, `{0}` when the run already had a result (or another owner).
 */
const FINISH = `
local id = ARGV[1]
if ARGV[6] ~= '' then
  local claim = redis.call('HGET', KEYS[1], id)
  if not claim or not string.find(claim, '\\t' .. ARGV[6] .. '\\t', 1, true) then
    redis.call('SREM', KEYS[4], ARGV[5])
    return {0}
  end
end
redis.call('HDEL', KEYS[1], id)
redis.call('SREM', KEYS[4], ARGV[5])
if redis.call('HSETNX', KEYS[2], id, ARGV[2]) == 0 then return {0} end
redis.call('XADD', KEYS[3], '*', 'i', id)
local excess = redis.call('XLEN', KEYS[3]) - tonumber(ARGV[3])
if excess > 0 then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', excess)) do
    redis.call('HDEL', KEYS[2], entry[2][2])
    redis.call('XDEL', KEYS[3], entry[1])
  end
end
local now = redis.call('TIME')
local horizon = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[4])
for _, entry in ipairs(redis.call('XRANGE', KEYS[3], '-', string.format('%d', horizon), 'COUNT', 100)) do
  redis.call('HDEL', KEYS[2], entry[2][2])
  redis.call('XDEL', KEYS[3], entry[1])
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return {1, redis.call('HKEYS', KEYS[5])}
`;

/** A socket of the session left this node. KEYS: at. ARGV: node. */
const LEAVE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/** The scripts' commands on a client. */
export interface SessionScripts {
  taskgateClaim(
    run: string,
    res: string,
    nodeRuns: string,
    at: string,
    id: string,
    claim: string,
    ttlMs: number,
    member: string,
  ): Promise<[string, string | string[]]>;
  taskgateFinish(
    run: string,
    res: string,
    log: string,
    nodeRuns: string,
    at: string,
    id: string,
    result: string,
    maxRetained: number,
    ttlMs: number,
    member: string,
    owner: string,
  ): Promise<[0] | [1, string[]]>;
  taskgateLeave(at: string, node: string): Promise<number>;
}

/** Defines the scripts on `client` as commands. */
export function defineSessionScripts(client: Redis): Redis & SessionScripts {
  client.defineCommand('taskgateClaim', { numberOfKeys: 4, lua: CLAIM });
  client.defineCommand('taskgateFinish', { numberOfKeys: 5, lua: FINISH });
  client.defineCommand('taskgateLeave', { numberOfKeys: 1, lua: LEAVE });
  return client as Redis & SessionScripts;
}
