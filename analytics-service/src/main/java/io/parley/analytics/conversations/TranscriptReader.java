package io.parley.analytics.conversations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.parley.analytics.LogReaders;
import io.parley.avro.ConversationEvent;
import io.parley.avro.ConversationSummary;
import io.parley.avro.DeliveryReceipt;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.springframework.stereotype.Component;

/**
 * A conversation's transcript, read from the log itself: its events and its delivery receipts, from
 * the one partition its session id maps to, between its start and its last activity. Nothing is copied
 * out of the log to show it.
 */
@Component
public class TranscriptReader {

    /** Records on either side of the conversation's span that still belong to it (late receipts, clock skew). */
    static final Duration MARGIN = Duration.ofMinutes(10);
    /** A bound on what one transcript reads from a busy partition; the transcript says when it stopped short. */
    static final int MAX_SCANNED = 500_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final LogReaders readers;

    TranscriptReader(LogReaders readers) {
        this.readers = readers;
    }

    /** What was read: the events and receipts in log order, and whether the read stopped at its bound. */
    public record Transcript(List<ConversationEvent> events, List<DeliveryReceipt> receipts, boolean truncated) {
    }

    public Transcript read(ConversationSummary conversation) {
        Instant from = conversation.getStartedAt().minus(MARGIN);
        Instant to = (conversation.getEndedAt() != null ? conversation.getEndedAt() : conversation.getLastActivityAt()).plus(MARGIN);
        Slice<ConversationEvent> events = slice(Topics.EVENTS, conversation.getSessionId(), from, to);
        Slice<DeliveryReceipt> receipts = slice(Topics.DELIVERIES, conversation.getSessionId(), from, to);
        List<ConversationEvent> ordered = new ArrayList<>(events.values());
        ordered.sort(Comparator.comparing(ConversationEvent::getOccurredAt));
        return new Transcript(ordered, receipts.values(), events.truncated() || receipts.truncated());
    }

    private record Slice<V>(List<V> values, boolean truncated) {
    }

    private <V> Slice<V> slice(Topic<String, V> topic, String sessionId, Instant from, Instant to) {
        List<V> found = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = readers.reader(topic)) {
            int partitions = consumer.partitionsFor(topic.name()).size();
            TopicPartition partition = new TopicPartition(topic.name(),
                    BuiltInPartitioner.partitionForKey(sessionId.getBytes(StandardCharsets.UTF_8), partitions));
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, from.toEpochMilli())).get(partition);
            if (start == null) {
                return new Slice<>(found, false);
            }
            consumer.seek(partition, start.offset());
            int scanned = 0;
            while (consumer.position(partition) < end) {
                ConsumerRecords<String, V> records;
                try {
                    records = consumer.poll(POLL);
                } catch (RecordDeserializationException unreadable) {
                    // Not this tool's to judge: the engine dead-letters such records; the transcript goes on past it.
                    consumer.seek(partition, unreadable.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<String, V> record : records) {
                    scanned++;
                    if (record.timestamp() > to.toEpochMilli() || record.offset() >= end) {
                        return new Slice<>(found, false);
                    }
                    if (sessionId.equals(record.key()) && record.value() != null) {
                        found.add(record.value());
                    }
                }
                if (scanned >= MAX_SCANNED) {
                    return new Slice<>(found, true);
                }
            }
        }
        return new Slice<>(found, false);
    }
}
