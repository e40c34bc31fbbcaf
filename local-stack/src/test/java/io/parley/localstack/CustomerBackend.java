package io.parley.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's backend as TalkLift's documentation describes it: an HTTP endpoint on loopback that
 * receives the webhook events, checks their signature, answers with a status of its choosing and
 * then acts on each event (on its own thread, as a real backend would after answering).
 */
final class CustomerBackend implements AutoCloseable {

    /** One call as the backend saw it. */
    record Call(JsonNode body, String rawBody, String authorization, String idempotencyKey, String signature, int answered) {
        String eventName() {
            return body.path("event_name").asString();
        }
    }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile IntSupplier status = () -> 200;
    private volatile Consumer<Call> onEvent = call -> { };

    CustomerBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/talklift/events", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/talklift/events";
    }

    /** The status to answer each call with, in order of arrival. */
    void answerWith(IntSupplier statuses) {
        this.status = statuses;
    }

    /** What to do with each accepted event once it has been answered. */
    void onEvent(Consumer<Call> action) {
        this.onEvent = action;
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** Checks {@code X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t." + body>} as the README tells customers to. */
    static boolean signatureIsValid(Call call, String secret) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : call.signature().split(",")) {
            String[] pair = part.split("=", 2);
            if (pair[0].equals("t")) {
                t = pair[1];
            } else if (pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + call.rawBody()).getBytes(StandardCharsets.UTF_8)));
        return t != null && expected.equals(v1) && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) < 300;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int answered = status.getAsInt();
        Call call = new Call(json.readTree(raw), raw, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("X-Parley-Signature"), answered);
        calls.add(call);
        byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answered, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        if (answered < 300) {
            new Thread(() -> onEvent.accept(call), "customer-backend").start();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
