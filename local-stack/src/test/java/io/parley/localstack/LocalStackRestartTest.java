package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.parley.avro.ConversationEvent;
import io.parley.avro.UserSaid;
import io.parley.infra.FreePorts;
import io.parley.infra.TopicContents;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's run command as code: a broker and a registry as processes, keeping their data in a
 * folder, with the example bots. Stopped while users talk to it, it loses no turn it answered; a
 * session begun before a restart continues after it.
 */
class LocalStackRestartTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final int CLIENTS = 3;

    @TempDir
    Path dataDir;

    /** A turn the stack answered with 200: its session and its text, unique to it. */
    private record Answered(String session, String text) {
    }

    @Test
    void stoppedUnderLoadItLosesNoAnsweredTurnAndASessionBegunBeforeContinuesAfterARestart() throws Exception {
        LocalStack.Settings settings = new LocalStack.Settings(dataDir, Path.of("..", "bots"),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), 0, 0, 0, 0, 3);

        String session;
        String tracking;
        List<Answered> answered = Collections.synchronizedList(new ArrayList<>());
        List<Integer> refusals = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long stopping;
        try (LocalStack stack = new LocalStack(settings)) {
            stack.start();
            JsonNode first = post(stack.ingestPort(), "{}").body;
            session = first.path("session").asString();
            tracking = first.path("data").path("responses").get(0).path("tracking").asString();
            assertThat(tracking).isEqualTo("welcome");

            // A light load: each client talks in its own session, one turn after another, until the stack is gone.
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                clients.submit(() -> talkUntilStopped(stack.ingestPort(), id, answered, refusals));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 10 * CLIENTS);
            stopping = System.nanoTime();
        }
        System.out.printf("the local stack stopped under load in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("every client saw the stack go").isTrue();
        assertThat(Files.exists(dataDir.resolve("broker").resolve("kafka").resolve("meta.properties"))).isTrue();
        // Callers in flight at the stop were answered, or told to send again (503): never another error.
        assertThat(refusals).as("statuses other than 200 during the stop").allMatch(status -> status == 503);

        try (LocalStack stack = new LocalStack(settings)) {
            stack.start();
            Reply turn = post(stack.ingestPort(), """
                    {"message": "what about pricing?", "session": "%s", "tracking": "%s",
                     "variables": {"userresponse": "what about pricing?"}}""".formatted(session, tracking));
            assertThat(turn.body.path("code").asInt()).as(turn.body.toString()).isEqualTo(200);
            assertThat(turn.body.path("session").asString()).isEqualTo(session);
            assertThat(turn.body.path("data").path("messages").get(0).path("content").asString()).contains("open source");

            // Every answered turn is in the log exactly once: none lost in the stop, none applied twice.
            Map<Answered, Long> recorded = userTurns(stack);
            assertThat(answered).allSatisfy(turnAnswered ->
                    assertThat(recorded.getOrDefault(turnAnswered, 0L)).as("%s in the log", turnAnswered).isEqualTo(1L));
        }
    }

    /** Talks in a new session until the stack stops answering; records each answer. */
    private static Void talkUntilStopped(int port, int client, List<Answered> answered, List<Integer> refusals) {
        try {
            JsonNode started = post(port, "{}").body;
            String session = started.path("session").asString();
            String tracking = started.path("data").path("responses").get(0).path("tracking").asString();
            for (int turn = 0; ; turn++) {
                String text = "question " + turn + " of client " + client;
                Reply reply = post(port, json.writeValueAsString(Map.of("message", text, "session", session,
                        "tracking", tracking, "variables", Map.of("userresponse", text))));
                if (reply.status == 200) {
                    answered.add(new Answered(session, text));
                    tracking = reply.body.path("data").path("responses").path(0).path("tracking").asString(tracking);
                } else {
                    refusals.add(reply.status);
                }
            }
        } catch (IOException stopped) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** How many times each (session, text) the users said is in the events topic. */
    private static Map<Answered, Long> userTurns(LocalStack stack) {
        Deserializer<ConversationEvent> events = new RegistrySerdes(stack.registryUrl()).valueSerde(Topics.EVENTS).deserializer();
        return new TopicContents(stack.bootstrapServers()).all(Topics.EVENTS.name()).stream()
                .map(record -> events.deserialize(record.topic(), record.value()))
                .filter(event -> event.getPayload() instanceof UserSaid)
                .map(event -> new Answered(event.getSessionId(), ((UserSaid) event.getPayload()).getText()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply post(int port, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/parley-demo/1/web"))
                .header("Content-Type", "application/json")
                .header("X-Talkr-Query", "1")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), json.readTree(response.body()));
    }
}
