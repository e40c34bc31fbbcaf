package io.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.parley.avro.Channel;
import io.parley.avro.SessionEntry;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.TopicFollower;
import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry goes away while a view reads its topic from the start, as every view does when an
 * instance starts: nothing may be skipped and the view may not call itself caught up; once the
 * registry is back, every record is read, in order. Bytes that can never be decoded are skipped.
 */
class RegistryOutageTest {

    @TempDir
    Path dir;

    @Test
    void aViewWaitsForTheRegistryAndLosesNothing() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        String topic = "parley.outage-" + UUID.randomUUID() + ".v1";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        int port = FreePorts.next();
        Path registryData = dir.resolve("registry");
        RegistryServer registry = RegistryServer.start(port, registryData, dir.resolve("registry-1.log"));
        RegistrySerdes serdes = new RegistrySerdes(registry.apiUrl());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var serializer = serdes.valueSerde(Topics.SESSIONS).serializer();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "s" + i, serializer.serialize(topic, entry("s" + i)))).get();
            }
            // Bytes no registry can make sense of: skipped, and the view goes on.
            producer.send(new ProducerRecord<>(topic, "poison", new byte[] {7, 7, 7})).get();
            producer.send(new ProducerRecord<>(topic, "s3", serializer.serialize(topic, entry("s3")))).get();
        }
        registry.close();

        List<String> read = new CopyOnWriteArrayList<>();
        CountDownLatch allRead = new CountDownLatch(4);
        // A new reader knows no schema yet: it must ask the registry, which is down.
        KafkaConsumer<String, SessionEntry> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new RegistrySerdes(registry.apiUrl()).valueSerde(Topics.SESSIONS).deserializer());
        try (TopicFollower<String, SessionEntry> follower = new TopicFollower<>(consumer, topic, TopicFollower.StartAt.BEGINNING,
                (ConsumerRecord<String, SessionEntry> record) -> {
                    read.add(record.value().getSessionId());
                    allRead.countDown();
                }).start()) {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(5))).as("not caught up while the registry is away").isFalse();
            assertThat(read).as("nothing read, nothing skipped").isEmpty();

            RegistryServer back = RegistryServer.start(port, registryData, dir.resolve("registry-2.log"));
            try {
                assertThat(allRead.await(60, TimeUnit.SECONDS)).as("every record read once the registry is back").isTrue();
                assertThat(read).containsExactly("s0", "s1", "s2", "s3");
                assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            } finally {
                back.close();
            }
        }
    }

    private static SessionEntry entry(String session) {
        return SessionEntry.newBuilder()
                .setSessionId(session)
                .setCompany("acme")
                .setBotId(1)
                .setChannel(Channel.WEB)
                .setStartedAt(Instant.now())
                .build();
    }
}
