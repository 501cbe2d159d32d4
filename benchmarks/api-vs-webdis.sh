#!/usr/bin/env bash
# The cache service over HTTP (devportal api, /api/v2/{service}/{key}, API keys on) beside Webdis (a C HTTP front for
# Redis) in one run, on the same Redis (the machine's 127.0.0.1:6379, database 0; each side under its own key prefix,
# nothing flushed). wrk drives both at 32 keep-alive connections: GET of one key, then PUT of one key (the service's
# upsert; Webdis's PUT /SETEX). Prints requests/s, p99 and the service/Webdis ratios, and writes them with the date
# and load average into benchmarks/results/.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/api-vs-webdis.sh                 # 20 s per measurement, request log off
#   DURATION=30s REQUEST_LOG=1 benchmarks/api-vs-webdis.sh
#   PROFILE=1 benchmarks/api-vs-webdis.sh       # also records JFR during the service's GET run and prints the hot frames
# A benchmark, not a test: it asserts nothing. Needs wrk, webdis, redis-cli, curl (Debian packages of those names).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

duration=${DURATION:-20s}
warmup=${WARMUP:-30s}
connections=32
jar=devportal-stub/target/devportal-stub-1.0.0.jar
[ -f "$jar" ] && ls plugins/element-redis-*.jar >/dev/null 2>&1 \
  || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
for binary in wrk webdis redis-cli curl; do
  command -v "$binary" >/dev/null || { echo "missing $binary (apt-get install $binary)" >&2; exit 1; }
done
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "no Redis on 127.0.0.1:6379" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
run_id=$(date +%s)$$
app_id="bench.Api$run_id"
webdis_prefix="bench.webdis$run_id"
api_pid=""
webdis_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null || true
  [ -n "$webdis_pid" ] && kill "$webdis_pid" 2>/dev/null || true
  redis-cli -n 0 DEL "$app_id:bench:1" "$webdis_prefix:bench:1" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- the service: an app with one Redis element, one API key, devportal api on a free port
mkdir -p "$work/app/caches/MyRedis"
echo "{\"appId\": \"$app_id\", \"name\": \"Bench\"}" >"$work/app/app.json"
echo '{"title": "Bench Redis", "type": "caches.RedisType"}' >"$work/app/caches/MyRedis/e.json"
echo '{"host": "127.0.0.1", "port": 6379, "db": 0, "socket_timeout": 5, "socket_connect_timeout": 5}' \
  >"$work/app/caches/MyRedis/MyRedis.json"
api_key=$(java -jar "$jar" keys create --app "$work/app" --name bench --services myredis --methods GET,PUT \
  | grep -o 'ek_[A-Za-z0-9_-]*')
api_port=$(free_port)
log_flag="--no-request-log"
[ "${REQUEST_LOG:-0}" = 1 ] && log_flag=""
java ${BENCH_JAVA_OPTS:-} -jar "$jar" api --app "$work/app" --plugins plugins --port "$api_port" $log_flag \
  >"$work/api.log" 2>&1 &
api_pid=$!

# --- Webdis on a free port, same Redis, database 0
webdis_port=$(free_port)
cat >"$work/webdis.json" <<JSON
{"redis_host": "127.0.0.1", "redis_port": 6379, "redis_auth": null, "http_host": "127.0.0.1",
 "http_port": $webdis_port, "threads": 2, "pool_size": 4, "daemonize": false, "database": 0,
 "acl": [{"disabled": ["DEBUG", "FLUSHDB", "FLUSHALL", "KEYS"]}], "verbosity": 0, "logfile": "$work/webdis.log"}
JSON
webdis "$work/webdis.json" >/dev/null 2>&1 &
webdis_pid=$!

for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$webdis_port/PING" \
    >/dev/null 2>&1 && break
  sleep 0.1
done

value='{"name": "John", "email": "john@example.com", "plan": "pro", "visits": 1024, "tags": ["a", "b", "c"]}'
curl -sf -X PUT "http://127.0.0.1:$api_port/api/v2/myredis/bench:1" -H "X-Api-Key: $api_key" \
  -H "Content-Type: application/json" -d "{\"value\": $value, \"ttl\": 3600}" >/dev/null
curl -sf -X PUT --data-binary "$value" "http://127.0.0.1:$webdis_port/SETEX/$webdis_prefix:bench:1/3600" >/dev/null
echo "service GET: $(curl -s "http://127.0.0.1:$api_port/api/v2/myredis/bench:1" -H "X-Api-Key: $api_key")"
echo "webdis  GET: $(curl -s "http://127.0.0.1:$webdis_port/GET/$webdis_prefix:bench:1")"

cat >"$work/put-api.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$api_key"
wrk.body = '{"value": $value, "ttl": 3600}'
LUA
cat >"$work/put-webdis.lua" <<LUA
wrk.method = "PUT"
wrk.body = '$value'
LUA

api_get="http://127.0.0.1:$api_port/api/v2/myredis/bench:1"
webdis_get="http://127.0.0.1:$webdis_port/GET/$webdis_prefix:bench:1"
api_put="http://127.0.0.1:$api_port/api/v2/myredis/bench:1"
webdis_put="http://127.0.0.1:$webdis_port/SETEX/$webdis_prefix:bench:1/3600"

# CPU time (user + system, clock ticks) a process has used: divided by the requests served, it gives CPU per request,
# a figure that other load on a shared machine hardly moves, unlike requests/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

measure() { # name, pid of the server, wrk args...
  local name=$1 pid=$2; shift 2
  local before after
  before=$(cpu_ticks "$pid")
  wrk -t2 -c"$connections" -d"$duration" --latency "$@" >"$work/$name.txt" 2>&1
  after=$(cpu_ticks "$pid")
  local rps p99 requests cpu_us errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  requests=$(awk '/requests in/ {print $1}' "$work/$name.txt")
  cpu_us=$(python3 -c "print(round(($after - $before) / $ticks_per_second * 1e6 / max(1, $requests), 1))")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/$name.txt" | tr '\n' ' ' || true)
  printf '%-12s %10s req/s  p99 %8s  cpu/request %7s us  %s\n' "$name" "$rps" "$p99" "$cpu_us" "$errors" \
    | tee -a "$work/summary.txt"
}

echo "== warm-up (JIT), $warmup each, not counted"
wrk -t2 -c"$connections" -d"$warmup" -H "X-Api-Key: $api_key" "$api_get" >/dev/null
wrk -t2 -c"$connections" -d"$warmup" -s "$work/put-api.lua" "$api_put" >/dev/null
wrk -t2 -c"$connections" -d5s "$webdis_get" >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== measured, $duration each, $connections connections, load average before: $load_before"
measure webdis-get "$webdis_pid" "$webdis_get"
measure service-get "$api_pid" -H "X-Api-Key: $api_key" "$api_get"
measure webdis-put "$webdis_pid" -s "$work/put-webdis.lua" "$webdis_put"
measure service-put "$api_pid" -s "$work/put-api.lua" "$api_put"
# Where the service's time goes: the HTTP stack alone (/health: no key, no Redis), then the key check and
# the service lookup (the service list, no Redis); the GET above adds the Redis round trip to these.
measure service-static "$api_pid" "http://127.0.0.1:$api_port/health"
measure service-auth "$api_pid" -H "X-Api-Key: $api_key" "http://127.0.0.1:$api_port/api/v2"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

result="benchmarks/results/api-vs-webdis-$(date -u +%Y-%m-%dT%H%M%SZ).md"
python3 - "$work/summary.txt" "$result" "$load_before" "$load_after" "$duration" "${REQUEST_LOG:-0}" <<'PY'
import sys, re, datetime, platform, os
summary, result, before, after, duration, request_log = sys.argv[1:7]
rows = {}
for line in open(summary):
    parts = line.split()
    rows[parts[0]] = (float(parts[1]), parts[4], float(parts[6]))
def ratio(op):
    return rows[f"service-{op}"][0] / rows[f"webdis-{op}"][0]
lines = [
    f"# devportal api vs Webdis, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
    "",
    f"`benchmarks/api-vs-webdis.sh`: wrk -t2 -c32 -d{duration}, keep-alive, one key of a 100-byte JSON value, on the",
    "machine's Redis 127.0.0.1:6379 db 0 (each side under its own prefix). Service: `devportal api` with API keys on"
    f" (X-Api-Key), request log {'on' if request_log == '1' else 'off'}; Webdis: 2 threads, pool 4. {os.cpu_count()} cores, load average"
    f" before {before}, after {after} (other engineers' builds share the machine).",
    "",
    "| request | service req/s | service p99 | Webdis req/s | Webdis p99 | service/Webdis req/s | CPU µs/request service / Webdis |",
    "|---|---|---|---|---|---|---|",
]
for op, label in (("get", "GET /api/v2/myredis/bench:1 vs GET /GET/key"),
                  ("put", "PUT /api/v2/myredis/bench:1 vs PUT /SETEX/key/3600")):
    s, w = rows[f"service-{op}"], rows[f"webdis-{op}"]
    lines.append(f"| {label} | {s[0]:.0f} | {s[1]} | {w[0]:.0f} | {w[1]} | {ratio(op):.2f} | {s[2]:.0f} / {w[2]:.0f} |")
lines += [
    "",
    "Where the service's CPU per request goes (same run):",
    "",
    "| request | req/s | CPU µs/request |",
    "|---|---|---|",
    f"| GET /health: HTTP stack only (Jetty + Javalin, a 15-byte JSON, no key) | {rows['service-static'][0]:.0f} | {rows['service-static'][2]:.0f} |",
    f"| GET /api/v2 with the key: + key check, service lookup, JSON | {rows['service-auth'][0]:.0f} | {rows['service-auth'][2]:.0f} |",
    f"| GET /api/v2/myredis/bench:1: + the Redis round trip through the element | {rows['service-get'][0]:.0f} | {rows['service-get'][2]:.0f} |",
]
text = "\n".join(lines) + "\n"
open(result, "w").write(text)
print("\n" + text)
print(f"written to {result}")
PY

if [ "${PROFILE:-0}" = 1 ]; then
  # After the measured runs: JFR's profiling settings cost the service several times its CPU per request.
  echo "== JFR during one more GET run of $duration (not counted)"
  jcmd "$api_pid" JFR.start name=bench settings=default filename="$work/api.jfr" >/dev/null
  wrk -t2 -c"$connections" -d"$duration" -H "X-Api-Key: $api_key" "$api_get" | grep Requests/sec
  jcmd "$api_pid" JFR.stop name=bench >/dev/null
  echo "== JFR: hottest frames (self samples) of the service's GET run"
  jfr print --events jdk.ExecutionSample "$work/api.jfr" \
    | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
    | sort | uniq -c | sort -rn | head -25
  echo "== JFR: samples by package (any frame of the stack)"
  jfr print --events jdk.ExecutionSample "$work/api.jfr" \
    | awk '/stackTrace = \[/ {n++} /^[ \t]+[a-z]+\.[a-z]/ {sub(/^[ \t]+/, ""); split($0, p, "."); key=p[1]"."p[2]"."p[3]; seen[n, key]=1} END {for (k in seen) {split(k, q, SUBSEP); c[q[2]]++}; for (k in c) print c[k], k}' \
    | sort -rn | head -15
fi
