-- kiosk.lua — each wrk thread is one adult at the locker kiosk, putting
-- their phone in and taking it out again in turn (bench/presence.sh).
local threads = {}
local next_adult = 2

function setup(thread)
  thread:set("adult", next_adult)
  next_adult = next_adult + 1
end

function init(args)
  token = os.getenv("KIOSK_TOKEN")
  out = false -- the phone starts in the locker
end

function request()
  out = not out
  local body = string.format('{"adult_id":%d,"pin":"2468","action":"%s","devices":["phone"],"switched":"off"}',
                             adult, out and "out" or "in")
  return wrk.format("POST", "/api/v1/kiosk/actions",
                    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
