package io.parley.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on a thread of its own, without a consumer group: each instance
 * needs all of it (its own replies may land on any partition; every instance knows every bot).
 */
public final class TopicFollower<K, V> implements AutoCloseable {

    /** Where reading starts. */
    public enum StartAt { BEGINNING, END }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final KafkaConsumer<K, V> consumer;
    private final String topic;
    private final Consumer<ConsumerRecord<K, V>> handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final int partitionCount;
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(KafkaConsumer<K, V> consumer, String topic, StartAt startAt,
                         Consumer<ConsumerRecord<K, V>> handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        this.partitionCount = partitions.size();
        if (startAt == StartAt.END) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        // Resolve positions now: a reply produced after this constructor returns must not be skipped.
        partitions.forEach(consumer::position);
        Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
        this.thread = new Thread(() -> run(endAtStart), "follow-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicFollower<K, V> start() {
        thread.start();
        return this;
    }

    /** How many partitions the topic had when following began: the ones this follower reads. */
    public int partitionCount() {
        return partitionCount;
    }

    /** Waits until everything that was on the topic when following began has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Map<TopicPartition, Long> endAtStart) {
        Duration pause = FIRST_PAUSE;
        try {
            while (running) {
                ConsumerRecords<K, V> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (RecordDeserializationException e) {
                    if (DecodeFailures.isTransient(e)) {
                        // The registry is away: the record is read again later, never skipped.
                        log.warn("cannot decode {}@{} now, reading it again in {}: {}", e.topicPartition(), e.offset(), pause, e.toString());
                        consumer.seek(e.topicPartition(), e.offset());
                        pause = waitBeforeRetry(pause);
                        continue;
                    }
                    // A record no one can ever read must not stop the instance from reading the ones after it.
                    log.error("skipping unreadable record {}@{}", e.topicPartition(), e.offset(), e);
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                ConsumerRecord<K, V> failed = handleAll(records);
                if (failed != null) {
                    pause = waitBeforeRetry(pause);
                    continue;
                }
                pause = FIRST_PAUSE;
                if (caughtUp.getCount() > 0 && endAtStart.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("stopped following {}", topic, e);
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Hands each record to the handler. A handler failing for a reason that may pass (it decodes, and
     * the registry is away) stops the batch: every partition is moved back to its first record not
     * handled, and that record is returned. Other failures are logged and the record is passed.
     */
    private ConsumerRecord<K, V> handleAll(ConsumerRecords<K, V> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<K, V> record : records.records(partition)) {
                try {
                    handler.accept(record);
                } catch (RuntimeException e) {
                    if (DecodeFailures.isTransient(e)) {
                        log.warn("cannot handle {}-{}@{} now, handling it again later: {}", record.topic(), record.partition(),
                                record.offset(), e.toString());
                        rewind(records, partition, record.offset());
                        return record;
                    }
                    log.error("could not handle record {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
                }
            }
        }
        return null;
    }

    /** Moves {@code failedPartition} back to {@code failedOffset}, and the batch's later partitions to their first record. */
    private void rewind(ConsumerRecords<K, V> records, TopicPartition failedPartition, long failedOffset) {
        boolean later = false;
        for (TopicPartition partition : records.partitions()) {
            if (partition.equals(failedPartition)) {
                consumer.seek(partition, failedOffset);
                later = true;
            } else if (later) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private Duration waitBeforeRetry(Duration pause) throws InterruptedException {
        Thread.sleep(pause.toMillis());
        return pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
