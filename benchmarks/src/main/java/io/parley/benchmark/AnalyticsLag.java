package io.parley.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far analytics is behind the log while a load runs: sampled four times a second, the age of the
 * oldest record of its inputs (events, replies, receipts) it has not committed yet, 0 when it has
 * committed everything. Read from outside, as an operator's lag monitor would: the group's committed
 * offsets and the records at them.
 */
final class AnalyticsLag implements AutoCloseable {

    /** The analytics service's consumer group (its Streams application id). */
    static final String SERVICE_GROUP = "parley-analytics";
    private static final List<String> INPUTS = List.of(Topics.EVENTS.name(), Topics.REPLIES.name(), Topics.DELIVERIES.name());
    private static final long SAMPLE_EVERY_MILLIS = 250;
    private static final long NOT_MEASURED = -1;

    private final String group;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Latencies lags = new Latencies(4096);
    private final Thread sampler;
    private volatile boolean running = true;

    AnalyticsLag(String bootstrapServers, String group) {
        this.group = group;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<String> topics = new ArrayList<>(INPUTS);
        // Its own repartition topic too: a fact is counted only once the window's side has read it.
        String repartition = group + "-activity-by-bot-repartition";
        try {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(repartition)) {
                topics.add(repartition);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not list the topics", e);
        }
        topics.forEach(topic -> reader.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
        reader.assign(partitions);
        sampler = new Thread(this::sampleUntilClosed, "analytics-lag");
        sampler.setDaemon(true);
    }

    AnalyticsLag start() {
        sampler.start();
        return this;
    }

    /** The lags seen so far, in milliseconds. */
    Latencies.Summary summary() {
        return lags.summary();
    }

    /** Waits until analytics has committed everything on its inputs; returns how long that took. */
    Duration awaitCaughtUp(Duration atMost) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < atMost.toNanos()) {
            if (oldestUncommittedAgeMillis() == 0) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY_MILLIS);
        }
        return null;
    }

    private void sampleUntilClosed() {
        while (running) {
            try {
                long lag = oldestUncommittedAgeMillis();
                if (lag != NOT_MEASURED) {
                    lags.record(TimeUnit.MILLISECONDS.toNanos(lag));
                }
                TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    System.out.printf("      (analytics lag sample failed: %s)%n", e.getMessage());
                }
            }
        }
    }

    /** The age of the oldest record analytics has yet to commit, 0 when it is caught up. */
    private synchronized long oldestUncommittedAgeMillis() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            // No analytics on this deployment (or it has not committed yet): nothing to measure.
            return NOT_MEASURED;
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long from = offset == null ? 0 : offset.offset();
            if (from < ends.get(partition)) {
                behind.put(partition, from);
            }
        }
        if (behind.isEmpty()) {
            return 0;
        }
        long now = System.currentTimeMillis();
        reader.pause(partitions);
        reader.resume(behind.keySet());
        behind.forEach(reader::seek);
        long oldest = now;
        Map<TopicPartition, Long> seen = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (seen.size() < behind.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (seen.putIfAbsent(partition, record.timestamp()) == null) {
                    oldest = Math.min(oldest, record.timestamp());
                    reader.pause(List.of(partition));
                }
            }
        }
        return Math.max(0, now - oldest);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
        synchronized (this) {
            reader.close();
        }
        admin.close();
    }
}
