package dev.elementkit.database;

import org.junit.jupiter.api.AfterAll;

/** The cache contract on the machine's PostgreSQL. */
class PostgresCacheIT extends DatabaseCacheContract {

    @AfterAll
    static void dropTable() throws Exception {
        TestDatabase.POSTGRESQL.dropTable(table);
    }

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
