package io.parley.delivery.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.ReplyStatus;
import io.parley.delivery.DeliveryApplication;
import io.parley.infra.SharedTestInfrastructure;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The delivery service against a real broker and registry. */
@SpringBootTest(classes = DeliveryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + DeliveryApplication.CONFIG_NAME)
// Its consumers must not linger and share partitions with another test class's delivery service.
@DirtiesContext
class ReplyDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.get().serviceProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void aReplyIsRecordedByChannelAndStatus() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        RegistrySerdes serdes = infra.newSerdes();
        BotReply reply = BotReply.newBuilder()
                .setSessionId("s-" + UUID.randomUUID())
                .setCommandId("c1")
                .setCompany("acme")
                .setBotId(1)
                .setChannel(Channel.TELEPHONY)
                .setStatus(ReplyStatus.OK)
                .setRepliedAt(Instant.now())
                .build();
        try (KafkaProducer<String, BotReply> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
                new StringSerializer(), serdes.valueSerde(Topics.REPLIES).serializer())) {
            producer.send(new ProducerRecord<>(Topics.REPLIES.name(), reply.getSessionId(), reply)).get();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(meters.find("parley.delivery.replies")
                .tag("channel", "TELEPHONY").tag("status", "OK").counter())
                .isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1)));
    }

    @Test
    void anUnreadableReplyIsDeadLetteredWithItsCauseAndTheNextOneIsStillRecorded() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        String key = "poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REPLIES.name(), key.getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters(infra, key)).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            List<String> headers = new ArrayList<>();
            for (Header header : record.headers()) {
                headers.add(header.key());
            }
            assertThat(headers).contains("kafka_dlt-exception-message");
        }));
        aReplyIsRecordedByChannelAndStatus();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(SharedTestInfrastructure infra, String key) {
        return infra.topics().withKey(Topics.REPLIES_DLT.name(), key);
    }

}
