package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.avro.BotMetrics;
import io.parley.avro.Channel;
import io.parley.avro.ConversationEvent;
import io.parley.avro.Language;
import io.parley.avro.SessionStarted;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analytics on what really happened: five scripted conversations of one bot, each with a known
 * ending (completed through a module with a refused slot, fell back, abandoned by expiry, handed to a
 * person, completed with a webhook that fails for good), go through ingest, the engine and delivery;
 * the figures on the metrics topic and in the JSON API are exactly theirs, only the bot's owner sees
 * them, and a restart of analytics counts nothing twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsTest {

    static final AtomicLong nextBotId = new AtomicLong(700);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static RunningParley parley;
    private static OwnedBot claims;
    private static String botKey;
    private static Talkr.Account owner;
    private static Talkr.Account stranger;
    private static final Map<String, String> sessions = new LinkedHashMap<>();

    /** A bot with intents, a fallback, a handoff block and a module whose first slot has a format; sessions expire after 6 s. */
    static String bot(long botId) {
        return """
                company: parley-demo
                botId: %d
                name: Claims desk %d
                language: {name: English, slug: EN, code: en-GB}
                sessionTimeoutSeconds: 6
                # Near-certainty, so the script's off-topic turns fall back whatever the classifier's calibration
                # (its training phrases score about 1.0; the off-topic ones here score 0.55-0.72).
                intentThreshold: 0.95
                startBlock: welcome
                webhookFailureMessage: We could not file that; we will call you.
                blocks:
                  - id: welcome
                    messages: ["Hello! Ask about pricing, make a claim, or ask for a person."]
                    retryPrompt: "Sorry? Pricing, a claim, or a person?"
                    maxRetries: 5
                    transitions:
                      - {on: INTENT, value: pricing, target: pricing}
                      - {on: INTENT, value: claim, target: claim}
                      - {on: INTENT, value: human, target: human}
                  - {id: pricing, messages: ["It is free."], transitions: [{on: INTENT, value: claim, target: claim}]}
                  - {id: claim, type: MODULE, module: 9, next: done, messages: ["Let us file it."]}
                  - {id: done, type: END, messages: ["Filed. Goodbye."]}
                  - {id: human, type: END, handoff: true, messages: ["A person will take it from here."]}
                modules:
                  - id: 9
                    name: Claim
                    slots:
                      - {id: 91, order: 1, label: "Your policy number?", fieldType: TEXT, validationRegex: "P-[0-9]{4}", validationMessage: "A policy number looks like P-1234."}
                      - {id: 92, order: 2, label: "How much?", fieldType: NUMBER}
                intents:
                  - name: pricing
                    phrases: [how much does it cost, what is the price, pricing please, is it expensive, how much do I pay, what are your rates]
                  - name: claim
                    phrases: [I want to make a claim, file a claim, start a claim, claim please, I need to claim, open a claim]
                  - name: human
                    phrases: [talk to a person, I want a human, speak to an agent, real person please, connect me to someone, human please]
                """.formatted(botId, botId);
    }

    /** A claims desk bot published afresh, its owner's account, and an owner of another project with a bot of its own. */
    record OwnedBot(String key, long botId, Talkr talkr, Talkr.Account owner, Talkr.Account stranger) {
        static OwnedBot publish(RunningParley parley) throws Exception {
            long botId = parley.publish(bot(nextBotId.incrementAndGet()));
            Talkr talkr = new Talkr(parley, botId);
            String key = "parley-demo/" + botId;
            long otherBot = parley.publish(bot(nextBotId.incrementAndGet()));
            return new OwnedBot(key, botId, talkr, talkr.account(List.of(key)), talkr.account(List.of("parley-demo/" + otherBot)));
        }
    }

    @BeforeAll
    static void converse() throws Exception {
        parley = RunningParley.get();
        claims = OwnedBot.publish(parley);
        botKey = claims.key();
        owner = claims.owner();
        stranger = claims.stranger();
        Talkr talkr = claims.talkr();
        try (CustomerBackend backend = new CustomerBackend()) {
            talkr.setWebhook(owner, backend.url());

            Talkr.Conversation completed = talkr.start();
            completed.say("I want to make a claim");
            assertThat(completed.say("12345")).contains("A policy number looks like P-1234.");
            completed.say("P-1234");
            assertThat(completed.say("300")).contains("Filed. Goodbye.");
            sessions.put("COMPLETED", completed.session);
            await().atMost(PATIENCE).until(() -> backend.calls().stream().anyMatch(call -> call.answered() == 200));

            Talkr.Conversation fellBack = talkr.start();
            assertThat(fellBack.say("my cat is orange")).contains("Sorry? Pricing, a claim, or a person?");
            assertThat(fellBack.say("the quarterly report is due")).contains("Sorry? Pricing, a claim, or a person?");
            sessions.put("FELL_BACK", fellBack.session);

            Talkr.Conversation abandoned = talkr.start();
            assertThat(abandoned.say("how much does it cost")).contains("It is free.");
            sessions.put("ABANDONED", abandoned.session);

            Talkr.Conversation escalated = talkr.start();
            assertThat(escalated.say("I want a human")).contains("A person will take it from here.");
            sessions.put("ESCALATED", escalated.session);

            backend.answerWith(() -> 500);
            Talkr.Conversation webhookFails = talkr.start();
            webhookFails.say("file a claim");
            webhookFails.say("P-9999");
            assertThat(webhookFails.say("5")).contains("Filed. Goodbye.");
            sessions.put("WEBHOOK_FAILED", webhookFails.session);
            await().atMost(PATIENCE).until(() -> backend.calls().stream().filter(call -> call.answered() == 500).count() >= 4);
        }
        // A replayed start, marked as the audit tool marks re-runs, written to the log: it must not count.
        ConversationEvent replayed = ConversationEvent.newBuilder().setEventId("replayed/0").setSessionId("replayed-" + claims.botId())
                .setCompany("parley-demo").setBotId(claims.botId()).setOccurredAt(Instant.now()).setCausationId("replayed")
                .setPayload(new SessionStarted(Channel.WEB, null, new Language("English", "EN", "en-GB"))).build();
        try (KafkaProducer<String, ConversationEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, parley.infra.bootstrapServers()), new StringSerializer(),
                parley.infra.newSerdes().valueSerde(Topics.EVENTS).serializer())) {
            ProducerRecord<String, ConversationEvent> record = new ProducerRecord<>(Topics.EVENTS.name(), replayed.getSessionId(), replayed);
            record.headers().add(Topics.ORIGIN_HEADER, "replay".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    @Test
    @Order(1)
    void theJsonApiCountsExactlyWhatHappened() throws Exception {
        // Two conversations end by expiry (6 s idle, the engine's 5 s scan); then every figure is in.
        // Events, replies and receipts are separate inputs: wait until each has brought its last fact, then count exactly.
        JsonNode total = await().atMost(PATIENCE).until(() -> metrics(owner).path("total"),
                figures -> figures.path("ended").asLong() >= 5 && figures.path("turns").asLong() >= 11
                        && figures.path("answeredTurns").asLong() >= 16 && figures.path("calls").toString().contains("\"failed\":1"));

        assertThat(total.path("conversations").asLong()).isEqualTo(5);
        assertThat(total.path("distinctUsers").asLong()).isEqualTo(5);
        assertThat(total.path("conversationsByChannel").path("WEB").asLong()).isEqualTo(5);
        assertThat(total.path("turns").asLong()).isEqualTo(11);
        assertThat(total.path("completed").asLong()).isEqualTo(2);
        assertThat(total.path("abandoned").asLong()).isEqualTo(1);
        assertThat(total.path("fellBack").asLong()).isEqualTo(1);
        assertThat(total.path("escalated").asLong()).isEqualTo(1);
        assertThat(total.path("containmentRate").asDouble()).isEqualTo(0.6);
        assertThat(total.path("fallbackTurns").asLong()).isEqualTo(2);
        assertThat(intents(total)).containsEntry("claim", 2L).containsEntry("pricing", 1L).containsEntry("human", 1L).hasSize(3);
        assertThat(total.path("missedUtterances").toString()).contains("\"text\":\"my cat is orange\",\"count\":1")
                .contains("\"text\":\"the quarterly report is due\",\"count\":1");
        JsonNode webhook = call(total, "WEBHOOK");
        assertThat(webhook.path("delivered").asLong()).isEqualTo(1);
        assertThat(webhook.path("failed").asLong()).isEqualTo(1);
        assertThat(webhook.path("retried").asLong()).isEqualTo(1);
        assertThat(webhook.path("latencyP50Millis").isNumber()).isTrue();
        assertThat(total.path("answeredTurns").asLong()).isGreaterThanOrEqualTo(16);
        assertThat(total.path("latencyP50Millis").asDouble()).isPositive();

        // Two instances share the partitions: the other one answers the same, asking the one that holds the bot.
        JsonNode fromSecond = metrics(owner, parley.secondAnalyticsPort()).path("total");
        for (String figure : List.of("conversations", "turns", "completed", "abandoned", "fellBack", "escalated", "fallbackTurns",
                "intents", "missedUtterances", "calls", "modules")) {
            assertThat(fromSecond.path(figure)).as(figure).isEqualTo(total.path(figure));
        }

        JsonNode funnel = metrics(owner).path("funnels").get(0);
        assertThat(funnel.path("name").asString()).isEqualTo("Claim");
        assertThat(steps(funnel)).containsExactly("Started 2/0", "Your policy number? 2/1", "How much? 2/0", "Completed 2/0");
    }

    @Test
    @Order(2)
    void theMetricsTopicCarriesTheSameFiguresForAnyKafkaTool() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            BotMetrics day = latestDailyTotals();
            assertThat(day.getConversations()).isEqualTo(5);
            assertThat(day.getTurns()).isEqualTo(11);
            assertThat(day.getCompleted()).isEqualTo(2);
            assertThat(day.getAbandoned()).isEqualTo(1);
            assertThat(day.getFellBack()).isEqualTo(1);
            assertThat(day.getEscalated()).isEqualTo(1);
            assertThat(day.getFallbackTurns()).isEqualTo(2);
        });
    }

    @Test
    @Order(3)
    void conversationsAreListedByOutcomeAndATranscriptShowsWhatTheBotUnderstood() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode fellBack = get("/console/api/conversations?bot=" + botKey + "&outcome=FELL_BACK", owner);
            assertThat(fellBack).extracting(node -> node.path("sessionId").asString()).containsExactly(sessions.get("FELL_BACK"));
        });
        JsonNode all = get("/console/api/conversations?bot=" + botKey, owner);
        assertThat(all).hasSize(5);
        // Listed whole by either instance, gathered from both; and a transcript through either.
        HttpResponse<String> fromSecond = request(parley.secondAnalyticsPort(), "/console/api/conversations?bot=" + botKey, owner);
        assertThat(json.readTree(fromSecond.body())).extracting(node -> node.path("sessionId").asString())
                .containsExactlyElementsOf(all.valueStream().map(node -> node.path("sessionId").asString()).toList());
        assertThat(json.readTree(request(parley.secondAnalyticsPort(), "/console/api/conversations/" + sessions.get("ESCALATED"), owner)
                .body()).path("outcome").asString()).isEqualTo("ESCALATED");

        JsonNode transcript = get("/console/api/conversations/" + sessions.get("COMPLETED"), owner);
        assertThat(transcript.path("outcome").asString()).isEqualTo("COMPLETED");
        List<String> said = new ArrayList<>();
        transcript.path("turns").forEach(turn -> said.add(turn.path("userText").asString("") + "|" + turn.path("intent").asString("")));
        assertThat(said).contains("I want to make a claim|claim", "12345|", "P-1234|", "300|");
        assertThat(transcript.path("turns").toString()).contains("SlotRejected").contains("ModuleCompleted")
                .contains("\"target\":\"WEBHOOK\"").contains("\"outcome\":\"DELIVERED\"");
    }

    @Test
    @Order(4)
    void anotherProjectsOwnerSeesNothingOfTheBot() throws Exception {
        assertThat(get("/console/api/bots", stranger).toString()).doesNotContain(botKey);
        assertThat(status("/console/api/bots/parley-demo/" + botKey.substring(botKey.indexOf('/') + 1) + "/metrics", stranger))
                .isEqualTo(404);
        assertThat(status("/console/api/conversations?bot=" + botKey, stranger)).isEqualTo(404);
        assertThat(status("/console/api/conversations/" + sessions.get("COMPLETED"), stranger)).isEqualTo(404);
        assertThat(get("/console/api/conversations", stranger).toString()).doesNotContain(sessions.get("COMPLETED"));
        assertThat(status("/console/api/bots", null)).isEqualTo(401);
    }

    @Test
    @Order(5)
    void aRestartOfAnalyticsCountsNothingTwice() throws Exception {
        parley.restartAnalytics();
        Talkr.Conversation escalated = claims.talkr().start();
        escalated.say("I want a human");

        JsonNode total = await().atMost(PATIENCE).until(() -> metrics(owner).path("total"),
                figures -> figures.path("conversations").asLong() >= 6 && figures.path("turns").asLong() >= 12
                        && figures.path("escalated").asLong() >= 2);
        assertThat(total.path("conversations").asLong()).isEqualTo(6);
        assertThat(total.path("turns").asLong()).isEqualTo(12);
        assertThat(total.path("escalated").asLong()).isEqualTo(2);
        assertThat(total.path("completed").asLong()).isEqualTo(2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(latestDailyTotals().getConversations()).isEqualTo(6));
    }

    /** The daily figures on the metrics topic, the latest record of each day summed (a run may cross midnight). */
    private static BotMetrics latestDailyTotals() {
        Map<Instant, BotMetrics> latest = new LinkedHashMap<>();
        parley.infra.values(Topics.BOT_METRICS, botKey).stream()
                .filter(figures -> figures.getWindowSize().equals("1d"))
                .forEach(figures -> latest.put(figures.getWindowStartAt(), figures));
        BotMetrics sum = BotMetrics.newBuilder().setCompany("parley-demo").setBotId(0).setWindowSize("1d")
                .setWindowStartAt(Instant.EPOCH).setWindowEndAt(Instant.EPOCH).build();
        for (BotMetrics day : latest.values()) {
            sum.setConversations(sum.getConversations() + day.getConversations());
            sum.setTurns(sum.getTurns() + day.getTurns());
            sum.setCompleted(sum.getCompleted() + day.getCompleted());
            sum.setAbandoned(sum.getAbandoned() + day.getAbandoned());
            sum.setFellBack(sum.getFellBack() + day.getFellBack());
            sum.setEscalated(sum.getEscalated() + day.getEscalated());
            sum.setFallbackTurns(sum.getFallbackTurns() + day.getFallbackTurns());
        }
        return sum;
    }

    /** The bot's figures over the last two days, from the first analytics instance; nothing while it rebalances (503). */
    private static JsonNode metrics(Talkr.Account account) throws Exception {
        return metrics(account, parley.analyticsPort());
    }

    private static JsonNode metrics(Talkr.Account account, int port) throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> response = request(port, "/console/api/bots/" + botKey + "/metrics?window=1d&from="
                + now.minus(Duration.ofDays(2)) + "&to=" + now.plus(Duration.ofMinutes(5)), account);
        return response.statusCode() == 200 ? json.readTree(response.body()) : MissingNode.getInstance();
    }

    private static Map<String, Long> intents(JsonNode total) {
        Map<String, Long> counts = new LinkedHashMap<>();
        total.path("intents").forEach(intent -> counts.put(intent.path("intent").asString(), intent.path("count").asLong()));
        return counts;
    }

    private static JsonNode call(JsonNode total, String target) {
        for (JsonNode call : total.path("calls")) {
            if (call.path("target").asString().equals(target)) {
                return call;
            }
        }
        throw new AssertionError("no " + target + " calls in " + total.path("calls"));
    }

    private static List<String> steps(JsonNode funnel) {
        List<String> steps = new ArrayList<>();
        funnel.path("steps").forEach(step -> steps.add(step.path("label").asString() + " " + step.path("reached").asLong() + "/"
                + step.path("rejected").asLong()));
        return steps;
    }

    private static JsonNode get(String path, Talkr.Account account) throws Exception {
        HttpResponse<String> response = request(path, account);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static int status(String path, Talkr.Account account) throws Exception {
        HttpResponse<String> response = request(path, account);
        assertThat(response.body()).as("a JSON error, not a page or a trace").startsWith("{\"error\":");
        return response.statusCode();
    }

    private static HttpResponse<String> request(String path, Talkr.Account account) throws Exception {
        return request(parley.analyticsPort(), path, account);
    }

    private static HttpResponse<String> request(int port, String path, Talkr.Account account) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (account != null) {
            request.header("Authorization", "Token " + account.token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
