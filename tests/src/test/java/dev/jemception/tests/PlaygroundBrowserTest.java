package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground page in a real browser (Debian's headless Chromium, through chromedriver): type a
 * program, compile it on the server, read its output from the console pane; an error's marker.
 */
class PlaygroundBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static ServeClient serve;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        serve = new ServeClient(ServeOptions.defaults(0));
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                "--user-data-dir=" + Files.createTempDirectory("chromium-"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void typesAProgramCompilesItAndShowsWhatItPrints() throws Exception {
        open();
        new Select(browser.findElement(By.id("language"))).selectByValue("c");
        WebElement editor = browser.findElement(By.cssSelector(".cm-content"));
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        // typed as a user would: the editor indents after each Enter
        editor.sendKeys("#include <stdio.h>\nint main(void) {\nint n;\nif (scanf(\"%d\", &n) != 1) return 3;\n"
                + "printf(\"hello from the browser: %d\\n\", n * 2);\nreturn 0;\n}\n");
        browser.findElement(By.id("stdin")).sendKeys("21");
        browser.findElement(By.id("compile")).click();

        WebElement console = browser.findElement(By.id("console"));
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(ExpectedConditions.textToBePresentInElement(console, "[exit code"));
        assertThat(console.getText()).contains("hello from the browser: 42").contains("[exit code 0]");
        assertThat(browser.findElements(By.cssSelector("#diagnostics li"))).isEmpty();

        Path shot = Path.of("target", "playground.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        browser.navigate().refresh(); // the last source is kept in local storage
        waitForEditor();
        assertThat(browser.findElement(By.cssSelector(".cm-content")).getText()).contains("hello from the browser");
    }

    @Test
    void aCompileErrorIsMarkedAtItsLine() {
        open();
        new Select(browser.findElement(By.id("example"))).selectByValue("error");
        browser.findElement(By.id("compile")).click();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(180));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cm-lintRange-error")));
        WebElement listed = browser.findElement(By.cssSelector("#diagnostics li.error"));
        assertThat(listed.getText()).startsWith("main.cpp:4:").contains("expected ';'");
        // the marker sits on line 4, where the semicolon is missing
        Object line = ((JavascriptExecutor) browser).executeScript(
                "const mark = document.querySelector('.cm-lintRange-error');"
                        + "const lines = [...document.querySelectorAll('.cm-line')];"
                        + "return lines.findIndex(l => l.contains(mark)) + 1;");
        assertThat(line).isEqualTo(4L);
        assertThat(browser.findElement(By.id("status")).getText()).contains("compile failed");
    }

    /** Opens the page; prints its load time and bytes transferred (the numbers to report). */
    private static void open() {
        browser.get(serve.server.uri().toString());
        waitForEditor();
        @SuppressWarnings("unchecked")
        var timing = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "const nav = performance.getEntriesByType('navigation')[0];"
                        + "const resources = performance.getEntriesByType('resource');"
                        + "return {load: nav.loadEventEnd - nav.startTime, bytes: nav.transferSize"
                        + " + resources.reduce((sum, r) => sum + r.transferSize, 0), files: resources.length + 1};");
        System.out.printf("playground page: loaded in %.0f ms, %s bytes transferred in %s files%n",
                ((Number) timing.get("load")).doubleValue(), timing.get("bytes"), timing.get("files"));
    }

    private static void waitForEditor() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".cm-content")));
    }
}
