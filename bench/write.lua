-- write.lua — wrk script for the audited write: POST /api/v1/rooms with a
-- unique room name per request ("Bench <thread>-<counter>"), so that every
-- request is a real insert plus its audit event, never a duplicate-name 409.
-- <thread> is the wrk thread's number prefixed with the start time in hex,
-- so that a second run against the same data directory stays unique too.
--
-- The bearer token comes from the command line (-H "Authorization: Bearer …")
-- and so is already in wrk.headers. Every answer with status >= 300 is
-- counted; done() prints "bad_status: N" (run.sh fails the run when N > 0)
-- and the first few bad statuses with their bodies.

local threads = {}
local next_id = 0
local run = string.format("%x", os.time())

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", run .. "." .. next_id)
   table.insert(threads, thread)
end

function init(args)
   counter = 0
   bad = 0
   first_bad = ""
   wrk.method = "POST"
   wrk.path = "/api/v1/rooms"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local body = string.format('{"name":"Bench %s-%d","class":"adults-only"}', tid, counter)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status >= 300 then
      bad = bad + 1
      if bad <= 3 then
         first_bad = first_bad .. string.format("  %d %s\n", status, string.sub(body or "", 1, 200))
      end
   end
end

function done(summary, latency, requests)
   local total = 0
   for _, t in ipairs(threads) do
      total = total + t:get("bad")
      local fb = t:get("first_bad")
      if fb and fb ~= "" then
         io.write(string.format("thread %s: first statuses >= 300:\n%s", t:get("tid"), fb))
      end
   end
   io.write(string.format("bad_status: %d\n", total))
end
