package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.avro.UserSaid;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation through all three services over a real broker and registry: ingest -> Kafka ->
 * engine -> Kafka -> ingest, with delivery recording the replies.
 */
class PipelineEndToEndTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static SharedTestInfrastructure infra;
    private static ConfigurableApplicationContext delivery;
    private static ConfigurableApplicationContext secondDelivery;
    private static int ingestPort;
    private static int secondIngestPort;

    @BeforeAll
    static void startServices() throws Exception {
        RunningParley parley = RunningParley.get();
        infra = parley.infra;
        delivery = parley.delivery;
        secondDelivery = parley.secondDelivery;
        ingestPort = parley.ingestPort();
        secondIngestPort = parley.secondIngestPort();
    }

    @Test
    void theSeedsQuickstartHoldsAConversationThroughEveryService() throws Exception {
        HttpResponse<String> first = post(ingestPort, "/parley-demo/1/web", "{}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode start = json.readTree(first.body());
        String session = start.path("session").asString();
        assertThat(session).isNotBlank();
        assertThat(start.path("code").asInt()).isEqualTo(200);
        assertThat(start.path("name").asString()).isEqualTo("Parley demo");
        assertThat(start.path("language").path("slug").asString()).isEqualTo("EN");
        assertThat(start.path("data").path("messages").get(0).path("content").asString()).startsWith("Hello!");
        String tracking = start.path("data").path("responses").get(0).path("tracking").asString();
        assertThat(tracking).isEqualTo("welcome");
        assertThat(start.path("data").path("object_id").asString()).isEqualTo("welcome");
        assertThat(start.path("data").path("has_background_text").asInt()).isZero();

        HttpResponse<String> second = post(ingestPort, "/parley-demo/1/web", """
                {"message": "how does parley work?", "session": "%s", "tracking": "%s",
                 "variables": {"userresponse": "how does parley work?"}}""".formatted(session, tracking));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode turn = json.readTree(second.body());
        assertThat(turn.path("session").asString()).isEqualTo(session);
        assertThat(turn.path("data").path("messages").get(0).path("content").asString()).contains("event on Kafka");
        assertThat(turn.path("variables").path("bot_answer").asString())
                .startsWith("Every turn you send becomes an event on Kafka").endsWith("\nAnything else?");
        assertThat(turn.path("data").path("responses").get(0).path("tracking").asString()).isEqualTo("anything-else");

        // The delivery instances share the replies between them: count on both.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                webRepliesRecorded(delivery) + webRepliesRecorded(secondDelivery)).isGreaterThanOrEqualTo(2));
    }

    @Test
    void aTelephonyCallGetsItsSpeechSettingsAndIsToldToHangUpAtTheEnd() throws Exception {
        JsonNode start = json.readTree(post(ingestPort, "/parley-demo/2/telephony", "{}").body());
        JsonNode data = start.path("data");
        assertThat(start.path("language").path("slug").asString()).isEqualTo("FR");
        assertThat(start.path("variables").path("jour").asString()).matches("lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche");
        assertThat(start.path("variables").path("horaire").asString()).matches("horairein|horaireout");
        assertThat(data.path("speech_synthesis").path("vendor").asString()).isEqualTo("microsoft");
        assertThat(data.path("speech_synthesis").path("voice").asString()).isEqualTo("fr-FR-DeniseNeural");
        assertThat(data.path("speech_synthesis").path("options").path("style").asString()).isEqualTo("cheerful");
        assertThat(data.path("speech_recognizer").path("language").asString()).isEqualTo("fr-FR");
        assertThat(data.path("speech_recognizer").path("hints").toString()).contains("horaires");
        assertThat(data.path("speech_recognizer").path("initialSpeechTimeoutMs").asInt()).isEqualTo(6000);
        assertThat(data.path("speech_recognizer").path("asrTimeout").asDouble()).isEqualTo(0.7);
        assertThat(data.path("hangup_no_response").asInt()).isEqualTo(1);
        assertThat(data.path("retries").asInt()).isEqualTo(2);
        assertThat(data.has("hangup")).isFalse();

        String session = start.path("session").asString();
        JsonNode bye = json.readTree(post(ingestPort, "/parley-demo/2/telephony", """
                {"message": "merci au revoir", "session": "%s", "tracking": "accueil",
                 "variables": {"userresponse": "merci au revoir"}}""".formatted(session)).body());
        assertThat(bye.path("data").path("messages").get(0).path("content").asString()).contains("bonne journée");
        assertThat(bye.path("data").path("hangup").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownSessionIsABadRequestThatTellsTheClientToStartAgain() throws Exception {
        HttpResponse<String> response = post(ingestPort, "/parley-demo/1/web", """
                {"message": "hi", "session": "%s", "tracking": "welcome", "variables": {"userresponse": "hi"}}"""
                .formatted(UUID.randomUUID()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("variables").path("error").asString())
                .contains("start a new conversation");
    }

    @Test
    void aTurnRetriedWithItsIdempotencyKeyOnAnotherInstanceIsTakenOnceEvenWhereTheBlockLoops() throws Exception {
        String session = json.readTree(post(ingestPort, "/parley-demo/1/web", "{}").body()).path("session").asString();
        JsonNode first = json.readTree(post(ingestPort, "/parley-demo/1/web", turn(session, "welcome", "pricing")).body());
        String tracking = first.path("data").path("responses").get(0).path("tracking").asString();
        assertThat(tracking).isEqualTo("anything-else");
        // "pricing" again leads back to anything-else: the tracking alone cannot tell a retry from a new turn.
        String again = turn(session, tracking, "pricing please");
        String key = UUID.randomUUID().toString();

        HttpResponse<String> taken = post(ingestPort, "/parley-demo/1/web", again, key);
        HttpResponse<String> retried = post(secondIngestPort, "/parley-demo/1/web", again, key);
        HttpResponse<String> withoutKey = post(ingestPort, "/parley-demo/1/web", again);

        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json.readTree(retried.body()).path("variables").path("bot_answer").asString())
                .isEqualTo(json.readTree(taken.body()).path("variables").path("bot_answer").asString());
        assertThat(withoutKey.statusCode()).isEqualTo(200);
        List<String> said = infra.values(Topics.EVENTS, session).stream()
                .filter(event -> event.getPayload() instanceof UserSaid)
                .map(event -> ((UserSaid) event.getPayload()).getText()).toList();
        // Taken once with its key; sent again without one, the same words are a new turn at a looping block.
        assertThat(said).containsExactly("pricing", "pricing please", "pricing please");

        HttpResponse<String> badKey = post(ingestPort, "/parley-demo/1/web", again, "not a key!");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badKey.body()).path("variables").path("error").asString()).contains("Idempotency-Key");
    }

    private static String turn(String session, String tracking, String text) {
        return json.writeValueAsString(Map.of("message", text, "session", session, "tracking", tracking,
                "variables", Map.of("userresponse", text)));
    }

    @Test
    void twoIngestInstancesEachReceiveTheirOwnReplies() throws Exception {
        for (int i = 0; i < 5; i++) {
            for (int port : new int[] {ingestPort, secondIngestPort}) {
                HttpResponse<String> response = post(port, "/parley-demo/1/telephony", "{}");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = json.readTree(response.body());
                assertThat(body.path("data").path("speech_synthesis").path("voice").asString()).isEqualTo("en-US-Standard-C");
            }
        }
    }

    @Test
    void everyRecordIsReadableByAConfluentCompatibleConsumerThroughTheRegistry() throws Exception {
        String session = json.readTree(post(ingestPort, "/parley-demo/1/web", "{}").body()).path("session").asString();

        for (Topic<String, ?> topic : List.of(Topics.COMMANDS, Topics.EVENTS, Topics.REPLIES)) {
            List<ConsumerRecord<byte[], byte[]>> records = readAll(topic.name(), session);
            assertThat(records).as(topic.name()).isNotEmpty();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                ByteBuffer value = ByteBuffer.wrap(record.value());
                assertThat(value.get()).as("magic byte").isZero();
                int schemaId = value.getInt();
                Schema schema = new Schema.Parser().parse(
                        json.readTree(get(infra.confluentCompatibleUrl() + "/schemas/ids/" + schemaId)).path("schema").asString());
                GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(record.value(), 5, record.value().length - 5, null));
                assertThat(decoded.get("sessionId").toString()).isEqualTo(session);
            }
        }
    }

    @Test
    void aPoisonCommandIsDeadLetteredWithItsCauseAndTheEngineGoesOn() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), key.getBytes(StandardCharsets.UTF_8),
                    "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> dead = readAll(Topics.COMMANDS_DLT.name(), key);
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
                assertThat(headerNames(record)).anyMatch(name -> name.toLowerCase().contains("exception"));
            });
        });
        HttpResponse<String> after = post(ingestPort, "/parley-demo/1/web", "{}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    private static double webRepliesRecorded(ConfigurableApplicationContext instance) {
        Counter counter = instance.getBean(MeterRegistry.class).find("parley.delivery.replies")
                .tag("channel", "WEB").tag("status", "OK").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> headerNames(ConsumerRecord<byte[], byte[]> record) {
        List<String> names = new ArrayList<>();
        for (Header header : record.headers()) {
            names.add(header.key());
        }
        return names;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String key) {
        return infra.topics().withKey(topic, key);
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return post(port, path, body, null);
    }

    private static HttpResponse<String> post(int port, String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
