package io.parley.infra;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.parley.avro.BotMessage;
import io.parley.avro.BotSaid;
import io.parley.avro.ConversationEvent;
import io.parley.avro.MessageType;
import io.parley.avro.UserSaid;
import io.parley.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A large audit log written fast, for exports at scale: each turn a user's question and the bot's
 * answer, conversations interleaved, keyed by session as the engine keys them. No commands: nothing
 * in it can be re-run.
 */
public final class SyntheticEventLog {

    private static final Instant START = Instant.parse("2026-03-03T08:00:00Z");

    private SyntheticEventLog() {
    }

    /** Writes {@code events} events of bot {@code company/1}, in {@code sessions} conversations, to the events topic. */
    public static void write(SharedTestInfrastructure infra, String company, int events, int sessions) {
        Serializer<ConversationEvent> serializer = infra.newSerdes().valueSerde(Topics.EVENTS).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String session = company + ":1:conversation-" + (i % sessions);
                Object payload = (i / sessions) % 2 == 0
                        ? new UserSaid("what are your opening hours on Saturday?", "welcome", null, null)
                        : new BotSaid("hours", List.of(new BotMessage(MessageType.TEXT,
                                "The clinic is open on weekdays from 07:30 to 16:00, and on Saturdays from 08:00 to 12:00.", List.of())), false);
                ConversationEvent event = ConversationEvent.newBuilder()
                        .setEventId("c" + i + "/0").setSessionId(session).setCompany(company).setBotId(1)
                        .setOccurredAt(START.plusSeconds(i)).setCausationId("c" + i).setBotVersion(1_700_000_000_000L)
                        .setPayload(payload).build();
                producer.send(new ProducerRecord<>(Topics.EVENTS.name(), session, serializer.serialize(Topics.EVENTS.name(), event)));
            }
            producer.flush();
        }
    }
}
