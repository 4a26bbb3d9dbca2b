import type { RedisClient } from './redis-connection.js';

/**
 * The Lua scripts of the Redis store. Each runs atomically on the server: a turn is one read script
 * and one write script. Keys of one application carry its id as a hash tag (`{ID}`), so in a Cluster
 * every key a script declares lives in one slot; the standalone-only parts say so.
 */

/**
 * Compare-and-set write of one turn. Commits state + version bump + event id + audit entry + bindings
 * together, or nothing. A write token makes a resend after a lost reply safe: if the application
 * already holds this token at expected+1, the first send committed and the answer is `saved`.
 * Processed event ids are fields of the application hash (`e:<digest>` = until when, ms), pruned at
 * most every 64 versions and only once one has expired: the common write is three commands (HMGET,
 * HSET, XADD), which is what makes it cheap.
 *
 * `list`'s index (redis-keys.ts): the hash's field `m` lists the index entries the application is filed
 * under. ARGV 8 is the new list, or '=' when the caller knows `m` already holds it (its cached copy of the
 * expected version was written with that list, and the personal part — members, CSR, CA order number,
 * what the list is made of — did not change): most writes send and compare nothing. The list rarely
 * changes (a member added, a CSR given, the order number from the first CA mail); when it does,
 * standalone and Sentinel move the id between the index sets here, atomically with the state. Those
 * sets are keys built in the script from the app key's prefix, as TURN_READ_SCRIPT does: fine there,
 * cross-slot in a Cluster. A Cluster instead writes `m` as `?<list>` (filing pending) and returns what
 * the client must file after the commit (see RedisApplicationStore #fileIndex): a pending `m` is filed
 * again by the next write or by the backfill.
 * Index sets live at least as long as every application filed in them: extended when an entry is
 * added and whenever the application's own expiry moves.
 *
 * The turn's replies are written here too (a transactional outbox: the hash KEYS[4], one sealed entry
 * per field, and in standalone/Sentinel the application's id in the `owed` sorted set, scored by the
 * time of its oldest owed entry), and the question the turn's conversation is now shown (field
 * `q:<conversation key>`: `.` for none). A claim binds the first conversation key only if it is bound to
 * the expected application now (or to nothing), else nothing is written.
 *
 * KEYS: 1 app hash, 2 audit stream, 3 bindings set, 4 outbox hash,
 *       5.. conversation keys to bind (standalone and Sentinel only: cross-slot in a Cluster); with a
 *       claim, KEYS[5] is the claimed one.
 * ARGV: 1 expected version, 2 sealed personal part or '' (unchanged: the stored one, which the caller
 *       read or wrote at the expected version, stays), 3 step state, 4 write token, 5 event field or '',
 *       6 `status flow now ttl eventTtl slack auditCap keepBindings id` (space-separated: numbers in ms,
 *       keepBindings 1 in standalone/Sentinel; few arguments keep the client's per-argument work small),
 *       7 audit entry or '', 8 index entries or '=', 9 shown field or '', 10 shown question ('.': none),
 *       11 claim: '' none, else `c:` + the expected application id ('c:' alone: expected unbound),
 *       12 number of outbox entries n, then n pairs (entry id, sealed entry), then one sealed
 *       conversation name per key 5.. (last, in KEYS order).
 * Returns version (saved) | {'duplicate'} | {'conflict', version, blob, state, shown or ''}
 *       | {'bound', application id} (the claimed conversation is bound elsewhere)
 *       | {'index', version, entries filed before, pending 0/1} (Cluster: saved, and the client files
 *         the new entries (pending 1: move from the old ones, then clear the `?`), or extends the
 *         expiry of the entries filed before (0)).
 */
export const SAVE_SCRIPT = `
local app, audit, convs, out = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local status, flow, now, ttl, eventTtl, slack, cap, keep, id =
  string.match(ARGV[6], '^(%S+) (%S+) (%d+) (%d+) (%d+) (%d+) (%d+) ([01]) (%S+)$')
if not id then return redis.error_reply('ERR evsslSave: malformed ARGV[6]') end
now, ttl = tonumber(now), tonumber(ttl)
local expected, ef, token = tonumber(ARGV[1]), ARGV[5], ARGV[4]
local cur = redis.call('HMGET', app, 'v', 'w', 'v', 'x', 'a', ef ~= '' and ef or 'v', 'ep', 'm')
local v = tonumber(cur[1] or '0')
local mine = cur[2] == token
if ef ~= '' and tonumber(cur[6] or '0') > now then
  if mine and v == expected + 1 then return v end
  return {'duplicate'}
end
if v ~= expected then
  if mine and v == expected + 1 then return v end
  -- The stored application is read only here: the common path does not copy it into the script.
  local held = redis.call('HMGET', app, 'blob', 's', ARGV[9] ~= '' and ARGV[9] or 'v')
  return {'conflict', v, held[1] or '', held[2] or '', ARGV[9] ~= '' and held[3] or ''}
end
if ARGV[11] ~= '' and keep == '1' then
  local bound = redis.call('GET', KEYS[5])
  if bound and bound ~= string.sub(ARGV[11], 3) and bound ~= id then return {'bound', bound} end
end
local owedCount = tonumber(ARGV[12])
v = v + 1
local deadline = now + ttl
local eventUntil = now + tonumber(eventTtl)
-- Retention: every key of the application lives as long as the application. The expiry moves only
-- when it is off by more than the slack, so a busy application does not pay for it on every write.
local refresh = (not cur[4]) or math.abs(tonumber(cur[4]) - deadline) > tonumber(slack)
local hasAudit = ARGV[7] ~= ''
local auditNew = hasAudit and cur[5] ~= '1'
local fields = {'v', v, 's', ARGV[3], 'status', status, 'flow', flow, 'w', token}
if ARGV[2] ~= '' then fields[#fields + 1] = 'blob'; fields[#fields + 1] = ARGV[2] end
if ef ~= '' then fields[#fields + 1] = ef; fields[#fields + 1] = eventUntil end
-- 'ep': the earliest time an event field can be pruned (set by the first event after a prune).
if ef ~= '' and not cur[7] then fields[#fields + 1] = 'ep'; fields[#fields + 1] = eventUntil end
if refresh then fields[#fields + 1] = 'x'; fields[#fields + 1] = deadline end
if auditNew then fields[#fields + 1] = 'a'; fields[#fields + 1] = '1' end
-- 'n:<conversation key>': the sealed name of each conversation bound here (ApplicationStore.conversations).
for i = 5, #KEYS do fields[#fields + 1] = 'n:' .. KEYS[i]; fields[#fields + 1] = ARGV[#ARGV - #KEYS + i] end
if ARGV[9] ~= '' then fields[#fields + 1] = ARGV[9]; fields[#fields + 1] = ARGV[10] end
-- The index: held is what 'm' holds (nil: saved before the index, or new), filed what it will hold.
local held, ix = cur[8], ARGV[8]
local pending = held and string.sub(held, 1, 1) == '?'
local before = pending and string.sub(held, 2) or held or ''
local moved = ix ~= '=' and ix ~= held
local filed = moved and ix or before
if moved then
  fields[#fields + 1] = 'm'
  fields[#fields + 1] = keep == '1' and ix or '?' .. ix
end
redis.call('HSET', app, unpack(fields))
if keep == '1' and (moved or (refresh and filed ~= '')) then
  -- Standalone/Sentinel: the index sets, their names built here from the app key's prefix.
  local prefix = string.sub(app, 1, #app - #id - 6)
  local old, new = {}, {}
  for e in string.gmatch(before, '%S+') do old[e] = true end
  for e in string.gmatch(filed, '%S+') do new[e] = true end
  local live = ttl + tonumber(slack)
  for e in pairs(new) do
    local set = prefix .. e
    -- After a pending 'm' (a Cluster's, left unfinished) every entry again: re-filing an id is harmless.
    if moved and (pending or not old[e]) then redis.call('ZADD', set, v, id) end
    -- A set outlives every application filed in it: extended on filing and when the expiry moves.
    if redis.call('PTTL', set) < live then redis.call('PEXPIRE', set, live) end
  end
  if moved then for e in pairs(old) do if not new[e] then redis.call('ZREM', prefix .. e, id) end end end
end
for i = 5, #KEYS do
  redis.call('SET', KEYS[i], id, 'PX', ttl)
  redis.call('SADD', convs, KEYS[i])
end
if owedCount > 0 then
  local entries = {}
  for i = 1, owedCount * 2 do entries[i] = ARGV[12 + i] end
  redis.call('HSET', out, unpack(entries))
  redis.call('PEXPIRE', out, ttl)
  if keep == '1' then
    redis.call('ZADD', string.sub(app, 1, #app - #id - 6) .. 'owed', 'NX', now, id)
  end
end
if hasAudit then
  -- One field: the whole entry (redis-audit.ts), sealed actor included.
  redis.call('XADD', audit, 'MAXLEN', '~', cap, '*', 'e', ARGV[7])
end
if refresh then
  redis.call('PEXPIRE', app, ttl)
  redis.call('PEXPIRE', audit, ttl)
  redis.call('PEXPIRE', convs, ttl)
  redis.call('PEXPIRE', out, ttl)
  if keep == '1' then
    -- Standalone/Sentinel: the conversation keys too (a Cluster keeps no such set: other slots).
    for _, conv in ipairs(redis.call('SMEMBERS', convs)) do redis.call('PEXPIRE', conv, ttl) end
  end
elseif auditNew then
  redis.call('PEXPIRE', audit, ttl)
end
if v % 64 == 0 and cur[7] and tonumber(cur[7]) <= now then
  local all, earliest = redis.call('HGETALL', app), nil
  for i = 1, #all, 2 do
    if string.sub(all[i], 1, 2) == 'e:' then
      local untilMs = tonumber(all[i + 1])
      if untilMs <= now then redis.call('HDEL', app, all[i])
      elseif not earliest or untilMs < earliest then earliest = untilMs end
    end
  end
  if earliest then redis.call('HSET', app, 'ep', earliest) else redis.call('HDEL', app, 'ep') end
end
if keep == '0' and (moved or pending or (refresh and filed ~= '')) then
  return {'index', v, before, (moved or pending) and 1 or 0}
end
return v
`;

/**
 * Files an application id in one index set (every topology: one key), at least at `version`, and makes
 * the set live at least `ms` more. The score only rises: a late filing by an older version does not hide
 * a newer one from INDEX_DROP_SCRIPT.
 * KEYS: 1 index set. ARGV: 1 application id, 2 version, 3 ms. Returns nothing useful.
 */
export const INDEX_ADD_SCRIPT = `
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`;

/**
 * Takes application ids out of one index set, each only if it was filed at or before the given version:
 * an id filed again by a later write (the member came back) stays. Every topology (one key).
 * KEYS: 1 index set. ARGV: pairs of application id, version (a large number: whatever the version).
 * Returns how many were removed.
 */
export const INDEX_DROP_SCRIPT = `
local removed = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= tonumber(ARGV[i + 1]) then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return removed
`;

/**
 * Records that an application's index entries are filed: sets `m` only if the application is still at
 * `version` and `m` still holds what the filer saw (a later write files its own), so `m` never claims a
 * filing that did not happen. KEYS: 1 app hash. ARGV: 1 version, 2 `m` seen ('!': none), 3 entries.
 * Returns 1 if set, else 0.
 */
export const INDEX_MARK_SCRIPT = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'm')
if tonumber(cur[1] or '0') ~= tonumber(ARGV[1]) or (cur[2] or '!') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'm', ARGV[3])
return 1
`;

/**
 * The read of one turn (standalone and Sentinel): the conversation's binding, the application and
 * whether the event was already processed, in one round trip. Reads keys derived from the binding,
 * which a Cluster forbids: there the store reads the binding first (see RedisApplicationStore).
 * KEYS: 1 conversation key. ARGV: 1 key prefix, 2 event field or '', 3 now (ms).
 * Returns {id or '', version, blob, duplicate 0/1, state, shown question or ''}.
 */
export const TURN_READ_SCRIPT = `
local id = redis.call('GET', KEYS[1])
if not id then return {'', 0, '', 0} end
local cur = redis.call('HMGET', ARGV[1] .. '{' .. id .. '}:app', 'v', 'blob', ARGV[2] ~= '' and ARGV[2] or 'v', 's', 'q:' .. KEYS[1])
local dup = 0
if ARGV[2] ~= '' and tonumber(cur[3] or '0') > tonumber(ARGV[3]) then dup = 1 end
return {id, tonumber(cur[1] or '0'), cur[2] or '', dup, cur[4] or '', cur[5] or ''}
`;

/**
 * An application and whether an event was processed, by declared keys (every topology).
 * KEYS: 1 app hash. ARGV: 1 event field or '', 2 now (ms), 3 shown field or ''.
 * Returns {version, blob, duplicate 0/1, state, shown question or ''}.
 */
export const PEEK_SCRIPT = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'blob', ARGV[1] ~= '' and ARGV[1] or 'v', 's', ARGV[3] ~= '' and ARGV[3] or 'v')
local dup = 0
if ARGV[1] ~= '' and tonumber(cur[3] or '0') > tonumber(ARGV[2]) then dup = 1 end
return {tonumber(cur[1] or '0'), cur[2] or '', dup, cur[4] or '', ARGV[3] ~= '' and cur[5] or ''}
`;

/**
 * Binds a conversation to an application (standalone and Sentinel), living as long as the application.
 * KEYS: 1 conversation key, 2 app hash, 3 bindings set. ARGV: 1 application id, 2 sealed conversation name
 * (kept as the app hash's `n:<conversation key>` field when the application exists).
 */
export const BIND_SCRIPT = `
local ttl = redis.call('PTTL', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[3], KEYS[1])
if ttl ~= -2 then redis.call('HSET', KEYS[2], 'n:' .. KEYS[1], ARGV[2]) end
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return ttl
`;

/**
 * Claims a conversation's binding for an application (every topology: one key) when it is bound to
 * the expected application now, or to nothing: a Cluster's claim, made before the save (the binding is
 * another slot). KEYS: 1 conversation key. ARGV: 1 expected application id or '', 2 application id,
 * 3 ttl (ms). Returns '' when claimed, else the application it is bound to.
 */
export const CLAIM_SCRIPT = `
local bound = redis.call('GET', KEYS[1])
if bound and bound ~= ARGV[1] and bound ~= ARGV[2] then return bound end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return ''
`;

/**
 * Takes (or renews) the delivery lease of an application's owed replies and returns them.
 * KEYS: 1 lease key, 2 outbox hash. ARGV: 1 holder, 2 lease (ms).
 * Returns false when another holder has the lease, else the outbox hash as field/value pairs.
 */
export const OUTBOX_CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return redis.call('HGETALL', KEYS[2])
`;

/**
 * Forgets delivered outbox entries; gives the lease back if the holder has it; with nothing left owed,
 * takes the application out of the owed set (standalone and Sentinel: KEYS[3]; a Cluster does that
 * itself). KEYS: 1 outbox hash, 2 lease key, [3 owed set]. ARGV: 1 holder or '', 2 application id,
 * then entry ids. Returns how many entries are still owed.
 */
export const OUTBOX_DONE_SCRIPT = `
if #ARGV > 2 then redis.call('HDEL', KEYS[1], unpack(ARGV, 3)) end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
local left = redis.call('HLEN', KEYS[1])
if left == 0 and KEYS[3] then redis.call('ZREM', KEYS[3], ARGV[2]) end
return left
`;

/** An ioredis custom command (defineCommand): the number of keys, the keys, then the arguments. */
export type Script = (numKeys: number, ...args: Array<string | number>) => Promise<unknown>;

/** The store's scripts as commands of its client. */
export interface Scripts {
  evsslClaim: Script;
  evsslSave: Script;
  evsslTurnRead: Script;
  evsslPeek: Script;
  evsslBind: Script;
  evsslIndexAdd: Script;
  evsslIndexDrop: Script;
  evsslIndexMark: Script;
  evsslOutboxClaim: Script;
  evsslOutboxDone: Script;
}

/** Defines every script on the client (ioredis sends EVALSHA, and the source once if Redis lacks it). */
export function defineScripts(client: RedisClient): Scripts {
  const lua: Record<keyof Scripts, string> = {
    evsslSave: SAVE_SCRIPT,
    evsslTurnRead: TURN_READ_SCRIPT,
    evsslPeek: PEEK_SCRIPT,
    evsslBind: BIND_SCRIPT,
    evsslIndexAdd: INDEX_ADD_SCRIPT,
    evsslIndexDrop: INDEX_DROP_SCRIPT,
    evsslIndexMark: INDEX_MARK_SCRIPT,
    evsslClaim: CLAIM_SCRIPT,
    evsslOutboxClaim: OUTBOX_CLAIM_SCRIPT,
    evsslOutboxDone: OUTBOX_DONE_SCRIPT,
  };
  for (const [name, source] of Object.entries(lua)) client.defineCommand(name, { lua: source });
  return client as unknown as Scripts;
}

/** A status or flow as one word of the save script's space-separated control argument. */
export function scriptWord(word: string): string {
  if (!/^\S+$/.test(word)) throw new TypeError(`not a single word: ${JSON.stringify(word)}`);
  return word;
}
