package io.parley.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the conversation engine. Broker address and Streams application id come from Spring's
 * {@code spring.kafka.*} properties.
 *
 * @param registryUrl      URL of the schema registry's API that the Avro serde talks to
 * @param commitInterval   how often Streams commits its exactly-once transaction; each reply waits for it.
 *                         0 commits after every loop (lowest latency when idle, a transaction per few
 *                         records under load); 5 ms keeps well over 1,000 turns/s on 2 cores (README, Benchmark)
 * @param pollInterval     how long a stream thread blocks waiting for records; bounds the latency added under EOS,
 *                         at the cost of a thread that wakes up that often when idle
 * @param standbyReplicas  warm copies of each state store on other instances, for fast fail-over
 * @param streamThreads    stream threads in this instance
 * @param expiryScanInterval how often each instance looks for sessions idle past their bot's timeout
 * @param expiryScanSlice  how many sessions each look reads at most (the next goes on from there), so the
 *                         stream thread pauses briefly however many sessions it holds
 */
@ConfigurationProperties(prefix = "parley.engine")
public record EngineProperties(
        String registryUrl,
        @DefaultValue("5ms") Duration commitInterval,
        @DefaultValue("1ms") Duration pollInterval,
        @DefaultValue("0") int standbyReplicas,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("5s") Duration expiryScanInterval,
        @DefaultValue("10000") int expiryScanSlice) {
}
