package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Far ends on loopback that answer forever, slowly, or normally. */
class OutboundCallTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (java.io.IOException gone) {
                // The caller stopped reading and closed the connection.
            }
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (Exception gone) {
                // The caller gave up.
            }
        });
        server.createContext("/ok", exchange -> {
            byte[] body = "{\"ok\": true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimitAndNotRetried() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> OutboundCall.send(http, request("/endless"), DEADLINE, "the far end"))
                .isInstanceOf(OutboundCall.RejectedException.class)
                .hasMessageContaining("more than " + OutboundCall.MAX_ANSWER_BYTES + " bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(3));
    }

    @Test
    void anAnswerTrickledSlowerThanTheDeadlineIsATimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> OutboundCall.send(http, request("/trickle"), DEADLINE, "the far end"))
                .isInstanceOf(OutboundCall.RetryableException.class)
                .hasMessageContaining("did not answer within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(3));
    }

    @Test
    void aNormalAnswerIsReadWhole() {
        assertThat(OutboundCall.send(http, request("/ok"), DEADLINE, "the far end"))
                .isEqualTo(new OutboundCall.Answer(200, "{\"ok\": true}"));
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(DEADLINE).GET().build();
    }
}
