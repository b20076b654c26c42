-- Reads a channel without creating it: its epoch and last offset, then either the history entries after a cursor
-- (at most a limit) or, without a cursor on a keep-last channel, the latest entry. An absent channel answers ''.
-- KEYS: meta, history
-- ARGV: cursor offset ('' for none), limit, keep last (1/0)
local state = redis.call('HMGET', KEYS[1], 'e', 's')
if not state[1] then
  return {'', '0'}
end
local result = {state[1], tostring(state[2] or '0')}
if ARGV[1] == '' then
  if ARGV[3] == '1' then
    local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
    if last[1] then
      table.insert(result, last[1][2][2])
    end
  end
  return result
end
local after = tonumber(ARGV[1])
if after >= tonumber(result[2]) then
  return result
end
local entries = redis.call('XRANGE', KEYS[2], (after + 1) .. '-0', '+', 'COUNT', ARGV[2])
for _, entry in ipairs(entries) do
  table.insert(result, entry[2][2])
end
return result
