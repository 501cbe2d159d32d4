#!/usr/bin/python3
"""Single-thread set, get and incr ops/s of python diskcache, the library the reference platform's SQLite cache is
built on, as a peer figure beside SqliteCacheBenchmark (same key count and value).

Usage: /usr/bin/python3 benchmarks/peer/diskcache_bench.py [seconds per operation, default 3]
(the Debian python3-diskcache package is installed for the system interpreter)
"""
import shutil
import sqlite3
import sys
import tempfile
import time

import diskcache

KEYS = 1024
VALUE = '{"user":"ann","roles":["admin","dev"],"since":"2024-01-01","score":12345}'


def measure(name, operation, seconds):
    # A warm-up pass as long as the measurement, then the measured one.
    for _ in range(2):
        count = 0
        start = time.perf_counter()
        end = start + seconds
        while time.perf_counter() < end:
            for i in range(100):
                operation(i)
            count += 100
        elapsed = time.perf_counter() - start
    print(f"{name:6s} {count / elapsed:12.0f} ops/s")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    folder = tempfile.mkdtemp(prefix="diskcache-bench-")
    try:
        cache = diskcache.Cache(folder)
        keys = [f"bench:user:{i}" for i in range(KEYS)]
        for key in keys:
            cache.set(key, VALUE)
        print(f"diskcache {diskcache.__version__}, sqlite {sqlite3.sqlite_version}")
        measure("set", lambda i: cache.set(keys[i % KEYS], VALUE), seconds)
        measure("get", lambda i: cache.get(keys[i % KEYS]), seconds)
        measure("incr", lambda i: cache.incr("bench:counter"), seconds)
        cache.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
