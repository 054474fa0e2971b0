-- A durable command per request: create an officer with a unique id.
local token = os.getenv("SUNLIGHT_TOKEN")
local org = os.getenv("SUNLIGHT_ORG")
local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function request()
  counter = counter + 1
  local body = string.format('{"id":"w%d-%d-%d","org":"%s","name":"压测","roles":["officer"]}',
                             tid or 0, counter, math.random(1, 1000000000), org)
  return wrk.format("POST", "/api/v1/officers",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
