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

    /** How the next calls are answered. */
    enum Mode { ACCEPT, SERVER_ERROR, BAD_REQUEST }

    /** One call as received. */
    record Call(String accessToken, JsonNode body) {
    }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.ACCEPT;

    FakeGraphApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v21.0/me/messages", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String token = query != null && query.startsWith("access_token=") ? query.substring("access_token=".length()) : null;
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            calls.add(new Call(token, body));
            switch (mode) {
                case SERVER_ERROR -> respond(exchange, 500, "{\"error\": {\"message\": \"An unexpected error has occurred\", \"code\": 2}}");
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
