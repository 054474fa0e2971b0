-- A durable command per request: create an officer with a unique id (tid, the thread's
-- number, is set by wrk-ok.lua's setup()). Only 2xx answers count (bench/wrk-ok.lua).
dofile("bench/wrk-ok.lua")
local token = os.getenv("SUNLIGHT_TOKEN")
local org = os.getenv("SUNLIGHT_ORG")
local counter = 0

function request()
  counter = counter + 1
  local body = string.format('{"id":"w%d-%d-%d","org":"%s","name":"压测","roles":["officer"]}',
                             tid or 0, counter, math.random(1, 1000000000), org)
  return wrk.format("POST", "/api/v1/officers",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
