package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.SessionStarted;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messenger end to end: signed page events in through the webhook, the bot's answers out through a
 * real HTTP server standing in for the Send API, retries and dead letters when it fails.
 */
class MessengerTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PAGE = "PAGE-4242";

    private static RunningParley parley;
    private String user;

    @BeforeAll
    static void publishPageBot() throws Exception {
        parley = RunningParley.get();
        String yaml = Files.readString(Path.of("..", "bots", "parley-demo-1.yaml")).replace("botId: 1", "botId: 401")
                + "\nmessenger: {pageId: " + PAGE + ", pageAccessTokenRef: demo-page}\n";
        parley.publish(yaml);
    }

    @BeforeEach
    void newUser() {
        user = "PSID-" + UUID.randomUUID();
        parley.graph.mode(FakeGraphApi.Mode.ACCEPT);
    }

    @Test
    void theSubscriptionHandshakeEchoesTheChallengeOnlyForTheRightToken() throws Exception {
        HttpResponse<String> ok = get("/messenger/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(get("/messenger/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").statusCode()).isEqualTo(403);
    }

    @Test
    void aSignedMessageStartsTheConversationAndTheAnswerGoesOutThroughTheSendApi() throws Exception {
        HttpResponse<String> accepted = postSigned(event(message("hi"), user));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(json.readTree(accepted.body()).path("accepted").asInt()).isEqualTo(1);

        await().atMost(PATIENCE).until(() -> !parley.graph.callsTo(user).isEmpty());
        FakeGraphApi.Call welcome = parley.graph.callsTo(user).get(0);
        assertThat(welcome.accessToken()).isEqualTo(RunningParley.MESSENGER_PAGE_TOKEN);
        assertThat(welcome.body().path("messaging_type").asString()).isEqualTo("RESPONSE");
        assertThat(welcome.body().path("message").path("text").asString()).startsWith("Hello! I am the Parley demo bot.");
        JsonNode quickReplies = welcome.body().path("message").path("quick_replies");
        assertThat(quickReplies).hasSize(2);
        assertThat(quickReplies.get(1).path("payload").asString()).isEqualTo("PRICING");
        assertThat(quickReplies.get(1).path("content_type").asString()).isEqualTo("text");

        // The user taps the "Pricing" quick reply.
        JsonNode quickReply = json.readTree("{\"mid\": \"m-" + UUID.randomUUID() + "\", \"text\": \"Pricing\", "
                + "\"quick_reply\": {\"payload\": \"PRICING\"}}");
        postSigned(event(Map.of("message", quickReply), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 3);
        assertThat(parley.graph.callsTo(user).subList(1, 3)).extracting(call -> call.body().path("message").path("text").asString())
                .containsExactly("Parley is open source: it costs what your Kafka cluster costs.", "Anything else?");
        await().atMost(PATIENCE).until(() -> receipts(user).stream().anyMatch(r -> r.getOutcome() == DeliveryOutcome.DELIVERED));
    }

    @Test
    void aMessageAfterTheConversationEndedStartsANewOneAndIsAnswered() throws Exception {
        postSigned(event(message("hi"), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 1);
        postSigned(event(message("goodbye"), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 2);
        assertThat(parley.graph.callsTo(user).get(1).body().path("message").path("text").asString()).startsWith("Goodbye!");

        // The conversation has ended: the next message opens a new one, welcome first, then its answer.
        postSigned(event(message("how much does it cost?"), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 5);
        assertThat(parley.graph.callsTo(user).subList(2, 5)).extracting(call -> call.body().path("message").path("text").asString())
                .containsExactly("Hello! I am the Parley demo bot. Ask me how Parley works, or about pricing.",
                        "Parley is open source: it costs what your Kafka cluster costs.", "Anything else?");
        RegistrySerdes serdes = parley.infra.newSerdes();
        assertThat(readRaw(Topics.EVENTS.name(), "messenger:" + PAGE + ":" + user).stream()
                .map(record -> serdes.valueSerde(Topics.EVENTS).deserializer().deserialize(record.topic(), record.value()).getPayload())
                .filter(SessionStarted.class::isInstance)).as("a new session in the audit log").hasSize(2);
    }

    @Test
    void aPostbackIsAUserTurnToo() throws Exception {
        postSigned(event(message("hi"), user));
        await().atMost(PATIENCE).until(() -> !parley.graph.callsTo(user).isEmpty());
        postSigned(event(Map.of("postback", json.readTree("{\"title\": \"How does it work?\", \"payload\": \"HOW\", \"mid\": \"p-"
                + UUID.randomUUID() + "\"}")), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 3);
        assertThat(parley.graph.callsTo(user).get(1).body().path("message").path("text").asString()).contains("event on Kafka");
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndNothingEntersThePipeline() throws Exception {
        String body = json.writeValueAsString(event(message("hi"), user));
        assertThat(post(body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(403);
        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, sign(body.replace("hi", "ho"))).statusCode()).isEqualTo(403);

        assertThat(commandsOf("messenger:" + PAGE + ":" + user)).isZero();
        assertThat(parley.graph.callsTo(user)).isEmpty();
    }

    @Test
    void malformedJsonIsABadRequestAndEventsParleyDoesNotHandleAreAcknowledged() throws Exception {
        assertThat(post("{not json", sign("{not json")).statusCode()).isEqualTo(400);

        HttpResponse<String> unknownPage = postSigned(Map.of("object", "page", "entry", List.of(Map.of(
                "id", "NO-SUCH-PAGE", "time", 1, "messaging", List.of(Map.of("sender", Map.of("id", user),
                        "recipient", Map.of("id", "NO-SUCH-PAGE"), "timestamp", 1, "message", Map.of("mid", "x", "text", "hi")))))));
        assertThat(unknownPage.statusCode()).isEqualTo(200);
        assertThat(unknownPage.body()).contains("no bot answers on page NO-SUCH-PAGE");

        HttpResponse<String> delivery = postSigned(event(Map.of("delivery", Map.of("mids", List.of("m1"), "watermark", 1)), user));
        assertThat(delivery.statusCode()).isEqualTo(200);
        assertThat(json.readTree(delivery.body()).path("accepted").asInt()).isZero();
        assertThat(delivery.body()).contains("delivery events are not handled");
    }

    @Test
    void aFailingSendApiIsRetriedWithBackOffThenDeadLetteredWithTheCause() throws Exception {
        parley.graph.mode(FakeGraphApi.Mode.SERVER_ERROR);
        postSigned(event(message("hi"), user));

        await().atMost(PATIENCE).until(() -> deadLetters(user).size() == 1);
        assertThat(parley.graph.callsTo(user)).as("tried 3 times").hasSize(3);
        ConsumerRecord<byte[], byte[]> dead = deadLetters(user).get(0);
        assertThat(header(dead, "kafka_exception-message")).contains("the Send API answered 500");
        await().atMost(PATIENCE).until(() -> receipts(user).stream().anyMatch(r -> r.getOutcome() == DeliveryOutcome.FAILED));
    }

    @Test
    void whenALaterMessageOfAnAnswerFailsOnlyItIsSentAgain() throws Exception {
        postSigned(event(message("hi"), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() == 1);
        parley.graph.mode(FakeGraphApi.Mode.FLAKY_SECOND);
        JsonNode quickReply = json.readTree("{\"mid\": \"m-" + UUID.randomUUID() + "\", \"text\": \"Pricing\", "
                + "\"quick_reply\": {\"payload\": \"PRICING\"}}");
        postSigned(event(Map.of("message", quickReply), user));

        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() >= 4);
        assertThat(parley.graph.callsTo(user).subList(1, 4)).extracting(call -> call.body().path("message").path("text").asString())
                .as("the first message once; the second failed, then went out")
                .containsExactly("Parley is open source: it costs what your Kafka cluster costs.", "Anything else?", "Anything else?");
    }

    @Test
    void aMessengerRedeliveryIsNotASecondTurn() throws Exception {
        Map<String, Object> pricing = Map.of("message", Map.of("mid", "m-" + UUID.randomUUID(), "text", "Pricing",
                "quick_reply", Map.of("payload", "PRICING")));
        postSigned(event(message("hi"), user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() == 1);
        postSigned(event(pricing, user));
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).size() == 3);
        // Messenger delivers the same event again (our 200 was lost): same mid, nothing said twice.
        postSigned(event(pricing, user));
        postSigned(event(message("goodbye"), user));
        // The goodbye is answered after the redelivered event was handled: once it is here, a second answer would be too.
        await().atMost(PATIENCE).until(() -> parley.graph.callsTo(user).stream()
                .anyMatch(call -> call.body().path("message").path("text").asString().startsWith("Goodbye!")));
        assertThat(parley.graph.callsTo(user).subList(3, parley.graph.callsTo(user).size()))
                .extracting(call -> call.body().path("message").path("text").asString())
                .noneMatch(text -> text.startsWith("Parley is open source"));
    }

    @Test
    void aRefusedMessageIsNotRetried() throws Exception {
        parley.graph.mode(FakeGraphApi.Mode.BAD_REQUEST);
        postSigned(event(message("hi"), user));

        await().atMost(PATIENCE).until(() -> deadLetters(user).size() == 1);
        assertThat(parley.graph.callsTo(user)).as("a 4xx is not retried").hasSize(1);
        assertThat(header(deadLetters(user).get(0), "kafka_exception-message")).contains("refused the message with 400");
    }

    private static Map<String, Object> message(String text) {
        return Map.of("message", Map.of("mid", "m-" + UUID.randomUUID(), "text", text));
    }

    private static Map<String, Object> event(Map<String, Object> content, String user) {
        Map<String, Object> messaging = new java.util.HashMap<>(content);
        messaging.put("sender", Map.of("id", user));
        messaging.put("recipient", Map.of("id", PAGE));
        messaging.put("timestamp", System.currentTimeMillis());
        return Map.of("object", "page", "entry", List.of(Map.of("id", PAGE, "time", System.currentTimeMillis(),
                "messaging", List.of(messaging))));
    }

    private static HttpResponse<String> postSigned(Object event) throws Exception {
        String body = json.writeValueAsString(event);
        return post(body, sign(body));
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(RunningParley.MESSENGER_APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.ingestPort() + "/messenger/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.ingestPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            List<String> names = new ArrayList<>();
            record.headers().forEach(h -> names.add(h.key()));
            return "no header " + name + " among " + names;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String user) {
        return readRaw(Topics.MESSENGER_OUTBOX_DLT.name(), "messenger:" + PAGE + ":" + user);
    }

    private static long commandsOf(String session) {
        return readRaw(Topics.COMMANDS.name(), session).size();
    }

    private static List<DeliveryReceipt> receipts(String user) {
        RegistrySerdes serdes = parley.infra.newSerdes();
        return readRaw(Topics.DELIVERIES.name(), "messenger:" + PAGE + ":" + user).stream()
                .map(record -> serdes.valueSerde(Topics.DELIVERIES).deserializer().deserialize(record.topic(), record.value()))
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, String key) {
        return parley.infra.topics().withKey(topic, key);
    }

}
