package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jury.api.signin.SiweFixtures;
import dev.jury.events.ContributionStatus;
import dev.jury.events.ProjectMetrics;
import dev.jury.events.ResolutionStatus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.web3j.crypto.ECKeyPair;

/**
 * The reviewer UI end to end: the task API serving the built UI on a fresh database and Kafka,
 * Debian's headless Chromium driven through chromedriver (one browser for the class), and what the
 * screens did checked through the API. Stream-job results are published to Kafka the way the jobs
 * publish them ({@link EventSender}).
 */
class ReviewerUiIT {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    static final String SCRIPT_PAYLOAD = "<script>window.__pwned = 'script'</script>";
    static final String IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned = 'img'\">";

    static ApiHarness harness;
    static EventSender events;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static Path profile;
    static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withKafka();
        events = new EventSender();
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("jury-chromium");
        downloads = Files.createDirectories(Path.of("target", "ui-downloads").toAbsolutePath());
        service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER))
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.setPageLoadStrategy(PageLoadStrategy.EAGER);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--window-size=1280,800",
                "--user-data-dir=" + profile);
        // Export links are saved here without a prompt, as a user's browser would save them.
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toString(),
                        "download.prompt_for_download",
                        false));
        driver = new ChromeDriver(service, options);
        // Page loads get a longer limit than element waits: on the shared 2-core machine a busy
        // renderer once missed 15 s during the full build. EAGER returns at DOMContentLoaded; the
        // waits below look for what each step needs anyway.
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(WAIT);
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
            if (events != null) {
                events.close();
            }
            if (harness != null) {
                harness.close();
            }
        }
        dev.jury.testsupport.Directories.deleteTree(profile);
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

        signIn(contributor);
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

    @Test
    @DisplayName(
            "a requester creates a multi-label project in the form, uploads a file with a progress"
                    + " bar, finds an item by search and exports JSONL, CSV and Label Studio")
    void requesterCreatesUploadsSearchesAndExports() throws Exception {
        String requester = harness.account("reba", "requester");
        signIn(requester);
        await("the projects screen", () -> find(By.id("new-project"))).click();
        WebElement name = await("the project form", () -> find(By.id("pf-name")));
        // An empty name is pointed at, and nothing is created.
        driver.findElement(By.id("pf-create")).click();
        await(
                "the name's error",
                () -> find(By.cssSelector("#pf-name[aria-invalid='true']")) != null ? true : null);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("pf-name");
        name.sendKeys("Reviews");
        driver.findElement(By.cssSelector("#pf-kind option[value='multi_label']")).click();
        driver.findElement(By.id("pf-classes")).sendKeys("funny\nsad\nlong");
        type("pf-min", "2");
        type("pf-max", "4");
        type("pf-confidence", "0.9");
        type("pf-gold", "10");
        type("pf-reward", "1500");
        assertThat(driver.findElements(By.cssSelector("#pf-chips li"))).hasSize(3);
        driver.findElement(By.id("pf-create")).click();
        await("the project's screen", () -> find(By.id("upload-form")));
        String project =
                await(
                        "the new project chosen",
                        () -> {
                            String v =
                                    driver.findElement(By.id("rq-project")).getAttribute("value");
                            return v == null || v.isEmpty() ? null : v;
                        });
        JsonNode created = harness.get("/api/v1/projects/" + project, requester).json();
        assertThat(created.get("name").asText()).isEqualTo("Reviews");
        assertThat(created.get("labelSchema").get("kind").asText()).isEqualTo("multi_label");
        assertThat(created.get("labelSchema").get("classes").toString())
                .isEqualTo("[\"funny\",\"sad\",\"long\"]");
        assertThat(created.get("overlap").get("minLabels").asInt()).isEqualTo(2);
        assertThat(created.get("overlap").get("maxLabels").asInt()).isEqualTo(4);
        assertThat(created.get("goldShare").asDouble()).isEqualTo(0.1);
        assertThat(created.get("rewardPerLabel").asText()).isEqualTo("1500");

        Path file = Files.createTempFile(profile, "reviews", ".jsonl");
        Files.writeString(
                file,
                jsonl("r1", "a funny film")
                        + jsonl("r2", "a sad story")
                        + jsonl("r3", SCRIPT_PAYLOAD));
        driver.findElement(By.id("up-file")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("up-start")).click();
        WebElement upload =
                await(
                        "the upload done",
                        () -> find(By.cssSelector("#up-status[data-state='done']")));
        assertThat(upload.getText()).startsWith("Imported 3 of 3 items");
        assertThat(driver.findElement(By.id("up-progress")).getAttribute("value")).isEqualTo("100");
        await(
                "the progress figures",
                () -> {
                    WebElement f = find(By.cssSelector("#rq-resolved .figure-value"));
                    return f != null && f.getText().equals("0 / 3") ? f : null;
                });
        assertThat(driver.findElement(By.cssSelector("#rq-labels .figure-value")).getText())
                .isEqualTo("0 / 6");

        driver.findElement(By.id("sq-q")).sendKeys("funny");
        await(
                "the search hit",
                () -> {
                    driver.findElement(By.id("sq-go")).click();
                    return find(By.cssSelector("#sq-results tr[data-external-id='r1']"));
                });
        assertThat(driver.findElement(By.id("sq-total")).getAttribute("data-total")).isEqualTo("1");
        assertThat(driver.findElements(By.cssSelector("#sq-results script"))).isEmpty();

        String jsonlExport = exported(project, "jsonl", "jsonl");
        assertThat(jsonlExport.lines()).hasSize(3);
        assertThat(jsonlExport).contains("\"r1\"", "\"r2\"", "\"r3\"");
        assertThat(exported(project, "csv", "csv").lines().findFirst().orElse(""))
                .startsWith("id,external_id,status");
        assertThat(ApiHarness.JSON.readTree(exported(project, "labelstudio", "json")).size())
                .isEqualTo(3);
        shot("requester-1280x800");

        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            driver.findElement(By.id("rq-project")).click();
            shot("requester-phone-390x844");
            assertThat(
                            js(
                                    "return document.documentElement.scrollWidth <="
                                            + " document.documentElement.clientWidth"))
                    .isEqualTo(true);
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @DisplayName(
            "a moderator's dashboard shows a reputation change and a metrics window without"
                    + " reloading, then the moderator bans and unbans a contributor and overrides"
                    + " a disputed item")
    void moderatorSeesLiveChangesAndOverrides() throws Exception {
        String requester = harness.account("remy", "requester");
        String contributor = harness.account("cory", "contributor");
        String contributorId = harness.accountId(contributor);
        String moderator = harness.account("moe", "moderator");
        String project = project(requester);
        harness.upload(
                project,
                requester,
                "jsonl",
                jsonl("d1", SCRIPT_PAYLOAD) + jsonl("d2", IMG_PAYLOAD));
        var lease = harness.post("/api/v1/projects/" + project + "/next", contributor, null).json();
        String item = lease.get("itemId").asText();
        String itemText =
                lease.get("externalId").asText().equals("d1") ? SCRIPT_PAYLOAD : IMG_PAYLOAD;
        var label =
                harness.post(
                        "/api/v1/projects/" + project + "/labels",
                        contributor,
                        "{\"leaseId\":\""
                                + lease.get("leaseId").asText()
                                + "\",\"label\":{\"choice\":\"neg\"}}");
        assertThat(label.status()).as(label.text()).isEqualTo(201);
        events.send(
                EventSender.resolved(project, item, ResolutionStatus.RESOLVED, "neg", 0.6, 1, 1));
        String queue = "/api/v1/projects/" + project + "/review-queue?confidenceBelow=0.8";
        EventSender.await(
                "the item in the review queue",
                WAIT,
                () -> harness.get(queue, moderator).json().get("items").size() == 1);

        // A span item for the review queue, made before the review screen lists the projects.
        String spans =
                project(
                        requester,
                        "{\"name\":\"Places\",\"labelSchema\":{\"kind\":\"spans\","
                                + "\"classes\":[\"PER\",\"LOC\"]},"
                                + "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}}");
        harness.upload(spans, requester, "jsonl", jsonl("p1", "Ada met Bob in Paris"));
        String spanItem =
                harness.post("/api/v1/projects/" + spans + "/next", contributor, null)
                        .json()
                        .get("itemId")
                        .asText();
        events.send(
                EventSender.resolved(
                        spans, spanItem, ResolutionStatus.EXHAUSTED, "PER", 0.5, 1, 1));
        EventSender.await(
                "the span item in the review queue",
                WAIT,
                () ->
                        harness.get("/api/v1/projects/" + spans + "/review-queue", moderator)
                                        .json()
                                        .get("items")
                                        .size()
                                == 1);
        signIn(moderator);
        await(
                "the live feed connected",
                () -> find(By.cssSelector("#live-state[data-state='live']")));
        await("the leaderboard", () -> find(By.cssSelector("#leaderboard p, #leaderboard table")));
        js("window.__samePage = true");
        events.send(EventSender.reputation(contributorId, null, 0.77, System.currentTimeMillis()));
        long now = System.currentTimeMillis();
        events.send(
                ProjectMetrics.create(
                        project, now - 60_000, now, 0.61, 0.6, 9, 4.5, 2, 0.5, 1.0, 1));
        await(
                "the contributor's new score on the board",
                () -> {
                    WebElement cell =
                            find(
                                    By.cssSelector(
                                            "#leaderboard tr[data-contributor='"
                                                    + contributorId
                                                    + "'] .score"));
                    return cell != null && cell.getText().equals("77.0%") ? cell : null;
                });
        await(
                "labels per minute from the metrics window",
                () ->
                        "4.5".equals(driver.findElement(By.id("labels-per-minute")).getText())
                                ? true
                                : null);
        assertThat(js("return window.__samePage === true")).as("no reload").isEqualTo(true);
        shot("moderator-live");

        driver.findElement(By.id("ban-id")).sendKeys(contributorId);
        driver.findElement(By.id("ban-reason")).sendKeys("copy-paste answers");
        driver.findElement(By.id("ban")).click();
        await("the ban", () -> find(By.cssSelector("#ban-status[data-banned='true']")));
        assertThat(
                        harness.get("/api/v1/accounts/" + contributorId, moderator)
                                .json()
                                .get("banned")
                                .asBoolean())
                .isTrue();
        driver.findElement(By.id("unban")).click();
        await("the unban", () -> find(By.cssSelector("#ban-status[data-banned='false']")));

        driver.findElement(By.cssSelector("nav a[href='#/review']")).click();
        await(
                        "the project in the review picker",
                        () -> find(By.cssSelector("#rv-project option[value='" + project + "']")))
                .click();
        WebElement card =
                await(
                        "the disputed item",
                        () -> find(By.cssSelector(".review-item[data-item='" + item + "']")));
        assertThat(card.getText()).contains("neg").contains(contributorId);
        // The moderator judges the text the contributor read, shown as text, never as markup.
        assertThat(card.findElement(By.cssSelector(".rv-text")).getText()).isEqualTo(itemText);
        assertThat(card.findElements(By.cssSelector("script, img"))).isEmpty();
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        card.findElement(By.cssSelector(".ov-label option[value='pos']")).click();
        card.findElement(By.cssSelector(".ov-reason")).sendKeys("read it again: positive");
        shot("review-queue");
        card.findElement(By.cssSelector(".ov-submit")).click();
        String itemPath = "/api/v1/projects/" + project + "/items/" + item;
        EventSender.await(
                "the override stored",
                WAIT,
                () ->
                        harness.get(itemPath, moderator)
                                .json()
                                .get("status")
                                .asText()
                                .equals("overridden"));
        assertThat(harness.get(itemPath, moderator).json().get("consensusLabel").asText())
                .isEqualTo("pos");

        // A span item is overridden by selecting its text and pressing a class, not typing JSON.
        await(
                        "the span project in the review picker",
                        () -> find(By.cssSelector("#rv-project option[value='" + spans + "']")))
                .click();
        WebElement spanCard =
                await(
                        "the span item's card",
                        () -> find(By.cssSelector(".review-item[data-item='" + spanItem + "']")));
        String box = "ov-" + spanItem + "-text";
        selectText(box, "Paris");
        spanCard.findElement(By.cssSelector("button[data-class='LOC']")).click();
        selectText(box, "Ada");
        spanCard.findElement(By.cssSelector("button[data-class='PER']")).click();
        assertThat(spanCard.findElements(By.cssSelector("#ov-" + spanItem + "-spans li")))
                .hasSize(2);
        spanCard.findElement(By.cssSelector(".ov-reason")).sendKeys("two names");
        shot("review-spans");
        spanCard.findElement(By.cssSelector(".ov-submit")).click();
        String spanPath = "/api/v1/projects/" + spans + "/items/" + spanItem;
        EventSender.await(
                "the span override stored",
                WAIT,
                () ->
                        harness.get(spanPath, moderator)
                                .json()
                                .get("status")
                                .asText()
                                .equals("overridden"));
        assertThat(harness.get(spanPath, moderator).json().get("overrideLabel"))
                .isEqualTo(
                        ApiHarness.JSON.readTree(
                                "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"PER\"},"
                                        + "{\"start\":15,\"end\":20,\"label\":\"LOC\"}]}"));
    }

    @Test
    @DisplayName(
            "a contributor ticks classes with number keys and submits with Enter, tags text spans"
                    + " by selecting text, and sees their standing and on-chain records")
    void contributorLabelsMultiLabelAndSpans() throws Exception {
        String requester = harness.account("ruth", "requester");
        String contributor = harness.account("cleo", "contributor");
        String contributorId = harness.accountId(contributor);
        String multi =
                project(
                        requester,
                        "{\"name\":\"Tags\",\"labelSchema\":{\"kind\":\"multi_label\","
                                + "\"classes\":[\"funny\",\"sad\",\"long\"]},"
                                + "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}}");
        String spans =
                project(
                        requester,
                        "{\"name\":\"Names\",\"labelSchema\":{\"kind\":\"spans\","
                                + "\"classes\":[\"PER\",\"LOC\"]},"
                                + "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}}");
        harness.upload(multi, requester, "jsonl", jsonl("m1", "a funny and long film"));
        harness.upload(spans, requester, "jsonl", jsonl("s1", "Ada met Bob in Paris"));
        events.send(
                EventSender.contribution(contributorId, multi, ContributionStatus.CONFIRMED, 12L));
        EventSender.await(
                "the contribution record",
                WAIT,
                () ->
                        harness.get("/api/v1/me/contributions", contributor)
                                        .json()
                                        .get("contributions")
                                        .size()
                                == 1);

        signIn(contributor);
        await(
                        "the multi-label project",
                        () -> find(By.cssSelector("#project-select option[value='" + multi + "']")))
                .click();
        awaitItemOtherThan(null);
        new Actions(driver).sendKeys("1").sendKeys("3").perform();
        assertThat(driver.findElement(By.id("check-0")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("check-1")).isSelected()).isFalse();
        assertThat(driver.findElement(By.id("check-2")).isSelected()).isTrue();
        shot("multi-label");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        await("the multi-label queue empty", () -> find(By.id("empty")));

        await(
                        "the span project",
                        () -> find(By.cssSelector("#project-select option[value='" + spans + "']")))
                .click();
        await(
                "the span item",
                () -> {
                    WebElement i = find(By.id("item"));
                    return i != null && "s1".equals(i.getAttribute("data-external-id")) ? i : null;
                });
        selectText("Ada");
        new Actions(driver).sendKeys("1").perform();
        selectText("Paris");
        new Actions(driver).sendKeys("2").perform();
        await(
                "two tagged spans",
                () ->
                        driver.findElements(By.cssSelector("#span-list li")).size() == 2
                                ? true
                                : null);
        assertThat(driver.findElement(By.id("item-text")).getText()).contains("Ada", "Paris");
        shot("spans");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        await("the span queue empty", () -> find(By.id("empty")));
        await(
                "both labels saved",
                () ->
                        "2".equals(driver.findElement(By.id("status")).getAttribute("data-saved"))
                                ? true
                                : null);

        // Compared as JSON trees: PostgreSQL's jsonb keeps its own key order.
        Map<String, JsonNode> stored = new HashMap<>();
        for (JsonNode l :
                harness.get("/api/v1/me/labels?limit=50", contributor).json().get("labels")) {
            stored.put(l.get("externalId").asText(), l.get("value"));
        }
        assertThat(stored.get("m1"))
                .isEqualTo(ApiHarness.JSON.readTree("{\"choices\":[\"funny\",\"long\"]}"));
        assertThat(stored.get("s1"))
                .isEqualTo(
                        ApiHarness.JSON.readTree(
                                "{\"spans\":[{\"start\":0,\"end\":3,\"label\":\"PER\"},"
                                        + "{\"start\":15,\"end\":20,\"label\":\"LOC\"}]}"));
        await(
                "the confirmed contribution record",
                () -> find(By.cssSelector("#contributions tr[data-proof='confirmed']")));
        assertThat(driver.findElement(By.id("my-level")).getText()).startsWith("Newcomer");
        shot("contributor-standing");
    }

    /**
     * A stand-in EIP-1193 wallet, injected after the page loaded and announced the way late wallets
     * announce themselves. It holds each signature request until the test, playing the user who
     * approves it in the wallet, answers with a signature made by the key in Java.
     */
    static final String FAKE_WALLET =
            "const account = arguments[0];"
                    + " window.ethereum = { request: async ({ method, params }) => {"
                    + "   if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account];"
                    + "   if (method === 'eth_chainId') return '0x539';"
                    + "   if (method === 'personal_sign') return new Promise((resolve, reject) =>"
                    + "     { window.__walletPending = { message: params[0], address: params[1], resolve, reject }; });"
                    + "   throw Object.assign(new Error('unsupported ' + method), { code: 4200 }); } };"
                    + " window.dispatchEvent(new Event('ethereum#initialized'));";

    @Test
    @DisplayName(
            "without a browser wallet the wallet button is disabled; with one, a contributor signs"
                    + " in by signing an EIP-4361 message and gets a token bound to the wallet")
    void contributorSignsInWithAWallet() {
        ECKeyPair key = SiweFixtures.devKey();
        String wallet = "0x" + org.web3j.crypto.Keys.getAddress(key);
        driver.get(harness.api.baseUrl() + "/");
        js("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement button = await("the wallet button", () -> find(By.id("wallet-signin")));
        assertThat(button.isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("wallet-note")).getText())
                .contains("No browser wallet");

        js(FAKE_WALLET, wallet);
        await("the wallet button enabled", () -> button.isEnabled() ? true : null);
        shot("signin-wallet");
        button.click();
        @SuppressWarnings("unchecked")
        Map<String, Object> request =
                await(
                        "the signature request",
                        () ->
                                (Map<String, Object>)
                                        js(
                                                "const p = window.__walletPending;"
                                                        + " return p ? { message: p.message, address: p.address } : null;"));
        String message =
                new String(
                        HexFormat.of().parseHex(((String) request.get("message")).substring(2)),
                        StandardCharsets.UTF_8);
        String authority = java.net.URI.create(harness.api.baseUrl()).getAuthority();
        assertThat(message).startsWith(authority + " wants you to sign in");
        assertThat(request.get("address")).isEqualTo(SiweFixtures.address(key));
        js(
                "window.__walletPending.resolve(arguments[0]); window.__walletPending = null;",
                SiweFixtures.sign(message, key));

        await("signed in", () -> find(By.id("sign-out")));
        String token =
                (String) js("return JSON.parse(sessionStorage.getItem('jury.session')).token");
        JsonNode me = harness.get("/api/v1/me", token).json();
        assertThat(me.get("role").asText()).isEqualTo("contributor");
        assertThat(me.get("wallet").asText()).isEqualTo(wallet);
        assertThat(driver.findElement(By.id("who")).getText()).contains("contributor");
    }

    /** Selects the first occurrence of {@code text} inside the item, across marks already drawn. */
    private static void selectText(String text) {
        selectText("item-text", text);
    }

    /** Selects the first occurrence of {@code text} inside the element with id {@code boxId}. */
    private static void selectText(String boxId, String text) {
        Object ok =
                js(
                        "const box = document.getElementById(arguments[1]);"
                                + " const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);"
                                + " for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
                                + "   const at = n.data.indexOf(arguments[0]);"
                                + "   if (at >= 0) { const r = document.createRange();"
                                + "     r.setStart(n, at); r.setEnd(n, at + arguments[0].length);"
                                + "     const s = getSelection(); s.removeAllRanges(); s.addRange(r);"
                                + "     return true; } }"
                                + " return false;",
                        text,
                        boxId);
        assertThat(ok).as("selected " + text).isEqualTo(true);
    }

    /** Clicks an export button, then the link it makes, and reads the file the browser saved. */
    private static String exported(String project, String format, String extension)
            throws IOException {
        Path saved = downloads.resolve("project-" + project + "." + extension);
        Files.deleteIfExists(saved);
        driver.findElement(By.id("ex-" + format)).click();
        await(format + " ready", () -> find(By.id("ex-" + format + "-link"))).click();
        await(
                format + " saved",
                () -> {
                    try {
                        return Files.size(saved) > 0
                                        && !Files.exists(
                                                downloads.resolve(
                                                        saved.getFileName() + ".crdownload"))
                                ? true
                                : null;
                    } catch (IOException e) {
                        return null;
                    }
                });
        return Files.readString(saved);
    }

    private static void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
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
        return project(
                requester,
                "{\"name\":\"UI sentiment\",\"instructions\":\"How does it sound?\","
                        + "\"labelSchema\":{\"kind\":\"single_choice\","
                        + "\"classes\":[\"pos\",\"neg\",\"neutral\"]},"
                        + "\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}}");
    }

    private static String project(String requester, String body) {
        ApiHarness.Response r = harness.post("/api/v1/projects", requester, body);
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

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
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
