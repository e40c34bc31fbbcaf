package io.parley.topics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the types of its keys and values. Obtain serdes for it from {@link RegistrySerdes}.
 *
 * @param <K> key type
 * @param <V> value type: an Avro specific record, or {@code byte[]} for dead-letter topics
 */
public final class Topic<K, V> {

    /** How the broker keeps a topic's records. */
    public enum Retention { COMPACTED, TIME_BOUNDED }

    private final String name;
    private final Supplier<Serde<K>> keySerde;
    private final Class<V> valueType;
    private final Retention retention;
    private final Duration retentionTime;

    Topic(String name, Supplier<Serde<K>> keySerde, Class<V> valueType, Retention retention, Duration retentionTime) {
        this.name = Objects.requireNonNull(name);
        this.keySerde = Objects.requireNonNull(keySerde);
        this.valueType = Objects.requireNonNull(valueType);
        this.retention = Objects.requireNonNull(retention);
        this.retentionTime = retentionTime;
    }

    public String name() {
        return name;
    }

    public Class<V> valueType() {
        return valueType;
    }

    public Retention retention() {
        return retention;
    }

    Serde<K> newKeySerde() {
        return keySerde.get();
    }

    /** Broker-side topic configuration (cleanup policy and retention). */
    public Map<String, String> config() {
        if (retention == Retention.COMPACTED) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionTime.toMillis()));
    }

    @Override
    public String toString() {
        return name;
    }
}
