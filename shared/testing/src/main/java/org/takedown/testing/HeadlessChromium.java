package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's package, {@code /usr/bin/chromium} or {@code $TAKEDOWN_CHROMIUM})
 * driven by Playwright, which never downloads a browser. Without Chromium, {@link #start()} fails
 * on CI ({@code CI=true}) and otherwise aborts the test class, which is then reported as skipped
 * with the reason. Screenshots belong in {@link #SCREENSHOTS}.
 *
 * <p>Playwright is a {@code provided} dependency here: modules with browser tests declare it in test scope.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TAKEDOWN_CHROMIUM", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** For {@code @BeforeAll}. */
    public static HeadlessChromium start() {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "no Chromium at " + CHROMIUM + " (apt-get install -y chromium, or set TAKEDOWN_CHROMIUM)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("browser tests must run on CI: " + why);
            }
            Assumptions.abort("browser tests skipped: " + why);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            return new HeadlessChromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh context (own cookies) with JavaScript off: our pages promise to work without it. */
    public BrowserContext newContextWithoutJavaScript() {
        return browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
