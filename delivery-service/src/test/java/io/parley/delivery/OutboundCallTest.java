package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Far ends on loopback that answer forever, slowly, or normally. */
class OutboundCallTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private HttpServer server;
    private final java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    /** The far ends of this test are on loopback: private addresses allowed. */
    private final OutboundCall outbound = new OutboundCall(new OutboundAddresses(TestOutboundAddresses.properties(true)), ObservationRegistry.NOOP);
    private final OutboundCall strict = new OutboundCall(TestOutboundAddresses.strict(), ObservationRegistry.NOOP);

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
                // A first byte, then a stall that lasts until the test is over: the body never completes.
                out.write('x');
                out.flush();
                testOver.await();
            } catch (Exception gone) {
                // The caller gave up.
            }
        });
        server.createContext("/ok", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"ok\": true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        server.stop(0);
    }

    @Test
    void anEndlessAnswerIsCutOffAtTheLimitAndNotRetried() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> outbound.send(url("/endless"), Map.of(), "{}", DEADLINE, "the far end"))
                .isInstanceOf(OutboundCall.RejectedException.class)
                .hasMessageContaining("more than " + OutboundCall.MAX_ANSWER_BYTES + " bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(3));
    }

    @Test
    void anAnswerTrickledSlowerThanTheDeadlineIsATimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> outbound.send(url("/trickle"), Map.of(), "{}", DEADLINE, "the far end"))
                .isInstanceOf(OutboundCall.RetryableException.class)
                .hasMessageContaining("did not answer within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.plusSeconds(3));
    }

    @Test
    void aNormalAnswerIsReadWhole() {
        assertThat(outbound.send(url("/ok"), Map.of(), "{}", DEADLINE, "the far end"))
                .isEqualTo(new OutboundCall.Answer(200, "{\"ok\": true}"));
    }

    @Test
    void theAddressCheckedIsTheAddressConnectedTo() {
        // "localhost" passes no check of a URL's text; it is refused when resolved, before any connection.
        String named = url("/ok").toString().replace("127.0.0.1", "localhost");
        assertThatThrownBy(() -> strict.send(java.net.URI.create(named), Map.of(), "{}", DEADLINE, "the far end"))
                .isInstanceOf(OutboundCall.RejectedException.class)
                .hasMessageContaining("may not be called: localhost is a private or special-purpose address (127.0.0.1");
        assertThat(hits).as("nothing reached the server").hasValue(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @AfterEach
    void closeClients() {
        outbound.destroy();
        strict.destroy();
    }
}
