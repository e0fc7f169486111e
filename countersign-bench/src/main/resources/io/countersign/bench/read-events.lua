-- wrk script: GET the URL given on the command line (e.g. /api/v1/events?limit=10).
-- The bearer token comes from the environment (COUNTERSIGN_TOKEN), never the command line.
-- Prints one "countersign-wrk key=value ..." summary line for the bench command to read.

function init(args)
  wrk.method = "GET"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("COUNTERSIGN_TOKEN")
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "countersign-wrk requests=%d failed=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, errors.status + errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
