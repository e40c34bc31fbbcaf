package io.parley.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.parley.avro.AiRequest;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.Command;
import io.parley.avro.DocumentRequest;
import io.parley.avro.ConversationEvent;
import io.parley.avro.SessionEntry;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFilling;
import io.parley.avro.StartConversation;
import io.parley.avro.UserMessage;
import io.parley.avro.WebhookRequest;
import io.parley.engine.topology.EngineSerdes;
import io.parley.engine.topology.EngineTopology;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The engine topology under TopologyTestDriver, with plain Avro serdes: its wiring, stores and
 * punctuators without a broker or a registry.
 */
public final class EngineHarness implements AutoCloseable {

    public static final Duration EXPIRY_SCAN = Duration.ofSeconds(5);

    public final TopologyTestDriver driver;
    public final TestInputTopic<String, BotDefinition> bots;
    public final TestInputTopic<String, Command> commands;
    public final TestOutputTopic<String, BotReply> replies;
    public final TestOutputTopic<String, ConversationEvent> events;
    public final TestOutputTopic<String, Command> loggedCommands;
    public final TestOutputTopic<String, AiRequest> aiRequests;
    public final TestOutputTopic<String, SessionEntry> directory;
    public final TestOutputTopic<String, WebhookRequest> webhooks;
    public final TestOutputTopic<String, SlotFilling> slotStates;
    public final TestOutputTopic<String, DocumentRequest> documents;
    public final KeyValueStore<String, SessionState> sessions;
    public final KeyValueStore<String, SlotFilling> slots;
    private final Path stateDir = newStateDirectory();
    private int commandCount;

    public EngineHarness(Instant wallClock) {
        this(wallClock, EngineTopology.DEFAULT_EXPIRY_SCAN_SLICE);
    }

    /** With expiry scans that read at most {@code expiryScanSlice} sessions each. */
    public EngineHarness(Instant wallClock, int expiryScanSlice) {
        EngineSerdes serdes = new PlainAvroSerdes();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Its own state directory: under the shared default, another build's engine tests on this machine
        // hold the same RocksDB lock, and every harness of this one fails to open its stores.
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(EngineTopology.build(serdes, EXPIRY_SCAN, expiryScanSlice), config, wallClock);
        bots = driver.createInputTopic(Topics.BOTS.name(), new StringSerializer(), serdes.valueSerde(Topics.BOTS).serializer());
        commands = driver.createInputTopic(Topics.COMMANDS.name(), new StringSerializer(),
                serdes.valueSerde(Topics.COMMANDS).serializer());
        replies = driver.createOutputTopic(Topics.REPLIES.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.REPLIES).deserializer());
        events = driver.createOutputTopic(Topics.EVENTS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.EVENTS).deserializer());
        loggedCommands = driver.createOutputTopic(Topics.COMMANDS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.COMMANDS).deserializer());
        aiRequests = driver.createOutputTopic(Topics.AI_REQUESTS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.AI_REQUESTS).deserializer());
        directory = driver.createOutputTopic(Topics.SESSIONS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.SESSIONS).deserializer());
        webhooks = driver.createOutputTopic(Topics.WEBHOOKS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.WEBHOOKS).deserializer());
        slotStates = driver.createOutputTopic(Topics.SLOT_STATES.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.SLOT_STATES).deserializer());
        documents = driver.createOutputTopic(Topics.DOCUMENTS.name(), new StringDeserializer(),
                serdes.valueSerde(Topics.DOCUMENTS).deserializer());
        sessions = driver.getKeyValueStore(EngineTopology.SESSIONS_STORE);
        slots = driver.getKeyValueStore(EngineTopology.SLOTS_STORE);
    }

    /** Where the driver keeps this harness's RocksDB stores. */
    public Path stateDirectory() {
        return stateDir;
    }

    private static Path newStateDirectory() {
        try {
            return Files.createTempDirectory("engine-harness-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void publish(BotDefinition bot) {
        bots.pipeInput(Topics.botKey(bot.getCompany(), bot.getBotId()), bot);
    }

    public Command send(BotDefinition bot, String sessionId, Object payload, Channel channel, Instant at) {
        Command command = command(bot, "cmd-" + (++commandCount), sessionId, channel, at, payload).build();
        commands.pipeInput(sessionId, command, at);
        return command;
    }

    /** A command for {@code bot}'s session as the edge writes it, issued {@code at}. */
    public static Command.Builder command(BotDefinition bot, String commandId, String sessionId, Channel channel, Instant at,
                                         Object payload) {
        return Command.newBuilder()
                .setCommandId(commandId)
                .setSessionId(sessionId)
                .setCompany(bot.getCompany())
                .setBotId(bot.getBotId())
                .setChannel(channel)
                .setIssuedAt(at)
                .setPayload(payload);
    }

    public static StartConversation start() {
        return StartConversation.newBuilder().build();
    }

    public static UserMessage say(String text, String tracking) {
        return UserMessage.newBuilder().setText(text).setTracking(tracking)
                .setVariables(Map.of("userresponse", text)).build();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> left = Files.walk(stateDir)) {
            left.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
