-- wrk: cycle through the search mix (paths in BENCH_PATHS, one per line).
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local bust = os.getenv("BENCH_BUST")
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if bust then path = path .. "&fresh=" .. n .. "-" .. math.random(1e9) end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status, e.connect + e.read + e.write + e.timeout))
end
