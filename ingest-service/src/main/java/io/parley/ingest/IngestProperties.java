package io.parley.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the ingest service. Broker address and client settings come from {@code spring.kafka.*}.
 *
 * @param registryUrl  URL of the schema registry's API that the Avro serde talks to
 * @param instanceId   this instance's address for replies; unique per instance, random when not set
 * @param replyTimeout how long a synchronous caller waits for the engine before getting an error answer
 * @param maxBodySize  largest request body accepted
 * @param adminToken   bearer token of the admin API; the admin API refuses every call while it is unset
 * @param maxBotSize   largest bot file the admin API accepts
 * @param messenger    the Facebook app whose page events the Messenger webhook receives
 * @param rateLimit    how many TalkLift API calls a token (or sign-ins a client address) may make
 */
@ConfigurationProperties(prefix = "parley.ingest")
public record IngestProperties(
        String registryUrl,
        String instanceId,
        @DefaultValue("5s") Duration replyTimeout,
        @DefaultValue("64KB") DataSize maxBodySize,
        String adminToken,
        @DefaultValue("1MB") DataSize maxBotSize,
        @DefaultValue Messenger messenger,
        @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per token, per ingest instance.
     *
     * @param perSecond calls a second, on average
     * @param burst     calls allowed at once after a quiet spell
     */
    public record RateLimit(@DefaultValue("20") double perSecond, @DefaultValue("40") int burst) {
    }

    /**
     * @param verifyToken the token Messenger echoes in the subscription handshake ({@code hub.verify_token})
     * @param appSecret   the app secret that signs every event ({@code X-Hub-Signature-256})
     */
    public record Messenger(String verifyToken, String appSecret) {
    }
}
