-- Where a channel stands, creating its epoch when absent (a node subscribing makes the channel exist, so the
-- position its subscribers get names the epoch later publications will carry).
-- KEYS: meta, history
-- ARGV: new epoch, meta ttl (s, 0: none)
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 's', 0)
  redis.call('DEL', KEYS[2])
end
if tonumber(ARGV[2]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return {epoch, tostring(redis.call('HGET', KEYS[1], 's') or '0')}
