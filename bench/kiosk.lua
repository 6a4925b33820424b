-- kiosk.lua — each wrk thread is one adult at the locker kiosk, putting
-- their phone in and taking it out again in turn (bench/presence.sh).
local next_adult = 2

function setup(thread)
  thread:set("adult", next_adult)
  next_adult = next_adult + 1
end

function init(args)
  token = os.getenv("KIOSK_TOKEN")
  out = false -- the phone starts in the locker
end

-- The phone's place changes only when the kiosk says it did: wrk may build a
-- request it never sends, so request() must not change the state itself.
function request()
  local body = string.format('{"adult_id":%d,"pin":"2468","action":"%s","devices":["phone"],"switched":"off"}',
                             adult, out and "in" or "out")
  return wrk.format("POST", "/api/v1/kiosk/actions",
                    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

-- A refused action is a finding of the bench, not noise: say what it was.
function response(status, headers, body)
  if status == 200 then
    out = not out
  else
    io.stderr:write(string.format("kiosk bench: adult %d got %d: %s\n", adult, status, body))
  end
end
