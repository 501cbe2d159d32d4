package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.ElementContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Test Connection of the built plugin: green on both servers, and a distinct code for each way it can fail. */
@Timeout(60)
class ConnectionTestIT {

    private static final ElementContext CONTEXT = new ElementContext("ct", Path.of("."), "caches.Db");
    private static PluginHarness harness;
    private static String table;

    @BeforeAll
    static void load() {
        harness = PluginHarness.load(PluginUnderTest.ID);
        table = TestDatabase.newTable();
    }

    @AfterAll
    static void unload() throws Exception {
        harness.close();
        for (TestDatabase database : TestDatabase.values()) {
            database.dropTable(table);
        }
    }

    private static ConnectionTestResult test(Map<String, Object> config) {
        return harness.test(PluginUnderTest.TYPE, CONTEXT, config, Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void isGreenAndCreatesTheTable(TestDatabase database) {
        ConnectionTestResult result = test(database.config(table));
        assertTrue(result.success(), result.toString());
        assertEquals(TestCode.OK, result.code());
        assertEquals(table, result.details().get("table"));
        assertTrue(String.valueOf(result.details().get("server_version")).startsWith(
                database == TestDatabase.POSTGRESQL ? "PostgreSQL" : "MariaDB"), result.details().toString());
    }

    @Test
    void anUnloggedPostgresTableIsReportedAsSuch() throws Exception {
        String unloggedTable = TestDatabase.newTable();
        try {
            Map<String, Object> config = TestDatabase.POSTGRESQL.config(unloggedTable);
            config.put("unlogged", true);
            ConnectionTestResult result = test(config);
            assertTrue(result.success(), result.toString());
            assertEquals(true, result.details().get("unlogged"));
        } finally {
            TestDatabase.POSTGRESQL.dropTable(unloggedTable);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aClosedPortIsUnreachable(TestDatabase database) throws Exception {
        Map<String, Object> config = database.config(table);
        config.put("port", freePort());
        ConnectionTestResult result = test(config);
        assertEquals(TestCode.UNREACHABLE, result.code(), result.toString());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServerThatNeverAnswersIsATimeout(TestDatabase database) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, Object> config = database.config(table);
            config.put("port", silent.getLocalPort());
            ConnectionTestResult result = harness.test(PluginUnderTest.TYPE, CONTEXT, config, Duration.ofSeconds(2));
            assertEquals(TestCode.TIMEOUT, result.code(), result.toString());
        }
    }

    @Test
    void aWrongMariaDbPasswordIsAnAuthFailureAndTheMessageHoldsNoSecret() {
        Map<String, Object> config = TestDatabase.MARIADB.config(table);
        config.put("password", "s3cret-never-shown");
        ConnectionTestResult result = test(config);
        assertEquals(TestCode.AUTH_FAILED, result.code(), result.toString());
        assertFalse(result.toString().contains("s3cret-never-shown"), result.toString());
    }

    @Test
    void anUnknownPostgresRoleIsAnAuthFailure() {
        Map<String, Object> config = TestDatabase.POSTGRESQL.config(table);
        config.put("user", "no_such_role_ek");
        ConnectionTestResult result = test(config);
        assertEquals(TestCode.AUTH_FAILED, result.code(), result.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
