-- The concurrent-publishing step of src/bench/run.sh (scenario publish:<connections>:<channels>), a wrk script:
-- every request POSTs one publication to the next of CHANNELS store channels, with a publisher's token
-- (PUBLISHER_TOKEN), to PUBLISH_PATH. A refused request is written to standard error.
local token = os.getenv("PUBLISHER_TOKEN")
local path = os.getenv("PUBLISH_PATH") or "/api/v1/publish"
local channels = tonumber(os.getenv("CHANNELS") or "500")
local n = 0
request = function()
  n = n + 1
  local body = '{"channel":"store:' .. (n % channels) .. '","event":"order.created","data":{"orderId":"' .. n .. '","total":12.5}}'
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 201 then
    io.stderr:write(status .. " " .. body .. "\n")
  end
end
