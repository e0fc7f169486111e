-- wrk script: the audit viewer's first page (GET /ui/audit, newest first, 100 entries).
--   wrk ... -s console.lua <url> -- <mode>
-- mode: all (the default filter), actor (a random one of SampleEvents' people per request).
-- The console session's Cookie header comes from the environment (COUNTERSIGN_COOKIE),
-- never the command line.
-- A page answered with anything but 200 (e.g. a redirect to the sign-in page once the
-- session is gone) counts as failed: wrk itself counts only statuses above 399.
-- Prints one "countersign-wrk key=value ..." summary line for the bench command to read.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local mode
not_ok = 0

function init(args)
  math.randomseed(os.time() * 1000 + id)
  mode = args[1]
  wrk.headers["Cookie"] = os.getenv("COUNTERSIGN_COOKIE")
  wrk.headers["Accept"] = "text/html"
end

function request()
  local path
  if mode == "all" then
    path = "/ui/audit"
  elseif mode == "actor" then
    -- SampleEvents.PEOPLE: user-0000 ... user-0999
    path = string.format("/ui/audit?actor=user-%04d", math.random(0, 999))
  else
    error("unknown mode " .. tostring(mode))
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("not_ok")
  end
  io.write(string.format(
    "countersign-wrk requests=%d failed=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, failed,
    summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
