package io.parley.audit.rerun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.parley.avro.ConversationEvent;
import io.parley.engine.conversation.EngineTopology;
import io.parley.engine.streams.EngineErrorHandlers;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The engine's own topology run in this process, fed from the log and writing nowhere: no broker, no
 * production topic. Its wall clock never moves, so it proposes no expiry of its own; the recorded
 * expiries are commands in the log like any other.
 */
final class OfflineEngine implements AutoCloseable {

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> bots;
    private final TestInputTopic<String, byte[]> commands;
    private final Deserializer<ConversationEvent> eventDecoder;
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new HashMap<>();
    /** The definition each bot has in the engine's store now (as written), so a version is loaded only when it changes. */
    private final Map<String, byte[]> loaded = new HashMap<>();

    OfflineEngine(RegistrySerdes serdes) {
        try {
            stateDir = Files.createTempDirectory("parley-rerun");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "parley-audit-rerun");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // A command the engine dead-lettered is dead-lettered here too, and the re-run goes on as the engine did.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, EngineErrorHandlers.Deserialization.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, EngineErrorHandlers.Processing.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.COMMANDS_DLT.name());
        driver = new TopologyTestDriver(EngineTopology.build(serdes, Duration.ofDays(365)), config, Instant.EPOCH);
        bots = driver.createInputTopic(Topics.BOTS.name(), new StringSerializer(), new ByteArraySerializer());
        commands = driver.createInputTopic(Topics.COMMANDS.name(), new StringSerializer(), new ByteArraySerializer());
        eventDecoder = serdes.valueSerde(Topics.EVENTS).deserializer();
    }

    /** Gives the engine this definition of a bot (as written to the log), or none when null. */
    void useBot(String botKey, byte[] definition) {
        if (loaded.containsKey(botKey) && Arrays.equals(loaded.get(botKey), definition)) {
            return;
        }
        bots.pipeInput(botKey, definition);
        loaded.put(botKey, definition);
    }

    /** Applies one recorded command, as written, and returns the events the engine decided on. */
    List<ConversationEvent> run(ConsumerRecord<String, byte[]> command) {
        commands.pipeInput(new TestRecord<>(command.key(), command.value(), command.headers(), Instant.ofEpochMilli(command.timestamp())));
        List<ConversationEvent> events = new ArrayList<>();
        for (String topic : driver.producedTopicNames()) {
            List<TestRecord<String, byte[]>> produced = output(topic).readRecordsToList();
            if (topic.equals(Topics.EVENTS.name())) {
                produced.forEach(record -> events.add(eventDecoder.deserialize(topic, record.value())));
            }
        }
        return events;
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return outputs.computeIfAbsent(topic, name -> driver.createOutputTopic(name, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
