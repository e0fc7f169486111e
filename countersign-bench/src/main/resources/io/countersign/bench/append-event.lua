-- wrk script: POST one realistic audit event per request to /api/v1/events.
-- The bearer token comes from the environment (COUNTERSIGN_TOKEN), never the command line.
-- Prints one "countersign-wrk key=value ..." summary line for the bench command to read.

-- SampleEvents.TYPES: a client's own authn_/authz_ events carry its prefix (those
-- namespaces are Countersign's, refused with ERR_RESERVED_EVENT)
local types = { "app.authn_login_success", "app.authz_admin", "data_read_sensitive", "SECRET_READ",
  "app.authn_login_fail", "CHANGE_REQUESTED", "CHANGE_DECIDED", "DEPLOYMENT_EXECUTED",
  "app.authz_fail", "SECRET_ROTATED", "app.policy_change_approved", "app.privilege_changed" }
local resource_types = { "secret", "database", "cluster", "policy", "deployment", "account" }
local environments = { "prod", "staging", "dev" }
local agents = { "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
  "countersign-cli/0.1.0 (linux; amd64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/127.0",
  "terraform-provider-countersign/1.4.2" }

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("COUNTERSIGN_TOKEN")
end

local function pick(list)
  return list[math.random(#list)]
end

function request()
  local type = types[math.min(#types, math.floor(math.random() ^ 2.2 * #types) + 1)]
  local service = math.random(10) == 1
  local actor, actor_type
  if service then
    actor, actor_type = "svc-" .. pick({ "deployer", "backup", "rotator", "ci-runner" }), "service"
  else
    actor, actor_type = string.format("user-%04d", math.random(0, 999)), "user"
  end
  local environment = pick(environments)
  local resource_type = pick(resource_types)
  local outcome = "success"
  if type:sub(-5) == "_fail" then outcome = "failure" end
  local body = string.format(
    '{"type":"%s","actor":{"id":"%s","type":"%s"},"action":"update",' ..
    '"resource":{"type":"%s","id":"%s/%s-%d"},"outcome":"%s","reason":"on-call change",' ..
    '"source":{"ip":"10.%d.%d.%d","user_agent":"%s"},' ..
    '"details":{"request_id":"%08x%08x","environment":"%s","ticket":"OPS-%d","duration_ms":%d}}',
    type, actor, actor_type, resource_type, environment, resource_type, math.random(0, 4999), outcome,
    math.random(0, 255), math.random(0, 255), math.random(1, 254), pick(agents),
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff),
    environment, math.random(10000, 99999), math.random(0, 1999))
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "countersign-wrk requests=%d failed=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, errors.status + errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
