package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analytics console as a bot owner uses it, in a real headless Chromium: sign in with the
 * TalkLift account, read the bot's figures, its module funnel and a transcript; an owner of another
 * project does not see the bot. Every check is on what the page shows; screenshots go to target/.
 */
class AnalyticsConsoleBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static RunningParley parley;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;
    private static String botKey;
    private static Talkr.Account owner;
    private static Talkr.Account stranger;

    @BeforeAll
    static void converse() throws Exception {
        parley = RunningParley.get();
        AnalyticsTest.OwnedBot claims = AnalyticsTest.OwnedBot.publish(parley);
        botKey = claims.key();
        owner = claims.owner();
        stranger = claims.stranger();
        Talkr talkr = claims.talkr();
        try (CustomerBackend backend = new CustomerBackend()) {
            talkr.setWebhook(owner, backend.url());
            Talkr.Conversation claim = talkr.start();
            claim.say("I want to make a claim");
            claim.say("12345");
            claim.say("P-1234");
            assertThat(claim.say("300")).contains("Filed. Goodbye.");
            await().atMost(PATIENCE).until(() -> backend.calls().stream().anyMatch(call -> call.answered() == 200));
            Talkr.Conversation handedOver = talkr.start();
            assertThat(handedOver.say("I want a human")).contains("A person will take it from here.");
        }
        chromium = new HeadlessChromium("1280,1600");
        browser = chromium.browser;
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOwnerSignsInReadsTheFiguresTheFunnelAndATranscript() throws Exception {
        signIn(owner);

        assertThat(new Select(browser.findElement(By.id("bot"))).getFirstSelectedOption().getText()).contains(botKey);
        // Analytics commits twice a second: refresh until both conversations, their turns and their endings are in.
        waitFor("both conversations").until(page -> {
            browser.findElement(By.id("refresh")).click();
            return text("kpi-conversations").equals("2") && text("kpi-containment").equals("50.0%") && text("kpi-turns").equals("5");
        });
        assertThat(text("kpi-users")).isEqualTo("2");
        assertThat(text("kpi-fallback-rate")).isEqualTo("0.0%");
        assertThat(rows("outcomes")).containsExactly(List.of("completed", "1"), List.of("abandoned", "0"), List.of("fell back", "0"),
                List.of("escalated", "1"));
        assertThat(rows("funnel-steps")).containsExactly(
                List.of("Started", "1", "0", "0"),
                List.of("Your policy number?", "1", "1", "0"),
                List.of("How much?", "1", "0", "0"),
                List.of("Completed", "1", "0", "0"));
        assertThat(browser.executeScript("return echarts.getInstanceByDom(document.getElementById('chart-funnel'))"
                + ".getOption().series[0].data.map(d => d.name + '=' + d.value)"))
                .as("the funnel chart draws the same steps").isEqualTo(List.of("Started=1", "Your policy number?=1", "How much?=1", "Completed=1"));
        assertThat(browser.executeScript("return echarts.getInstanceByDom(document.getElementById('chart-intents'))"
                + ".getOption().yAxis[0].data")).isEqualTo(List.of("claim", "human"));
        chromium.screenshot("analytics-dashboard.png");

        List<List<String>> conversations = rows("conversations");
        assertThat(conversations).hasSize(2);
        assertThat(conversations).extracting(row -> row.get(6)).containsExactlyInAnyOrder("COMPLETED", "ESCALATED");
        WebElement completed = browser.findElements(By.cssSelector("#conversations tbody tr")).stream()
                .filter(row -> row.getText().contains("COMPLETED")).findFirst().orElseThrow();
        completed.click();
        waitFor("the transcript").until(ExpectedConditions.visibilityOfElementLocated(By.id("transcript")));
        waitFor("its turns").until(page -> browser.findElements(By.cssSelector("#turns .turn")).size() >= 5);
        List<String> turns = browser.findElements(By.cssSelector("#turns .turn")).stream().map(WebElement::getText).toList();
        assertThat(turns).anySatisfy(turn -> assertThat(turn).contains("User: I want to make a claim")
                .contains("intent claim, confidence 1.00").contains("Bot at claim: Let us file it."));
        assertThat(turns).anySatisfy(turn -> assertThat(turn).contains("User: 12345").contains("SlotRejected"));
        assertThat(String.join("\n", turns)).contains("WEBHOOK DELIVERED after 1 try");
        assertThat(text("transcript-outcome")).isEqualTo("COMPLETED");
        chromium.screenshot("analytics-transcript.png");

        browser.findElement(By.id("sign-out")).click();
        waitFor("the sign-in form").until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
    }

    @Test
    void anOwnerOfAnotherProjectDoesNotSeeTheBot() throws Exception {
        signIn(stranger);

        List<String> bots = new Select(browser.findElement(By.id("bot"))).getOptions().stream().map(WebElement::getText).toList();
        assertThat(bots).isNotEmpty().noneMatch(bot -> bot.contains(botKey));
        Object answer = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/console/api/bots/" + botKey + "/metrics').then(r => r.json().then(b => done([r.status, b.error])));");
        assertThat(answer).isEqualTo(List.of(404L, "No bot " + botKey + " in your projects."));
        browser.findElement(By.id("sign-out")).click();
        waitFor("the sign-in form").until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
    }

    @Test
    void aWrongPasswordIsSaidOnThePage() {
        browser.get("http://127.0.0.1:" + parley.analyticsPort() + "/console/");
        waitFor("the sign-in form").until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        browser.findElement(By.id("username")).sendKeys(owner.email());
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.id("sign-in-button")).click();

        waitFor("the error").until(page -> !text("sign-in-error").isEmpty());
        assertThat(text("sign-in-error")).isEqualTo("Wrong e-mail or password.");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    private static void signIn(Talkr.Account account) {
        browser.get("http://127.0.0.1:" + parley.analyticsPort() + "/console/");
        waitFor("the sign-in form").until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        browser.findElement(By.id("username")).sendKeys(account.email());
        browser.findElement(By.id("password")).sendKeys(account.password());
        browser.findElement(By.id("sign-in-button")).click();
        waitFor("the dashboard").until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        assertThat(text("viewer")).isEqualTo(account.email());
    }

    private static List<List<String>> rows(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static WebDriverWait waitFor(String what) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.withMessage("waiting for " + what);
        return wait;
    }
}
