package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired rows leave the file without anyone reading them: the background sweeper deletes them. */
class ExpirySweepTest {

    @TempDir
    Path appRoot;

    @Test
    void expiredRows_areDeletedInTheBackground_withoutARead() throws Exception {
        Cache cache = new SqliteCacheType().create(new ElementContext("sweep", appRoot, "caches.Sweep"),
                new SqliteConfig("sweep.db", 5_000, 1));
        try {
            for (int i = 0; i < 1200; i++) { // more than one sweep batch
                cache.set("short:" + i, "v", 1);
            }
            cache.set("long", "v");
            assertEquals(1201, rows());
            long deadline = System.currentTimeMillis() + 10_000;
            while (rows() > 1) {
                if (System.currentTimeMillis() > deadline) {
                    fail("expired rows were not swept within 10 s; " + rows() + " rows left");
                }
                Thread.sleep(100);
            }
            assertEquals(1, rows());
            assertEquals("v", cache.get("long"));
        } finally {
            Instances.close(cache);
        }
    }

    private long rows() throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + appRoot.resolve("sweep.db"));
             Statement statement = raw.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM cache_entries")) {
            count.next();
            return count.getLong(1);
        }
    }
}
