-- Publishes one message on a channel, atomically: idempotency check, the channel's epoch (created when absent),
-- the next offset, the entry in the history stream (id = offset, trimmed to the history size, expiring after the
-- history TTL), then PUBLISH of the complete event frame to the nodes listening.
-- KEYS: meta, history, [idempotency]
-- ARGV: frame prefix, frame suffix, history size, history ttl (s), meta ttl (s, 0: none), new epoch,
--       pub/sub channel, request hash, idempotency ttl (s), keep last (1/0)
local meta, history, idempotency = KEYS[1], KEYS[2], KEYS[3]
if idempotency then
  local seen = redis.call('HMGET', idempotency, 'h', 's', 'e')
  if seen[1] then
    if seen[1] ~= ARGV[8] then
      return {'conflict', '0', ''}
    end
    return {'repeat', seen[2], seen[3]}
  end
end
local epoch = redis.call('HGET', meta, 'e')
if not epoch then
  epoch = ARGV[6]
  redis.call('HSET', meta, 'e', epoch)
  -- a new epoch starts at offset 1: history of an older one must not block the stream's ids
  redis.call('DEL', history)
end
local offset = redis.call('HINCRBY', meta, 's', 1)
if tonumber(ARGV[5]) > 0 then
  redis.call('EXPIRE', meta, ARGV[5])
end
local frame = ARGV[1] .. offset .. ',"epoch":"' .. epoch .. '"' .. ARGV[2]
local size = tonumber(ARGV[3])
if ARGV[10] == '1' and size < 1 then
  size = 1
end
if size > 0 then
  redis.call('XADD', history, 'MAXLEN', size, offset .. '-0', 'd', frame)
  redis.call('EXPIRE', history, ARGV[4])
end
redis.call('PUBLISH', ARGV[7], frame)
if idempotency then
  redis.call('HSET', idempotency, 'h', ARGV[8], 's', offset, 'e', epoch)
  redis.call('EXPIRE', idempotency, ARGV[9])
end
return {'ok', tostring(offset), epoch}
