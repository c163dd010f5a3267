-- wrk script for `make bench`: logged-in users, quick-log POSTs and home/timeline
-- GETs mixed 1:4. Sessions come from the file named by BENCH_SESSIONS (one
-- "sessionid csrftoken" pair a line). Each POST carries a client_token unique
-- in the run (run nonce + thread id + counter), so every successful POST is one new row.
-- A successful quick-log POST without htmx answers 302; the GETs answer 200.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  sessions = {}
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    local sid, csrf = line:match("^(%S+)%s+(%S+)$")
    if sid then
      table.insert(sessions, { sid, csrf })
    end
  end
  nonce = os.getenv("BENCH_NONCE") or "00000000"
  n = 0
  posts, posts_ok, gets_ok, bad = 0, 0, 0, 0
end

function request()
  n = n + 1
  local s = sessions[(n * 7 + id) % #sessions + 1]
  local headers = { ["Cookie"] = "sessionid=" .. s[1] .. "; csrftoken=" .. s[2] }
  local slot = n % 5
  if slot == 0 then
    posts = posts + 1
    headers["X-CSRFToken"] = s[2]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local token = string.format("%s-%04x-4000-8000-%012x", nonce, id, n)
    local body = "muscle=calf&side=left&when=now&client_token=" .. token
    return wrk.format("POST", "/log/", headers, body)
  elseif slot == 1 or slot == 3 then
    return wrk.format("GET", "/", headers)
  end
  return wrk.format("GET", "/journal/", headers)
end

function response(status, headers, body)
  if status == 302 then
    posts_ok = posts_ok + 1
  elseif status == 200 then
    gets_ok = gets_ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local p, pok, gok, b = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    p = p + thread:get("posts")
    pok = pok + thread:get("posts_ok")
    gok = gok + thread:get("gets_ok")
    b = b + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "posts_sent": %d, "posts_ok": %d, ' ..
    '"gets_ok": %d, "bad_status": %d, "non_2xx_3xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, p, pok, gok, b, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
