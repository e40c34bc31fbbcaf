package io.parley.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP server on loopback standing in for Messenger's Send API ({@code POST /v21.0/me/messages}). */
final class FakeGraphApi implements AutoCloseable {

    /** How the next calls are answered; FLAKY_SECOND fails the second call made in that mode, once. */
    enum Mode { ACCEPT, SERVER_ERROR, BAD_REQUEST, FLAKY_SECOND }

    /** One call as received. */
    record Call(String accessToken, JsonNode body) {
    }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;
    private final java.util.concurrent.atomic.AtomicInteger callsInMode = new java.util.concurrent.atomic.AtomicInteger();

    void mode(Mode next) {
        callsInMode.set(0);
        mode = next;
    }

    FakeGraphApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v21.0/me/messages", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : null;
            if (exchange.getRequestURI().getQuery() != null) {
                // A token in the URL would end up in access logs: the test's Send API refuses it.
                token = null;
            }
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            calls.add(new Call(token, body));
            Mode answering = mode == Mode.FLAKY_SECOND && callsInMode.incrementAndGet() != 2 ? Mode.ACCEPT : mode;
            switch (answering) {
                case SERVER_ERROR, FLAKY_SECOND -> respond(exchange, 500, "{\"error\": {\"message\": \"An unexpected error has occurred\", \"code\": 2}}");
                case BAD_REQUEST -> respond(exchange, 400, "{\"error\": {\"message\": \"Invalid parameter\", \"code\": 100}}");
                default -> respond(exchange, 200, "{\"recipient_id\": \"" + body.path("recipient").path("id").asString()
                        + "\", \"message_id\": \"m_" + calls.size() + "\"}");
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0";
    }

    List<Call> callsTo(String recipient) {
        return calls.stream().filter(call -> recipient.equals(call.body().path("recipient").path("id").asString())).toList();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
