-- wrk script for bench/load.py. Arguments after `--`: the most requests each thread makes (0: no limit).
-- Counts responses by status class in every thread; done() prints one line "BENCH_JSON {...}" with the
-- latency percentiles (microseconds), the counts and wrk's socket errors.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  limit = tonumber(args[1]) or 0
  seen, ok, redirect, client_error, server_error = 0, 0, 0, 0, 0
end

function response(status, headers, body)
  seen = seen + 1
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status < 400 then
    redirect = redirect + 1
  elseif status < 500 then
    client_error = client_error + 1
  else
    server_error = server_error + 1
  end
  if limit > 0 and seen >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local c = { ok = 0, redirect = 0, client_error = 0, server_error = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(c) do
      c[name] = c[name] + (thread:get(name) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"ok": %d, "redirect": %d, "client_error": %d, "server_error": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, c.ok, c.redirect, c.client_error, c.server_error,
    e.connect, e.read, e.write, e.timeout))
end
