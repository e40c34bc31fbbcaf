package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.parley.infra.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's run command as code: a broker and a registry as processes, keeping their data in a
 * folder, with the example bots. A session begun before a restart continues after it.
 */
class LocalStackRestartTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    @Test
    void aSessionBegunBeforeARestartContinuesAfterIt() throws Exception {
        LocalStack.Settings settings = new LocalStack.Settings(dataDir, Path.of("..", "bots"),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), 0, 0, 0, 0, 3);

        String session;
        String tracking;
        try (LocalStack stack = new LocalStack(settings)) {
            stack.start();
            JsonNode first = post(stack.ingestPort(), "{}");
            session = first.path("session").asString();
            tracking = first.path("data").path("responses").get(0).path("tracking").asString();
            assertThat(tracking).isEqualTo("welcome");
        }
        assertThat(Files.exists(dataDir.resolve("broker").resolve("kafka").resolve("meta.properties"))).isTrue();

        try (LocalStack stack = new LocalStack(settings)) {
            stack.start();
            JsonNode turn = post(stack.ingestPort(), """
                    {"message": "what about pricing?", "session": "%s", "tracking": "%s",
                     "variables": {"userresponse": "what about pricing?"}}""".formatted(session, tracking));
            assertThat(turn.path("code").asInt()).as(turn.toString()).isEqualTo(200);
            assertThat(turn.path("session").asString()).isEqualTo(session);
            assertThat(turn.path("data").path("messages").get(0).path("content").asString()).contains("open source");
        }
    }

    private static JsonNode post(int port, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/parley-demo/1/web"))
                .header("Content-Type", "application/json")
                .header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
