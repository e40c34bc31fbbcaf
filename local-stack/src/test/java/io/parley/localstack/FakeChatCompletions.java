package io.parley.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on loopback speaking the chat-completions protocol: answers
 * {@code POST /v1/chat/completions} with the reply it is told, or fails as it is told.
 */
final class FakeChatCompletions implements AutoCloseable {

    /** What the next calls get. */
    enum Mode { ANSWER, SERVER_ERROR, RATE_LIMITED, SLOW }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The W3C trace context each call carried. */
    final List<String> traceparents = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.ANSWER;
    volatile String answer = "Parley is a conversation platform on Kafka.";

    FakeChatCompletions() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(body);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            switch (mode) {
                case SERVER_ERROR -> respond(exchange, 500, "{\"error\": {\"message\": \"boom\"}}");
                case RATE_LIMITED -> respond(exchange, 429, "{\"error\": {\"message\": \"slow down\"}}");
                case SLOW -> {
                    sleepQuietly(5);
                    respond(exchange, 200, completion(body));
                }
                default -> respond(exchange, 200, completion(body));
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private String completion(JsonNode request) {
        return json.writeValueAsString(java.util.Map.of(
                "id", "chatcmpl-1", "object", "chat.completion", "model", request.path("model").asString(),
                "choices", List.of(java.util.Map.of("index", 0, "finish_reason", "stop",
                        "message", java.util.Map.of("role", "assistant", "content", answer)))));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleepQuietly(int seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
