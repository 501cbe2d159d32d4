#!/usr/bin/python3
"""The cold path of Python diskcache, the peer of the embedding API's openApp + first get: a fresh interpreter
imports diskcache, opens the cache folder and reads one missing key. Timed from the first line (interpreter boot
excluded, as OpenAppTiming excludes the JVM's); benchmarks/cold-start.sh also times the whole process.

Usage: /usr/bin/python3 benchmarks/peer/diskcache_cold.py CACHE_DIR
Prints "cold.diskcache.open_get_s <seconds>".
"""
import sys
import time

start = time.perf_counter()
import diskcache  # noqa: E402  (the import is part of what is timed)

cache = diskcache.Cache(sys.argv[1])
value = cache.get("cold-start:absent")
elapsed = time.perf_counter() - start
cache.close()
if value is not None:
    raise SystemExit(f"cold-start:absent holds {value!r}: the cache folder was changed")
print(f"cold.diskcache.open_get_s {elapsed:.3f}")
