-- wrk script: each request asks home for a random known shopper (u-0 .. u-<SHOPPERS-1>), as a store's traffic does,
-- instead of one shopper whose lists a cache would answer. Usage:
--   SHELFWISE_KEY=... SHOPPERS=50000 wrk -t1 -c200 -d15s --latency -s benchmarks/wrk/random-shoppers.lua http://127.0.0.1:8080
local shoppers = tonumber(os.getenv("SHOPPERS") or "50000")
local key = os.getenv("SHELFWISE_KEY")
math.randomseed(os.time())

request = function()
  local user = "u-" .. math.random(0, shoppers - 1)
  return wrk.format("GET", "/v1/recommendations/home?limit=10&userId=" .. user,
    { ["Authorization"] = "Bearer " .. key })
end
