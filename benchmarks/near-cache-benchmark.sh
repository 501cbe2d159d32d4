#!/usr/bin/env bash
# The Redis element's near cache (issue 15), in one run against a private redis-server on a free loopback port:
#   1. JMH NearCacheBenchmark at 1 thread: a hot-key GET served by the near cache vs the same element type's network
#      GET, same server, same run. Goal: near / network >= 20.
#   2. NearCacheVisibility: another client (raw Lettuce) writes the hot key N times; for each write, the time until
#      the near-cached element returns the new value. Goal: p99 <= 5 ms over >= 10 000 writes.
# Prints both and writes them, with the date and the load average, to benchmarks/results/near-cache-<UTC time>.md.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/near-cache-benchmark.sh [-n WRITES] [extra JMH options, e.g. -wi 1 -i 2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

writes=10000
if [ "${1:-}" = "-n" ]; then writes=$2; shift 2; fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "missing redis-server (apt-get install redis-server)" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  >"$work/redis.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H%M%SZ)
props=(-Dredis.port="$port" -Delementkit.plugins.dir="$PWD/plugins")
echo "== JMH NearCacheBenchmark, 1 thread, against 127.0.0.1:$port"
# Other engineers' JMH runs hold /tmp/jmh.lock on this shared machine; the ratio is taken within this run anyway.
java "${props[@]}" -Djmh.ignoreLock=true -jar "$jar" NearCacheBenchmark -t 1 -jvmArgsAppend "${props[*]}" "$@" \
  -rf csv -rff "$work/jmh.csv"
echo "== NearCacheVisibility, $writes writes by another client"
java "${props[@]}" -Dwrites="$writes" -cp "$jar" dev.elementkit.benchmarks.redis.NearCacheVisibility \
  | tee "$work/visibility.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p benchmarks/results
report="benchmarks/results/near-cache-$started.md"
python3 - "$work" "$started" "$load_before" "$load_after" "$writes $*" <<'PY' | tee "$report"
import csv, os, re, sys
work, started, load_before, load_after, args = sys.argv[1:6]
scores = {}
with open(os.path.join(work, "jmh.csv")) as f:
    for row in csv.DictReader(f):
        scores[row["Benchmark"].rsplit(".", 1)[1]] = (float(row["Score"]), float(row["Score Error (99.9%)"] or 0))
line = [l for l in open(os.path.join(work, "visibility.txt")) if l.startswith("visibility ")][-1]
v = dict(kv.split("=") for kv in line.split()[1:])
near, network = scores["getHotNear"], scores["getHotNetwork"]
ratio = near[0] / network[0]
p99_ms = int(v["p99_us"]) / 1000
print(f"# Redis near cache, {started}\n")
print(f"`benchmarks/near-cache-benchmark.sh` (writes, JMH options: {args}); load average (1, 5, 15 min) "
      f"{load_before} before, {load_after} after (2 cores shared with other builds).\n")
print("```")
print(f"hot-key GET, 1 thread   near cache {near[0]:>12,.0f} ops/s (± {near[1]:,.0f})")
print(f"                        network    {network[0]:>12,.0f} ops/s (± {network[1]:,.0f})")
print(f"                        near / network = {ratio:.1f}x   (goal >= 20x: {'met' if ratio >= 20 else 'MISSED'})")
print(f"another client's write  {v['writes']} writes: p50 {int(v['p50_us'])/1000:.3f} ms, p99 {p99_ms:.3f} ms, "
      f"max {int(v['max_us'])/1000:.3f} ms   (goal p99 <= 5 ms: {'met' if p99_ms <= 5 else 'MISSED'})")
print(f"                        the writer's own SET round trip meanwhile: p50 {int(v['set_p50_us'])/1000:.3f} ms, "
      f"p99 {int(v['set_p99_us'])/1000:.3f} ms; visibility p99 / SET p99 = "
      f"{int(v['p99_us']) / max(1, int(v['set_p99_us'])):.1f}")
print(f"                        reads of the old value while the invalidation travelled (20 us apart): "
      f"{v['reads_of_the_old_value']}")
print("```")
PY
echo "written to $report"
