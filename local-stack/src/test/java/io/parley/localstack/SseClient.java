package io.parley.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A server-sent events client, as a browser's EventSource reads a stream: id, event and data lines. */
final class SseClient implements AutoCloseable {

    /** One event. */
    record Event(String id, String name, JsonNode data) {
    }

    private static final JsonMapper json = JsonMapper.builder().build();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    final int status;

    SseClient(String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> answered = response.get(30, TimeUnit.SECONDS);
        status = answered.statusCode();
        if (status == 200) {
            Thread reader = new Thread(() -> read(answered.body()), "sse-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(Stream<String> lines) {
        String[] current = new String[3];
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new Event(current[0], current[1], json.readTree(data.toString())));
                }
                current[0] = null;
                current[1] = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                current[0] = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                current[1] = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        });
    }

    /** The next event, or null when none comes within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event the widget shows: pushed, not one the caller already had in its HTTP answer. */
    Event nextPushed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event != null && !event.data().path("sync").asBoolean()) {
                return event;
            }
        }
        return null;
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
