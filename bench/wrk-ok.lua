-- Counts what a run achieved, not what it was answered: wrk's own "Requests/sec" includes
-- every answer, 4xx and 5xx too, so a server refusing fast looks like a server working fast.
-- Each thread counts its 2xx answers and the others; done() adds them up and prints
--   2xx: N / non-2xx: N (first status seen) / socket errors: N / 2xx/s: R
-- which bench/http.sh reports. Used alone for plain GETs (wrk -s bench/wrk-ok.lua), and loaded
-- first by the scripts that build their own requests (dofile("bench/wrk-ok.lua")).
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

ok, failed, first_failure = 0, 0, 0

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    failed = failed + 1
    if first_failure == 0 then first_failure = status end
  end
end

function done(summary, latency, requests)
  local oks, fails, first = 0, 0, 0
  for _, t in ipairs(threads) do
    oks = oks + t:get("ok")
    fails = fails + t:get("failed")
    if first == 0 then first = t:get("first_failure") end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("2xx: %d\n", oks))
  io.write(string.format("non-2xx: %d%s\n", fails, first ~= 0 and string.format(" (first: %d)", first) or ""))
  io.write(string.format("socket errors: %d\n", socket))
  io.write(string.format("2xx/s: %.2f\n", oks / (summary.duration / 1e6)))
end
