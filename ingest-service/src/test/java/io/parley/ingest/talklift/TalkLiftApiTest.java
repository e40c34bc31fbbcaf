package io.parley.ingest.talklift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.parley.avro.Command;
import io.parley.avro.SlotFeedback;
import io.parley.avro.SlotFilling;
import io.parley.avro.SlotState;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.ingest.IngestApplication;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The TalkLift webhook settings and slot feedback endpoints, against a real broker and registry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = IngestApplication.class,
        properties = {"spring.config.name=" + IngestApplication.CONFIG_NAME, "parley.ingest.admin-token=s3cret",
                "parley.ingest.rate-limit.per-second=0.01", "parley.ingest.rate-limit.burst=12"})
class TalkLiftApiTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final RegistrySerdes serdes = SharedTestInfrastructure.get().newSerdes();
    private static KafkaProducer<String, SlotFilling> engine;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Plays the engine's part: writes story states as it does. */
    @BeforeAll
    static void engineWriter() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestInfrastructure.get().bootstrapServers());
        engine = new KafkaProducer<>(config, new StringSerializer(), serdes.valueSerde(Topics.SLOT_STATES).serializer());
    }

    @AfterAll
    static void closeEngineWriter() {
        engine.close();
    }

    @Test
    void aProjectMemberSetsTheWebhookAndGetsItsSigningSecret() throws Exception {
        Account acme = account("acme-" + UUID.randomUUID() + "/1");
        Account other = account("other-" + UUID.randomUUID() + "/1");
        String path = "/api/v1/projects/" + acme.project + "/webhook/";
        String settings = "{\"url\": \"https://hooks.example.com/parley\", \"username\": \"hook\", \"password\": \"pw\", \"timeout_ms\": 2000}";

        assertThat(send("PUT", path, settings, null).statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = send("PUT", path, settings, other.token);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json.readTree(foreign.body()).path("detail").asString()).contains("project " + acme.project);
        HttpResponse<String> notUrl = send("PUT", path, "{\"url\": \"ftp://x\"}", acme.token);
        assertThat(notUrl.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notUrl.body()).path("detail").asString()).startsWith("url:");
        assertThat(send("PUT", path, "{\"url\": ", acme.token).statusCode()).isEqualTo(400);

        HttpResponse<String> set = send("PUT", path, settings, acme.token);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode saved = json.readTree(set.body());
        assertThat(saved.path("url").asString()).isEqualTo("https://hooks.example.com/parley");
        assertThat(saved.path("username").asString()).isEqualTo("hook");
        assertThat(saved.has("password")).isFalse();
        assertThat(saved.path("timeout_ms").asInt()).isEqualTo(2000);
        assertThat(saved.path("signing_secret").asString()).matches("whsec_[0-9a-f]{64}");
        assertThat(json.readTree(send("GET", path, null, acme.token).body()).path("signing_secret").asString())
                .isEqualTo(saved.path("signing_secret").asString());
        // A later change keeps the secret the customer verifies with, unless asked to rotate it.
        JsonNode moved = json.readTree(send("PUT", path, "{\"url\": \"https://hooks.example.com/v2\"}", acme.token).body());
        assertThat(moved.path("signing_secret").asString()).isEqualTo(saved.path("signing_secret").asString());
        assertThat(moved.path("username").isNull()).isTrue();
        JsonNode rotated = json.readTree(send("PUT", path, "{\"url\": \"https://hooks.example.com/v2\", \"rotate_secret\": true}",
                acme.token).body());
        assertThat(rotated.path("signing_secret").asString()).matches("whsec_[0-9a-f]{64}")
                .isNotEqualTo(saved.path("signing_secret").asString());
    }

    @Test
    void slotFeedbackForAWaitingSlotBecomesACommandForItsSession() throws Exception {
        String bot = "claims-" + UUID.randomUUID() + "/1";
        Account acme = account(bot);
        SlotFilling filling = publish(filling(bot, true));
        SlotState waiting = filling.getSlotStates().get(1);

        HttpResponse<String> response = feedback(acme, filling, waiting, "\"is_done\": true, \"data\": \"M-1\"");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.path("id").asLong()).isEqualTo(waiting.getId());
        assertThat(answer.path("story_state").asLong()).isEqualTo(filling.getId());
        assertThat(answer.path("is_done").asBoolean()).isTrue();
        assertThat(answer.path("waiting_response").asBoolean()).isFalse();
        assertThat(answer.path("data").asString()).isEqualTo("M-1");
        assertThat(answer.path("project").asLong()).isEqualTo(acme.project);
        assertThat(answer.path("org").asLong()).isEqualTo(acme.org);
        SlotFeedback sent = (SlotFeedback) commandsFor(filling.getSessionId()).get(0).getPayload();
        assertThat(sent).isEqualTo(new SlotFeedback(filling.getId(), waiting.getId(), true, "M-1", null));
    }

    @Test
    void feedbackThatCannotApplyIsRefusedWithAPreciseError() throws Exception {
        String bot = "claims-" + UUID.randomUUID() + "/1";
        Account acme = account(bot);
        Account other = account("other-" + UUID.randomUUID() + "/1");
        SlotFilling notWaiting = publish(filling(bot, false));
        SlotFilling waiting = publish(filling(bot, true));

        HttpResponse<String> done = feedback(acme, notWaiting, notWaiting.getSlotStates().get(0), "\"is_done\": true");
        assertThat(done.statusCode()).isEqualTo(400);
        assertThat(json.readTree(done.body()).path("detail").asString()).contains("is not waiting for validation: it is done");
        HttpResponse<String> idle = feedback(acme, notWaiting, notWaiting.getSlotStates().get(1), "\"is_done\": true");
        assertThat(idle.statusCode()).isEqualTo(400);
        assertThat(json.readTree(idle.body()).path("detail").asString()).contains("no answer of the user is under review");

        HttpResponse<String> foreign = feedback(other, waiting, waiting.getSlotStates().get(1), "\"is_done\": true");
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> otherOrg = send("POST", "/api/v1/session-slot-states/update_from_webhook/",
                "{\"id\": 1, \"story_state\": 2, \"is_done\": true, \"org\": " + (acme.org + 1) + "}", acme.token);
        assertThat(otherOrg.statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = send("POST", "/api/v1/session-slot-states/update_from_webhook/",
                "{\"id\": 1, \"story_state\": 2, \"is_done\": true}", acme.token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("detail").asString()).contains("No story state 2");
        HttpResponse<String> missing = send("POST", "/api/v1/session-slot-states/update_from_webhook/",
                "{\"id\": 1, \"story_state\": 2}", acme.token);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).path("detail").asString()).isEqualTo("is_done: This field is required.");
        HttpResponse<String> malformed = send("POST", "/api/v1/session-slot-states/update_from_webhook/", "{\"id\": ", acme.token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json.readTree(malformed.body()).path("detail").asString()).startsWith("JSON parse error");
        assertThat(send("POST", "/api/v1/session-slot-states/update_from_webhook/", "{}", null).statusCode()).isEqualTo(401);

        assertThat(commandsFor(notWaiting.getSessionId())).isEmpty();
        assertThat(commandsFor(waiting.getSessionId())).isEmpty();
    }

    @Test
    void whenKafkaCannotTakeTheWriteTheCallerGets503AndNothingIsWritten() throws Exception {
        String bot = "claims-" + UUID.randomUUID() + "/1";
        Account acme = account(bot);
        SlotFilling filling = publish(filling(bot, true));
        HttpResponse<String> refused;
        // The broker refuses every record of the commands topic as too large while this is set.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestInfrastructure.get().bootstrapServers()))) {
            setMaxMessageBytes(admin, "16");
            try {
                refused = feedback(acme, filling, filling.getSlotStates().get(1), "\"is_done\": true");
            } finally {
                setMaxMessageBytes(admin, null);
            }
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json.readTree(refused.body()).path("detail").asString()).contains("nothing was changed");
        assertThat(commandsFor(filling.getSessionId())).isEmpty();

        // Same producer, same key, same partition: a late write of the refused call would come before this one.
        HttpResponse<String> retried = feedback(acme, filling, filling.getSlotStates().get(1), "\"is_done\": true");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(commandsFor(filling.getSessionId())).hasSize(1);
    }

    /** Sets the topic's limit, or goes back to the broker's default when {@code value} is null. */
    private static void setMaxMessageBytes(Admin admin, String value) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMANDS.name());
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value),
                value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET)))).all().get();
        // The broker applies topic configuration from its metadata asynchronously: wait until it shows.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get().get(topic)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return value == null ? entry.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG : value.equals(entry.value());
        });
    }

    private record Account(long org, long project, String token) {
    }

    private Account account(String bot) throws Exception {
        String email = "ops." + UUID.randomUUID() + "@example.com";
        JsonNode created = json.readTree(send("POST", "/admin/accounts", json.writeValueAsString(Map.of(
                "organisation", "Acme", "project", "Claims", "bots", List.of(bot),
                "email", email, "password", "correct horse battery")), "Bearer s3cret").body());
        String token = json.readTree(send("POST", "/api-token-auth/",
                json.writeValueAsString(Map.of("username", email, "password", "correct horse battery")), null).body())
                .path("token").asString();
        return new Account(created.path("org_id").asLong(), created.path("project_id").asLong(), "Token " + token);
    }

    /** A story state with a done name slot and a membership slot, under review by the webhook when {@code underReview}. */
    private static SlotFilling filling(String bot, boolean underReview) {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 50);
        List<SlotState> states = new ArrayList<>();
        states.add(SlotState.newBuilder().setId(id + 1).setStoryState(id).setSlot(5444).setOrder(1)
                .setIsDone(true).setData("Jane").setSlotLabel("Full name").build());
        states.add(SlotState.newBuilder().setId(id + 2).setStoryState(id).setSlot(3442).setOrder(2)
                .setWaitingResponse(true).setData(underReview ? "209192092" : null).setSlotLabel("Membership Number").build());
        String[] company = bot.split("/");
        return SlotFilling.newBuilder()
                .setId(id)
                .setSessionId(UUID.randomUUID().toString())
                .setCompany(company[0])
                .setBotId(Long.parseLong(company[1]))
                .setModuleId(1220)
                .setModuleName("Make a claim")
                .setBlockId("claim")
                .setSlotStates(states)
                .setPendingValidation(underReview ? "slot/cmd-1" : null)
                .setCreatedAt(Instant.now())
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static SlotFilling publish(SlotFilling filling) throws Exception {
        engine.send(new ProducerRecord<>(Topics.SLOT_STATES.name(), Long.toString(filling.getId()), filling)).get();
        return filling;
    }

    private HttpResponse<String> feedback(Account account, SlotFilling filling, SlotState state, String verdict) throws Exception {
        return send("POST", "/api/v1/session-slot-states/update_from_webhook/",
                "{\"id\": " + state.getId() + ", \"story_state\": " + filling.getId() + ", \"slot\": " + state.getSlot()
                        + ", \"order\": " + state.getOrder() + ", \"waiting_response\": true, " + verdict + "}", account.token);
    }

    private static List<Command> commandsFor(String sessionId) {
        return SharedTestInfrastructure.get().values(Topics.COMMANDS, sessionId);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
