-- wrk script for one surface, requests spread over random known shoppers and items of a generated store
-- (shoppers u-0 .. u-<SHOPPERS-1>, items sku-0 .. sku-<ITEMS-1>, skewed to the popular low numbers as the
-- generator's events are). SURFACE = popular | home | similar | cart | ceiling (the framework's trivial endpoint); LABEL names the
-- result line (default: the surface).
--   SHELFWISE_KEY=... SURFACE=home wrk -t1 -c4 -d10s -s benchmarks/wrk/surface.lua http://127.0.0.1:8080
-- Ends with one line: RESULT label requests/s p50_ms p99_ms p999_ms max_ms non2xx timeouts
local surface = os.getenv("SURFACE") or "home"
local label = os.getenv("LABEL") or surface
local key = os.getenv("SHELFWISE_KEY") or ""
local shoppers = tonumber(os.getenv("SHOPPERS") or "40000")
local items = tonumber(os.getenv("ITEMS") or "20000")
local headers = { ["Authorization"] = "Bearer " .. key }
threads = {}
non2xx = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local function item()
  return "sku-" .. math.floor(math.random() ^ 3 * items)
end

request = function()
  local path
  if surface == "popular" then
    path = "/v1/recommendations/popular?limit=10"
  elseif surface == "home" then
    path = "/v1/recommendations/home?limit=10&userId=u-" .. math.random(0, shoppers - 1)
  elseif surface == "similar" then
    path = "/v1/recommendations/similar?limit=10&itemId=" .. item()
  elseif surface == "cart" then
    path = "/v1/recommendations/cart?limit=10&itemIds=" .. item() .. "," .. item() .. "&userId=u-"
      .. math.random(0, shoppers - 1)
  else
    path = "/ceiling"
  end
  return wrk.format("GET", path, headers)
end

response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  io.write(string.format("RESULT %s %.0f %.2f %.2f %.2f %.2f %d %d\n", label,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, bad, summary.errors.timeout))
end
