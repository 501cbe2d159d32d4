#!/usr/bin/env bash
# Issue 11's "Done when", as a new plugin author meets it, outside the repository: generates a plugin from the
# installed archetype in a temporary folder, runs `mvn verify` there (the TCK against the plugin's JAR), starts
# `./devportal serve` on a copy of the demo app and the built plugins, drops the new JAR into its plugins folder and
# times until GET /api/element-types lists the new Type (each round removes the JAR first). Prints the line counts of
# the generated pom and classes, and appends the figures with the date and load average to
# benchmarks/results/plugin-author-kit.md.
#
# Usage, from the repository root after `mvn -q -DskipTests install`:
#   benchmarks/plugin-author-kit.sh [-r ROUNDS (3)] [-p PORT (18471)] [-o (offline Maven)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
rounds=3 port=18471 offline=()
while getopts "r:p:o" option; do
  case $option in
    r) rounds=$OPTARG ;;
    p) port=$OPTARG ;;
    o) offline=(-o) ;;
    *) echo "usage: $0 [-r ROUNDS] [-p PORT] [-o]" >&2; exit 1 ;;
  esac
done
version=$(sed -n 's:.*<elementkit.version>\(.*\)</elementkit.version>.*:\1:p' pom.xml)
# The local repository this checkout installs into (a worktree's .mvn/maven.config may name its own).
repo=$(grep -o -- '-Dmaven.repo.local=[^ ]*' .mvn/maven.config 2>/dev/null || true)
mvn=(mvn -B -q "${offline[@]}" ${repo:+"$repo"})
work=$(mktemp -d /tmp/plugin-author-kit.XXXXXX)
serve=""
cleanup() {
  if [ -n "$serve" ]; then kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$work"
"${mvn[@]}" org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate -DarchetypeGroupId=dev.elementkit \
  -DarchetypeArtifactId=elementkit-plugin-archetype -DarchetypeVersion="$version" -DgroupId=com.example \
  -DartifactId=element-memory -Dversion=1.0.0 -Dpackage=com.example.memory -DtypeName=Memory -DinteractiveMode=false
lines=$(cd element-memory && wc -l pom.xml $(find src -name '*.java' | sort) | sed 's/^ */    /')
(cd element-memory && "${mvn[@]}" verify)
tests=$(cat element-memory/target/failsafe-reports/failsafe-summary.xml | tr -d '\n' \
  | sed 's:.*<completed>\([0-9]*\)</completed>.*<errors>\([0-9]*\)</errors>.*<failures>\([0-9]*\)</failures>.*:\1 run, \2 errors, \3 failures:')
jar=$work/element-memory/target/plugins/element-memory-1.0.0.jar

mkdir -p plugins && cp "$root"/plugins/*.jar plugins/
cp -r "$root/examples/demo-app" app && rm -rf app/appData
token=plugin-author-kit-$RANDOM$RANDOM
DEVPORTAL_CDS=off DEVPORTAL_API_TOKEN=$token "$root/devportal" serve --app app --plugins plugins --port "$port" \
  > serve.log 2>&1 &
serve=$!
types() { curl -s -m 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/element-types"; }
now() { date +%s.%N; }
for _ in $(seq 1 600); do types | grep -q caches.SqliteType && break; sleep 0.1; done
types | grep -q caches.SqliteType || { echo "the portal did not start: $(tail -5 serve.log)" >&2; exit 1; }
results=""
for round in $(seq 1 "$rounds"); do
  rm -f "plugins/$(basename "$jar")"
  while types | grep -q caches.MemoryType; do sleep 0.1; done
  sleep 1
  start=$(now)
  cp "$jar" plugins/
  seen=""
  while [ "$(echo "$(now) - $start < 10" | bc)" = 1 ]; do
    if types | grep -q caches.MemoryType; then seen=$(printf "%.2f" "$(echo "$(now) - $start" | bc)"); break; fi
    sleep 0.05
  done
  results+="    round $round: ${seen:-not within 10} s (load $(cut -d' ' -f1-3 /proc/loadavg))"$'\n'
done

report="## $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)

- Generated in a temporary folder from elementkit-plugin-archetype $version; \`mvn verify\` there: $tests.
- Line counts of the generated project:
$lines
- The JAR dropped into a running \`devportal serve\`, until GET /api/element-types lists caches.MemoryType
  (polled every 50 ms; each poll is one HTTP call):
$results"
echo "$report"
printf '%s\n' "$report" >> "$root/benchmarks/results/plugin-author-kit.md"
