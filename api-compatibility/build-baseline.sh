#!/usr/bin/env bash
# Builds the 1.0.0 API JARs (platform-api, cache-elements) from the commit that released them, into
# api-compatibility/target/baseline, once: the baseline japicmp compares the current API with. Built from git
# rather than downloaded or committed, so the baseline is exactly what plugins built against 1.0.0 saw.
set -euo pipefail
commit=814f6eaef931452413a65df1727fedcd006e92bf
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/baseline"
if [ -f "$out/platform-api-1.0.0.jar" ] && [ -f "$out/cache-elements-1.0.0.jar" ]; then
  exit 0
fi
if ! git -C "$here/.." cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "api-compatibility: commit $commit (the 1.0.0 API) is not in this clone; fetch the full history" >&2
  exit 1
fi
src="$here/target/baseline-src"
rm -rf "$src" && mkdir -p "$src" "$out"
git -C "$here/.." archive "$commit" | tar -x -C "$src"
# `package` only: the baseline's 1.0.0 artifacts are never installed anywhere.
mvn -B -q -o -f "$src/pom.xml" -pl platform-api,cache-elements -DskipTests package
cp "$src/platform-api/target/platform-api-1.0.0.jar" "$src/cache-elements/target/cache-elements-1.0.0.jar" "$out/"
