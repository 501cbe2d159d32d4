#!/usr/bin/env bash
# Cold start, issue 16, beside Python diskcache in the same run:
#   - `./devportal test caches.Default` (the demo app's SQLite cache): median wall and CPU (user+sys) seconds of N
#     runs with the class-data-sharing archive the build made, and N without it;
#   - the embedding API's openApp + first get (benchmarks/embedding/OpenAppTiming.java, a fresh JVM per run): median
#     seconds inside the JVM, and the whole process's wall and CPU; plain, and with a CDS archive of the program's own
#     (made by one run with -XX:ArchiveClassesAtExit, as an embedding program can do);
#   - diskcache's cold path (benchmarks/peer/diskcache_cold.py, a fresh interpreter per run): the same two figures;
#   - getElement on a resolved element (JMH, GetElementBenchmark) beside a ConcurrentHashMap lookup.
# The runs alternate (devportal with CDS, without, openApp plain and with CDS, diskcache) so that a load swing hits all alike. CPU time
# is the steadier figure on a loaded machine: wall includes waiting for a core.
#
# Prints "name value" lines (cold.*), which benchmarks/sqlite-vs-diskcache.sh reads, and appends a table with the
# date and load average to benchmarks/results/cold-start.md.
#
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   benchmarks/cold-start.sh [-n RUNS] [-J] [-s]      (or: benchmarks/cold-start.sh RUNS)
#     -n RUNS  runs of each command, at least 5 (default 7)
#     -J       leave out the JMH getElement figure (saves about 20 s)
#     -s       print the figures only, write no results file (sqlite-vs-diskcache.sh writes its own)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=7 jmh=1 write=1
while getopts "n:Js" option; do
  case $option in
    n) runs=$OPTARG ;;
    J) jmh=0 ;;
    s) write=0 ;;
    *) sed -n '/^# Usage/,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || runs=$1
[ "$runs" -ge 5 ] 2>/dev/null || { echo "runs must be a number, at least 5 for a median worth printing, not $runs" >&2; exit 1; }

host_jar=$(ls devportal-stub/target/devportal-stub-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1)
[ -n "$host_jar" ] || { echo "devportal-stub is not built: run 'mvn -q -DskipTests package' first" >&2; exit 1; }
[ -f devportal-stub/target/devportal.jsa ] \
  || echo "note: no devportal-stub/target/devportal.jsa (built with -Ddevportal.cds.skip?): the first run makes one" >&2
[ $jmh -eq 0 ] || [ -f benchmarks/target/benchmarks.jar ] \
  || { echo "missing benchmarks/target/benchmarks.jar: run 'mvn -q -DskipTests package' first, or pass -J" >&2; exit 1; }
/usr/bin/python3 -c 'import diskcache' 2>/dev/null || { echo "missing diskcache (apt-get install python3-diskcache)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# In a JAR: a class-data-sharing archive takes no folders on the class path.
javac -proc:none -d "$work/classes" -cp "$host_jar" benchmarks/embedding/OpenAppTiming.java
jar cf "$work/timing.jar" -C "$work/classes" .
command=(./devportal test caches.Default)
"${command[@]}" >/dev/null 2>&1 || { echo "'${command[*]}' fails: fix that first" >&2; exit 1; }
/usr/bin/python3 benchmarks/peer/diskcache_cold.py "$work/diskcache" >/dev/null # the folder exists, as the app's file
embed=(java -cp "$work/timing.jar:$host_jar" OpenAppTiming)
cds_off=(-Xlog:cds=off -Xlog:cds+dynamic=off)
java -XX:ArchiveClassesAtExit="$work/embed.jsa" "${cds_off[@]}" -cp "$work/timing.jar:$host_jar" OpenAppTiming \
  >/dev/null 2>&1 || { echo "making the embedding program's CDS archive failed" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
timed() { # label, command...: appends "label wall user sys" to $work/times, and the command's output to $work/out.label
  local label=$1
  shift
  /usr/bin/time -f "$label %e %U %S" -a -o "$work/times" "$@" >>"$work/out.$label" 2>"$work/err" \
    || { echo "'$*' failed:" >&2; cat "$work/err" >&2; exit 1; }
}
for _ in $(seq 1 "$runs"); do
  timed cds_on env DEVPORTAL_CDS=on "${command[@]}"
  timed cds_off env DEVPORTAL_CDS=off "${command[@]}"
  timed open_app "${embed[@]}"
  timed open_app_cds java -XX:SharedArchiveFile="$work/embed.jsa" "${cds_off[@]}" -cp "$work/timing.jar:$host_jar" OpenAppTiming
  timed diskcache /usr/bin/python3 benchmarks/peer/diskcache_cold.py "$work/diskcache"
done
if [ $jmh -eq 1 ]; then
  # Beside other people's JMH runs on a shared machine (JMH's lock would refuse): the figure that counts is the ratio
  # to the map lookup in the same run.
  java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar GetElementBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -rf csv \
    -rff "$work/jmh.csv" >"$work/jmh.txt" 2>&1 || { cat "$work/jmh.txt" >&2; exit 1; }
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work" "$load_before" "$load_after" "$runs" "$write" <<'PY'
import csv, datetime, os, statistics, sys
work, load_before, load_after, runs, write = sys.argv[1:6]
figures = {}
rows = [line.split() for line in open(os.path.join(work, "times")) if len(line.split()) == 4]
for label in ("cds_on", "cds_off", "open_app", "open_app_cds", "diskcache"):
    mine = [r for r in rows if r[0] == label]
    figures[f"cold.{label}.wall_s"] = statistics.median(float(r[1]) for r in mine)
    figures[f"cold.{label}.cpu_s"] = statistics.median(float(r[2]) + float(r[3]) for r in mine)
for label, name in (("open_app", "cold.open_app_first_get_s"), ("open_app_cds", "cold.open_app_cds_first_get_s"),
                    ("diskcache", "cold.diskcache.open_get_s")):
    values = [float(line.split()[1]) for line in open(os.path.join(work, "out." + label)) if len(line.split()) == 2]
    figures[name] = statistics.median(values)
jmh = os.path.join(work, "jmh.csv")
if os.path.exists(jmh):
    for row in csv.DictReader(open(jmh)):
        method = row["Benchmark"].rsplit(".", 1)[1]
        figures["cold.get_element_ns" if method == "getElement" else "cold.map_lookup_ns"] = float(row["Score"])
for name, value in figures.items():
    print(f"{name} {value:.3f}")
if write != "1":
    sys.exit()

def verdict(value, goal):
    return f"≤ {goal}: {'met' if value <= goal else 'MISSED'}"
f = figures
lines = [f"\n### {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, load average {load_before} before, {load_after} after,"
         f" median of {runs} runs each, {os.cpu_count()} cores\n",
         "| cold path | wall s | CPU s (user+sys) | diskcache wall s | diskcache CPU s | wall ÷ diskcache | goal |",
         "|---|---|---|---|---|---|---|"]
dw, dc = f["cold.diskcache.wall_s"], f["cold.diskcache.cpu_s"]
for label, key, goal in (("`devportal test caches.Default`, CDS archive", "cds_on", 0.5),
                         ("`devportal test caches.Default`, no archive", "cds_off", None),
                         ("openApp + first get, whole JVM process", "open_app", None),
                         ("openApp + first get, whole JVM process, the program's own CDS archive", "open_app_cds",
                          None)):
    w, c = f[f"cold.{key}.wall_s"], f[f"cold.{key}.cpu_s"]
    lines.append(f"| {label} | {w:.2f} | {c:.2f} | {dw:.2f} | {dc:.2f} | {w / dw:.1f} | "
                 f"{verdict(w, goal) if goal else ''} |")
o, d = f["cold.open_app_first_get_s"], f["cold.diskcache.open_get_s"]
lines.append(f"| openApp + first get, inside the JVM (diskcache: import + open + get) | {o:.3f} | | {d:.3f} | |"
             f" {o / d:.1f} | {verdict(o, 0.3)} |")
oc = f["cold.open_app_cds_first_get_s"]
lines.append(f"| the same with the program's own CDS archive | {oc:.3f} | | {d:.3f} | | {oc / d:.1f} |"
             f" {verdict(oc, 0.3)} |")
if "cold.get_element_ns" in f:
    g, m = f["cold.get_element_ns"], f["cold.map_lookup_ns"]
    lines.append(f"\ngetElement on a resolved element (JMH): {g:.1f} ns; a ConcurrentHashMap lookup in the same run "
                 f"{m:.1f} ns ({g / m:.1f}x); goal ≤ 100 ns: {'met' if g <= 100 else 'MISSED'}")
text = "\n".join(lines) + "\n"
print(text, file=sys.stderr)
with open("benchmarks/results/cold-start.md", "a") as results:
    if results.tell() == 0:
        results.write("# Cold start (issue 16): benchmarks/cold-start.sh\n")
    results.write(text)
PY
