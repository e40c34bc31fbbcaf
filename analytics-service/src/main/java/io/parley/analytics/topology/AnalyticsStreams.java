package io.parley.analytics.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.parley.analytics.AnalyticsProperties;
import io.parley.analytics.console.ConsoleException;
import io.parley.topics.RegistrySerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Runs the analytics topology for as long as the application runs, and reports its state as health. */
@Component
public class AnalyticsStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Properties config;
    private final RegistrySerdes serdes;
    private final AnalyticsProperties settings;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    /** Streams' own metrics (lag, process rate and latency, restores) on the service's /actuator/prometheus. */
    private KafkaStreamsMetrics streamsMetrics;

    AnalyticsStreams(KafkaProperties kafka, AnalyticsProperties settings, RegistrySerdes serdes, MeterRegistry meters) {
        this.meters = meters;
        this.serdes = serdes;
        this.settings = settings;
        this.config = streamsConfig(kafka.buildStreamsProperties(), settings);
    }

    /** The Streams settings of the service (also those of the analytics benchmark). */
    public static Properties streamsConfig(Map<String, Object> springStreamsProperties, AnalyticsProperties settings) {
        Properties config = new Properties();
        config.putAll(springStreamsProperties);
        // Defaults below; anything set under spring.kafka.streams wins.
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "parley-analytics");
        config.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        config.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        config.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        config.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        if (settings.advertisedAddress() != null && !settings.advertisedAddress().isBlank()) {
            // Lets every instance tell which one holds a bot's windows or a conversation (Instances).
            config.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.advertisedAddress());
        }
        // Analytics reads what others wrote: a record it cannot read or count is logged and skipped, never a dead thread.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        // Refuse to start with a generated store or topic name: it would lose state on the next upgrade.
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return config;
    }

    @Override
    public void start() {
        KafkaStreams created = new KafkaStreams(AnalyticsTopology.build(serdes, settings), config);
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
        KafkaStreams.State state = running.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }

    /** The running Streams instance, for interactive queries; 503 while it starts, restores or stops. */
    public KafkaStreams queryable() {
        return Optional.ofNullable(streams).filter(running -> running.state() == KafkaStreams.State.RUNNING)
                .orElseThrow(() -> new ConsoleException(HttpStatus.SERVICE_UNAVAILABLE, "Analytics is starting; try again in a moment."));
    }

    /** True once every task is assigned and restored. */
    public boolean isProcessing() {
        KafkaStreams running = streams;
        return running != null && running.state() == KafkaStreams.State.RUNNING;
    }
}
