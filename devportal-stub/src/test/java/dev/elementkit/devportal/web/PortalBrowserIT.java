package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed's flow in a real headless Chromium: open the portal, {@code + → More → Cache Storage → SQLite Cache},
 * fill the panel generated from the schema, see a field error from the server, save, Test Connection green; then a
 * Redis Cache reached with the keyboard alone, its password switched to an environment variable, pointed at a port
 * where nothing listens: Test Connection red with code UNREACHABLE. Screenshots go to target/screenshots.
 */
class PortalBrowserIT {

    @Test
    void createASqliteCacheAndARedisCacheFromThePage() throws Exception {
        // As `devportal serve` runs it: a token on loopback too, reached through the link it prints.
        try (PortalFixture portal = PortalFixture.start(PortalSettings.of("127.0.0.1", 0, null), Map.of(),
                "element-sqlite", "element-redis");
             Browser browser = Browser.start()) {
            portal.withToken(portal.server.settings().apiToken());
            WebDriver driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            RedisServer redis = null;
            try {
                driver.get(portal.server.link().toString());
                wait.until(ExpectedConditions.urlToBe(portal.server.uri().toString()));
                wait.until(ExpectedConditions.textToBe(testId("app-id"), portal.appId));
                wait.until(ExpectedConditions.attributeToBe(testId("live"), "data-state", "open"));

                // + → More → Cache Storage → the cache types of the loaded plugins, with title and icon
                click(wait, testId("add-element"));
                click(wait, testId("menu-more"));
                click(wait, By.cssSelector("[data-test=menu-category][data-category='Cache Storage']"));
                List<String> offered = new ArrayList<>();
                for (WebElement option : wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(
                        testId("type-option"), 1))) {
                    offered.add(option.getText().trim());
                    assertFalse(option.findElements(By.cssSelector("img.type-icon, .letter-icon")).isEmpty());
                }
                assertTrue(offered.containsAll(List.of("SQLite Cache", "Redis Cache")),
                        () -> offered + "; plugins: " + portal.get("/api/plugins").body());
                step(browser, driver, "01-add-cache-storage-menu");
                click(wait, By.cssSelector("[data-test=type-option][data-type='caches.SqliteType']"));

                // The panel: one control per schema property, with labels, help, defaults, bounds and required marks.
                wait.until(ExpectedConditions.textToBe(testId("panel-title"), "New SQLite Cache"));
                JsonNode schema = portal.get("/api/element-types/caches.SqliteType").json().path("schema");
                schema.path("properties").fieldNames().forEachRemaining(name ->
                        assertEquals(1, driver.findElements(testId("field-" + name)).size(), "a control for " + name));
                WebElement busy = driver.findElement(testId("input-busy_timeout_ms"));
                assertEquals("number", busy.getAttribute("type"));
                assertEquals("100", busy.getAttribute("min"));
                assertEquals("600000", busy.getAttribute("max"));
                assertEquals("10000", busy.getAttribute("value"), "the schema's default is filled in");
                assertTrue(driver.findElement(testId("field-directory")).findElements(By.cssSelector(".required")).isEmpty(),
                        "the file is not required: empty is the element's own file");
                assertTrue(driver.findElement(testId("field-directory")).getText().contains("appData/caches/<Name>/sqlite.db"),
                        "the help says where an empty file goes");
                assertEquals("cfg-directory", driver.findElement(By.cssSelector("label[for='cfg-directory']"))
                        .getAttribute("for"), "inputs have labels");

                type(driver, testId("element-name"), "MySqlite");
                type(driver, testId("element-title"), "My SQLite Cache");
                type(driver, testId("input-busy_timeout_ms"), "5");
                click(wait, testId("save"));
                WebElement busyError = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("error-busy_timeout_ms")));
                assertFalse(busyError.getText().isBlank(), "the server's error is shown beside its field");
                assertEquals("true", busy.getAttribute("aria-invalid"));
                step(browser, driver, "02-sqlite-error-beside-field");
                assertTrue(driver.findElements(By.cssSelector("[data-test=tree-element][data-fullname='caches.MySqlite']")).isEmpty());

                type(driver, testId("input-busy_timeout_ms"), "10000");
                click(wait, testId("save"));
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.MySqlite']")));
                assertTrue(Files.exists(portal.appDir.resolve("caches/MySqlite/MySqlite.json")));

                click(wait, testId("test-connection"));
                WebElement result = wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-test=test-result][data-success]")));
                assertEquals("true", result.getAttribute("data-success"), result.getText());
                assertEquals("OK", driver.findElement(testId("test-code")).getText());
                assertFalse(driver.findElements(testId("test-step")).isEmpty(), "the steps are shown");
                assertTrue(driver.findElement(testId("test-latency")).getText().endsWith("ms"));
                assertTrue(Files.exists(portal.appDir.resolve("appData/caches/MySqlite/sqlite.db")),
                        "saved with its defaults, the cache made its own file");
                step(browser, driver, "03-sqlite-saved-test-connection-green");

                // The Redis Cache, with the keyboard only: Enter on +, arrows through More and Cache Storage.
                WebElement add = driver.findElement(testId("add-element"));
                add.sendKeys(Keys.ENTER);
                wait.until(d -> "menu-more".equals(d.switchTo().activeElement().getAttribute("data-test")));
                driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
                wait.until(d -> "menu-category".equals(d.switchTo().activeElement().getAttribute("data-test")));
                driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
                wait.until(d -> "type-option".equals(d.switchTo().activeElement().getAttribute("data-test")));
                for (int i = 0; i < 10 && !"caches.RedisType".equals(driver.switchTo().activeElement().getAttribute("data-type")); i++) {
                    driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
                }
                driver.switchTo().activeElement().sendKeys(Keys.ENTER);
                wait.until(ExpectedConditions.textToBe(testId("panel-title"), "New Redis Cache"));
                assertEquals("element-name", driver.switchTo().activeElement().getAttribute("id"), "focus moves into the panel");

                assertEquals("password", driver.findElement(testId("input-password")).getAttribute("type"));
                List<String> modes = new ArrayList<>();
                new Select(driver.findElement(testId("input-mode"))).getOptions().forEach(o -> modes.add(o.getAttribute("value")));
                assertTrue(modes.containsAll(List.of("standalone", "sentinel", "cluster")), modes.toString());

                // Standalone (the default mode): only the fields it uses; sentinel's appear when it is chosen.
                for (String other : List.of("nodes", "master_name", "sentinel_password", "ssl_verify_peer",
                        "ssl_trust_store", "ssl_trust_store_password")) {
                    assertFalse(driver.findElement(testId("field-" + other)).isDisplayed(), other + " in standalone mode");
                }
                assertEquals("127.0.0.1", driver.findElement(testId("input-host")).getAttribute("value"), "the default host");
                step(browser, driver, "04a-redis-standalone-form");
                new Select(driver.findElement(testId("input-mode"))).selectByValue("sentinel");
                wait.until(ExpectedConditions.visibilityOfElementLocated(testId("field-master_name")));
                assertFalse(driver.findElement(testId("field-host")).isDisplayed(), "no host in sentinel mode");
                step(browser, driver, "04b-redis-sentinel-form");
                // Cluster mode has only database 0: the field goes (and is not sent); standalone shows the default 1.
                new Select(driver.findElement(testId("input-mode"))).selectByValue("cluster");
                wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("field-db")));
                new Select(driver.findElement(testId("input-mode"))).selectByValue("standalone");
                wait.until(ExpectedConditions.invisibilityOfElementLocated(testId("field-master_name")));
                assertEquals("1", driver.findElement(testId("input-db")).getAttribute("value"), "the reference's db");

                // Test Connection on an invalid port marks the port field, as Save does, and names no file.
                type(driver, testId("input-port"), "70000");
                click(wait, testId("test-connection"));
                WebElement portError = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("error-port")));
                assertFalse(portError.getText().isBlank());
                assertEquals("true", driver.findElement(testId("input-port")).getAttribute("aria-invalid"));
                assertFalse(driver.findElement(testId("test-result")).getText().contains(".json"),
                        "an unsaved form has no file to name");
                step(browser, driver, "04c-redis-invalid-port-marked");

                // A Redis server that is stopped for now: the element is saved pointing at it.
                redis = RedisServers.withPassword("e2e-secret-value");
                redis.kill();
                type(driver, testId("element-name"), "MyRedis");
                type(driver, testId("input-host"), "127.0.0.1");
                type(driver, testId("input-port"), String.valueOf(redis.port()));
                // The password as an environment variable: name, value for this app, remark.
                click(wait, testId("var-toggle-password"));
                type(driver, testId("var-name-password"), "E2E_REDIS_PASSWORD");
                type(driver, testId("var-value-password"), "e2e-secret-value");
                type(driver, testId("var-remark-password"), "set by the browser test");

                click(wait, testId("test-connection"));
                WebElement failed = wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-test=test-result][data-success]")));
                assertEquals("false", failed.getAttribute("data-success"), failed.getText());
                assertEquals("UNREACHABLE", failed.getAttribute("data-code"), failed.getText());
                assertEquals("UNREACHABLE", driver.findElement(testId("test-code")).getText());
                assertFalse(driver.findElement(testId("test-message")).getText().isBlank());
                assertFalse(driver.findElements(By.cssSelector("[data-test=test-step][data-outcome=FAILED]")).isEmpty());
                step(browser, driver, "04-redis-unreachable-test-connection-red");

                click(wait, testId("save"));
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.MyRedis']")));
                JsonNode saved = portal.get("/api/elements/caches.MyRedis").json();
                assertEquals("{{E2E_REDIS_PASSWORD}}", saved.path("config").path("password").asText(), saved.toString());
                assertTrue(Files.readString(portal.appDir.resolve(".env")).contains("E2E_REDIS_PASSWORD=e2e-secret-value"));
                assertFalse(Files.readString(portal.appDir.resolve("caches/MyRedis/MyRedis.json")).contains("e2e-secret-value"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        testId("var-state-password"), "Set in this app"));

                List<WebElement> caches = driver.findElements(By.cssSelector("[data-family=caches] [data-test=tree-element]"));
                assertEquals(2, caches.size(), "both caches sit side by side in the caches family");
                step(browser, driver, "05-tree-with-two-caches");

                // The tree shows what a test finds, pushed by the server: unavailable while the server is stopped,
                // ok once it runs again (no reload).
                By redisMark = By.cssSelector("[data-test=tree-element][data-fullname='caches.MyRedis'] "
                        + "[data-test=element-status]");
                assertEquals("DEFINED", driver.findElement(redisMark).getAttribute("data-status"));
                click(wait, testId("test-connection"));
                wait.until(ExpectedConditions.attributeToBe(redisMark, "data-status", "UNAVAILABLE"));
                assertEquals("unavailable", driver.findElement(redisMark).getText());
                step(browser, driver, "05a-tree-marks-redis-unavailable");
                redis.restart();
                click(wait, testId("test-connection"));
                wait.until(ExpectedConditions.attributeToBe(redisMark, "data-status", "READY"));
                assertEquals("ok", driver.findElement(redisMark).getText());
                step(browser, driver, "05b-tree-marks-redis-ok");

                // Edit: pick the SQLite cache in the tree, test it as saved, rename it.
                click(wait, By.cssSelector("[data-test=tree-element][data-fullname='caches.MySqlite']"));
                wait.until(ExpectedConditions.textToBe(testId("panel-title"), "My SQLite Cache"));
                assertEquals("", driver.findElement(testId("input-directory")).getAttribute("value"), "saved with the default file");
                assertEquals("true", driver.findElement(testId("element-name")).getAttribute("readonly"), "a saved name is fixed");
                click(wait, testId("test-connection"));
                assertEquals("true", wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-test=test-result][data-success]"))).getAttribute("data-success"));
                type(driver, testId("element-title"), "Cache A");
                click(wait, testId("save"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.MySqlite']"), "Cache A"));

                // Delete the SQLite cache: the confirmation says its data file stays, and offers (unticked) to
                // delete it too; left unticked, the file stays.
                click(wait, testId("delete"));
                WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("delete-dialog")));
                assertTrue(dialog.getText().contains("appData/caches/MySqlite/sqlite.db"), dialog.getText());
                WebElement withData = driver.findElement(testId("delete-data"));
                assertTrue(withData.isDisplayed() && !withData.isSelected(), "offered, off by default");
                step(browser, driver, "05c-delete-says-the-data-stays");
                click(wait, testId("delete-confirm"));
                wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.MySqlite']"), 0));
                assertFalse(Files.exists(portal.appDir.resolve("caches/MySqlite")));
                assertTrue(Files.exists(portal.appDir.resolve("appData/caches/MySqlite/sqlite.db")), "unticked: kept");

                // Delete the Redis cache: nothing of it is in appData/, so nothing to tick.
                click(wait, By.cssSelector("[data-test=tree-element][data-fullname='caches.MyRedis']"));
                wait.until(ExpectedConditions.textToBe(testId("panel-title"), "Redis Cache"));
                click(wait, testId("delete"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(testId("delete-dialog")));
                assertFalse(driver.findElement(testId("delete-data")).isDisplayed());
                click(wait, testId("delete-confirm"));
                wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.MyRedis']"), 0));
                assertFalse(Files.exists(portal.appDir.resolve("caches/MyRedis")));

                // The plugins view lists both plugins as started.
                click(wait, testId("nav-plugins"));
                for (String id : List.of("element-sqlite", "element-redis")) {
                    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("[data-test=plugin-row][data-plugin-id='" + id + "']")));
                    assertEquals("STARTED", row.getAttribute("data-state"));
                }
                step(browser, driver, "06-plugins");

                // Remove the Redis plugin from the page; its type leaves the + menu without a reload.
                click(wait, By.cssSelector("[data-test=plugin-row][data-plugin-id='element-redis'] [data-test=plugin-remove]"));
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("[data-test=plugin-row][data-plugin-id='element-redis']"), 0));
                click(wait, testId("nav-elements"));
                click(wait, testId("add-element"));
                click(wait, testId("menu-more"));
                click(wait, By.cssSelector("[data-test=menu-category][data-category='Cache Storage']"));
                assertTrue(driver.findElements(REDIS_OPTION).isEmpty(), "a removed plugin's type is no longer offered");

                // Drop the JAR into the plugins folder while the menu is open: the type appears in it, pushed by
                // the server (no reload, no click).
                Path jar = PluginHarness.builtJar("element-redis");
                Files.copy(jar, portal.pluginsDir.resolve(jar.getFileName()));
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(
                        ExpectedConditions.visibilityOfElementLocated(REDIS_OPTION));
                step(browser, driver, "07-dropped-in-type-appears-without-reload");
                driver.findElement(testId("add-element")).click();

                // And back out, then in again through the page's upload form.
                click(wait, testId("nav-plugins"));
                click(wait, By.cssSelector("[data-test=plugin-row][data-plugin-id='element-redis'] [data-test=plugin-remove]"));
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("[data-test=plugin-row][data-plugin-id='element-redis']"), 0));
                driver.findElement(testId("plugin-file")).sendKeys(jar.toAbsolutePath().toString());
                click(wait, testId("plugin-upload"));
                WebElement uploaded = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-test=plugin-row][data-plugin-id='element-redis']")));
                assertEquals("STARTED", uploaded.getAttribute("data-state"));
                step(browser, driver, "08-plugin-uploaded-from-the-page");
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot("failure-" + System.currentTimeMillis());
                throw e;
            } finally {
                if (redis != null) {
                    redis.close();
                }
            }
        }
    }

    private static final By REDIS_OPTION = By.cssSelector("[data-test=type-option][data-type='caches.RedisType']");

    /**
     * One step of the flow: a screenshot, and no "null" or "undefined" anywhere on the page (the Test Connection
     * box once printed "nullnull").
     */
    private static void step(Browser browser, WebDriver driver, String name) {
        browser.screenshot(name);
        String text = driver.findElement(By.tagName("body")).getText();
        assertFalse(text.matches("(?s).*\\b(null|undefined)\\b.*"), name + ": " + text);
    }

    private static By testId(String id) {
        return By.cssSelector("[data-test='" + id + "']");
    }

    /** Clicks what {@code by} finds once clickable; again if the page re-rendered it in between (the tree does). */
    private static void click(WebDriverWait wait, By by) {
        for (int attempt = 1; ; attempt++) {
            try {
                wait.until(ExpectedConditions.elementToBeClickable(by)).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void type(WebDriver driver, By by, String text) {
        WebElement input = driver.findElement(by);
        input.clear();
        input.sendKeys(text);
    }
}
