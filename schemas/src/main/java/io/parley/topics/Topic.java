package io.parley.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
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
    private final boolean appendTimestamps;

    Topic(String name, Supplier<Serde<K>> keySerde, Class<V> valueType, Retention retention, Duration retentionTime) {
        this(name, keySerde, valueType, retention, retentionTime, false);
    }

    private Topic(String name, Supplier<Serde<K>> keySerde, Class<V> valueType, Retention retention, Duration retentionTime,
                  boolean appendTimestamps) {
        this.name = Objects.requireNonNull(name);
        this.keySerde = Objects.requireNonNull(keySerde);
        this.valueType = Objects.requireNonNull(valueType);
        this.retention = Objects.requireNonNull(retention);
        this.retentionTime = retentionTime;
        this.appendTimestamps = appendTimestamps;
    }

    /**
     * This topic with its records stamped by the broker when appended (LogAppendTime) instead of by
     * the producer: the replies', so that the time a turn was answered is on the log.
     */
    Topic<K, V> stampedOnAppend() {
        return new Topic<>(name, keySerde, valueType, retention, retentionTime, true);
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

    /** Broker-side topic configuration (cleanup policy, retention, timestamp type). */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        if (retention == Retention.COMPACTED) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionTime.toMillis()));
        }
        if (appendTimestamps) {
            config.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        }
        return Map.copyOf(config);
    }

    @Override
    public String toString() {
        return name;
    }
}
