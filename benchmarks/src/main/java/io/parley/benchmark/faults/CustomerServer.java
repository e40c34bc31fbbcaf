package io.parley.benchmark.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer's backend on loopback: takes TalkLift's webhook calls, counts each idempotency key it
 * receives, and acts on every new slot-validation request (a validating backend accepts the value)
 * after answering, as a real backend would.
 */
final class CustomerServer implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService actions = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Set<String> actedOn = ConcurrentHashMap.newKeySet();
    private final Consumer<JsonNode> validate;

    /** @param validate called once per slot-validation key with the call's first payload entry */
    CustomerServer(Consumer<JsonNode> validate) throws IOException {
        this.validate = validate;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/webhooks", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    /** How many calls arrived with each idempotency key. */
    Map<String, Integer> receivedKeys() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        received.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
        byte[] answer = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
        JsonNode call = json.readTree(body);
        // A key seen before is a retry of a call already acted on: the key makes it safe to drop.
        if (key != null && call.path("event_name").asString("").startsWith("SLOT-MODULE:") && actedOn.add(key)) {
            JsonNode payload = call.path("payload").path(0);
            actions.submit(() -> validate.accept(payload));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        actions.shutdownNow();
    }
}
