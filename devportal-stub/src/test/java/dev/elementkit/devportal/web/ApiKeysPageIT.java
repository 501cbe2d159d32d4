package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal's API keys view in a real headless Chromium: create a key for the {@code cache} service, see it once,
 * use it on {@code /api/v2} with a real HTTP client, revoke it from the page, and see the API refuse it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiKeysPageIT {

    @Test
    void createUseAndRevokeAKeyFromThePage() throws Exception {
        try (PortalFixture portal = PortalFixture.start("element-sqlite");
             Browser browser = Browser.start()) {
            WebDriver driver = browser.driver;
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            try {
                portal.createSqliteDefaultCache();
                driver.get(portal.server.uri().toString());
                wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-test=app-id]"), portal.appId));
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=nav-keys]"))).click();
                WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-name")));
                name.sendKeys("from-the-page");
                driver.findElement(By.cssSelector("input[name=key-method][value=POST]")).click();
                driver.findElement(By.cssSelector("[data-test=key-create]")).click();

                WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-test=key-created-value]")));
                String key = shown.getText().trim();
                assertTrue(key.startsWith("ek_"), key);
                WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-test=key-row][data-name='from-the-page']")));
                assertTrue(row.getText().contains("GET, POST"), row.getText());
                assertFalse(row.getText().contains(key.substring(16)), "the table never shows the key");
                browser.screenshot("keys-01-created");

                PortalFixture.Response stored = portal.send(portal.request("/api/v2/cache")
                        .header("X-DreamFactory-API-Key", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"k\", \"value\": \"v\"}")));
                assertEquals(201, stored.status(), stored.toString());
                assertEquals(1, portal.get("/api/keys").json().size());
                assertFalse(portal.get("/api/keys").body().contains(key.substring(16)), "the list never holds a key");

                row.findElement(By.cssSelector("[data-test=key-revoke]")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(
                        By.cssSelector("[data-test=key-row][data-name='from-the-page']")));
                assertEquals(401, portal.send(portal.request("/api/v2/cache/k")
                        .header("X-DreamFactory-API-Key", key).GET()).status());
            } catch (AssertionError | RuntimeException e) {
                browser.screenshot("keys-failure-" + System.currentTimeMillis());
                throw e;
            }
        }
    }
}
