-- A connection leaves a channel's presence; connections whose expiry passed (their node died) leave with it.
-- KEYS: connections, expiries, users (as in join.lua)
-- ARGV: connection ('' for none), now (ms)
-- Answers the users whose last connection in the channel went.
local left = {}
local function remove(connection)
  local user = redis.call('HGET', KEYS[1], connection)
  if not user then
    return
  end
  redis.call('HDEL', KEYS[1], connection)
  redis.call('ZREM', KEYS[2], connection)
  if redis.call('HINCRBY', KEYS[3], user, -1) <= 0 then
    redis.call('HDEL', KEYS[3], user)
    table.insert(left, user)
  end
end
if ARGV[1] ~= '' then
  remove(ARGV[1])
end
for _, connection in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])) do
  remove(connection)
end
return left
