package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The reviewer UI end to end: the task API serving the built UI on a fresh database, Debian's
 * headless Chromium driven through chromedriver, and the labels checked through the API.
 */
class ReviewerUiIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    static final String SCRIPT_PAYLOAD = "<script>window.__pwned = 'script'</script>";
    static final String IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned = 'img'\">";

    static ApiHarness harness;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("jury-chromium");
        service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER))
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--window-size=1280,800",
                "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterAll
    static void stop() throws IOException {
        // Browser and driver first, so no process outlives the test JVM, then the API.
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            if (harness != null) {
                harness.close();
            }
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @DisplayName(
            "a contributor labels items by keyboard, hostile item text shows as text, and the"
                    + " labels are stored")
    void contributorLabelsByKeyboard() throws Exception {
        String requester = harness.account("rita", "requester");
        String contributor = harness.account("carl", "contributor");
        String project = project(requester);
        String upload =
                jsonl("a", "the film was great")
                        + jsonl("b", "it was fine I suppose")
                        + jsonl("c", "skip me")
                        + jsonl("xss-script", SCRIPT_PAYLOAD)
                        + jsonl("xss-img", IMG_PAYLOAD);
        assertThat(harness.upload(project, requester, "jsonl", upload).status()).isEqualTo(201);
        // Key pressed per item; c is skipped.
        Map<String, String> keys = Map.of("a", "1", "b", "3", "c", "s", "xss-script", "2");
        Map<String, String> classOfKey = Map.of("1", "pos", "2", "neg", "3", "neutral");

        driver.get(harness.api.baseUrl() + "/");
        WebElement token = await("the sign-in form", () -> find(By.id("token")));
        token.sendKeys(contributor);
        token.submit();
        await(
                        "the project in the picker",
                        () ->
                                find(
                                        By.cssSelector(
                                                "#project-select option[value='" + project + "']")))
                .click();

        Map<String, String> expected = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < 5; i++) {
            String shown = awaitItemOtherThan(previous);
            seen.add(shown);
            String text = driver.findElement(By.id("item-text")).getText();
            if (shown.startsWith("xss")) {
                assertThat(text).isEqualTo(shown.equals("xss-img") ? IMG_PAYLOAD : SCRIPT_PAYLOAD);
                assertThat(driver.findElements(By.cssSelector("#item script, #item img")))
                        .isEmpty();
                shot(shown);
            } else if (i == 0) {
                shot("desktop-1280x800");
            }
            String key = keys.getOrDefault(shown, "1");
            if (!key.equals("s")) {
                expected.put(shown, classOfKey.get(key));
            }
            new Actions(driver).sendKeys(key).perform();
            previous = shown;
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c", "xss-script", "xss-img");
        await("the empty queue", () -> find(By.id("empty")));
        await(
                "all labels saved",
                () ->
                        String.valueOf(expected.size())
                                        .equals(
                                                driver.findElement(By.id("status"))
                                                        .getAttribute("data-saved"))
                                ? true
                                : null);
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        shot("done");

        JsonNode labels = harness.get("/api/v1/me/labels?limit=50", contributor).json();
        Map<String, String> stored = new HashMap<>();
        for (JsonNode l : labels.get("labels")) {
            stored.put(l.get("externalId").asText(), l.get("value").get("choice").asText());
        }
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    @DisplayName("the labeling screen fits a phone's width without sideways scrolling")
    void fitsANarrowScreen() throws Exception {
        String requester = harness.account("rhea", "requester");
        String contributor = harness.account("nina", "contributor");
        String project = project(requester);
        harness.upload(
                project,
                requester,
                "jsonl",
                jsonl("long", "a rather long sentence ".repeat(20) + "x".repeat(200)));
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            signIn(contributor);
            await(
                            "the project in the picker",
                            () ->
                                    find(
                                            By.cssSelector(
                                                    "#project-select option[value='"
                                                            + project
                                                            + "']")))
                    .click();
            awaitItemOtherThan(null);
            shot("phone-390x844");
            assertThat(
                            js(
                                    "return document.documentElement.scrollWidth <="
                                            + " document.documentElement.clientWidth"))
                    .isEqualTo(true);
            assertThat(driver.findElements(By.cssSelector(".choice"))).hasSize(3);
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @DisplayName("a moderator sees the reputation histogram drawn by the chart library")
    void moderatorSeesTheHistogram() {
        String moderator = harness.account("mona", "moderator");
        signIn(moderator);
        await("the leaderboard", () -> find(By.cssSelector("#leaderboard p, #leaderboard table")));
        // Chart.js sizes the canvas to its box once it has drawn; looked up afresh each poll.
        await(
                "the histogram drawn",
                () -> {
                    WebElement canvas = find(By.id("reputation-histogram"));
                    return canvas != null && canvas.getSize().getWidth() > 100 ? canvas : null;
                });
        shot("moderator");
    }

    /** Opens the UI in a clean tab session (the token lives in sessionStorage) and signs in. */
    private static void signIn(String token) {
        driver.get(harness.api.baseUrl() + "/");
        js("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement field = await("the sign-in form", () -> find(By.id("token")));
        field.sendKeys(token);
        field.submit();
    }

    private static String project(String requester) {
        ApiHarness.Response r =
                harness.post(
                        "/api/v1/projects",
                        requester,
                        "{\"name\":\"UI sentiment\",\"instructions\":\"How does it sound?\","
                                + "\"labelSchema\":{\"kind\":\"single_choice\","
                                + "\"classes\":[\"pos\",\"neg\",\"neutral\"]},"
                                + "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String jsonl(String id, String text) {
        return ApiHarness.JSON.createObjectNode().put("id", id).put("text", text) + "\n";
    }

    /** Waits for an item on screen whose external id differs from the one just labeled. */
    private static String awaitItemOtherThan(String previous) {
        return await(
                "an item after " + previous,
                () -> {
                    WebElement item = find(By.id("item"));
                    String id = item == null ? null : item.getAttribute("data-external-id");
                    return id != null && !id.equals(previous) ? id : null;
                });
    }

    private static WebElement find(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Polls until the supplier gives a non-null value; fails after {@link #WAIT}. */
    private static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        WebDriverException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (WebDriverException e) {
                last = e; // A stale element while the screen is being replaced: look again.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        shot("timeout");
        throw new AssertionError("timed out waiting for " + what, last);
    }

    private static void shot(String name) {
        try {
            Files.write(
                    SHOTS.resolve(name + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | WebDriverException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }
}
