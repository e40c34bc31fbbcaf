package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Background AI answers and web push, through every service: the turn is answered at once with the
 * interim message, the AI endpoint (a real HTTP server on loopback) is called by delivery, and the
 * answer is pushed to the session's event stream, which a reconnecting client resumes.
 */
class WebPushAndAiTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AtomicLong nextBotId = new AtomicLong(300);

    private static RunningParley parley;
    private static FakeChatCompletions ai;
    private long botId;

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
        ai = new FakeChatCompletions();
    }

    @AfterAll
    static void stop() {
        ai.close();
    }

    @BeforeEach
    void publishAssistant() throws Exception {
        ai.mode = FakeChatCompletions.Mode.ANSWER;
        String yaml = Files.readString(Path.of("..", "bots", "parley-demo-3.yaml"))
                .replace("botId: 3", "botId: " + nextBotId.incrementAndGet())
                .replace("  model: gpt-4o-mini", "  model: gpt-4o-mini\n  baseUrl: " + ai.baseUrl());
        botId = parley.publish(yaml);
    }

    @Test
    void anAiTurnIsAnsweredAtOnceThenTheAnswerIsPushedAndBecomesBotAnswer() throws Exception {
        JsonNode start = talkr("{}");
        String session = start.path("session").asString();
        JsonNode welcome = start.path("data").path("messages").get(0);
        assertThat(welcome.path("buttons").get(0).path("title").asString()).isEqualTo("What is Parley?");
        assertThat(welcome.path("buttons").get(1).path("payload").asString()).isEqualTo("Why is Parley built on Kafka?");
        try (SseClient stream = new SseClient(parley.pushEndpoint(botId, session), null)) {
            assertThat(stream.status).isEqualTo(200);
            JsonNode interim = talkr(turn("What is Parley?", session, "welcome"));

            assertThat(interim.path("data").path("has_background_text").asInt()).isEqualTo(1);
            assertThat(interim.path("data").path("messages").get(0).path("content").asString()).isEqualTo("Let me think...");
            assertThat(interim.path("data").path("messages").get(0).has("buttons")).as("no buttons, no field").isFalse();
            assertThat(interim.path("variables").path("model").asString()).isEqualTo("gpt-4o-mini");

            SseClient.Event pushed = stream.nextPushed(PATIENCE);
            assertThat(pushed).as("the answer is pushed").isNotNull();
            assertThat(pushed.name()).isEqualTo("reply");
            assertThat(pushed.id()).matches("\\d+-\\d+");
            assertThat(pushed.data().path("messages").get(0).path("content").asString()).isEqualTo(ai.answer);
            assertThat(pushed.data().path("bot_answer").asString()).isEqualTo(ai.answer + "\nAnything else?");
            assertThat(pushed.data().path("has_background_text").asInt()).isZero();
        }
        JsonNode request = ai.requests.get(ai.requests.size() - 1);
        assertThat(request.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(request.path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(request.path("messages").get(1).path("content").asString()).isEqualTo("What is Parley?");
        assertThat(ai.authorizations).as("a bot's own endpoint never gets the deployment's key").containsOnlyNulls();

        // A TALKR client without push asks again with its last turn and gets the final answer.
        JsonNode poll = talkr(turn("What is Parley?", session, "welcome"));
        assertThat(poll.path("variables").path("bot_answer").asString()).isEqualTo(ai.answer + "\nAnything else?");
        assertThat(poll.path("data").path("has_background_text").asInt()).isZero();
    }

    @Test
    void aBotWithoutAnEndpointOfItsOwnUsesTheDeploymentsWithItsKey() throws Exception {
        long ownBot = parley.publish(Files.readString(Path.of("..", "bots", "parley-demo-3.yaml"))
                .replace("botId: 3", "botId: " + nextBotId.incrementAndGet()));
        String session = talkr(ownBot, "{}").path("session").asString();
        try (SseClient stream = new SseClient(parley.pushEndpoint(ownBot, session), null)) {
            talkr(ownBot, turn("What is Parley?", session, "welcome"));
            SseClient.Event pushed = stream.nextPushed(PATIENCE);
            assertThat(pushed).isNotNull();
            assertThat(pushed.data().path("messages").get(0).path("content").asString()).isEqualTo(parley.deploymentAi.answer);
        }
        assertThat(parley.deploymentAi.authorizations).contains("Bearer " + RunningParley.AI_KEY);
    }

    @Test
    void aFailingRateLimitedOrSlowEndpointEndsInTheFallbackAnswerNeverInSilence() throws Exception {
        for (FakeChatCompletions.Mode failure : new FakeChatCompletions.Mode[] {
                FakeChatCompletions.Mode.SERVER_ERROR, FakeChatCompletions.Mode.RATE_LIMITED, FakeChatCompletions.Mode.SLOW}) {
            ai.mode = failure;
            String session = talkr("{}").path("session").asString();
            try (SseClient stream = new SseClient(parley.pushEndpoint(botId, session), null)) {
                talkr(turn("Why Kafka?", session, "welcome"));
                SseClient.Event pushed = stream.nextPushed(PATIENCE);
                assertThat(pushed).as(failure.name()).isNotNull();
                assertThat(pushed.data().path("bot_answer").asString()).as(failure.name()).startsWith("Sorry, I cannot answer");
            }
        }
    }

    @Test
    void aReconnectingClientGetsExactlyWhatItMissedAndNothingTwiceFromAnyInstance() throws Exception {
        String session = talkr("{}").path("session").asString();
        String firstId;
        try (SseClient stream = new SseClient(parley.pushEndpoint(botId, session), null)) {
            talkr(turn("first question", session, "welcome"));
            SseClient.Event first = stream.nextPushed(PATIENCE);
            assertThat(first).isNotNull();
            firstId = first.id();
        }
        // While no client is connected, two more answers are pushed.
        ai.answer = "second answer";
        talkr(turn("second question", session, "more"));
        await().atMost(PATIENCE).until(() -> pushedReplies(session) == 2);
        ai.answer = "third answer";
        talkr(turn("third question", session, "more"));
        await().atMost(PATIENCE).until(() -> pushedReplies(session) == 3);

        // The browser comes back through another delivery instance.
        try (SseClient resumed = new SseClient(parley.pushEndpoint(parley.secondDelivery, botId, session), firstId)) {
            SseClient.Event second = resumed.nextPushed(PATIENCE);
            SseClient.Event third = resumed.nextPushed(PATIENCE);
            assertThat(second.data().path("bot_answer").asString()).startsWith("second answer\n");
            assertThat(third.data().path("bot_answer").asString()).startsWith("third answer\n");
            assertThat(resumed.nextPushed(Duration.ofSeconds(2))).as("nothing twice").isNull();
        } finally {
            ai.answer = "Parley is a conversation platform on Kafka.";
        }
    }

    @Test
    void anUnknownSessionIsNotFoundAndAnotherBotsSessionIsRefused() throws Exception {
        try (SseClient unknown = new SseClient(parley.pushEndpoint(botId, "no-such-session"), null)) {
            assertThat(unknown.status).isEqualTo(404);
        }
        String session = talkr("{}").path("session").asString();
        try (SseClient otherBot = new SseClient(parley.pushEndpoint(1, session), null)) {
            assertThat(otherBot.status).isEqualTo(403);
        }
        try (SseClient badId = new SseClient(parley.pushEndpoint(botId, session), "not-an-id")) {
            assertThat(badId.status).isEqualTo(400);
        }
    }

    /** Replies of the session nobody waited for, on the replies topic: what the push stream carries. */
    private static long pushedReplies(String session) {
        var replies = parley.infra.newSerdes().valueSerde(Topics.REPLIES).deserializer();
        return parley.infra.topics().withKey(Topics.REPLIES.name(), session).stream()
                .filter(record -> replies.deserialize(record.topic(), record.value()).getReplyTo() == null)
                .count();
    }

    private JsonNode talkr(String body) throws Exception {
        return talkr(botId, body);
    }

    private static JsonNode talkr(long bot, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(bot, "web")))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String turn(String text, String session, String tracking) {
        return json.writeValueAsString(Map.of("message", text, "session", session, "tracking", tracking,
                "variables", Map.of("userresponse", text)));
    }
}
