package dev.elementkit.benchmarks.sqlite;

/**
 * A cross-check of {@link SqliteCacheBenchmark}'s element/raw ratios for a machine whose load drifts (other builds
 * share the cores): both sides run in one JVM in alternating 100 ms slices, so that a load swing hits both alike.
 * It reports ops/s per side and the ratio; JMH remains the measurement of record.
 *
 * <p>Run from the repository root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.elementkit.benchmarks.sqlite.SqliteInterleavedComparison [rounds, default 40]}
 */
public final class SqliteInterleavedComparison {

    private static final long SLICE_NANOS = 100_000_000L;
    private static final int WARMUP_ROUNDS = 5;

    @FunctionalInterface
    private interface Operation {
        Object run() throws Exception;
    }

    private SqliteInterleavedComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        SqliteCacheBenchmark benchmark = new SqliteCacheBenchmark();
        benchmark.setUp();
        try {
            compare("set", benchmark::setElement, benchmark::setRaw, rounds);
            compare("get", benchmark::getElement, benchmark::getRaw, rounds);
            compare("incr", benchmark::incrElement, benchmark::incrRaw, rounds);
        } finally {
            benchmark.tearDown();
        }
    }

    private static void compare(String name, Operation element, Operation raw, int rounds) throws Exception {
        Operation[] sides = {element, raw};
        long[] operations = new long[2];
        long[] nanos = new long[2];
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int side = round % 2 == 0 ? turn : 1 - turn; // alternate who goes first
                long start = System.nanoTime();
                long done = 0;
                while (System.nanoTime() - start < SLICE_NANOS) {
                    for (int i = 0; i < 20; i++) {
                        sides[side].run();
                    }
                    done += 20;
                }
                if (round >= WARMUP_ROUNDS) {
                    operations[side] += done;
                    nanos[side] += System.nanoTime() - start;
                }
            }
        }
        double elementRate = operations[0] * 1e9 / nanos[0];
        double rawRate = operations[1] * 1e9 / nanos[1];
        System.out.printf("%-5s element %9.0f ops/s   raw %9.0f ops/s   element/raw %.2f%n", name, elementRate, rawRate,
                elementRate / rawRate);
    }
}
