package io.parley.audit.rerun;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.parley.audit.Cluster;
import io.parley.audit.Selection;
import io.parley.audit.TopicReader;
import io.parley.avro.ConversationEvent;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the log holds for a re-run: every kept version of every bot, and the selected conversations'
 * recorded events and commands. A conversation is taken whole, from its first retained command, since
 * its state at any turn depends on all turns before.
 */
final class RecordedLog {

    /** Every kept bot version as written: bot key, then version (publication time, epoch ms). */
    private final Map<String, NavigableMap<Long, byte[]>> versions = new HashMap<>();
    /** The selected conversations' events, in log order. */
    private final Map<String, List<ConversationEvent>> events = new LinkedHashMap<>();
    /** The version each recorded command was decided under, as its events name it. */
    private final Map<String, Long> commandVersions = new HashMap<>();
    private final Cluster cluster;
    private final Selection selection;
    /** The engine's position on the commands topic when reading began: what it had decided by then. */
    private final Map<TopicPartition, Long> decided;

    private RecordedLog(Cluster cluster, Selection selection, Map<TopicPartition, Long> decided) {
        this.cluster = cluster;
        this.selection = selection;
        this.decided = decided;
    }

    /**
     * Reads the log as far as the engine ({@code engineGroup}, its Streams application id) had decided
     * it when reading began: a command still in flight is not mistaken for one whose events are lost.
     */
    static RecordedLog read(Cluster cluster, Selection selection, String engineGroup) {
        RecordedLog log = new RecordedLog(cluster, selection, cluster.committedOffsets(engineGroup, Topics.COMMANDS.name()));
        Deserializer<ConversationEvent> decoder = cluster.serdes().valueSerde(Topics.EVENTS).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = cluster.consumer()) {
            TopicReader.readAll(consumer, TopicReader.partitions(consumer, Topics.BOT_VERSIONS.name()), record -> {
                if (record.value() != null) {
                    int last = record.key().lastIndexOf('/');
                    log.versions.computeIfAbsent(record.key().substring(0, last), bot -> new TreeMap<>())
                            .put(Long.parseLong(record.key().substring(last + 1)), record.value());
                }
            });
            Set<String> inTime = new HashSet<>();
            TopicReader.readAll(consumer, selection.partitions(consumer, Topics.EVENTS.name()), record -> {
                if (selection.session() != null && !selection.session().equals(record.key())) {
                    return;
                }
                ConversationEvent event = decoder.deserialize(record.topic(), record.value());
                if (selection.takes(event.getSessionId(), event.getCompany(), event.getBotId())) {
                    log.events.computeIfAbsent(event.getSessionId(), session -> new ArrayList<>()).add(event);
                    if (selection.inTime(event.getOccurredAt())) {
                        inTime.add(event.getSessionId());
                    }
                }
            });
            log.events.keySet().retainAll(inTime);
        }
        log.events.values().forEach(list -> list.forEach(event -> {
            if (event.getCausationId() != null && event.getBotVersion() != null) {
                log.commandVersions.putIfAbsent(event.getCausationId(), event.getBotVersion());
            }
        }));
        return log;
    }

    /** The selected conversations and their recorded events, in log order. */
    Map<String, List<ConversationEvent>> events() {
        return events;
    }

    /**
     * Whether the engine had decided this command when reading began; a command after that has events
     * the log may not hold yet. With no position of the engine known, every command counts as decided.
     */
    boolean decided(ConsumerRecord<String, byte[]> command) {
        Long position = decided.get(new TopicPartition(command.topic(), command.partition()));
        return decided.isEmpty() || (position != null && command.offset() < position);
    }

    /** Streams the selected conversations' commands, each partition in log order. */
    void commands(Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = cluster.consumer()) {
            TopicReader.readAll(consumer, selection.partitions(consumer, Topics.COMMANDS.name()), record -> {
                if (record.value() != null && events.containsKey(record.key())) {
                    each.accept(record);
                }
            });
        }
    }

    /** The version the recorded events of this command name; empty when they name none (or there are none). */
    Optional<Long> recordedVersion(String commandId) {
        return Optional.ofNullable(commandVersions.get(commandId));
    }

    /** A kept version of a bot, as written to the log. */
    Optional<byte[]> version(String botKey, long version) {
        return Optional.ofNullable(versions.getOrDefault(botKey, Collections.emptyNavigableMap()).get(version));
    }

    /** The version in force at a time: the last published at or before it. */
    Optional<Map.Entry<Long, byte[]>> versionAt(String botKey, long epochMillis) {
        return Optional.ofNullable(versions.getOrDefault(botKey, Collections.emptyNavigableMap()).floorEntry(epochMillis));
    }

    /** The kept versions of a bot, oldest first. */
    Set<Long> versions(String botKey) {
        return versions.getOrDefault(botKey, Collections.emptyNavigableMap()).keySet();
    }
}
