package io.parley.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The latest value of every key of a compacted topic, held in memory and kept up to date; a
 * tombstone removes its key. Lookups wait until what was on the topic at start has been read, so an
 * instance never answers "unknown" for something that exists.
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(10);

    private final Map<String, V> latest = new ConcurrentHashMap<>();
    /** Signalled whenever a record from the topic has been applied. */
    private final Object applied = new Object();
    private final TopicFollower<String, V> follower;
    private final String topic;

    public CompactedTopicView(KafkaConsumer<String, V> consumer, Topic<String, V> topic) {
        this.topic = topic.name();
        this.follower = new TopicFollower<>(consumer, topic.name(), TopicFollower.StartAt.BEGINNING, this::apply).start();
    }

    public Optional<V> get(String key) {
        awaitCaughtUp();
        return Optional.ofNullable(latest.get(key));
    }

    public Collection<V> values() {
        awaitCaughtUp();
        return latest.values();
    }

    /**
     * The value of {@code key}; when it does not (yet) satisfy {@code expected}, the first version that
     * does, read within {@code timeout}, or else the latest one. For a reader that knows a writer has
     * just written (e.g. a caller acting on an event published in the same transaction).
     */
    public Optional<V> await(String key, Predicate<V> expected, Duration timeout) throws InterruptedException {
        awaitCaughtUp();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (applied) {
            while (true) {
                Optional<V> value = Optional.ofNullable(latest.get(key));
                long left = deadline - System.nanoTime();
                if (value.filter(expected).isPresent() || left <= 0) {
                    return value;
                }
                TimeUnit.NANOSECONDS.timedWait(applied, left);
            }
        }
    }

    /** Applies a write this instance just made, before it comes back from the topic (read-your-writes). */
    public void put(String key, V value) {
        if (value == null) {
            latest.remove(key);
        } else {
            latest.put(key, value);
        }
    }

    private void apply(ConsumerRecord<String, V> record) {
        put(record.key(), record.value());
        synchronized (applied) {
            applied.notifyAll();
        }
    }

    public String topic() {
        return topic;
    }

    /** Whether what was on the topic at start has been read: until then, lookups wait or fail. */
    public boolean isCaughtUp() {
        try {
            return follower.awaitCaughtUp(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitCaughtUp() {
        try {
            if (!follower.awaitCaughtUp(CATCH_UP_WAIT)) {
                throw new ViewNotReadyException(topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a compacted topic", e);
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
