package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat widget as a person uses it: the demo page served by ingest, opened in a real headless
 * Chromium, talking to the running services, with AI answers from a chat-completions server on
 * loopback. Every check is on what the page shows.
 */
class ChatWidgetBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AtomicLong nextBotId = new AtomicLong(400);
    private static final String WHAT_IS_PARLEY = "Parley is an open conversation platform on Kafka.";
    private static final String WHY_KAFKA = "Because a log keeps every conversation in order and replayable.";

    private static RunningParley parley;
    private static FakeChatCompletions ai;
    private static ChromeDriver browser;
    private static HeadlessChromium chromium;

    private long botId;

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
        ai = new FakeChatCompletions();
        chromium = new HeadlessChromium("1024,768");
        browser = chromium.browser;
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        ai.close();
    }

    @BeforeEach
    void publishAssistant() throws Exception {
        String yaml = Files.readString(Path.of("..", "bots", "parley-demo-3.yaml"))
                .replace("botId: 3", "botId: " + nextBotId.incrementAndGet())
                .replace("  model: gpt-4o-mini", "  model: gpt-4o-mini\n  baseUrl: " + ai.baseUrl());
        botId = parley.publish(yaml);
        ai.requests.clear();
    }

    @Test
    void aPersonClicksAButtonSeesPleaseWaitThenTheAnswerAndAsksAgainByTyping() throws Exception {
        openDemoPage("&push=" + deliveryOrigin());

        seeBotSay("Hi! Ask me anything about Parley.");
        assertThat(button("What is Parley?").isDisplayed()).isTrue();
        assertThat(button("Why Kafka?").isDisplayed()).isTrue();
        assertThat(conversationLog().getAttribute("aria-live")).as("announced to screen readers").isEqualTo("polite");
        recordWhatAppears();

        ai.answer = WHAT_IS_PARLEY;
        button("What is Parley?").click();

        seeBotSay("Anything else?");
        assertThat(conversation()).containsExactly(
                "bot: Hi! Ask me anything about Parley.",
                "buttons: What is Parley? | Why Kafka?",
                "you: What is Parley?",
                "bot (interim): Let me think...",
                "bot: " + WHAT_IS_PARLEY,
                "bot: Anything else?");
        assertThat(appeared()).as("'Let me think...' was shown as a waiting message before the answer")
                .containsSubsequence("bot waiting: Let me think...", "bot: " + WHAT_IS_PARLEY);
        assertThat(button("What is Parley?").isEnabled()).as("a spent button").isFalse();

        ai.answer = WHY_KAFKA;
        messageInput().sendKeys("Why Kafka?", Keys.ENTER);

        waitFor("the second answer").until(page -> conversation().size() >= 10);
        assertThat(conversation().subList(6, 10)).containsExactly(
                "you: Why Kafka?",
                "bot (interim): Let me think...",
                "bot: " + WHY_KAFKA,
                "bot: Anything else?");
        assertThat(ai.requests).as("one AI call per question").hasSize(2);
        assertThat(messageInput().getAttribute("value")).isEmpty();
        screenshot("chat-widget.png");
    }

    @Test
    void withoutAPushStreamTheWidgetPollsAndStillShowsEachAnswerOnce() throws Exception {
        openDemoPage("&push=");

        ai.answer = WHAT_IS_PARLEY;
        button("What is Parley?").click();
        seeBotSay(WHAT_IS_PARLEY);
        seeBotSay("Anything else?");

        ai.answer = WHY_KAFKA;
        messageInput().sendKeys("And why Kafka?");
        browser.findElement(By.xpath("//button[normalize-space()='Send']")).click();

        waitFor("the second answer").until(page -> conversation().size() >= 10);
        assertThat(conversation().subList(3, 10)).containsExactly(
                "bot (interim): Let me think...",
                "bot: " + WHAT_IS_PARLEY,
                "bot: Anything else?",
                "you: And why Kafka?",
                "bot (interim): Let me think...",
                "bot: " + WHY_KAFKA,
                "bot: Anything else?");
        assertThat(ai.requests).as("polling asks the engine again, never the AI").hasSize(2);
    }

    @Test
    void anEndedConversationOffersToStartOver() throws Exception {
        openDemoPage("&push=" + deliveryOrigin());
        button("What is Parley?").click();
        seeBotSay("Anything else?");

        messageInput().sendKeys("bye", Keys.ENTER);
        seeBotSay("Goodbye!");
        messageInput().sendKeys("hello again", Keys.ENTER);

        WebElement error = waitFor("an error line").until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(error.getText()).contains("This conversation has ended or expired.");
        error.findElement(By.xpath(".//button[normalize-space()='Start over']")).click();

        waitFor("a new conversation").until(page -> conversation().equals(List.of("bot: Hi! Ask me anything about Parley.",
                "buttons: What is Parley? | Why Kafka?")));
    }

    @Test
    void theWidgetWorksOnAPageOfAnotherSite() throws Exception {
        // The page comes from one origin, the TALKR edge is another (the second ingest instance's port).
        openDemoPage("&push=" + deliveryOrigin() + "&talkr="
                + URLEncoder.encode("http://127.0.0.1:" + parley.secondIngestPort(), StandardCharsets.UTF_8));

        ai.answer = WHAT_IS_PARLEY;
        button("What is Parley?").click();

        seeBotSay(WHAT_IS_PARLEY);
        assertThat(conversation()).doesNotContain("bot (waiting): Let me think...");
    }

    @Test
    void ingestServesTheDemoPageAndTheWidgetScript() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String origin = "http://127.0.0.1:" + parley.ingestPort();

        HttpResponse<String> folder = http.send(HttpRequest.newBuilder(URI.create(origin + "/demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(folder.statusCode()).isEqualTo(302);
        assertThat(folder.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/demo/"));

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(origin + "/demo/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("/widget/parley-widget.js");

        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(origin + "/widget/parley-widget.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.body()).doesNotContain("innerHTML");
    }

    private void openDemoPage(String query) {
        browser.get("http://127.0.0.1:" + parley.ingestPort() + "/demo/?bot=" + botId + query);
        waitFor("the chat panel").until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=log]")));
    }

    private static String deliveryOrigin() {
        return URLEncoder.encode("http://127.0.0.1:" + parley.deliveryPort(), StandardCharsets.UTF_8);
    }

    private WebElement conversationLog() {
        return browser.findElement(By.cssSelector("[role=log]"));
    }

    private void seeBotSay(String text) {
        waitFor("the bot to say '" + text + "'").until(page -> conversation().contains("bot: " + text));
    }

    private WebElement button(String title) {
        return waitFor("the button '" + title + "'").until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[@role='log']//button[normalize-space()=\"" + title + "\"]")));
    }

    private WebDriverWait waitFor(String what) {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.withMessage(() -> "waiting for " + what + "; the conversation is " + conversationOrWhy());
        // The list grows while it is read: an element that changed under us is read again.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private String conversationOrWhy() {
        try {
            return conversation().toString();
        } catch (RuntimeException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** The text box a person finds by its label. */
    private WebElement messageInput() {
        String id = browser.findElement(By.xpath("//label[normalize-space()='Your message']")).getAttribute("for");
        return browser.findElement(By.id(id));
    }

    /** The conversation as a person reads it: who said what, waiting messages told apart. */
    private List<String> conversation() {
        return conversationLog().findElements(By.xpath("./li")).stream().map(ChatWidgetBrowserTest::line).toList();
    }

    private static String line(WebElement item) {
        String classes = item.getAttribute("class");
        if (classes.contains("parley-buttons")) {
            return "buttons: " + String.join(" | ", item.findElements(By.xpath("./*")).stream().map(WebElement::getText).toList());
        }
        if (classes.contains("parley-user")) {
            return "you: " + item.getText();
        }
        if (classes.contains("parley-waiting")) {
            return "bot (waiting): " + item.getText();
        }
        if (classes.contains("parley-interim")) {
            return "bot (interim): " + item.getText();
        }
        return (classes.contains("parley-error") ? "error: " : "bot: ") + item.getText();
    }

    /** From now on, notes every message as it appears, so a short-lived waiting message is not missed. */
    private void recordWhatAppears() {
        browser.executeScript("""
                window.appeared = [];
                new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(node =>
                    window.appeared.push((node.classList.contains('parley-waiting') ? 'bot waiting: '
                        : node.classList.contains('parley-bot') ? 'bot: ' : 'other: ') + node.textContent))))
                  .observe(document.querySelector('[role=log]'), {childList: true});
                """);
    }

    @SuppressWarnings("unchecked")
    private List<String> appeared() {
        return (List<String>) browser.executeScript("return window.appeared;");
    }

    private void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }
}
