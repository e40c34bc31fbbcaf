package io.parley.benchmark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far analytics is behind the log while a load runs, read from outside as an operator's lag
 * monitor would: four times a second it notes the end of every input partition (events, replies,
 * receipts, and its own repartition topic), and the lag of that moment is how long it then takes until
 * analytics has committed up to there, that is until everything written by then is counted.
 */
final class AnalyticsLag implements AutoCloseable {

    /** The analytics service's consumer group (its Streams application id). */
    static final String SERVICE_GROUP = "parley-analytics";
    private static final List<String> INPUTS = List.of(Topics.EVENTS.name(), Topics.REPLIES.name(), Topics.DELIVERIES.name());
    private static final long SAMPLE_EVERY_MILLIS = 250;

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
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
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

    /**
     * Waits until analytics has committed everything on its inputs, its repartition topic included (which
     * grows while it catches up); returns how long that took.
     */
    Duration awaitCaughtUp(Duration atMost) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < atMost.toNanos()) {
            if (reached(committed(), ends())) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY_MILLIS);
        }
        return null;
    }

    private void sampleUntilClosed() {
        Deque<Mark> waiting = new ArrayDeque<>();
        while (running) {
            try {
                long now = System.nanoTime();
                waiting.add(new Mark(now, ends()));
                Map<TopicPartition, Long> committed = committed();
                while (!waiting.isEmpty() && reached(committed, waiting.peek().ends())) {
                    lags.record(now - waiting.poll().at());
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

    /** The end of each input partition at one moment. */
    private record Mark(long at, Map<TopicPartition, Long> ends) {
    }

    private synchronized Map<TopicPartition, Long> ends() {
        return reader.endOffsets(partitions);
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .forEach((partition, offset) -> offsets.put(partition, offset == null ? 0 : offset.offset()));
        return offsets;
    }

    /**
     * Whether analytics has committed up to {@code ends}. A committed offset may stop one short of the
     * end: the last record of a transactional partition is its commit marker, which no one consumes.
     */
    private static boolean reached(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue() - 1
                || end.getValue() == 0);
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
