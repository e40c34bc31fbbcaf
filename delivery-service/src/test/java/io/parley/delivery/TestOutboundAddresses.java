package io.parley.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.util.unit.DataSize;

/** The real outbound address rules, for tests that cannot reach the public internet. */
public final class TestOutboundAddresses {

    private TestOutboundAddresses() {
    }

    /** Production's rules: no loopback, private or link-local address. */
    public static OutboundAddresses strict() {
        return new OutboundAddresses(properties(false));
    }

    /**
     * Production's rules, except that {@code origin} (a test server on loopback) passes as if it were a
     * public server: so a test can play the internet and still see every other address judged for real.
     */
    public static OutboundAddresses strictTrusting(URI origin) {
        return new OutboundAddresses(properties(false)) {
            @Override
            public Optional<String> refusal(String url) {
                try {
                    URI uri = URI.create(url);
                    if (Objects.equals(uri.getScheme(), origin.getScheme()) && Objects.equals(uri.getHost(), origin.getHost())
                            && uri.getPort() == origin.getPort()) {
                        return Optional.empty();
                    }
                } catch (IllegalArgumentException e) {
                    // Not a URL: the real rules say so.
                }
                return super.refusal(url);
            }

            @Override
            public Optional<String> refusal(String host, InetAddress address) {
                return host.equals(origin.getHost()) ? Optional.empty() : super.refusal(host, address);
            }
        };
    }

    /** Settings with their defaults, private addresses allowed or not. */
    static DeliveryProperties properties(boolean allowPrivate) {
        return new DeliveryProperties(null, "g",
                new DeliveryProperties.Ai("http://x", "m", null, Duration.ofSeconds(1)),
                new DeliveryProperties.Messenger("http://x", Map.of(), Duration.ofSeconds(1), 1, Duration.ofMillis(1),
                        Duration.ofMillis(1), 1, 1),
                new DeliveryProperties.Telephony(Duration.ofSeconds(1), 1, Duration.ofMillis(1), Duration.ofMillis(1), 1, 1),
                new DeliveryProperties.Webhooks(1, Duration.ofMillis(1), Duration.ofMillis(1), 1, 1),
                new DeliveryProperties.Documents(DataSize.ofMegabytes(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        4000, 20, 3, "tesseract", 2),
                new DeliveryProperties.Push(null, 4, 5000, 4),
                allowPrivate);
    }
}
