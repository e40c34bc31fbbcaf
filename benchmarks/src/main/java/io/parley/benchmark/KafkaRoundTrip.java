package io.parley.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under a turn: the same four hops as TALKR's request-reply (produce, consume, produce,
 * consume) with bare clients on the same broker; no HTTP, no Streams, no transactions, no Avro. An
 * echo thread answers each ping with a pong; the caller waits for its pong before the next ping.
 */
final class KafkaRoundTrip implements AutoCloseable {

    static final String PING = "bench.ping";
    static final String PONG = "bench.pong";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final Admin admin;
    private final KafkaConsumer<String, String> echoConsumer;
    private final KafkaProducer<String, String> echoProducer;
    private final Thread echo;
    private volatile boolean running = true;

    KafkaRoundTrip(String bootstrapServers) throws InterruptedException, ExecutionException, TimeoutException {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        createTopics();
        this.echoConsumer = consumerAtEnd(PING);
        this.echoProducer = producer();
        this.echo = new Thread(this::echo, "bench-echo");
        this.echo.setDaemon(true);
        this.echo.start();
    }

    /** {@code roundTrips} sequential pings after {@code warmup} unmeasured ones. */
    Latencies.Summary measure(int warmup, int roundTrips) {
        Latencies latencies = new Latencies(roundTrips);
        try (KafkaConsumer<String, String> pongs = consumerAtEnd(PONG);
             KafkaProducer<String, String> pings = producer()) {
            for (int i = 0; i < warmup + roundTrips; i++) {
                String id = Integer.toString(i);
                long sent = System.nanoTime();
                pings.send(new ProducerRecord<>(PING, id, id));
                awaitPong(pongs, id);
                if (i >= warmup) {
                    latencies.record(System.nanoTime() - sent);
                }
            }
        }
        return latencies.summary();
    }

    private static void awaitPong(KafkaConsumer<String, String> pongs, String id) {
        long deadline = System.nanoTime() + PONG_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> pong : pongs.poll(POLL)) {
                if (id.equals(pong.value())) {
                    return;
                }
            }
        }
        throw new IllegalStateException("no pong for ping " + id + " within " + PONG_TIMEOUT.toSeconds() + " s");
    }

    private void echo() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> ping : echoConsumer.poll(POLL)) {
                    echoProducer.send(new ProducerRecord<>(PONG, ping.key(), ping.value()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            echoConsumer.close();
            echoProducer.close();
        }
    }

    private void createTopics() throws InterruptedException, ExecutionException, TimeoutException {
        for (String topic : List.of(PING, PONG)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** A consumer outside any group, positioned now so nothing produced after this returns is missed. */
    private KafkaConsumer<String, String> consumerAtEnd(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        return consumer;
    }

    /** As the ingest's command producer: acks=all, idempotent (Kafka's defaults), no linger. */
    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Stops the echo and removes the two topics: they belong to the benchmark alone. */
    @Override
    public void close() {
        running = false;
        echoConsumer.wakeup();
        try {
            echo.join(Duration.ofSeconds(10).toMillis());
            admin.deleteTopics(List.of(PING, PONG)).all().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("could not delete the benchmark topics: " + e);
        } finally {
            admin.close();
        }
    }
}
