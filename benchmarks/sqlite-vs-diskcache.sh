#!/usr/bin/env bash
# The SQLite element against Python diskcache 5.4 (Debian python3-diskcache, the reference platform's SQLite cache),
# every figure of issue 16 in one run: single-thread set/get/incr ops/s; 1 and 8 writer threads (set p50/p99/max,
# ops/s), beside the same timing of a 5 us call that touches no file or lock (the floor the scheduler sets while other
# builds share the cores); 2 processes x 8 writer threads on one file; 100 get : 10 set : 1 incr with 8 threads; the
# CLI's and the embedding API's cold start and getElement (benchmarks/cold-start.sh, beside diskcache's cold path).
# diskcache runs its concurrent figures with 8 processes (its own way to use cores). Prints a table and appends it,
# with the date and the load average, to benchmarks/results/sqlite-vs-diskcache.md.
#
# Usage, from the repository root after `mvn -q -DskipTests package` (the host and every plugin built):
#   benchmarks/sqlite-vs-diskcache.sh [seconds per measurement, default 3]   (about 3 minutes; 1 for a quick run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-3}
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
/usr/bin/python3 -c 'import diskcache' 2>/dev/null || { echo "missing diskcache (apt-get install python3-diskcache)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
element() {
  java -Delementkit.plugins.dir="$PWD/plugins" -cp "$jar" dev.elementkit.benchmarks.sqlite.SqliteVsDiskcache "$@"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== diskcache, 1 thread, then 8 processes" >&2
/usr/bin/python3 benchmarks/peer/diskcache_bench.py "$seconds" 8 | tee "$work/diskcache.txt" >&2
echo "== element, 1 thread" >&2
element single "$seconds" | tee "$work/element.txt" >&2
echo "== element, 1 writer thread" >&2
element writers 1 "$seconds" | sed 's/^writers\./writers1./' | tee -a "$work/element.txt" >&2
echo "== element, 8 writer threads" >&2
element writers 8 "$seconds" | tee -a "$work/element.txt" >&2
# The floor: the writers' timing of a 5 us call that touches no file or lock, i.e. what the scheduler alone adds to
# p99 and max while other builds share the cores.
echo "== the floor: 8 threads timing a 5 us call that touches no file or lock" >&2
element floor 8 "$seconds" | tee -a "$work/element.txt" >&2
echo "== element, 2 processes x 8 writer threads on one file" >&2
mkdir -p "$work/shared-app"
element writers 8 "$seconds" "$work/shared-app" >"$work/second.txt" &
second=$!
element writers 8 "$seconds" "$work/shared-app" | sed 's/^writers\./twoproc.a./' | tee -a "$work/element.txt" >&2
wait "$second"
sed 's/^writers\./twoproc.b./' "$work/second.txt" | tee -a "$work/element.txt" >&2
echo "== element, mixed 100:10:1, 8 threads" >&2
element mixed 8 "$seconds" | tee -a "$work/element.txt" >&2
echo "== cold start: devportal test caches.Default, openApp + first get, getElement (medians)" >&2
benchmarks/cold-start.sh -n 5 -s | tee -a "$work/element.txt" >&2

python3 - "$work" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$seconds" <<'PY' | tee -a benchmarks/results/sqlite-vs-diskcache.md
import datetime, os, sys
work, load_before, load_after, seconds = sys.argv[1:5]
def read(name):
    figures = {}
    for line in open(os.path.join(work, name)):
        key, value = line.split()
        figures[key] = value if key == "version" else float(value)
    return figures
d, e = read("diskcache.txt"), read("element.txt")
print(f"\n### {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, load average {load_before} before, {load_after} after, "
      f"{seconds} s per figure, {d['version']}\n")
print("| single thread, ops/s | element | diskcache | element/diskcache | goal |")
print("|---|---|---|---|---|")
for op, goal in (("set", 5), ("get", 2.5), ("incr", 4)):
    a, b = e["single." + op], d["single." + op]
    print(f"| {op} | {a:.0f} | {b:.0f} | {a / b:.2f} | ≥ {goal} {'met' if a / b >= goal else 'MISSED'} |")
print("\n| concurrent | ops/s | p50 ms | p99 ms | max ms | goal |")
print("|---|---|---|---|---|---|")
def row(label, f, prefix, goal=""):
    print(f"| {label} | {f[prefix + '.ops']:.0f} | {f[prefix + '.p50_ms']:.3f} | {f[prefix + '.p99_ms']:.3f} | "
          f"{f[prefix + '.max_ms']:.3f} | {goal} |")
def verdict(p99, top, prefix):
    ok = e[prefix + ".p99_ms"] <= p99 and e[prefix + ".max_ms"] <= top
    return f"p99 ≤ {p99}, max ≤ {top}: {'met' if ok else 'MISSED'}"
row("element set, 1 thread", e, "writers1")
row("element set, 8 threads", e, "writers", verdict(1, 10, "writers"))
row("floor: 8 threads, a 5 µs call touching no file or lock", e, "floor", "what the scheduler alone adds")
row("element set, 2 processes x 8 threads (process A)", e, "twoproc.a", verdict(3, 50, "twoproc.a"))
row("element set, 2 processes x 8 threads (process B)", e, "twoproc.b", verdict(3, 50, "twoproc.b"))
row("diskcache set, 8 processes", d, "writers")
row("element mixed 100:10:1, 8 threads", e, "mixed")
row("diskcache mixed 100:10:1, 8 processes", d, "mixed")
scale = e["writers.ops"] / e["writers1.ops"]
print(f"\n8-thread set throughput ÷ 1 thread: {scale:.2f} (goal ≥ 3: {'met' if scale >= 3 else 'MISSED'}); "
      f"mixed ops/s element ÷ diskcache: {e['mixed.ops'] / d['mixed.ops']:.2f}")
print(f"\nCold start, median of 5: `devportal test caches.Default` {e['cold.cds_on.wall_s']:.2f} s wall, "
      f"{e['cold.cds_on.cpu_s']:.2f} s CPU with the CDS archive ({e['cold.cds_off.wall_s']:.2f} s, "
      f"{e['cold.cds_off.cpu_s']:.2f} s without; goal ≤ 0.5 s wall: "
      f"{'met' if e['cold.cds_on.wall_s'] <= 0.5 else 'MISSED'}; diskcache's whole process "
      f"{e['cold.diskcache.wall_s']:.2f} s, {e['cold.diskcache.cpu_s']:.2f} s CPU); openApp + first get "
      f"{e['cold.open_app_first_get_s']:.2f} s (goal ≤ 0.3 s: {'met' if e['cold.open_app_first_get_s'] <= 0.3 else 'MISSED'}; "
      f"diskcache import + open + get {e['cold.diskcache.open_get_s']:.2f} s); getElement "
      f"{e['cold.get_element_ns']:.0f} ns (goal ≤ 100 ns: {'met' if e['cold.get_element_ns'] <= 100 else 'MISSED'}; "
      f"a map lookup {e['cold.map_lookup_ns']:.0f} ns)")
PY
