-- bench/server.lua: the wrk script of bench/server.sh. Every request is
-- GET /api/v1/patients/ID/report with the session cookie of one signed-in user, ID taken in turn
-- from the file $BENCH_IDS (one patient id a line), each thread starting at another place.
-- wrk counts an answer other than 2xx or 3xx as "Non-2xx or 3xx responses"; done() prints the
-- statuses seen so that bench/server.sh can report them.
local ids = {}
local cookie = os.getenv("BENCH_COOKIE")
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("offset", counter * 7919)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(os.getenv("BENCH_IDS")) do
      if line ~= "" then ids[#ids + 1] = line end
   end
   statuses = {}
   next_id = offset or 0
end

function request()
   next_id = next_id + 1
   local id = ids[(next_id % #ids) + 1]
   return wrk.format("GET", "/api/v1/patients/" .. id .. "/report", {["Cookie"] = cookie})
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local seen = {}
   for _, t in ipairs(threads) do
      local s = t:get("statuses")
      for code, n in pairs(s or {}) do seen[code] = (seen[code] or 0) + n end
   end
   local parts = {}
   for code, n in pairs(seen) do parts[#parts + 1] = code .. ":" .. n end
   table.sort(parts)
   io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
