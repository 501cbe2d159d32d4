#!/usr/bin/python3
"""Python diskcache, the library the reference platform's SQLite cache is built on, as the peer of the SQLite element
(same key count and value, no TTL): single-thread set, get and incr ops/s, and, with N processes on one cache
folder (diskcache's way to use cores: its own benchmarks run processes), set latencies and a mixed workload.

Usage: /usr/bin/python3 benchmarks/peer/diskcache_bench.py [seconds per operation, default 3] [processes, default 0]
With processes > 0 it also prints writers.* (every process sets) and mixed.* (100 get : 10 set : 1 incr) lines.
Every figure is a "name value" line, as SqliteVsDiskcache prints them, for benchmarks/sqlite-vs-diskcache.sh.
(the Debian python3-diskcache package is installed for the system interpreter)
"""
import multiprocessing
import random
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
    print(f"single.{name} {count / elapsed:.3f}")


def set_step(cache, keys, rng):
    cache.set(keys[rng.randrange(KEYS)], VALUE)


def mixed_step(cache, keys, rng):
    draw = rng.randrange(111)
    key = keys[rng.randrange(KEYS)]
    if draw < 100:
        cache.get(key)
    elif draw < 110:
        cache.set(key, VALUE)
    else:
        cache.incr("bench:counter")


def timed_worker(folder, step_name, seconds, start_at, results):
    cache = diskcache.Cache(folder)
    keys = [f"bench:user:{i}" for i in range(KEYS)]
    step = globals()[step_name]
    rng = random.Random()
    samples = []
    while time.time() < start_at:
        time.sleep(0.001)
    end = time.perf_counter() + seconds
    now = time.perf_counter()
    while now < end:
        step(cache, keys, rng)
        after = time.perf_counter()
        samples.append(after - now)
        now = after
    cache.close()
    results.put(samples)


def processes_run(folder, name, step_name, processes, seconds):
    results = multiprocessing.Queue()
    start_at = time.time() + 0.5  # every process started and its cache open before the clock runs
    workers = [multiprocessing.Process(target=timed_worker, args=(folder, step_name, seconds, start_at, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    samples = []
    for _ in workers:
        samples.extend(results.get())
    for worker in workers:
        worker.join()
    samples.sort()
    total = len(samples)
    print(f"{name}.ops {total / seconds:.3f}")
    print(f"{name}.p50_ms {samples[int(total * 0.50)] * 1e3:.3f}")
    print(f"{name}.p99_ms {samples[min(total - 1, int(total * 0.99))] * 1e3:.3f}")
    print(f"{name}.max_ms {samples[-1] * 1e3:.3f}")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    folder = tempfile.mkdtemp(prefix="diskcache-bench-")
    try:
        cache = diskcache.Cache(folder)
        keys = [f"bench:user:{i}" for i in range(KEYS)]
        for key in keys:
            cache.set(key, VALUE)
        print(f"version diskcache-{diskcache.__version__}-sqlite-{sqlite3.sqlite_version}")
        measure("set", lambda i: cache.set(keys[i % KEYS], VALUE), seconds)
        measure("get", lambda i: cache.get(keys[i % KEYS]), seconds)
        measure("incr", lambda i: cache.incr("bench:counter"), seconds)
        cache.close()
        if processes > 0:
            processes_run(folder, "writers", "set_step", processes, seconds)
            processes_run(folder, "mixed", "mixed_step", processes, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
