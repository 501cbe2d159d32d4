#!/usr/bin/env bash
# Cold start of the CLI: runs `./devportal test caches.Default` (the demo app's SQLite cache) N times without the
# class-data-sharing archive and N times with it, alternating so that a load swing hits both alike, and prints the
# median wall and CPU seconds of each. Prints "name value" lines (cold.*), as sqlite-vs-diskcache.sh reads them.
#
# Usage, from the repository root after `mvn -q -DskipTests package`: benchmarks/cold-start.sh [runs, default 7]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-7}
[ "$runs" -ge 5 ] || { echo "runs must be at least 5 for a median worth printing, not $runs" >&2; exit 1; }
command=(./devportal test caches.Default)
"${command[@]}" >/dev/null 2>&1 # makes the archive when the build left none
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for _ in $(seq 1 "$runs"); do
  for cds in off on; do
    /usr/bin/time -f "$cds %e %U %S" -a -o "$times" env DEVPORTAL_CDS=$cds "${command[@]}" >/dev/null 2>&1 \
      || { echo "'${command[*]}' failed with DEVPORTAL_CDS=$cds" >&2; exit 1; }
  done
done
python3 - "$times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.split() and line.split()[0] in ("on", "off")]
for cds in ("off", "on"):
    mine = [r for r in rows if r[0] == cds]
    print(f"cold.cds_{cds}.wall_s {statistics.median(float(r[1]) for r in mine):.3f}")
    print(f"cold.cds_{cds}.cpu_s {statistics.median(float(r[2]) + float(r[3]) for r in mine):.3f}")
PY
