import type { Redis } from 'ioredis';

/**
 * The Lua scripts that make each step on a session atomic in Redis. Each takes every run of one
 * session that this node has to claim or record in one turn of its event loop: one round trip
 * and one script for all of them, however many there are (what keeps a node's cost per run near
 * that of one process). All keys of one call are one session's and one node's. ioredis sends
 * them with EVALSHA (EVAL again after a Redis restart forgot them).
 */

/**
 * Claims run ids for this node. KEYS: run, res, nodeRuns, at. ARGV: claimTtlMs, sessionKey, then per run: id, claim.
 * The member of nodeRuns for a run is `sessionKey \t id` (see `runMember`).
 * Returns `{nodesWithSockets, state, detail, state, detail...}`, per run `'done', resultJson`,
 * `'running', claim` or `'claimed', ''`.
 */
const CLAIM = `
local replies = {redis.call('HKEYS', KEYS[4])}
local claimed = false
for at = 3, #ARGV, 2 do
  local id = ARGV[at]
  local done = redis.call('HGET', KEYS[2], id)
  if done then
    replies[#replies + 1] = 'done'
    replies[#replies + 1] = done
  else
    local owner = redis.call('HGET', KEYS[1], id)
    if owner then
      replies[#replies + 1] = 'running'
      replies[#replies + 1] = owner
    else
      redis.call('HSET', KEYS[1], id, ARGV[at + 1])
      redis.call('SADD', KEYS[3], ARGV[2] .. '\t' .. id)
      replies[#replies + 1] = 'claimed'
      replies[#replies + 1] = ''
      claimed = true
    end
  end
end
if claimed then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return replies
`;

/**
 * Records finished runs: first result wins. KEYS: run, res, log, nodeRuns, at, prog.
 * ARGV: maxRetained, ttlMs, owner ('' for any: only a run claimed by that node is ended), sessionKey, then per run: id, resultJson.
 * Appends each recorded id to the session's log (and drops the run's latest progress), then trims the log and the results by count and by age.
 * Returns `{nodesWithSockets, recorded, recorded...}`, per run 1 when recorded, 0 when it already had a result (or another owner).
 */
const FINISH = `
local owner = ARGV[3]
local progress = redis.call('EXISTS', KEYS[6]) == 1
local flags = {}
local recorded = false
for at = 5, #ARGV, 2 do
  local id = ARGV[at]
  local mine = true
  if owner ~= '' then
    local claim = redis.call('HGET', KEYS[1], id)
    mine = claim and string.find(claim, '\\t' .. owner .. '\\t', 1, true)
  end
  redis.call('SREM', KEYS[4], ARGV[4] .. '\t' .. id)
  if mine then
    redis.call('HDEL', KEYS[1], id)
    if progress then redis.call('HDEL', KEYS[6], id) end
  end
  if mine and redis.call('HSETNX', KEYS[2], id, ARGV[at + 1]) == 1 then
    redis.call('XADD', KEYS[3], '*', 'i', id)
    flags[#flags + 1] = 1
    recorded = true
  else
    flags[#flags + 1] = 0
  end
end
-- Evicts the oldest log entries given (at most 1,000 per call, so that HDEL's arguments stay
-- few): their ids leave the results hash, and the log is trimmed to the entry after the last.
local function evict(entries)
  if #entries == 0 then return end
  local ids = {}
  for _, entry in ipairs(entries) do ids[#ids + 1] = entry[2][2] end
  redis.call('HDEL', KEYS[2], unpack(ids))
  local ms, seq = string.match(entries[#entries][1], '(%d+)-(%d+)')
  redis.call('XTRIM', KEYS[3], 'MINID', ms .. '-' .. string.format('%d', tonumber(seq) + 1))
end
if recorded then
  local excess = redis.call('XLEN', KEYS[3]) - tonumber(ARGV[1])
  if excess > 0 then evict(redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', math.min(excess, 1000))) end
  local now = redis.call('TIME')
  local horizon = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[2])
  evict(redis.call('XRANGE', KEYS[3], '-', string.format('%d', horizon), 'COUNT', 1000))
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
return {redis.call('HKEYS', KEYS[5]), unpack(flags)}
`;

/**
 * Takes back claims that this node asked for but never heard of (the call failed or timed out,
 * and may still have run): each only while it is still this node's very claim, so that another
 * node's claim of the same id stays. KEYS: run, nodeRuns. ARGV: sessionKey, then per run: id, claim.
 */
const UNCLAIM = `
for at = 2, #ARGV, 2 do
  local id = ARGV[at]
  if redis.call('HGET', KEYS[1], id) == ARGV[at + 1] then
    redis.call('HDEL', KEYS[1], id)
    redis.call('SREM', KEYS[2], ARGV[1] .. '\t' .. id)
  end
end
return 1
`;

/** A socket of the session left this node. KEYS: at. ARGV: node. */
const LEAVE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/** The scripts' commands on a client. */
export interface SessionScripts {
  /** `runs` is `[id, claim, id, claim...]`. */
  taskgateClaim(
    run: string,
    res: string,
    nodeRuns: string,
    at: string,
    ttlMs: number,
    sessionKey: string,
    ...runs: string[]
  ): Promise<[string[], ...string[]]>;
  /** `runs` is `[id, resultJson, id, resultJson...]`. */
  taskgateFinish(
    run: string,
    res: string,
    log: string,
    nodeRuns: string,
    at: string,
    prog: string,
    maxRetained: number,
    ttlMs: number,
    owner: string,
    sessionKey: string,
    ...runs: string[]
  ): Promise<[string[], ...(0 | 1)[]]>;
  /** `runs` is `[id, claim, id, claim...]`. */
  taskgateUnclaim(run: string, nodeRuns: string, sessionKey: string, ...runs: string[]): Promise<number>;
  taskgateLeave(at: string, node: string): Promise<number>;
}

/** Defines the scripts on `client` as commands. */
export function defineSessionScripts(client: Redis): Redis & SessionScripts {
  client.defineCommand('taskgateClaim', { numberOfKeys: 4, lua: CLAIM });
  client.defineCommand('taskgateFinish', { numberOfKeys: 6, lua: FINISH });
  client.defineCommand('taskgateUnclaim', { numberOfKeys: 2, lua: UNCLAIM });
  client.defineCommand('taskgateLeave', { numberOfKeys: 1, lua: LEAVE });
  return client as Redis & SessionScripts;
}
