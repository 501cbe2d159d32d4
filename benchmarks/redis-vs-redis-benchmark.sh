#!/usr/bin/env bash
# The Redis element, and the TongRDS element on the same engine (RESP2), against raw Lettuce (JMH, 1 and 32 threads)
# and against redis-benchmark (32 connections, no pipelining), in one run on one machine, against private
# redis-servers on free loopback ports (so redis-benchmark never writes into a shared Redis): a standalone server,
# then a 3-master cluster. Prints the ratios the element's goals are stated in (issue 15) and writes them, with the
# date and the load average, to benchmarks/results/redis-vs-redis-benchmark-<UTC time>.md:
#   element / raw Lettuce at 1 thread >= 0.95;  element at 32 threads / redis-benchmark -c 32 -P 1 >= 1.5 (SET, GET,
#   INCR; stretch 2);  element p99 <= 1.25 x redis-benchmark's p99;  the same against redis-benchmark --cluster.
#
# Like with like:
# - Every JMH figure comes from sample mode (-bm sample): each row's throughput is threads / mean latency of the same
#   run whose p99 is printed, as redis-benchmark reports both from one run. JMH runs raw Lettuce, the Redis element
#   and the TongRDS element back to back for each operation.
# - Keys: redis-benchmark gets -r 1024, so its keys, like JMH's, are 1024 per test (without -r it hits one key).
#   The values are 3 bytes on both sides (redis-benchmark's -d default).
# - Cluster: redis-benchmark --cluster opens its 32 connections spread over the masters (11/11/10) and, unless told
#   otherwise, runs one event-loop thread per master (3 threads; standalone it runs 1), each connection sending only
#   keys whose hash tag lies on its own master. The element uses one connection per master, each shared by all 32
#   threads, and routes every key to its slot. Both figures are printed: against redis-benchmark --cluster as it
#   runs by default (the goal's reference) and with --threads 1 (the same client shape as the standalone row).
# - The cluster is used only once every master reports cluster_state:ok, so no test starts on CLUSTERDOWN.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/redis-vs-redis-benchmark.sh [JMH options]      default: -wi 1 -w 1s -i 3 -r 2s (about 6 minutes)
# e.g. benchmarks/redis-vs-redis-benchmark.sh -wi 2 -w 2s -i 5 -r 3s   for a longer run on a quiet machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
for plugin in element-redis element-tongrds; do
  ls plugins/"$plugin"-*.jar >/dev/null 2>&1 || { echo "missing plugins/$plugin-*.jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
done
for binary in redis-server redis-benchmark redis-cli python3; do
  command -v "$binary" >/dev/null || { echo "missing $binary (apt-get install redis-server redis-tools python3)" >&2; exit 1; }
done
jmh_options=("$@")
[ ${#jmh_options[@]} -gt 0 ] || jmh_options=(-wi 1 -w 1s -i 3 -r 2s)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# A cluster node also listens on its port + 10000 (the cluster bus), so its port must be 55535 or less.
free_cluster_port() {
  python3 -c '
import random, socket
while True:
    port = random.randint(20000, 55535)
    try:
        for p in (port, port + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", p)); s.close()
        print(port); break
    except OSError:
        pass'
}
work=$(mktemp -d)
servers=()
trap 'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
start_server() { # port, extra redis-server options
  local port=$1; shift
  mkdir -p "$work/$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/$port" --daemonize no "$@" \
    >"$work/$port/redis.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
section() { echo "== $* (load $(load))"; echo "$* | $(load)" >>"$work/sections.txt"; }
rb() { # csv name, redis-benchmark arguments...
  local out=$1; shift
  redis-benchmark -h 127.0.0.1 -c 32 -n 200000 -r 1024 -t set,get,incr -P 1 -q --csv "$@" | tee "$work/$out.csv"
}
jmh() { # csv name, threads, target system properties
  java -jar "$jar" RedisCacheBenchmark -t "$2" -bm sample -tu us "${jmh_options[@]}" \
    -jvmArgsAppend "$3 -Delementkit.plugins.dir=$PWD/plugins" -rf csv -rff "$work/$1.csv"
}
load_before=$(load)
started=$(date -u +%Y-%m-%dT%H%M%SZ)

port=$(free_port)
start_server "$port"
section "redis-benchmark -c 32 -r 1024 -t set,get,incr (no pipelining) against 127.0.0.1:$port"
rb rb-standalone -p "$port"
for threads in 1 32; do
  section "JMH RedisCacheBenchmark (raw Lettuce, Redis element, TongRDS element), standalone, $threads thread(s)"
  jmh "standalone-$threads" "$threads" "-Dredis.port=$port"
done

cluster_ports=($(free_cluster_port) $(free_cluster_port) $(free_cluster_port))
for p in "${cluster_ports[@]}"; do start_server "$p" --cluster-enabled yes --cluster-config-file "$work/$p/nodes.conf"; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${cluster_ports[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
for p in "${cluster_ports[@]}"; do
  for _ in $(seq 1 200); do redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || { echo "cluster node $p never became ok" >&2; exit 1; }
done
nodes=$(printf '127.0.0.1:%s,' "${cluster_ports[@]}"); nodes=${nodes%,}
section "redis-benchmark --cluster -c 32 -r 1024 -t set,get,incr against $nodes (one thread per master)"
rb rb-cluster --cluster -p "${cluster_ports[0]}"
section "redis-benchmark --cluster --threads 1 -c 32 -r 1024 -t set,get,incr against $nodes"
rb rb-cluster-1 --cluster --threads 1 -p "${cluster_ports[0]}"
section "JMH RedisCacheBenchmark (raw Lettuce, Redis element, TongRDS element), cluster, 32 threads"
jmh cluster-32 32 "-Dredis.cluster=$nodes"
load_after=$(load)

mkdir -p benchmarks/results
report="benchmarks/results/redis-vs-redis-benchmark-$started.md"
python3 - "$work" "$started" "$load_before" "$load_after" "${jmh_options[*]}" <<'PY' | tee "$report"
import csv, sys, os
work, started, load_before, load_after, options = sys.argv[1:6]

def jmh(name, threads):
    """{(op, side): (ops/s, p99 ms)} from a sample-mode run: ops/s = threads / mean latency."""
    rows = {}
    with open(os.path.join(work, f"{name}.csv")) as f:
        for row in csv.DictReader(f):
            bench = row["Benchmark"].split("RedisCacheBenchmark.", 1)[1]
            rows[bench] = float(row["Score"])  # microseconds
    result = {}
    for op in ("set", "get", "incr"):
        for side in ("Raw", "Redis", "TongRds"):
            mean = rows[op + side]
            result[(op, side)] = (threads * 1e6 / mean, rows[f"{op}{side}:p0.99"] / 1000)
    return result

def rb(name):
    rows = {}
    with open(os.path.join(work, f"{name}.csv")) as f:
        for row in csv.reader(f):
            if row and row[0] in ("SET", "GET", "INCR"):
                rows[row[0].lower()] = (float(row[1]), float(row[6]))
    return rows

def ratio(a, b, digits=2):
    return f"{a / b:.{digits}f}" if a and b else "-"

print(f"# Redis element vs raw Lettuce vs redis-benchmark, {started}\n")
print(f"`benchmarks/redis-vs-redis-benchmark.sh {options}`; load average (1, 5, 15 min) {load_before} before, "
      f"{load_after} after ({os.cpu_count()} cores shared with other builds). Sections and the load when each began:\n")
print("```")
with open(os.path.join(work, "sections.txt")) as f:
    print(f.read().rstrip())
print("```\n")
print("Element = the plugin JAR through PF4J: `Redis` is caches.RedisType, `TongRDS` caches.TongRDSType (RESP2, "
      "same engine) against the same redis-server(s). ops/s = threads / mean latency (JMH sample mode); "
      "p99 in ms. `rb` = redis-benchmark -c 32 -P 1 -r 1024; cluster: `--cluster` (one thread per master), "
      "`rb1` = `--cluster --threads 1`.\n")
print("```")
print(f"{'mode':10} {'op':4} {'thr':>3} {'element':8} {'el ops/s':>9} {'raw ops/s':>9} {'el/raw':>6} "
      f"{'rb ops/s':>9} {'el/rb':>6} {'el p99':>7} {'rb p99':>7} {'p99 el/rb':>9} {'rb1 ops/s':>9} {'el/rb1':>6}")
standalone_1, standalone_32, cluster_32 = jmh("standalone-1", 1), jmh("standalone-32", 32), jmh("cluster-32", 32)
runs = (("standalone", 1, standalone_1, None, None), ("standalone", 32, standalone_32, rb("rb-standalone"), None),
        ("cluster", 32, cluster_32, rb("rb-cluster"), rb("rb-cluster-1")))
for mode, threads, s, bench, bench_1 in runs:
    for op in ("set", "get", "incr"):
        raw = s[(op, "Raw")][0]
        for side, label in (("Redis", "Redis"), ("TongRds", "TongRDS")):
            e, p99 = s[(op, side)]
            b = bench.get(op) if bench else None
            b1 = bench_1.get(op) if bench_1 else None
            print(f"{mode:10} {op:4} {threads:>3} {label:8} {e:>9.0f} {raw:>9.0f} {ratio(e, raw, 3):>6} "
                  + (f"{b[0]:>9.0f} {ratio(e, b[0]):>6} {p99:>7.3f} {b[1]:>7.3f} {ratio(p99, b[1]):>9}" if b
                     else f"{'-':>9} {'-':>6} {p99:>7.3f} {'-':>7} {'-':>9}")
                  + (f" {b1[0]:>9.0f} {ratio(e, b1[0]):>6}" if b1 else f" {'-':>9} {'-':>6}"))
print("```")
print("\nGoals (issue 15): el/raw >= 0.95 at 1 thread; el/rb >= 1.5 (stretch 2) and p99 el/rb <= 1.25 at 32 threads, "
      "standalone and cluster, for both elements.")
PY
echo "written to $report"
