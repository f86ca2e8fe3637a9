-- wrk script: each request posts one batch of BATCH (default 500) new events to POST /v1/events, as a store's
-- SDK does: views mostly, one in twenty a purchase, random shoppers u-0 .. u-<SHOPPERS-1> and skewed items
-- sku-0 .. sku-<ITEMS-1>, event ids unique per run (RUN, thread and counter). Usage:
--   SHELFWISE_KEY=... wrk -t2 -c8 -d20s --latency -s benchmarks/wrk/ingest.lua http://127.0.0.1:8080
-- Every answer other than 200 is counted and printed at the end (a refused batch is not ingestion).
local key = os.getenv("SHELFWISE_KEY")
local batch = tonumber(os.getenv("BATCH") or "500")
local shoppers = tonumber(os.getenv("SHOPPERS") or "50000")
local items = tonumber(os.getenv("ITEMS") or "20000")
local run = os.getenv("RUN") or tostring(os.time())
local threads = {}
counter = 0
thread_id = 0
bad = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
end

local headers = { ["Authorization"] = "Bearer " .. (key or ""), ["Content-Type"] = "application/json" }

request = function()
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local parts = {}
  for i = 1, batch do
    counter = counter + 1
    local user = "u-" .. math.random(0, shoppers - 1)
    local item = "sku-" .. math.floor(math.random() ^ 3 * items)
    local id = run .. "-" .. thread_id .. "-" .. counter
    if math.random(20) == 1 then
      parts[i] = '{"eventId":"' .. id .. '","type":"purchase","userId":"' .. user .. '","itemIds":["' .. item
        .. '"],"quantity":1,"price":19.99,"currency":"EUR","timestamp":"' .. now .. '"}'
    else
      parts[i] = '{"eventId":"' .. id .. '","type":"view","userId":"' .. user .. '","itemIds":["' .. item
        .. '"],"timestamp":"' .. now .. '"}'
    end
  end
  return wrk.format("POST", "/v1/events", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end

response = function(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then print("status " .. status .. ": " .. body) end
  end
end

done = function(summary, latency, requests)
  local refused = 0
  for _, t in ipairs(threads) do refused = refused + (t:get("bad") or 0) end
  local ok = summary.requests - refused
  io.write(string.format("batches %d, refused %d, events/s %.0f (batches of %d)\n", summary.requests, refused,
    ok * batch / (summary.duration / 1e6), batch))
  io.write(string.format("RESULT ingest %.0f %.2f %.2f %.2f %.2f %d %d\n", ok * batch / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, refused, summary.errors.timeout))
end
