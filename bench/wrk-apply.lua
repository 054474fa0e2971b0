-- A durable case submission per request: a citizen applies for 工伤认定 (990100-000904-01)
-- with both materials already uploaded, so the case is submitted at once (nothing to fetch).
-- Only 2xx answers count (bench/wrk-ok.lua).
dofile("bench/wrk-ok.lua")
local token = os.getenv("SUNLIGHT_CITIZEN_TOKEN")
local body = string.format(
  '{"item":"990100-000904-01","channel":"mobile","form":{"phone":"13800000000","address":"明川市示例路 1 号","declarations":[true]},' ..
  '"materials":[{"name":"工伤认定申请表","upload":"%s"},{"name":"劳动关系证明","upload":"%s"}]}',
  os.getenv("SUNLIGHT_UPLOAD_1"), os.getenv("SUNLIGHT_UPLOAD_2"))

function request()
  return wrk.format("POST", "/api/v1/me/cases",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
