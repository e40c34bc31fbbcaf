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
import io.parley.avro.BotMessage;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.MessageType;
import io.parley.avro.ReplyAddress;
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
class ReplyDispatcherTest {

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
        BotReply reply = reply(Channel.TELEPHONY).build();
        infra.send(Topics.REPLIES, reply.getSessionId(), reply);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(meters.find(ReplyDispatcher.METRIC)
                .tag("channel", "TELEPHONY").tag("status", "OK").counter())
                .isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1)));
    }

    @Test
    void messengerRepliesAreHandedToTheMessengerOutboxAndNothingElseIs() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        String session = "s-" + UUID.randomUUID();
        // One partition, in this order: once the last is in the outbox, the others were dispatched before it.
        BotReply withoutUser = reply(Channel.MESSENGER).setSessionId(session).setCommandId("no-user")
                .setMessages(List.of(text("hi"))).build();
        BotReply silent = reply(Channel.MESSENGER).setSessionId(session).setCommandId("no-messages").setUserId("psid-1").build();
        BotReply web = reply(Channel.WEB).setSessionId(session).setCommandId("web").setUserId("psid-1")
                .setMessages(List.of(text("hi"))).build();
        BotReply toSend = reply(Channel.MESSENGER).setSessionId(session).setCommandId("to-send").setUserId("psid-1")
                .setMessages(List.of(text("hello"))).build();
        for (BotReply reply : List.of(withoutUser, silent, web, toSend)) {
            infra.send(Topics.REPLIES, session, reply);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(infra.values(Topics.MESSENGER_OUTBOX, session))
                .extracting(BotReply::getCommandId).containsExactly("to-send"));
        assertThat(infra.values(Topics.TELEPHONY_OUTBOX, session)).isEmpty();
    }

    @Test
    void onlyTelephonyMessagesNobodyWaitsForGoToTheTelephonyOutbox() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        String session = "s-" + UUID.randomUUID();
        BotReply answered = reply(Channel.TELEPHONY).setSessionId(session).setCommandId("answered")
                .setReplyTo(new ReplyAddress("ingest-1", "request-1")).setCallbackUrl("http://127.0.0.1:9/calls/1").build();
        BotReply noCallback = reply(Channel.TELEPHONY).setSessionId(session).setCommandId("no-callback").build();
        BotReply later = reply(Channel.TELEPHONY).setSessionId(session).setCommandId("later")
                .setCallbackUrl("http://127.0.0.1:9/calls/1").build();
        for (BotReply reply : List.of(answered, noCallback, later)) {
            infra.send(Topics.REPLIES, session, reply);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(infra.values(Topics.TELEPHONY_OUTBOX, session))
                .extracting(BotReply::getCommandId).containsExactly("later"));
        assertThat(infra.values(Topics.MESSENGER_OUTBOX, session)).isEmpty();
    }

    private static BotReply.Builder reply(Channel channel) {
        return BotReply.newBuilder()
                .setSessionId("s-" + UUID.randomUUID())
                .setCommandId("c1")
                .setCompany("acme")
                .setBotId(1)
                .setChannel(channel)
                .setStatus(ReplyStatus.OK)
                .setRepliedAt(Instant.now());
    }

    private static BotMessage text(String text) {
        return BotMessage.newBuilder().setType(MessageType.TEXT).setContent(text).build();
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
