package io.parley.engine.topology;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.SessionState;
import io.parley.avro.SlotFilling;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The engine's topology. Every node and store is named: generated names change with the topology and
 * a rolling upgrade would then lose state.
 */
public final class EngineTopology {

    public static final String SESSIONS_STORE = "sessions";
    public static final String BOTS_STORE = "bots";
    public static final String SLOTS_STORE = "slots";
    static final String WEBHOOKS_SINK = "webhooks-sink";
    static final String SLOT_STATES_SINK = "slot-states-sink";
    static final String EVENTS_SINK = "events-sink";
    static final String REPLIES_SINK = "replies-sink";
    static final String EXPIRY_SINK = "expiry-sink";
    static final String AI_SINK = "ai-sink";
    static final String DOCUMENTS_SINK = "documents-sink";
    static final String SESSIONS_SINK = "sessions-sink";
    private static final String COMMANDS_SOURCE = "commands-source";
    private static final String CONVERSATION = "conversation";
    /** Bot versions kept decoded; more bots than this in turn only cost decoding. */
    private static final int DECODED_BOTS = 256;

    /** Sessions an expiry scan reads at most, unless {@code parley.engine.expiry-scan-slice} says otherwise. */
    public static final int DEFAULT_EXPIRY_SCAN_SLICE = 10_000;

    private EngineTopology() {
    }

    /**
     * @param serdes             serdes from the schema registry
     * @param expiryScanInterval how often (wall clock) to look for sessions idle past their timeout
     */
    public static Topology build(RegistrySerdes serdes, Duration expiryScanInterval) {
        return build(serdes, expiryScanInterval, ObservationRegistry.NOOP);
    }

    /** As {@link #build(RegistrySerdes, Duration)}, each turn observed: its decision joins the trace its command carries. */
    public static Topology build(RegistrySerdes serdes, Duration expiryScanInterval, ObservationRegistry observations) {
        return build(serdes, expiryScanInterval, DEFAULT_EXPIRY_SCAN_SLICE, observations);
    }

    /** As above, each expiry scan reading at most {@code expiryScanSlice} sessions (the next goes on from there). */
    public static Topology build(RegistrySerdes serdes, Duration expiryScanInterval, int expiryScanSlice,
                                 ObservationRegistry observations) {
        return build(EngineSerdes.of(serdes), expiryScanInterval, expiryScanSlice, false, observations);
    }

    /** As {@link #build(RegistrySerdes, Duration)}, with other serdes: the engine's tests run it without a registry. */
    public static Topology build(EngineSerdes serdes, Duration expiryScanInterval) {
        return build(serdes, expiryScanInterval, DEFAULT_EXPIRY_SCAN_SLICE);
    }

    /** The same, each expiry scan reading at most {@code expiryScanSlice} sessions. */
    public static Topology build(EngineSerdes serdes, Duration expiryScanInterval, int expiryScanSlice) {
        return build(serdes, expiryScanInterval, expiryScanSlice, false, ObservationRegistry.NOOP);
    }

    /**
     * The same topology for a re-run from the log in one process (an audit's replay): state in memory
     * and without a changelog, since it is rebuilt from the log anyway (a persistent store would flush to
     * disk on every record the test driver commits); no expiry proposals of its own, since the log holds
     * the recorded ones.
     */
    public static Topology offline(RegistrySerdes serdes) {
        return build(EngineSerdes.of(serdes), Duration.ofDays(365), DEFAULT_EXPIRY_SCAN_SLICE, true, ObservationRegistry.NOOP);
    }

    /**
     * The processor that decides every turn, as the topology runs it, for a re-run that feeds it directly
     * (one thread, no Streams task around it). It proposes no expiry: the log holds the recorded ones.
     */
    public static Processor<String, Command, String, Object> conversationProcessor() {
        return new ConversationProcessor(Duration.ofDays(365), DEFAULT_EXPIRY_SCAN_SLICE, ObservationRegistry.NOOP);
    }

    /** The stores {@link #conversationProcessor()} reads, in memory and without changelogs: rebuilt from the log. */
    public static List<StoreBuilder<? extends StateStore>> offlineStores(RegistrySerdes registry) {
        EngineSerdes serdes = EngineSerdes.of(registry);
        return List.of(
                stateStore(true, SESSIONS_STORE, Serdes.String(), serdes.storeSerde(SESSIONS_STORE, SessionState.class)),
                stateStore(true, SLOTS_STORE, Serdes.String(), serdes.storeSerde(SLOTS_STORE, SlotFilling.class)),
                botsStore(serdes));
    }

    /** Every published bot, each version decoded once: every turn reads its bot. */
    private static StoreBuilder<TimestampedKeyValueStore<String, BotDefinition>> botsStore(EngineSerdes serdes) {
        Serde<BotDefinition> botSerde = serdes.valueSerde(Topics.BOTS);
        Serde<BotDefinition> storedBots = Serdes.serdeFrom(botSerde.serializer(),
                new DecodeOnceDeserializer<>(botSerde.deserializer(), DECODED_BOTS));
        return Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(BOTS_STORE), Serdes.String(), storedBots)
                .withLoggingDisabled();
    }

    private static Topology build(EngineSerdes serdes, Duration expiryScanInterval, int expiryScanSlice, boolean offline,
                                  ObservationRegistry observations) {
        Serde<String> keys = Serdes.String();
        Serde<BotDefinition> botSerde = serdes.valueSerde(Topics.BOTS);
        Serde<Command> commandSerde = serdes.valueSerde(Topics.COMMANDS);
        Serde<ConversationEvent> eventSerde = serdes.valueSerde(Topics.EVENTS);
        Serde<BotReply> replySerde = serdes.valueSerde(Topics.REPLIES);
        Serde<SessionState> sessionSerde = serdes.storeSerde(SESSIONS_STORE, SessionState.class);

        Topology topology = new Topology();
        // Every instance holds every bot: a turn must never wait for a repartition to find its bot.
        topology.addGlobalStore(botsStore(serdes), "bots-source", keys.deserializer(), botSerde.deserializer(), Topics.BOTS.name(),
                "bots-loader", BotLoader::new);
        topology.addSource(COMMANDS_SOURCE, keys.deserializer(), commandSerde.deserializer(), Topics.COMMANDS.name());
        topology.addProcessor(CONVERSATION, () -> new ConversationProcessor(expiryScanInterval, expiryScanSlice, observations), COMMANDS_SOURCE);
        topology.addStateStore(
                stateStore(offline, SESSIONS_STORE, keys, sessionSerde),
                CONVERSATION);
        topology.addStateStore(
                stateStore(offline, SLOTS_STORE, keys, serdes.storeSerde(SLOTS_STORE, SlotFilling.class)),
                CONVERSATION);
        topology.addSink(EVENTS_SINK, Topics.EVENTS.name(), keys.serializer(), eventSerde.serializer(), CONVERSATION);
        topology.addSink(REPLIES_SINK, Topics.REPLIES.name(), keys.serializer(), replySerde.serializer(), CONVERSATION);
        topology.addSink(AI_SINK, Topics.AI_REQUESTS.name(), keys.serializer(),
                serdes.valueSerde(Topics.AI_REQUESTS).serializer(), CONVERSATION);
        topology.addSink(DOCUMENTS_SINK, Topics.DOCUMENTS.name(), keys.serializer(),
                serdes.valueSerde(Topics.DOCUMENTS).serializer(), CONVERSATION);
        topology.addSink(WEBHOOKS_SINK, Topics.WEBHOOKS.name(), keys.serializer(),
                serdes.valueSerde(Topics.WEBHOOKS).serializer(), CONVERSATION);
        // Keyed by story-state id: the customer's slot feedback names only that.
        topology.addSink(SLOT_STATES_SINK, Topics.SLOT_STATES.name(), keys.serializer(),
                serdes.valueSerde(Topics.SLOT_STATES).serializer(), CONVERSATION);
        topology.addSink(SESSIONS_SINK, Topics.SESSIONS.name(), keys.serializer(),
                serdes.valueSerde(Topics.SESSIONS).serializer(), CONVERSATION);
        // Expiry proposals go through the log like any command: the log alone decides a replay.
        topology.addSink(EXPIRY_SINK, Topics.COMMANDS.name(), keys.serializer(), commandSerde.serializer(), CONVERSATION);
        return topology;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> stateStore(boolean offline, String name, Serde<String> keys,
                                                                        Serde<V> values) {
        if (!offline) {
            return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
        }
        // Rebuilt from the log on every re-run: neither disk nor changelog.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values).withLoggingDisabled();
    }

    /** Keeps the global bots store in step with the bots topic; a null value unpublishes a bot. */
    private static final class BotLoader implements Processor<String, BotDefinition, Void, Void> {
        private TimestampedKeyValueStore<String, BotDefinition> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(BOTS_STORE);
        }

        @Override
        public void process(Record<String, BotDefinition> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
        }
    }
}
