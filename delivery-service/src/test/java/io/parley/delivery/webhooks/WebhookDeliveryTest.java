package io.parley.delivery.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.avro.Command;
import io.parley.avro.DeliveryOutcome;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.DeliveryTarget;
import io.parley.avro.ProjectWebhook;
import io.parley.avro.Slot;
import io.parley.avro.SlotFieldType;
import io.parley.avro.SlotFilling;
import io.parley.avro.WebhookFailed;
import io.parley.avro.WebhookKind;
import io.parley.avro.WebhookRequest;
import io.parley.avro.WebhookSettings;
import io.parley.delivery.DeliveryApplication;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery service calling a customer's webhook (a real HTTP server on loopback) for the webhook
 * requests on the real broker, with the project read from the accounts topic.
 */
@SpringBootTest(classes = DeliveryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=" + DeliveryApplication.CONFIG_NAME,
                "parley.delivery.allow-private-addresses=true",
                "parley.delivery.webhooks.attempts=4",
                "parley.delivery.webhooks.retry-delay=50ms",
                "parley.delivery.webhooks.max-retry-delay=200ms"})
// Its consumers must not linger and share partitions with another test class's delivery service.
@DirtiesContext
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String SECRET = "whsec-test";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HttpServer server;
    private static ExecutorService serverThreads;

    @Autowired
    ProjectDirectory projects;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void startCustomerEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterAll
    static void stopCustomerEndpoint() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void aCompletedModuleIsPostedAsTalkLiftsGeneralWebhookAuthenticatedAndSigned() throws Exception {
        Endpoint endpoint = Endpoint.answering(200);
        ProjectWebhook project = projectWith(endpoint, "hook-user", "hook-pass");
        WebhookRequest request = request(project, WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null);

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        await().atMost(PATIENCE).until(() -> endpoint.calls.size() == 1);
        Call call = endpoint.calls.get(0);
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("hook-user:hook-pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(call.header("Idempotency-Key")).isEqualTo(request.getIdempotencyKey());
        assertThat(call.header("X-Parley-Event")).isEqualTo("Policy renewal");
        assertSignedWithTheProjectsSecret(call);

        JsonNode body = JSON.readTree(call.body());
        assertThat(fieldNames(body)).containsExactly("event_name", "payload");
        assertThat(body.get("event_name").asString()).isEqualTo("Policy renewal");
        assertThat(body.get("payload")).hasSize(1);
        assertStoryState(body.get("payload").get(0), request, project);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getTarget()).isEqualTo(DeliveryTarget.WEBHOOK);
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(receipt.getReference()).isEqualTo(request.getIdempotencyKey());
            assertThat(receipt.getAttempts()).isEqualTo(1);
        }));
    }

    @Test
    void aSlotToValidateIsPostedAsTalkLiftsSlotFillingWebhook() throws Exception {
        Endpoint endpoint = Endpoint.answering(200);
        ProjectWebhook project = projectWith(endpoint, null, null);
        Slot slot = Slot.newBuilder().setId(3442).setLabel("Membership Number").setFieldType(SlotFieldType.CHOICE)
                .setChoiceOptions(List.of("Gold", "Silver")).setValidateWithWebhook(true).setShowCondition(5444L)
                .setShowConditionValue("yes").setOrder(3).build();
        WebhookRequest request = request(project, WebhookKind.SLOT_VALIDATION, "SLOT-MODULE:Make a claim", slot, "Gold");

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        await().atMost(PATIENCE).until(() -> endpoint.calls.size() == 1);
        Call call = endpoint.calls.get(0);
        assertThat(call.header("Authorization")).as("no basic auth configured").isNull();
        assertThat(call.header("Idempotency-Key")).isEqualTo(request.getIdempotencyKey());
        assertThat(call.header("X-Parley-Event")).isEqualTo("SLOT-MODULE:Make a claim");
        assertSignedWithTheProjectsSecret(call);

        JsonNode body = JSON.readTree(call.body());
        assertThat(fieldNames(body)).containsExactly("event_name", "payload");
        assertThat(body.get("event_name").asString()).isEqualTo("SLOT-MODULE:Make a claim");
        JsonNode payload = body.get("payload").get(0);
        assertThat(fieldNames(payload)).containsExactly("slot", "value", "session", "project", "org", "slot_state");
        JsonNode slotJson = payload.get("slot");
        assertThat(fieldNames(slotJson)).containsExactly("id", "label", "field_type", "choice_options", "validation_regex",
                "validation_message", "validate_with_webhook", "show_condition", "show_condition_value", "date_gte_today",
                "order", "created_at", "updated_at");
        assertThat(slotJson.get("id").asLong()).isEqualTo(3442);
        assertThat(slotJson.get("label").asString()).isEqualTo("Membership Number");
        assertThat(slotJson.get("field_type").asString()).isEqualTo("CHOICE");
        assertThat(slotJson.get("choice_options").asString()).isEqualTo("Gold,Silver");
        assertThat(slotJson.get("validation_regex").asString()).isEmpty();
        assertThat(slotJson.get("validation_message").asString()).isEmpty();
        assertThat(slotJson.get("validate_with_webhook").asBoolean()).isTrue();
        assertThat(slotJson.get("show_condition").asString()).isEqualTo("5444");
        assertThat(slotJson.get("show_condition_value").asString()).isEqualTo("yes");
        assertThat(slotJson.get("date_gte_today").asBoolean()).isFalse();
        assertThat(slotJson.get("order").asInt()).isEqualTo(3);
        assertThat(slotJson.get("created_at").asString()).isEqualTo("2019-03-07T14:46:28.479000+00:00");
        assertThat(slotJson.get("updated_at").asString()).isEqualTo("2019-03-07T14:46:28.479000+00:00");
        assertThat(payload.get("value").asString()).isEqualTo("Gold");
        assertThat(payload.get("session").asString()).isEqualTo(request.getSessionId());
        assertThat(payload.get("project").asLong()).isEqualTo(project.getProjectId());
        assertThat(payload.get("org").asLong()).isEqualTo(project.getOrgId());
        assertStoryState(payload.get("slot_state"), request, project);
    }

    @Test
    void anEndpointThatFailsThreeTimesGetsTheSameCallUntilItAcceptsIt() throws Exception {
        Endpoint endpoint = Endpoint.answering(500, 500, 500, 200);
        ProjectWebhook project = projectWith(endpoint, null, null);
        WebhookRequest request = request(project, WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null);

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(receipt.getAttempts()).isEqualTo(4);
        }));
        assertThat(endpoint.calls).extracting(Call::answered).containsExactly(500, 500, 500, 200);
        assertThat(endpoint.calls).extracting(call -> call.header("Idempotency-Key")).containsOnly(request.getIdempotencyKey());
        assertThat(endpoint.calls).extracting(Call::body).containsOnly(endpoint.calls.get(0).body());
        endpoint.calls.forEach(WebhookDeliveryTest::assertSignedWithTheProjectsSecret);
        assertThat(commands(request.getSessionId())).isEmpty();
    }

    @Test
    void anEndpointThatKeepsFailingEndsOnTheDeadLetterTopicAndTheConversationIsTold() throws Exception {
        Endpoint endpoint = Endpoint.answering(500);
        ProjectWebhook project = projectWith(endpoint, null, null);
        WebhookRequest request = request(project, WebhookKind.SLOT_VALIDATION, "SLOT-MODULE:Make a claim",
                Slot.newBuilder().setId(1).setLabel("Email").setFieldType(SlotFieldType.EMAIL).setOrder(1).build(), "a@b.c");

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        assertFailedFor(request, "500");
        assertThat(infra().topics().withKey(Topics.WEBHOOKS_DLT.name(), request.getSessionId())).hasSize(1);
        assertThat(endpoint.calls).hasSize(4).extracting(Call::answered).containsOnly(500);
        assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(receipt.getAttempts()).isEqualTo(4);
            assertThat(receipt.getDetail()).isEqualTo("the webhook of project " + project.getProjectId() + " answered 500: {\"error\":\"status 500\"}");
        });
    }

    @Test
    void aRefusalIsNotRetriedAndTheConversationIsTold() throws Exception {
        Endpoint endpoint = Endpoint.answering(400);
        ProjectWebhook project = projectWith(endpoint, null, null);
        WebhookRequest request = request(project, WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null);

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        assertFailedFor(request, "400");
        assertThat(infra().topics().withKey(Topics.WEBHOOKS_DLT.name(), request.getSessionId())).hasSize(1);
        // Retries, had there been any, come before the dead letter that the command follows.
        assertThat(endpoint.calls).hasSize(1);
        assertThat(receipts(request.getSessionId())).singleElement().satisfies(receipt -> {
            assertThat(receipt.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(receipt.getAttempts()).isEqualTo(1);
        });
    }

    @Test
    void aBotWithoutAProjectEndsAsAFailureWithoutACall() throws Exception {
        ProjectWebhook stranger = ProjectWebhook.newBuilder().setProjectId(-1).setOrgId(-1)
                .setBots(List.of("acme/" + ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE))).build();
        WebhookRequest request = request(stranger, WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null);

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        assertFailedFor(request, "bot " + stranger.getBots().get(0) + " belongs to no project");
    }

    @Test
    void aProjectWithoutAWebhookEndsAsAFailureWithoutACall() throws Exception {
        ProjectWebhook project = projectWith(Endpoint.answering(200), null, null);
        project.setWebhook(null);
        infra().send(Topics.PROJECT_WEBHOOKS, "project:" + project.getProjectId(), project);
        await().atMost(PATIENCE).until(() -> projects.owning("acme", botIdOf(project)).orElseThrow().getWebhook() == null);
        WebhookRequest request = request(project, WebhookKind.MODULE_COMPLETED, "Policy renewal", null, null);

        infra().send(Topics.WEBHOOKS, request.getSessionId(), request);

        assertFailedFor(request, "no webhook is configured for project " + project.getProjectId());
    }

    @Test
    void anUnreadableRequestEndsOnTheDeadLetterTopicAsItCame() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS.name(), key.getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(infra().topics().withKey(Topics.WEBHOOKS_DLT.name(), key))
                .singleElement().satisfies(record -> {
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
                    // The retry feature's exception headers (kafka_exception-*), as for a failed call.
                    assertThat(record.headers().lastHeader(KafkaHeaders.EXCEPTION_FQCN)).isNotNull();
                    assertThat(record.headers().lastHeader(KafkaHeaders.EXCEPTION_MESSAGE)).isNotNull();
                }));
    }

    private void assertFailedFor(WebhookRequest request, String causeMentions) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(commands(request.getSessionId())).singleElement().satisfies(command -> {
            assertThat(command.getCommandId()).isEqualTo("webhook-failed/" + request.getIdempotencyKey());
            assertThat(command.getCompany()).isEqualTo(request.getCompany());
            assertThat(command.getBotId()).isEqualTo(request.getBotId());
            assertThat(command.getChannel()).isEqualTo(request.getChannel());
            assertThat(command.getPayload()).isInstanceOfSatisfying(WebhookFailed.class, failed -> {
                assertThat(failed.getIdempotencyKey()).isEqualTo(request.getIdempotencyKey());
                assertThat(failed.getKind()).isEqualTo(request.getKind());
                assertThat(failed.getCause()).contains(causeMentions).doesNotStartWith("Listener failed");
            });
        }));
    }

    private static void assertStoryState(JsonNode state, WebhookRequest request, ProjectWebhook project) {
        SlotFilling filling = request.getFilling();
        assertThat(fieldNames(state)).containsExactly("id", "slot_states", "created_at", "updated_at", "session", "story",
                "project", "org");
        assertThat(state.get("id").asLong()).isEqualTo(filling.getId());
        assertThat(state.get("created_at").asString()).isEqualTo("2019-02-27T08:46:25.133000+00:00");
        assertThat(state.get("updated_at").asString()).isEqualTo("2019-03-07T14:52:38.144000+00:00");
        assertThat(state.get("session").isString()).isTrue();
        assertThat(state.get("session").asString()).isEqualTo(request.getSessionId());
        assertThat(state.get("story").asLong()).isEqualTo(filling.getModuleId());
        assertThat(state.get("project").asLong()).isEqualTo(project.getProjectId());
        assertThat(state.get("org").asLong()).isEqualTo(project.getOrgId());
        JsonNode slotStates = state.get("slot_states");
        assertThat(slotStates).hasSize(2);
        for (JsonNode slotState : slotStates) {
            assertThat(fieldNames(slotState)).containsExactly("id", "story_state", "slot", "order", "is_done",
                    "waiting_response", "data", "slot_label");
        }
        JsonNode done = slotStates.get(0);
        assertThat(done.get("id").asLong()).isEqualTo(6976);
        assertThat(done.get("story_state").asLong()).isEqualTo(filling.getId());
        assertThat(done.get("slot").asLong()).isEqualTo(5444);
        assertThat(done.get("order").asInt()).isEqualTo(1);
        assertThat(done.get("is_done").asBoolean()).isTrue();
        assertThat(done.get("waiting_response").asBoolean()).isFalse();
        assertThat(done.get("data").asString()).isEqualTo("Mr Awesome Customer");
        assertThat(done.get("slot_label").asString()).isEqualTo("Full name");
        JsonNode waiting = slotStates.get(1);
        assertThat(waiting.get("is_done").asBoolean()).isFalse();
        assertThat(waiting.get("waiting_response").asBoolean()).isTrue();
        assertThat(waiting.get("data").isNull()).isTrue();
    }

    /** Verifies the signature as the README tells customers to. */
    private static void assertSignedWithTheProjectsSecret(Call call) {
        String signature = call.header("X-Parley-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = signature.substring(2, signature.indexOf(','));
        String v1 = signature.substring(signature.indexOf("v1=") + 3);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(300);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + call.body()).getBytes(StandardCharsets.UTF_8));
            assertThat(v1).isEqualTo(HexFormat.of().formatHex(expected));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A project owning a new bot, with its webhook at {@code endpoint}, visible to the service. */
    private ProjectWebhook projectWith(Endpoint endpoint, String user, String password) throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
        long botId = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
        ProjectWebhook project = ProjectWebhook.newBuilder()
                .setProjectId(id).setOrgId(900 + id % 7)
                .setBots(List.of(Topics.botKey("acme", botId)))
                .setWebhook(WebhookSettings.newBuilder()
                        .setUrl("http://127.0.0.1:" + server.getAddress().getPort() + endpoint.path)
                        .setBasicAuthUsername(user).setBasicAuthPassword(password)
                        .setSigningSecret(SECRET).setTimeoutMillis(2000).build())
                .build();
        infra().send(Topics.PROJECT_WEBHOOKS, "project:" + id, project);
        // The service reads the projects' webhooks on a topic of their own: wait until it knows the project.
        await().atMost(PATIENCE).until(() -> projects.owning("acme", botId).isPresent());
        return project;
    }

    /** The body test's sample request, for a new session of the project's bot. */
    private static WebhookRequest request(ProjectWebhook project, WebhookKind kind, String eventName, Slot slot, String value) {
        long botId = botIdOf(project);
        String sessionId = UUID.randomUUID().toString();
        WebhookRequest sample = TalkLiftBodyTest.request(kind, eventName, slot, value);
        return WebhookRequest.newBuilder(sample)
                .setIdempotencyKey("call-" + UUID.randomUUID()).setSessionId(sessionId).setBotId(botId)
                .setFilling(SlotFilling.newBuilder(sample.getFilling()).setSessionId(sessionId).setBotId(botId).build())
                .setRequestedAt(Instant.now())
                .build();
    }

    private static long botIdOf(ProjectWebhook project) {
        String bot = project.getBots().get(0);
        return Long.parseLong(bot.substring(bot.indexOf('/') + 1));
    }

    private static List<Command> commands(String sessionId) {
        return infra().values(Topics.COMMANDS, sessionId);
    }

    private static List<DeliveryReceipt> receipts(String sessionId) {
        return infra().values(Topics.DELIVERIES, sessionId);
    }

    private static SharedTestInfrastructure infra() {
        return SharedTestInfrastructure.get();
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    /** What the customer's endpoint received on one call, and what it answered. */
    record Call(Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst().orElse(null);
        }
    }

    /** A customer's webhook on the loopback server, answering with the given statuses in turn (the last one from then on). */
    static final class Endpoint {
        final String path = "/hooks/" + UUID.randomUUID();
        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final int[] answers;

        private Endpoint(int[] answers) {
            this.answers = answers;
        }

        static Endpoint answering(int... answers) {
            Endpoint endpoint = new Endpoint(answers);
            server.createContext(endpoint.path, endpoint::handle);
            return endpoint;
        }

        private synchronized void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = answers[Math.min(calls.size(), answers.length - 1)];
            calls.add(new Call(Map.copyOf(exchange.getRequestHeaders()), body, status));
            byte[] answer = (status == 200 ? "{\"ok\":true}" : "{\"error\":\"status " + status + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }
}
