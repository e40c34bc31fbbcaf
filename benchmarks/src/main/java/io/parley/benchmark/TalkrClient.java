package io.parley.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The demo bot over the TALKR web dialect, spoken as a web widget speaks it: JSON over HTTP/1.1. */
final class TalkrClient {

    static final String DEMO_BOT_PATH = "/parley-demo/1/web";
    /** The demo bot published again with a classifier that reads words alone: the turn path before sentence embeddings. */
    static final String WORDS_ONLY_BOT_PATH = "/parley-demo/" + TurnBenchmark.WORDS_ONLY_BOT_ID + "/web";
    /** Well above the ingest's reply timeout (5 s), so a slow turn shows as the server's 500, not ours. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI endpoint;
    private final JsonMapper json = JsonMapper.builder().build();

    TalkrClient(URI baseUrl) {
        this(baseUrl, DEMO_BOT_PATH);
    }

    TalkrClient(URI baseUrl, String botPath) {
        this.endpoint = baseUrl.resolve(botPath);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    CompletableFuture<Answer> start() {
        return post("{}");
    }

    CompletableFuture<Answer> say(String session, String tracking, String text) {
        ObjectNode body = json.createObjectNode();
        body.put("message", text).put("session", session).put("tracking", tracking);
        body.putObject("variables").put("userresponse", text);
        return post(json.writeValueAsString(body));
    }

    private CompletableFuture<Answer> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Talkr-Query", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sent = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(response, System.nanoTime() - sent));
    }

    private Answer answer(HttpResponse<String> response, long nanos) {
        if (response.statusCode() != 200) {
            return new Answer(response.statusCode(), null, null, response.body(), nanos);
        }
        JsonNode tree = json.readTree(response.body());
        return new Answer(200, tree.path("session").asString(null),
                tree.path("data").path("responses").path(0).path("tracking").asString(null), response.body(), nanos);
    }

    /** One HTTP answer; {@code session} and {@code tracking} only when the status is 200. */
    record Answer(int status, String session, String tracking, String body, long nanos) {
    }
}
