-- A connection joins a channel's presence with an expiry its node keeps refreshing.
-- KEYS: connections (hash connection -> user), expiries (zset connection -> ms), users (hash user -> connections)
-- ARGV: connection, user, expiry (ms), key ttl (s)
-- Answers 1 when this is the user's first connection in the channel, across every node.
local first = 0
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  if redis.call('HINCRBY', KEYS[3], ARGV[2], 1) == 1 then
    first = 1
  end
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return first
