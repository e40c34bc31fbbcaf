package io.parley.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Sees when a session's command and reply appear on the topics (diagnostic). */
final class TurnTrace implements AutoCloseable {

    private final List<Watcher> watchers = new ArrayList<>();
    final Watcher commands;
    final Watcher repliesWritten;
    final Watcher repliesCommitted;

    TurnTrace(String bootstrap) {
        commands = watch(bootstrap, Topics.COMMANDS.name(), "read_uncommitted");
        repliesWritten = watch(bootstrap, Topics.REPLIES.name(), "read_uncommitted");
        repliesCommitted = watch(bootstrap, Topics.REPLIES.name(), "read_committed");
    }

    private Watcher watch(String bootstrap, String topic, String isolation) {
        Watcher watcher = new Watcher(bootstrap, topic, isolation);
        watchers.add(watcher);
        return watcher;
    }

    @Override
    public void close() {
        watchers.forEach(Watcher::close);
    }

    static final class Watcher {
        final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Watcher(String bootstrap, String topic, String isolation) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(() -> {
                try {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            seen.put(record.key(), System.nanoTime());
                        }
                    }
                } catch (WakeupException e) {
                    // closing
                } finally {
                    consumer.close();
                }
            }, "trace-" + topic + "-" + isolation);
            thread.setDaemon(true);
            thread.start();
        }

        void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
