package io.parley.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics service. Broker address and Streams application id come from Spring's
 * {@code spring.kafka.*} properties.
 *
 * @param registryUrl           URL of the schema registry's API that the Avro serde talks to
 * @param grace                 how late a fact may arrive and still count in its window; a window's figures are final
 *                              after it. Generous by default: after an outage analytics catches up partition by
 *                              partition, and one partition's facts can run hours behind another's; a fact later than
 *                              this is logged and left out
 * @param minuteRetention       how long the 1-minute windows are kept for queries
 * @param hourRetention         how long the 1-hour windows are kept
 * @param dayRetention          how long the 1-day windows are kept
 * @param conversationRetention how long an ended conversation stays listed in the console
 * @param commitInterval        how often Streams commits its exactly-once transaction: what the metrics topic and
 *                              the queries lag behind the log, at most
 * @param streamThreads         stream threads in this instance
 * @param standbyReplicas       warm copies of each store on other instances
 * @param ingestUrl             ingest's base URL: the console's sign-in is TalkLift's, checked there
 * @param advertisedAddress     {@code host:port} where the other analytics instances reach this one, when several run:
 *                              a query for a bot or a conversation another instance holds is answered by that one;
 *                              unset, this instance answers from its own stores alone
 */
@ConfigurationProperties(prefix = "parley.analytics")
public record AnalyticsProperties(
        String registryUrl,
        @DefaultValue("1d") Duration grace,
        @DefaultValue("2d") Duration minuteRetention,
        @DefaultValue("35d") Duration hourRetention,
        @DefaultValue("400d") Duration dayRetention,
        @DefaultValue("30d") Duration conversationRetention,
        @DefaultValue("500ms") Duration commitInterval,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("0") int standbyReplicas,
        @DefaultValue("http://localhost:8080") String ingestUrl,
        String advertisedAddress) {
}
