#!/usr/bin/env bash
# A/B of the SQLite element's single-thread set/get/incr between two builds of its plugin JAR, run alternately in the
# same minutes (the machine's load moves too much to compare figures taken apart). Prints one line per run and the
# median of each figure per side, with the load average. Uses the `single` mode of SqliteVsDiskcache, which
# benchmarks/sqlite-vs-diskcache.sh also calls.
#
# Usage, from the repository root after `mvn -q -DskipTests package` (benchmarks.jar built):
#   benchmarks/sqlite-single-ab.sh -a <dir holding side A's element-sqlite JAR> -b <dir for side B>
#                                  [-n rounds, default 3] [-s seconds per figure, default 2]
# e.g. side A from main: git worktree add --detach /tmp/main main && (cd /tmp/main && mvn -q -o -pl element-sqlite
#   -am package -DskipTests) && mkdir /tmp/a && cp /tmp/main/plugins/element-sqlite-*.jar /tmp/a/
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=3 seconds=2 a="" b=""
while getopts "a:b:n:s:" opt; do
  case $opt in
    a) a=$OPTARG ;; b) b=$OPTARG ;; n) rounds=$OPTARG ;; s) seconds=$OPTARG ;;
    *) echo "usage: $0 -a DIR -b DIR [-n rounds] [-s seconds]" >&2; exit 2 ;;
  esac
done
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
for dir in "$a" "$b"; do
  ls "$dir"/element-sqlite-*.jar >/dev/null 2>&1 || { echo "no element-sqlite JAR in '$dir' (-a/-b)" >&2; exit 2; }
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    dir=$a; [ "$side" = B ] && dir=$b
    figures=$(java -Delementkit.plugins.dir="$dir" -cp "$jar" dev.elementkit.benchmarks.sqlite.SqliteVsDiskcache \
      single "$seconds" 2>/dev/null | tr '\n' ' ')
    echo "round $round side $side load $(cut -d' ' -f1 /proc/loadavg) $figures" | tee -a "$out"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" <<'PY'
import statistics, sys
runs = {"A": {}, "B": {}}
for line in open(sys.argv[1]):
    words = line.split()
    side, pairs = words[3], words[6:]
    for key, value in zip(pairs[0::2], pairs[1::2]):
        runs[side].setdefault(key, []).append(float(value))
print("median ops/s | A | B | B/A")
for key in runs["A"]:
    a, b = statistics.median(runs["A"][key]), statistics.median(runs["B"][key])
    print(f"{key} | {a:.0f} | {b:.0f} | {b / a:.2f}")
PY
