package io.parley.delivery.documents;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** Web servers users link to, played by one HTTP server on loopback: each document at a path of its own. */
final class DocumentServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Holds the stalling answers until the server closes. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private DocumentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    static DocumentServer start() {
        try {
            return new DocumentServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scheme, host and port of the server. */
    URI origin() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    /** {@code body} as {@code contentType} (null: no Content-Type), with its length declared. */
    String serving(String contentType, byte[] body) {
        return at(exchange -> answer(exchange, contentType, body.length, body));
    }

    /** {@code body} in chunks, with no Content-Length: only the bytes themselves tell its size. */
    String streaming(String contentType, byte[] body) {
        return at(exchange -> answer(exchange, contentType, 0, body));
    }

    /** A Content-Length of {@code declared}, whatever the body. */
    String declaring(String contentType, long declared, byte[] body) {
        return at(exchange -> answer(exchange, contentType, declared, body));
    }

    /** A 302 to {@code location}. */
    String redirecting(String location) {
        return at(exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            answer(exchange, null, -1, new byte[0]);
        });
    }

    /** A {@code status} with a small HTML page. */
    String answering(int status) {
        return at(exchange -> answer(exchange, status, "text/html", -1, "<h1>no</h1>".getBytes(StandardCharsets.UTF_8)));
    }

    /** Headers and the first bytes of {@code contentType}, then nothing more until the server closes. */
    String stalling(String contentType, byte[] start) {
        return at(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(start);
            out.flush();
            awaitClosing();
        });
    }

    /** How often {@code url} was asked for. */
    int hits(String url) {
        AtomicInteger count = hits.get(URI.create(url).getPath());
        return count == null ? 0 : count.get();
    }

    /** A URL of this server that nothing serves yet: a redirect target to watch. */
    String unusedUrl() {
        return origin() + "/unused/" + UUID.randomUUID();
    }

    private String at(HttpHandler handler) {
        String path = "/documents/" + UUID.randomUUID();
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // The client hung up on purpose (too large, wrong type): nothing to answer.
            }
        });
        return origin() + path;
    }

    private static void answer(HttpExchange exchange, String contentType, long length, byte[] body) throws IOException {
        answer(exchange, exchange.getResponseHeaders().containsKey("Location") ? 302 : 200, contentType, length, body);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, long length, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, length);
        if (length >= 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                // In pieces, as a network delivers them.
                for (int from = 0; from < body.length; from += 8192) {
                    out.write(Arrays.copyOfRange(body, from, Math.min(body.length, from + 8192)));
                }
            }
        }
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
