#!/usr/bin/env bash
# The Redis element against raw Lettuce (JMH, 1 and 32 threads) and against redis-benchmark (32 connections, no
# pipelining), in one run on one machine, against private redis-servers on free loopback ports (so redis-benchmark
# never writes into a shared Redis): a standalone server, then a 3-master cluster. Prints the ratios the element's
# goals are stated in (issue 15) and writes them, with the date and the load average, to
# benchmarks/results/redis-vs-redis-benchmark-<UTC time>.md:
#   element / raw Lettuce at 1 thread >= 0.95;  element at 32 threads / redis-benchmark -c 32 -P 1 >= 1.5 (SET, GET,
#   INCR; stretch 2), element p99 (JMH sample mode) <= 1.25 x redis-benchmark's p99;  the same against
#   redis-benchmark --cluster.
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
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H%M%SZ)
jmh() { # csv name, JMH arguments...
  local out=$1; shift
  java -Delementkit.plugins.dir="$PWD/plugins" -jar "$jar" "$@" -rf csv -rff "$work/$out.csv"
}

port=$(free_port)
start_server "$port"
echo "== redis-benchmark -c 32 -t set,get,incr (no pipelining) against 127.0.0.1:$port"
redis-benchmark -h 127.0.0.1 -p "$port" -c 32 -n 200000 -t set,get,incr -P 1 -q --csv | tee "$work/redis-benchmark.csv"
for threads in 1 32; do
  echo "== JMH RedisCacheBenchmark, $threads thread(s)"
  jmh "jmh-$threads" RedisCacheBenchmark -t "$threads" \
    -jvmArgsAppend "-Dredis.port=$port -Delementkit.plugins.dir=$PWD/plugins" "$@"
done
echo "== JMH RedisCacheBenchmark, element at 32 threads, latency percentiles (sample mode)"
jmh sample-32 'RedisCacheBenchmark.(set|get|incr)Element' -t 32 -bm sample -tu ms \
  -jvmArgsAppend "-Dredis.port=$port -Delementkit.plugins.dir=$PWD/plugins" "$@"

cluster_ports=($(free_cluster_port) $(free_cluster_port) $(free_cluster_port))
for p in "${cluster_ports[@]}"; do start_server "$p" --cluster-enabled yes --cluster-config-file "$work/$p/nodes.conf"; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${cluster_ports[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 1 100); do
  redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1
done
nodes=$(printf '127.0.0.1:%s,' "${cluster_ports[@]}"); nodes=${nodes%,}
echo "== redis-benchmark --cluster -c 32 -t set,get,incr against $nodes"
redis-benchmark --cluster -h 127.0.0.1 -p "${cluster_ports[0]}" -c 32 -n 200000 -t set,get,incr -P 1 -q --csv \
  | tee "$work/redis-benchmark-cluster.csv"
echo "== JMH RedisCacheBenchmark, cluster, 32 threads"
jmh cluster-32 RedisCacheBenchmark -t 32 \
  -jvmArgsAppend "-Dredis.cluster=$nodes -Delementkit.plugins.dir=$PWD/plugins" "$@"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p benchmarks/results
report="benchmarks/results/redis-vs-redis-benchmark-$started.md"
python3 - "$work" "$started" "$load_before" "$load_after" "$*" <<'PY' | tee "$report"
import csv, sys, os
work, started, load_before, load_after, args = sys.argv[1:6]
def jmh(name):
    scores = {}
    with open(os.path.join(work, f"{name}.csv")) as f:
        for row in csv.DictReader(f):
            bench = row["Benchmark"].split("RedisCacheBenchmark.", 1)[1]
            scores[bench] = float(row["Score"])
    return scores
def rb(name):
    rows = {}
    with open(os.path.join(work, name)) as f:
        for row in csv.reader(f):
            if row and row[0] in ("SET", "GET", "INCR"):
                rows[row[0].lower()] = (float(row[1]), float(row[6]))
    return rows
bench, cluster_bench = rb("redis-benchmark.csv"), rb("redis-benchmark-cluster.csv")
sample = jmh("sample-32")
print(f"# Redis element vs raw Lettuce vs redis-benchmark, {started}\n")
print(f"`benchmarks/redis-vs-redis-benchmark.sh {args}`; load average (1, 5, 15 min) {load_before} before, "
      f"{load_after} after (2 cores shared with other builds).\n")
print("```")
print(f"{'mode':10} {'op':5} {'threads':>7} {'element/s':>10} {'lettuce/s':>10} {'el/lettuce':>10} "
      f"{'rb/s':>9} {'el/rb':>6} {'el p99 ms':>9} {'rb p99 ms':>9} {'p99 el/rb':>9}")
for mode, name, threads, rbs in (("standalone", "jmh-1", 1, None), ("standalone", "jmh-32", 32, bench),
                                 ("cluster", "cluster-32", 32, cluster_bench)):
    s = jmh(name)
    for op in ("set", "get", "incr"):
        e, r = s[op + "Element"], s[op + "Raw"]
        b = rbs.get(op) if rbs else None
        p99 = sample.get(f"{op}Element:p0.99") if name == "jmh-32" else None
        cols = [f"{e:>10.0f}", f"{r:>10.0f}", f"{e / r:>10.3f}",
                f"{b[0]:>9.0f}" if b else f"{'-':>9}", f"{e / b[0]:>6.2f}" if b else f"{'-':>6}",
                f"{p99:>9.3f}" if p99 else f"{'-':>9}", f"{b[1]:>9.3f}" if b else f"{'-':>9}",
                f"{p99 / b[1]:>9.2f}" if (p99 and b) else f"{'-':>9}"]
        print(f"{mode:10} {op:5} {threads:>7} " + " ".join(cols))
print("```")
PY
echo "written to $report"
