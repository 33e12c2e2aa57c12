package org.takedown.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real headless Chromium (Debian's package, {@code /usr/bin/chromium} or {@code $TAKEDOWN_CHROMIUM})
 * driven by Playwright, which never downloads a browser. A JUnit extension:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final HeadlessChromium chromium = new HeadlessChromium();
 * </pre>
 *
 * starts the browser once per test class and gives each test a fresh context (own cookies) with
 * JavaScript off — our pages promise to work without it — at {@link #page()}. Without Chromium the
 * class fails on CI ({@code CI=true}) and is otherwise skipped with the reason. Screenshots belong in
 * {@link #SCREENSHOTS}.
 *
 * <p>Playwright is a {@code provided} dependency here: modules with browser tests declare it in test scope.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TAKEDOWN_CHROMIUM", "/usr/bin/chromium"));

    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;

    @Override
    public void beforeAll(ExtensionContext extension) throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "no Chromium at " + CHROMIUM + " (apt-get install -y chromium, or set TAKEDOWN_CHROMIUM)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("browser tests must run on CI: " + why);
            }
            // Surefire counts an aborted class as no tests: say why where people look.
            System.err.println("[takedown-testing] " + extension.getDisplayName() + ": browser tests skipped: " + why);
            Assumptions.abort("browser tests skipped: " + why);
        }
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        context = newContextWithoutJavaScript();
        page = context.newPage();
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        if (context != null) {
            context.close();
            context = null;
            page = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (playwright != null) {
                playwright.close();
            }
        }
    }

    /** The current test's page. */
    public Page page() {
        return page;
    }

    /** The current test's context (cookies of its page). */
    public BrowserContext context() {
        return context;
    }

    /** Another fresh context with JavaScript off, e.g. for a second person in the same test. */
    public BrowserContext newContextWithoutJavaScript() {
        return browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false));
    }

    /**
     * A fresh context with JavaScript on, for what a page adds with its own scripts (hashing on the claimant's
     * device); the caller closes it. The page must still work in {@link #page()}, without scripts.
     */
    public BrowserContext newContextWithJavaScript() {
        return browser.newContext();
    }
}
