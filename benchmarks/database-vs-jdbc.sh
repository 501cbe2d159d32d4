#!/usr/bin/env bash
# The Database element (PostgreSQL and MariaDB) against raw JDBC on the same statements, table and pool kind (JMH,
# one thread, same run), on the machine's servers (127.0.0.1:5432 postgres, 127.0.0.1:3306 root; the benchmark
# creates and drops a table of its own). Prints the ratios and appends them, with the date and the load average, to
# benchmarks/results/database.md.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/database-vs-jdbc.sh [extra JMH options, e.g. -wi 1 -i 3 -w 1s -r 2s]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
java -jar "$jar" DatabaseCacheBenchmark -t 1 -jvmArgsAppend "-Delementkit.plugins.dir=$PWD/plugins" \
  -rf csv -rff "$work/jmh.csv" "$@"

python3 - "$work" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY' | tee -a benchmarks/results/database.md
import csv, sys, os, datetime
work, load_before, load_after = sys.argv[1:4]
scores = {}
with open(os.path.join(work, "jmh.csv")) as f:
    for row in csv.DictReader(f):
        scores[(row["Param: kind"], row["Benchmark"].rsplit(".", 1)[1])] = float(row["Score"])
print(f"\n### {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, load average {load_before} before, {load_after} after\n")
print("| 1 thread, ops/s | element (JAR via PF4J) | raw JDBC, same statements | element/raw |")
print("|---|---|---|---|")
for kind in ("postgresql", "mariadb"):
    for op in ("set", "get", "incr"):
        e, r = scores[(kind, op + "Element")], scores[(kind, op + "Raw")]
        print(f"| {kind} {op} | {e:.0f} | {r:.0f} | {e / r:.2f} |")
PY
