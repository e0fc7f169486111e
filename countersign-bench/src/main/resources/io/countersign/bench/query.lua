-- wrk script: read requests with varied parameters against a large ledger.
--   wrk ... -s query.lua <url> -- <mode> <size> <first-ts-ms> <last-ts-ms> <window-ms>
-- mode: actor (actor + time range), type (type + time range), inclusion, consistency.
-- The bearer token comes from the environment (COUNTERSIGN_TOKEN), never the command line.
-- Prints one "countersign-wrk key=value ..." summary line for the bench command to read.

-- SampleEvents.TYPES: a client's own authn_/authz_ events carry its prefix (those
-- namespaces are Countersign's, refused with ERR_RESERVED_EVENT)
local types = { "app.authn_login_success", "app.authz_admin", "data_read_sensitive", "SECRET_READ",
  "app.authn_login_fail", "CHANGE_REQUESTED", "CHANGE_DECIDED", "DEPLOYMENT_EXECUTED",
  "app.authz_fail", "SECRET_ROTATED", "app.policy_change_approved", "app.privilege_changed" }

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local mode, size, first_ms, last_ms, window_ms

function init(args)
  math.randomseed(os.time() * 1000 + id)
  mode = args[1]
  size = tonumber(args[2])
  first_ms = tonumber(args[3])
  last_ms = tonumber(args[4])
  window_ms = tonumber(args[5])
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("COUNTERSIGN_TOKEN")
end

-- RFC 3339 in UTC with milliseconds, as the API takes it
local function timestamp(ms)
  local seconds = math.floor(ms / 1000)
  return os.date("!%Y-%m-%dT%H:%M:%S", seconds) .. string.format(".%03dZ", ms - seconds * 1000)
end

local function time_range()
  local span = math.max(1, last_ms - first_ms - window_ms)
  local from = first_ms + math.floor(math.random() * span)
  return "&from=" .. timestamp(from) .. "&to=" .. timestamp(from + window_ms)
end

-- a uniformly random integer in [low, high], for values past 2^31 too
local function between(low, high)
  return low + math.floor(math.random() * (high - low + 1))
end

function request()
  local path
  if mode == "actor" then
    path = string.format("/api/v1/events?actor=user-%04d&limit=100", math.random(0, 999)) .. time_range()
  elseif mode == "type" then
    path = "/api/v1/events?type=" .. types[math.random(#types)] .. "&limit=100" .. time_range()
  elseif mode == "inclusion" then
    local index = between(0, size - 1)
    path = string.format("/api/v1/ledger/proof/inclusion?index=%d&size=%d", index, between(index + 1, size))
  elseif mode == "consistency" then
    local from = between(1, size - 1)
    path = string.format("/api/v1/ledger/proof/consistency?from=%d&to=%d", from, between(from + 1, size))
  else
    error("unknown mode " .. tostring(mode))
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "countersign-wrk requests=%d failed=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, errors.status + errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
