package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A telephony server registers a callback URL at the start of a call; a message that comes after
 * the synchronous answer (here an AI answer) is posted to it with the bot's speech settings.
 */
class TelephonyPushTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    private static RunningParley parley;
    private static FakeChatCompletions ai;
    private static HttpServer telephonyServer;
    private static final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private static long botId;

    @BeforeAll
    static void start() throws Exception {
        parley = RunningParley.get();
        ai = new FakeChatCompletions();
        ai.answer = "Our shop opens at nine.";
        telephonyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        telephonyServer.createContext("/calls/", exchange -> {
            posted.add(json.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        telephonyServer.start();
        String yaml = Files.readString(Path.of("..", "bots", "parley-demo-3.yaml"))
                .replace("botId: 3", "botId: 501")
                .replace("  model: gpt-4o-mini", "  model: gpt-4o-mini\n  baseUrl: " + ai.baseUrl())
                + """
                telephony:
                  synthesizer: {vendor: google, language: en-US, voice: en-US-Standard-C}
                  recognizer: {vendor: google, language: en-US, hints: [opening hours]}
                  hangupNoResponse: false
                  retries: 1
                """;
        botId = parley.publish(yaml);
    }

    @AfterAll
    static void stop() throws IOException {
        telephonyServer.stop(0);
        ai.close();
    }

    @Test
    void aLaterMessageIsPostedToTheCallbackWithTheSpeechSettings() throws Exception {
        String callback = "http://127.0.0.1:" + telephonyServer.getAddress().getPort() + "/calls/42";
        JsonNode start = talkr(json.writeValueAsString(Map.of("callbackUrl", callback)));
        String session = start.path("session").asString();

        JsonNode interim = talkr(json.writeValueAsString(Map.of("message", "When do you open?", "session", session,
                "tracking", "welcome", "variables", Map.of("userresponse", "When do you open?"))));
        assertThat(interim.path("data").path("has_background_text").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> posted.stream()
                .anyMatch(body -> session.equals(body.path("session").asString())));
        JsonNode body = posted.stream().filter(p -> session.equals(p.path("session").asString())).findFirst().orElseThrow();
        assertThat(body.path("data").path("messages").get(0).path("content").asString()).isEqualTo("Our shop opens at nine.");
        assertThat(body.path("variables").path("bot_answer").asString()).isEqualTo("Our shop opens at nine.\nAnything else?");
        assertThat(body.path("data").path("speech_synthesis").path("voice").asString()).isEqualTo("en-US-Standard-C");
        assertThat(body.path("data").path("speech_recognizer").path("hints").toString()).contains("opening hours");
        assertThat(body.path("data").path("retries").asInt()).isEqualTo(1);
    }

    private static JsonNode talkr(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(parley.talkrEndpoint(botId, "telephony")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
