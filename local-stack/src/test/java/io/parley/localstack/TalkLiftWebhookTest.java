package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.parley.avro.ConversationEvent;
import io.parley.avro.WebhookDeliveryFailed;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer backend written from TalkLift's documentation drives a claim through module 1220 of
 * parley-demo/4: it gets a token, sets its webhook, judges the webhook-validated membership number,
 * receives the completion event with the seed's exact shape and a valid signature, and sends the user
 * a message. Endpoints that fail are retried on retry topics, and dead-lettered when they never recover.
 */
class TalkLiftWebhookTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Set<String> SLOT_STATE_FIELDS =
            Set.of("id", "story_state", "slot", "order", "is_done", "waiting_response", "data", "slot_label");

    private static final Map<String, String> trackings = new java.util.concurrent.ConcurrentHashMap<>();
    private static RunningParley parley;

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
    }

    @Test
    void aCustomerBackendValidatesASlotReceivesTheCompletionAndMessagesTheUser() throws Exception {
        try (CustomerBackend backend = new CustomerBackend()) {
            Backend customer = Backend.signUp("parley-demo/4", backend, "hook-user", "hook-pass");
            AtomicInteger verdicts = new AtomicInteger();
            backend.onEvent(call -> customer.act(call, verdicts.incrementAndGet()));

            String session = talkr(4, "{}").path("session").asString();
            try (SseClient stream = new SseClient(parley.pushEndpoint(4, session), null)) {
                assertThat(say(4, session, "claim")).containsExactly("Let's start your claim.",
                        "Let's start with your full name (please include your prefix, e.g. Mr/Mrs/Ms/Dr)");
                assertThat(say(4, session, "Mr Awesome Customer")).containsExactly("Email Address");
                assertThat(say(4, session, "username@gmail")).containsExactly("Please enter a valid e-mail address.");
                assertThat(say(4, session, "username@gmail.com")).containsExactly("What would you like to claim for?");
                assertThat(say(4, session, "Car")).containsExactly("What is the vehicle's registration number?");
                assertThat(say(4, session, "CA 123456")).containsExactly("Which phone number can we call you on?");
                assertThat(say(4, session, "082 555 1234")).containsExactly("When did it happen? (e.g. 2026-11-20)");
                assertThat(say(4, session, "2026-11-20")).containsExactly("Membership Number");
                JsonNode interim = turn(4, session, "209192092");
                assertThat(interim.path("data").path("has_background_text").asInt()).isEqualTo(1);
                assertThat(messages(interim)).containsExactly("Thank you. One moment while we check your membership.");

                // The backend refuses the first number: the user is asked again, on the push stream.
                assertThat(pushedTexts(stream)).containsExactly("Please enter a valid membership number", "Membership Number");
                assertThat(messages(turn(4, session, "209192093")))
                        .containsExactly("Thank you. One moment while we check your membership.");
                // Accepted: the module completes and the tree goes on to its end.
                assertThat(pushedTexts(stream)).containsExactly("Thank you! Your claim is in. We will be in touch.");
                // The backend's message after the completion event reaches the user's channel.
                assertThat(pushedTexts(stream)).containsExactly("We have your claim, Mr Awesome Customer.");
            }
            // Every turn of it, the webhook's verdicts and the customer's message included, is explained by the log.
            AuditTool.Run replay = AuditTool.audit("replay", "--session", session);
            assertThat(replay.status()).as(replay.toString()).isZero();
            assertThat(replay.out()).containsPattern("1 sessions, \\d+ commands, \\d+ events compared: 0 divergent");

            List<CustomerBackend.Call> calls = backend.calls();
            assertThat(calls).extracting(CustomerBackend.Call::eventName)
                    .containsExactly("SLOT-MODULE:Make a claim", "SLOT-MODULE:Make a claim", "Make a claim");
            for (CustomerBackend.Call call : calls) {
                assertThat(CustomerBackend.signatureIsValid(call, customer.secret)).as("signature of " + call.rawBody()).isTrue();
                assertThat(call.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                        .encodeToString("hook-user:hook-pass".getBytes(StandardCharsets.UTF_8)));
                assertThat(call.idempotencyKey()).isNotBlank();
            }
            assertThat(calls).extracting(CustomerBackend.Call::idempotencyKey).doesNotHaveDuplicates();
            assertSlotValidationShape(calls.get(0).body(), session, customer);
            assertCompletionShape(calls.get(2).body(), session, customer);
            // Exactly once per completion, and it stays so for a while.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(backend.calls()).filteredOn(call -> call.eventName().equals("Make a claim")).hasSize(1));
        }
    }

    @Test
    void anEndpointThatFailsThreeTimesGetsTheEventOnceItRecovers() throws Exception {
        long botId = parley.publish(oneSlotBot(41));
        try (CustomerBackend backend = new CustomerBackend()) {
            Backend.signUp("parley-demo/" + botId, backend, null, null);
            AtomicInteger tries = new AtomicInteger();
            backend.answerWith(() -> tries.incrementAndGet() <= 3 ? 503 : 200);

            String session = talkr(botId, "{}").path("session").asString();
            say(botId, session, "start");
            assertThat(say(botId, session, "42")).containsExactly("Thanks.");

            await().atMost(Duration.ofSeconds(60)).until(() -> backend.calls().size() >= 4);
            List<CustomerBackend.Call> calls = backend.calls();
            assertThat(calls).extracting(CustomerBackend.Call::answered).containsExactly(503, 503, 503, 200);
            assertThat(calls).extracting(CustomerBackend.Call::idempotencyKey).containsOnly(calls.get(0).idempotencyKey());
            assertThat(calls).extracting(CustomerBackend.Call::rawBody).containsOnly(calls.get(0).rawBody());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(backend.calls()).hasSize(4));
            assertThat(deadLetters(calls.get(0).idempotencyKey())).isEmpty();
        }
    }

    @Test
    void anEndpointThatNeverRecoversLeavesADeadLetterAndTheUserIsTold() throws Exception {
        long botId = parley.publish(oneSlotBot(42));
        try (CustomerBackend backend = new CustomerBackend()) {
            Backend.signUp("parley-demo/" + botId, backend, null, null);
            backend.answerWith(() -> 500);

            String session = talkr(botId, "{}").path("session").asString();
            try (SseClient stream = new SseClient(parley.pushEndpoint(botId, session), null)) {
                say(botId, session, "start");
                assertThat(say(botId, session, "42")).containsExactly("Thanks.");

                assertThat(pushedTexts(stream)).containsExactly("Our systems did not get your answer; we will call you.");
            }
            String key = backend.calls().get(0).idempotencyKey();
            assertThat(backend.calls()).hasSize(4).allSatisfy(call -> assertThat(call.idempotencyKey()).isEqualTo(key));
            assertThat(deadLetters(key)).singleElement().satisfies(record -> assertThat(new String(
                    record.headers().lastHeader("kafka_exception-message").value(), StandardCharsets.UTF_8)).contains("500"));
            List<ConversationEvent> events = parley.infra.values(Topics.EVENTS, session);
            assertThat(events).anySatisfy(event -> assertThat(event.getPayload()).isInstanceOfSatisfying(
                    WebhookDeliveryFailed.class, failed -> assertThat(failed.getIdempotencyKey()).isEqualTo(key)));
        }
    }

    /** The customer's side: its account, token and webhook secret, and what it does with each event. */
    private static final class Backend {
        final long org;
        final long project;
        final String token;
        final String secret;

        private Backend(long org, long project, String token, String secret) {
            this.org = org;
            this.project = project;
            this.token = token;
            this.secret = secret;
        }

        static Backend signUp(String bot, CustomerBackend endpoint, String username, String password) throws Exception {
            String email = "backend." + UUID.randomUUID() + "@example.com";
            JsonNode account = json.readTree(send("POST", "/admin/accounts", json.writeValueAsString(Map.of("organisation", "Insure",
                    "project", "Claims", "bots", List.of(bot), "email", email, "password", "a long enough secret")),
                    "Bearer " + RunningParley.ADMIN_TOKEN).body());
            String token = json.readTree(send("POST", "/api-token-auth/", json.writeValueAsString(
                    Map.of("username", email, "password", "a long enough secret")), null).body()).path("token").asString();
            long project = account.path("project_id").asLong();
            Map<String, Object> settings = new java.util.HashMap<>(Map.of("url", endpoint.url()));
            if (username != null) {
                settings.put("username", username);
                settings.put("password", password);
            }
            HttpResponse<String> set = send("PUT", "/api/v1/projects/" + project + "/webhook/", json.writeValueAsString(settings),
                    "Token " + token);
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            return new Backend(account.path("org_id").asLong(), project, token,
                    json.readTree(set.body()).path("signing_secret").asString());
        }

        /** Refuses the first membership number, accepts the second, and thanks the user once the claim is complete. */
        void act(CustomerBackend.Call call, int verdict) {
            try {
                JsonNode payload = call.body().path("payload").get(0);
                if (call.eventName().startsWith("SLOT-MODULE:")) {
                    JsonNode states = payload.path("slot_state").path("slot_states");
                    JsonNode underReview = states.get(states.size() - 1);
                    boolean accept = verdict > 1;
                    String feedback = json.writeValueAsString(Map.of("id", underReview.path("id").asLong(),
                            "story_state", underReview.path("story_state").asLong(), "slot", underReview.path("slot").asLong(),
                            "order", underReview.path("order").asInt(), "is_done", accept, "waiting_response", !accept,
                            "data", payload.path("value").asString(), "slot_label", underReview.path("slot_label").asString(),
                            "project", project, "org", org));
                    HttpResponse<String> answer = send("POST", "/api/v1/session-slot-states/update_from_webhook/", feedback,
                            "Token " + token);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                } else {
                    String name = payload.path("slot_states").get(0).path("data").asString();
                    HttpResponse<String> sent = send("POST", "/api/v1/sessions/send_message/", json.writeValueAsString(Map.of(
                            "session_id", payload.path("session").asString(), "channel", "WEB", "sender", "BOT",
                            "text", "We have your claim, " + name + ".", "org_id", org, "project_id", project)),
                            "Token " + token);
                    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void assertSlotValidationShape(JsonNode body, String session, Backend customer) {
        assertThat(fields(body)).containsExactly("event_name", "payload");
        JsonNode payload = body.path("payload").get(0);
        assertThat(fields(payload)).containsExactly("slot", "value", "session", "project", "org", "slot_state");
        assertThat(fields(payload.path("slot"))).containsExactly("id", "label", "field_type", "choice_options", "validation_regex",
                "validation_message", "validate_with_webhook", "show_condition", "show_condition_value", "date_gte_today",
                "order", "created_at", "updated_at");
        assertThat(payload.path("slot").path("id").asLong()).isEqualTo(3442);
        assertThat(payload.path("slot").path("field_type").asString()).isEqualTo("TEXT");
        assertThat(payload.path("slot").path("validate_with_webhook").asBoolean()).isTrue();
        assertThat(payload.path("value").asString()).isEqualTo("209192092");
        assertThat(payload.path("session").asString()).isEqualTo(session);
        assertThat(payload.path("project").asLong()).isEqualTo(customer.project);
        assertThat(payload.path("org").asLong()).isEqualTo(customer.org);
        JsonNode slotState = payload.path("slot_state");
        assertThat(fields(slotState)).containsExactly("id", "slot_states", "created_at", "updated_at", "session", "story",
                "project", "org");
        assertThat(slotState.path("story").asLong()).isEqualTo(1220);
        JsonNode states = slotState.path("slot_states");
        assertThat(states).hasSize(7);
        states.forEach(state -> {
            assertThat(fields(state)).containsExactlyInAnyOrderElementsOf(SLOT_STATE_FIELDS);
            assertThat(state.path("story_state").asLong()).isEqualTo(slotState.path("id").asLong());
        });
        JsonNode last = states.get(6);
        assertThat(last.path("slot").asLong()).isEqualTo(3442);
        assertThat(last.path("is_done").asBoolean()).isFalse();
        assertThat(last.path("waiting_response").asBoolean()).isTrue();
        assertThat(states.get(4).path("data").asString()).isEqualTo("+27825551234");
        assertThat(slotState.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
    }

    private static void assertCompletionShape(JsonNode body, String session, Backend customer) {
        assertThat(fields(body)).containsExactly("event_name", "payload");
        JsonNode payload = body.path("payload").get(0);
        assertThat(fields(payload)).containsExactly("id", "slot_states", "created_at", "updated_at", "session", "story",
                "project", "org");
        assertThat(payload.path("session").asString()).isEqualTo(session);
        assertThat(payload.path("story").asLong()).isEqualTo(1220);
        assertThat(payload.path("project").asLong()).isEqualTo(customer.project);
        assertThat(payload.path("org").asLong()).isEqualTo(customer.org);
        assertThat(payload.path("slot_states")).hasSize(7).allSatisfy(state -> {
            assertThat(fields(state)).containsExactlyInAnyOrderElementsOf(SLOT_STATE_FIELDS);
            assertThat(state.path("is_done").asBoolean()).isTrue();
            assertThat(state.path("waiting_response").asBoolean()).isFalse();
        });
        assertThat(payload.path("slot_states").get(6).path("data").asString()).isEqualTo("209192093");
    }

    /** A bot whose module has one number slot and reports completion; the user is told when the report fails. */
    private static String oneSlotBot(long botId) {
        return """
                company: parley-demo
                botId: %d
                name: Survey %d
                language: {name: English, slug: EN, code: en-GB}
                startBlock: welcome
                webhookFailureMessage: Our systems did not get your answer; we will call you.
                blocks:
                  - {id: welcome, messages: ["Hello"], transitions: [{on: ANY, target: survey}]}
                  - {id: survey, type: MODULE, module: 1, next: done, messages: []}
                  - {id: done, type: END, messages: ["Thanks."]}
                modules:
                  - id: 1
                    name: Survey
                    slots:
                      - {id: 10, order: 1, label: "How many?", fieldType: NUMBER}
                """.formatted(botId, botId);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String idempotencyKey) {
        return parley.infra.topics().all(Topics.WEBHOOKS_DLT.name()).stream()
                .filter(record -> record.headers().lastHeader("Idempotency-Key") == null
                        ? new String(record.value(), StandardCharsets.ISO_8859_1).contains(idempotencyKey)
                        : new String(record.headers().lastHeader("Idempotency-Key").value(), StandardCharsets.UTF_8).equals(idempotencyKey))
                .toList();
    }

    private static List<String> pushedTexts(SseClient stream) throws InterruptedException {
        SseClient.Event pushed = stream.nextPushed(Duration.ofSeconds(30));
        assertThat(pushed).as("a pushed message").isNotNull();
        List<String> texts = new ArrayList<>();
        pushed.data().path("messages").forEach(message -> texts.add(message.path("content").asString()));
        return texts;
    }

    private static List<String> say(long botId, String session, String text) throws Exception {
        return messages(turn(botId, session, text));
    }

    /** A user's turn, with the tracking of the session's latest answer as a TALKR client sends it. */
    private static JsonNode turn(long botId, String session, String text) throws Exception {
        return talkr(botId, json.writeValueAsString(Map.of("message", text, "session", session,
                "tracking", trackings.getOrDefault(session, "welcome"), "variables", Map.of("userresponse", text))));
    }

    private static List<String> messages(JsonNode answer) {
        List<String> texts = new ArrayList<>();
        answer.path("data").path("messages").forEach(message -> texts.add(message.path("content").asString()));
        return texts;
    }

    private static JsonNode talkr(long botId, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(botId, "web")))
                .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json.readTree(response.body());
        JsonNode responses = answer.path("data").path("responses");
        if (responses.size() > 0) {
            trackings.put(answer.path("session").asString(), responses.get(0).path("tracking").asString());
        }
        return answer;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.ingestPort() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
