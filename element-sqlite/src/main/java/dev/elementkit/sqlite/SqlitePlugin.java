package dev.elementkit.sqlite;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.pf4j.Plugin;

/**
 * The element-sqlite plugin: contributes {@link SqliteCacheType}. Stopping it closes every database file its
 * elements opened and stops their sweeper threads, so that nothing of the plugin's class loader stays alive after
 * an unload.
 */
public final class SqlitePlugin extends Plugin {

    @Override
    public void start() {
        SqliteBackends.start();
    }

    @Override
    public void stop() {
        SqliteBackends.stop();
        deregisterDrivers();
    }

    /**
     * sqlite-jdbc's driver class registers itself with {@link DriverManager} when it loads, and the JDK's registry
     * would then hold this plugin's class loader forever. Only code of this class loader may deregister it.
     */
    private static void deregisterDrivers() {
        ClassLoader ours = SqlitePlugin.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    // nothing more to release
                }
            }
        }
    }
}
