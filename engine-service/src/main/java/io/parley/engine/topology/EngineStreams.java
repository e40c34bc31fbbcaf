package io.parley.engine.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.observation.ObservationRegistry;
import io.parley.engine.EngineProperties;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the engine topology for as long as the application runs, and reports its state as health. */
@Component
public class EngineStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EngineStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Properties config;
    private final RegistrySerdes serdes;
    private final Duration expiryScanInterval;
    private final int expiryScanSlice;
    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    /** Streams' own metrics (lag, process rate and latency, restores) on the service's /actuator/prometheus. */
    private KafkaStreamsMetrics streamsMetrics;

    EngineStreams(KafkaProperties kafka, EngineProperties engine, ObservationRegistry observations, MeterRegistry meters) {
        this.meters = meters;
        this.observations = observations;
        this.serdes = new RegistrySerdes(engine.registryUrl());
        this.expiryScanInterval = engine.expiryScanInterval();
        this.expiryScanSlice = engine.expiryScanSlice();
        this.config = streamsConfig(kafka.buildStreamsProperties(), engine);
    }

    static Properties streamsConfig(Map<String, Object> springStreamsProperties, EngineProperties engine) {
        Properties config = new Properties();
        config.putAll(springStreamsProperties);
        // Defaults below; anything set under spring.kafka.streams wins.
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "parley-engine");
        config.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, engine.commitInterval().toMillis());
        config.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, engine.pollInterval().toMillis());
        config.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, engine.standbyReplicas());
        config.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, engine.streamThreads());
        // Streams lingers 100 ms by default: every reply would wait that long.
        config.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        config.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // A poison command goes to the dead-letter topic with its cause in headers; the thread goes on.
        // A registry outage is not poison: the thread is replaced and the command read again.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, EngineErrorHandlers.Deserialization.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, EngineErrorHandlers.Processing.class);
        // An output the broker refuses as too large would otherwise be replayed forever.
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, EngineErrorHandlers.Production.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.COMMANDS_DLT.name());
        // Refuse to start with a generated store or topic name: it would lose state on the next upgrade.
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return config;
    }

    @Override
    public void start() {
        KafkaStreams created = new KafkaStreams(EngineTopology.build(serdes, expiryScanInterval, expiryScanSlice, observations), config);
        created.setUncaughtExceptionHandler(exception -> {
            log.error("stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(meters);
        created.start();
        streams = created;
    }

    @Override
    public void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            // Leaving the group hands this instance's partitions over at once instead of after the
            // session timeout, so a restart or scale-in does not stall conversations for 45 s.
            running.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
            streamsMetrics.close();
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    @Override
    public Health health() {
        KafkaStreams running = streams;
        if (running == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        // Down while rebalancing too: that is when the stores are restored, and a rolling update must
        // not stop the next instance before this one answers from its partitions again.
        KafkaStreams.State state = running.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }

    /** True once every task is assigned and restored: turns are answered from now on. */
    public boolean isProcessing() {
        KafkaStreams running = streams;
        return running != null && running.state() == KafkaStreams.State.RUNNING;
    }
}
