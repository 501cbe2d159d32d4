#!/usr/bin/env bash
# Builds, from the commit that released 1.0.0, into api-compatibility/target/baseline, once:
#  - the 1.0.0 API JARs (platform-api, cache-elements), which japicmp compares the current API with;
#  - element-sqlite's 1.0.0 plugin JAR (plugins/element-sqlite-1.0.0.jar), which PluginBuiltAgainst100IT loads into
#    the current host: a plugin built against 1.0.0 must keep working.
# Built from git rather than downloaded or committed, so the baseline is exactly what plugins built against 1.0.0
# saw. Optional argument: the local Maven repository to build with (the calling build passes its own).
set -euo pipefail
commit=814f6eaef931452413a65df1727fedcd006e92bf
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/baseline"
if [ -f "$out/platform-api-1.0.0.jar" ] && [ -f "$out/cache-elements-1.0.0.jar" ] \
    && [ -f "$out/plugins/element-sqlite-1.0.0.jar" ]; then
  exit 0
fi
if ! git -C "$here/.." cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "api-compatibility: commit $commit (the 1.0.0 API) is not in this clone; fetch the full history" >&2
  exit 1
fi
repo=()
if [ -n "${1:-}" ]; then
  repo=("-Dmaven.repo.local=$1")
fi
src="$here/target/baseline-src"
rm -rf "$src" && mkdir -p "$src" "$out/plugins"
git -C "$here/.." archive "$commit" | tar -x -C "$src"
# `package` only: the baseline's 1.0.0 artifacts are never installed anywhere.
mvn -B -q -o "${repo[@]}" -f "$src/pom.xml" -pl platform-api,cache-elements,element-sqlite -DskipTests \
    -Delementkit.plugins.dir="$src/plugins" package
cp "$src/platform-api/target/platform-api-1.0.0.jar" "$src/cache-elements/target/cache-elements-1.0.0.jar" "$out/"
cp "$src/plugins/element-sqlite-1.0.0.jar" "$out/plugins/"
