-- The concurrent-publishing step of src/bench/run.sh (scenario publish:<connections>:<channels>), a wrk script:
-- every request POSTs one publication to the next of CHANNELS store channels, with a publisher's token
-- (PUBLISHER_TOKEN), to PUBLISH_PATH. A refused request is written to standard error.
-- With BATCH=<n> (n > 1), every request POSTs n publications, to the next n channels, as one batch
-- ({"publications": [...]}) to PUBLISH_PATH, which should then be /api/v1/publish/batch.
-- With CHURN=<n> (1 to 100), n of every 100 publications go instead to order channels that take five publications
-- each and are never published to again, as an order's channel is: a node keeps creating channels and forgetting
-- them once their history expires.
local token = os.getenv("PUBLISHER_TOKEN")
local path = os.getenv("PUBLISH_PATH") or "/api/v1/publish"
local channels = tonumber(os.getenv("CHANNELS") or "500")
local batch = tonumber(os.getenv("BATCH") or "1")
local churn = tonumber(os.getenv("CHURN") or "0")
local n = 0
local churned = 0
local function channel()
  if n % 100 < churn then
    churned = churned + 1
    return "order:" .. math.floor(churned / 5)
  end
  return "store:" .. (n % channels)
end
local function publication()
  n = n + 1
  return '{"channel":"' .. channel() .. '","event":"order.created","data":{"orderId":"' .. n .. '","total":12.5}}'
end
request = function()
  local body
  if batch > 1 then
    local items = {}
    for i = 1, batch do items[i] = publication() end
    body = '{"publications":[' .. table.concat(items, ",") .. ']}'
  else
    body = publication()
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 201 then
    io.stderr:write(status .. " " .. body .. "\n")
  elseif batch > 1 then
    -- a batch answers 200 with each publication's own status: a refused one is written too
    for each in string.gmatch(body, '"status":(%d+)') do
      if each ~= "200" then
        io.stderr:write(body .. "\n")
        break
      end
    end
  end
end
