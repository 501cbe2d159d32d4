#!/usr/bin/env bash
# The Memcached element against raw Folsom (JMH, one thread, same run) and against libmemcached's memcslap (one
# thread, no pipelining), against a private memcached on a free loopback port. Prints the ratios and appends them,
# with the date and the load average, to benchmarks/results/memcached.md.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/memcached-vs-memcslap.sh [extra JMH options, e.g. -wi 1 -i 3 -w 1s -r 2s]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
for binary in memcached memcslap; do
  command -v "$binary" >/dev/null || { echo "missing $binary (apt-get install memcached libmemcached-tools)" >&2; exit 1; }
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
memcached -l 127.0.0.1 -p "$port" -U 0 -m 256 -u "$(id -un)" >"$work/memcached.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.05; done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== memcslap -c 1 -e 50000 against 127.0.0.1:$port"
for test in set get; do
  memcslap -s "127.0.0.1:$port" -N -c 1 -e 50000 -t "$test" 2>&1 | tee "$work/memcslap-$test.txt" | grep "Time to $test"
done

echo "== JMH MemcachedCacheBenchmark, 1 thread"
java -jar "$jar" MemcachedCacheBenchmark -t 1 \
  -jvmArgsAppend "-Dmemcached.servers=127.0.0.1:$port -Delementkit.plugins.dir=$PWD/plugins" \
  -rf csv -rff "$work/jmh.csv" "$@"

python3 - "$work" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee -a benchmarks/results/memcached.md
import csv, sys, os, re, datetime
work, load_before, load_after = sys.argv[1:4]
scores = {}
with open(os.path.join(work, "jmh.csv")) as f:
    for row in csv.DictReader(f):
        scores[row["Benchmark"].rsplit(".", 1)[1]] = float(row["Score"])
slap = {}
for test in ("set", "get"):
    text = open(os.path.join(work, f"memcslap-{test}.txt")).read()
    seconds = float(re.search(r"Time to %s\s+(\d+) keys by\s+1 threads:\s+([\d.]+) seconds" % test, text).group(2))
    slap[test] = 50000 / seconds
print(f"\n### {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, load average {load_before} before, {load_after} after\n")
print("| 1 thread, ops/s | element (JAR via PF4J) | raw Folsom | element/raw | memcslap -c 1 | element/memcslap |")
print("|---|---|---|---|---|---|")
for op in ("set", "get", "incr"):
    e, r = scores[op + "Element"], scores[op + "Raw"]
    s = slap.get(op)
    print(f"| {op} | {e:.0f} | {r:.0f} | {e / r:.2f} | {f'{s:.0f}' if s else '-'} | {f'{e / s:.2f}' if s else '-'} |")
PY
