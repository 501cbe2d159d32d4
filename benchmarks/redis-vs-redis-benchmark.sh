#!/usr/bin/env bash
# The Redis element against raw Lettuce (JMH, 1 and 32 threads) and against redis-benchmark (32 connections, no
# pipelining), in one run on one machine, against a private redis-server on a free loopback port (so redis-benchmark
# never writes into a shared Redis). Prints the ratios the element's goals are stated in:
#   element / raw Lettuce >= 0.95   and   element at 32 threads / redis-benchmark -c 32 >= 1.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/redis-vs-redis-benchmark.sh [extra JMH options, e.g. -wi 1 -i 2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
for binary in redis-server redis-benchmark redis-cli; do
  command -v "$binary" >/dev/null || { echo "missing $binary (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --daemonize no \
  >"$work/redis.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

echo "== redis-benchmark -c 32 -t set,get (no pipelining) against 127.0.0.1:$port"
redis-benchmark -h 127.0.0.1 -p "$port" -c 32 -n 200000 -t set,get -P 1 -q --csv | tee "$work/redis-benchmark.csv"

for threads in 1 32; do
  echo "== JMH RedisCacheBenchmark, $threads thread(s)"
  java -Delementkit.plugins.dir="$PWD/plugins" -jar "$jar" RedisCacheBenchmark \
    -t "$threads" -jvmArgsAppend "-Dredis.port=$port -Delementkit.plugins.dir=$PWD/plugins" \
    -rf csv -rff "$work/jmh-$threads.csv" "$@"
done

python3 - "$work" <<'PY'
import csv, sys, os
work = sys.argv[1]
def jmh(threads):
    scores = {}
    with open(os.path.join(work, f"jmh-{threads}.csv")) as f:
        for row in csv.DictReader(f):
            name = row["Benchmark"].rsplit(".", 1)[1]
            scores[name] = float(row["Score"])
    return scores
bench = {}
with open(os.path.join(work, "redis-benchmark.csv")) as f:
    for row in csv.reader(f):
        if row and row[0] in ("SET", "GET"):
            bench[row[0].lower()] = float(row[1])
print("\n== ratios")
print(f"{'op':5} {'threads':>7} {'element/s':>12} {'lettuce/s':>12} {'element/lettuce':>16} {'redis-benchmark/s':>18} {'element/rb':>11}")
for threads in (1, 32):
    s = jmh(threads)
    for op in ("set", "get", "incr"):
        e, r = s.get(op + "Element"), s.get(op + "Raw")
        rb = bench.get(op) if threads == 32 else None
        print(f"{op:5} {threads:>7} {e:>12.0f} {r:>12.0f} {e / r:>16.3f} "
              f"{(f'{rb:.0f}' if rb else '-'):>18} {(f'{e / rb:.3f}' if rb else '-'):>11}")
PY
