package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 17's "see the charts move", in a real headless Chromium: calls to {@code caches.Default} through the running
 * server's {@code /api/v2/cache} service, then the element's panel shows its four charts with data, drawn on their
 * canvases, and a new interval's point reaches the open page through the event stream without a reload.
 */
class ElementChartsIT {

    private static final By OPS_CHART = By.cssSelector("#charts-body [data-test=chart][data-chart='Operations per second']");

    @Test
    void theChartsOfAnElementFillWithTheCallsMadeThroughTheServer() throws Exception {
        try (PortalFixture portal = PortalFixture.start("element-sqlite");
             Browser browser = Browser.start()) {
            WebDriver driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            try {
                portal.createSqliteDefaultCache();
                // The service checks its own API keys (a client program's), not the portal's access.
                String key = portal.post("/api/keys", Map.of("name", "charts", "services", List.of("cache"),
                        "methods", List.of("GET", "POST"))).json().path("key").asText();
                useTheCacheService(portal, key, "first");
                // The sampler's 10 s tick, now: the interval's point goes to the history and the event stream.
                portal.server.sampleMetricsNow();

                driver.get(portal.server.uri().toString());
                wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-test=app-id]"), portal.appId));
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-test=live]"), "data-state",
                        "open"));
                wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("[data-test=tree-element][data-fullname='caches.Default']"))).click();

                List<WebElement> charts = wait.until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#charts-body [data-test=chart]"), 4));
                for (WebElement chart : charts) {
                    assertEquals("1", chart.getAttribute("data-points"), chart.getAttribute("data-chart"));
                    assertEquals(1, chart.findElements(By.cssSelector("canvas")).size(),
                            "uPlot drew " + chart.getAttribute("data-chart"));
                }
                WebElement ops = driver.findElement(OPS_CHART);
                assertTrue(Double.parseDouble(ops.getAttribute("data-peak")) > 0, "ops/s above zero");
                WebElement hitRatio = driver.findElement(
                        By.cssSelector("#charts-body [data-test=chart][data-chart='Hit ratio']"));
                assertEquals(75.0, Double.parseDouble(hitRatio.getAttribute("data-peak")), 1e-9,
                        "3 hits of 4 gets");

                // The next interval: the open page redraws from the event, no reload.
                useTheCacheService(portal, key, "second");
                portal.server.sampleMetricsNow();
                wait.until(ExpectedConditions.attributeToBe(OPS_CHART, "data-points", "2"));
                // Two points make a line: the first series' colour (#2563eb) is on the canvas, not just axes.
                wait.until(d -> seriesPixels(d) > 20);
                browser.screenshot("charts-01-with-data");
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot("charts-failure-" + System.currentTimeMillis());
                throw e;
            }
        }
    }

    /** A write, three hits and a miss on {@code caches.Default}, through the server as any HTTP client makes them. */
    private static void useTheCacheService(PortalFixture portal, String apiKey, String key) {
        PortalFixture.Response stored = portal.send(portal.request("/api/v2/cache").header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"" + key + "\", \"value\": \"v\"}")));
        assertEquals(201, stored.status(), stored.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, portal.send(portal.request("/api/v2/cache/" + key).header("X-Api-Key", apiKey).GET())
                    .status());
        }
        assertEquals(404, portal.send(portal.request("/api/v2/cache/no-such-key").header("X-Api-Key", apiKey).GET())
                .status());
    }

    /** Pixels of the operations chart's canvas in its first series' colour. */
    private static long seriesPixels(WebDriver driver) {
        Object count = ((JavascriptExecutor) driver).executeScript("""
                const canvas = document.querySelector(
                    "#charts-body [data-test=chart][data-chart='Operations per second'] canvas");
                if (!canvas) return 0;
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let found = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (Math.abs(pixels[i] - 37) < 24 && Math.abs(pixels[i + 1] - 99) < 24
                      && Math.abs(pixels[i + 2] - 235) < 24 && pixels[i + 3] > 128) found++;
                }
                return found;""");
        return ((Number) count).longValue();
    }
}
