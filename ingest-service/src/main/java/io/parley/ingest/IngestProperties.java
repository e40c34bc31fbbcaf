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
 * @param rateLimit    how many API calls (TalkLift, Botlhale) an authenticated user may make
 * @param pushTicketKey key of the tickets that open push streams of Botlhale conversations (the same as
 *                     delivery's {@code parley.delivery.push.ticket-key}); without it no ticket is issued
 * @param tokenKey     key of the API tokens handed out at sign-in, the same on every instance, so that a
 *                     user gets the same token at each sign-in until it is revoked (random per instance when unset)
 * @param demoPage     whether {@code /demo/} (the chat widget's demo page, whose endpoints come from its
 *                     query string) is served: on in the local stack, off in production
 * @param signInLimit  how many sign-ins a client address and a username may each attempt (failed
 *                     authentications count against the address too)
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
        @DefaultValue RateLimit rateLimit,
        @DefaultValue SignInLimit signInLimit,
        String pushTicketKey,
        String tokenKey,
        @DefaultValue("false") boolean demoPage) {

    /**
     * A token bucket per authenticated user, per ingest instance.
     *
     * @param perSecond calls a second, on average
     * @param burst     calls allowed at once after a quiet spell
     */
    public record RateLimit(@DefaultValue("20") double perSecond, @DefaultValue("40") int burst) {
    }

    /**
     * A token bucket per client address and per username, per ingest instance: slows password and
     * token guessing, whoever is guessed and from wherever.
     *
     * @param perSecond attempts a second, on average
     * @param burst     attempts allowed at once after a quiet spell
     */
    public record SignInLimit(@DefaultValue("0.5") double perSecond, @DefaultValue("20") int burst) {
    }

    /**
     * @param verifyToken the token Messenger echoes in the subscription handshake ({@code hub.verify_token})
     * @param appSecret   the app secret that signs every event ({@code X-Hub-Signature-256})
     */
    public record Messenger(String verifyToken, String appSecret) {
    }
}
