package io.parley.benchmark.faults;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The users: TALKR web conversations with the demo bot, TalkLift-style module conversations whose last
 * slot the customer's webhook validates, and Botlhale conversations. Each turn goes to one ingest
 * instance, as a load balancer would send it, and is retried the way the README says is safe: the
 * same request again, with the same idempotency key, on another instance, after a growing, jittered
 * pause, until a deadline.
 */
final class Conversations {

    static final String TALKR_BOT = "/parley-demo/1/web";
    static final String MODULE_BOT = "/faults/2/web";
    static final String BOTLHALE_BOT = "parley-demo-5";
    /** How long a client keeps retrying one turn before it gives up (and the turn counts as unanswered). */
    private static final long RETRY_FOR_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static final long THINK_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 8_000;
    private static final JsonMapper json = JsonMapper.builder().build();

    private final List<URI> ingest;
    private final Ledger ledger;
    private final String botlhaleToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final AtomicLong next = new AtomicLong();

    Conversations(List<URI> ingest, Ledger ledger, String botlhaleToken) {
        this.ingest = ingest;
        this.ledger = ledger;
        this.botlhaleToken = botlhaleToken;
    }

    /** Whether {@code instance} starts every kind of conversation (bots, account and settings known to it); not recorded. */
    boolean answersEveryKind(URI instance) throws InterruptedException {
        String conversation = UUID.randomUUID().toString();
        List<HttpRequest.Builder> starts = List.of(
                HttpRequest.newBuilder(instance.resolve(TALKR_BOT)).header("Content-Type", "application/json")
                        .header("X-Talkr-Query", "1").POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(instance.resolve(MODULE_BOT)).header("Content-Type", "application/json")
                        .header("X-Talkr-Query", "1").POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(instance.resolve("/start_conversation"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Bearer " + botlhaleToken)
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("bot_id", BOTLHALE_BOT,
                                "language_code", "en-ZA", "conversation_id", conversation)))));
        for (HttpRequest.Builder start : starts) {
            try {
                if (http.send(start.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The demo bot: a start, then questions it answers and comes back from ("Anything else?"). */
    void talkr() throws InterruptedException {
        long n = next.incrementAndGet();
        JsonNode answer = talkr(TALKR_BOT, ledger.begin("talkr", null, null), "{}");
        for (int turn = 1; answer != null && turn <= 4; turn++) {
            String text = (turn % 2 == 0 ? "how does it work" : "pricing") + ", question " + n + "." + turn;
            answer = say(TALKR_BOT, "talkr", answer, text);
        }
    }

    /** A module of two slots, the second validated by the customer's webhook; its completion is reported to it. */
    void module() throws InterruptedException {
        long n = next.incrementAndGet();
        JsonNode answer = talkr(MODULE_BOT, ledger.begin("module", null, null), "{}");
        List<String> texts = List.of("claim " + n, "Name " + n, "M" + n);
        for (int i = 0; answer != null && i < texts.size(); i++) {
            answer = say(MODULE_BOT, "module", answer, texts.get(i));
        }
    }

    /** A Botlhale conversation: the client chooses its id, so a retried start resumes it instead of opening another. */
    void botlhale() throws InterruptedException {
        long n = next.incrementAndGet();
        String conversation = UUID.randomUUID().toString();
        String session = "parley-demo:5:" + conversation;
        Map<String, String> start = Map.of("bot_id", BOTLHALE_BOT, "language_code", "en-ZA", "conversation_id", conversation);
        if (send(ledger.begin("botlhale", session, null), "/start_conversation", form(start), null) == null) {
            return;
        }
        List<String> texts = List.of("When are you open? (" + n + ")", "Where are you? (" + n + ")", "Thank you (" + n + ")");
        for (String text : texts) {
            TimeUnit.MILLISECONDS.sleep(THINK_MILLIS);
            Map<String, String> message = new LinkedHashMap<>(start);
            message.put("text_msg", text);
            // The same key on every retry of this message.
            if (send(ledger.begin("botlhale", session, text), "/message", form(message), UUID.randomUUID().toString()) == null) {
                return;
            }
        }
    }

    private JsonNode say(String bot, String kind, JsonNode previous, String text) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(THINK_MILLIS);
        String session = previous.path("session").asString();
        ObjectNode body = json.createObjectNode();
        body.put("message", text).put("session", session)
                .put("tracking", previous.path("data").path("responses").path(0).path("tracking").asString());
        body.putObject("variables").put("userresponse", text);
        return talkr(bot, ledger.begin(kind, session, text), json.writeValueAsString(body), UUID.randomUUID().toString());
    }

    private JsonNode talkr(String bot, Ledger.Turn turn, String body) throws InterruptedException {
        return talkr(bot, turn, body, null);
    }

    /** A TALKR call; a turn carries an idempotency key, the same on each of its retries. */
    private JsonNode talkr(String bot, Ledger.Turn turn, String body, String idempotencyKey) throws InterruptedException {
        return attempt(turn, instance -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(bot))
                    .header("Content-Type", "application/json").header("X-Talkr-Query", "1")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return request;
        });
    }

    private JsonNode send(Ledger.Turn turn, String path, String form, String idempotencyKey) throws InterruptedException {
        return attempt(turn, instance -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + botlhaleToken)
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return request;
        });
    }

    /**
     * Sends the turn until it is answered: another instance after a refused connection, a 5xx, a 429
     * or a timeout, with back-off; a 4xx other than 429 is the client's mistake and ends the turn.
     */
    private JsonNode attempt(Ledger.Turn turn, java.util.function.Function<URI, HttpRequest.Builder> request)
            throws InterruptedException {
        long first = System.nanoTime();
        int offset = (int) (next.incrementAndGet() % ingest.size());
        for (int attempt = 0; ; attempt++) {
            turn.attempts = attempt + 1;
            URI instance = ingest.get((offset + attempt) % ingest.size());
            String failure;
            try {
                HttpResponse<String> response = http.send(request.apply(instance).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    JsonNode answer = json.readTree(response.body());
                    ledger.answered(turn, answer.path("session").asString(null));
                    return answer;
                }
                failure = Integer.toString(status);
                if (status >= 400 && status < 500 && status != 429) {
                    ledger.failed(turn, failure);
                    ledger.note("status " + status + " (" + turn.kind + ")", response.body());
                    turn.finalError = failure;
                    return null;
                }
                ledger.note("status " + status + " (" + turn.kind + ")", response.body());
            } catch (java.net.http.HttpTimeoutException e) {
                failure = "timeout";
            } catch (IOException e) {
                failure = e instanceof java.net.ConnectException ? "connection refused" : "connection lost";
            }
            ledger.failed(turn, failure);
            if (System.nanoTime() - first > RETRY_FOR_NANOS) {
                turn.finalError = failure;
                return null;
            }
            // Exponential back-off with full jitter: retries in step would pile onto an engine that is behind.
            long ceiling = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 5));
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        }
    }

    /** The customer's backend accepting a slot value: its feedback through any ingest instance, retried likewise. */
    void validate(JsonNode payload, Deployment.Customer customer) {
        JsonNode states = payload.path("slot_state").path("slot_states");
        JsonNode underReview = states.get(states.size() - 1);
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("id", underReview.path("id").asLong());
        feedback.put("story_state", underReview.path("story_state").asLong());
        feedback.put("slot", underReview.path("slot").asLong());
        feedback.put("order", underReview.path("order").asInt());
        feedback.put("is_done", true);
        feedback.put("waiting_response", false);
        feedback.put("data", payload.path("value").asString());
        feedback.put("project", customer.project());
        feedback.put("org", customer.org());
        String body = json.writeValueAsString(feedback);
        Ledger.Turn turn = ledger.begin("validation", payload.path("session").asString(), null);
        try {
            attempt(turn, instance -> HttpRequest.newBuilder(instance.resolve("/api/v1/session-slot-states/update_from_webhook/"))
                    .header("Content-Type", "application/json").header("Authorization", "Token " + customer.token())
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
