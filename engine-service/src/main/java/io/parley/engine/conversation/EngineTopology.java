package io.parley.engine.conversation;

import java.time.Duration;

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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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

    private EngineTopology() {
    }

    /**
     * @param serdes             serdes from the schema registry
     * @param expiryScanInterval how often (wall clock) to look for sessions idle past their timeout
     */
    public static Topology build(RegistrySerdes serdes, Duration expiryScanInterval) {
        Serde<String> keys = Serdes.String();
        Serde<BotDefinition> botSerde = serdes.valueSerde(Topics.BOTS);
        Serde<Command> commandSerde = serdes.valueSerde(Topics.COMMANDS);
        Serde<ConversationEvent> eventSerde = serdes.valueSerde(Topics.EVENTS);
        Serde<BotReply> replySerde = serdes.valueSerde(Topics.REPLIES);
        Serde<SessionState> sessionSerde = serdes.storeSerde(SESSIONS_STORE, SessionState.class);

        // Every turn reads its bot: each published version is decoded once.
        Serde<BotDefinition> storedBots = Serdes.serdeFrom(botSerde.serializer(),
                new DecodeOnceDeserializer<>(botSerde.deserializer(), DECODED_BOTS));

        Topology topology = new Topology();
        // Every instance holds every bot: a turn must never wait for a repartition to find its bot.
        topology.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(BOTS_STORE), keys, storedBots)
                        .withLoggingDisabled(),
                "bots-source", keys.deserializer(), botSerde.deserializer(), Topics.BOTS.name(),
                "bots-loader", BotLoader::new);
        topology.addSource(COMMANDS_SOURCE, keys.deserializer(), commandSerde.deserializer(), Topics.COMMANDS.name());
        topology.addProcessor(CONVERSATION, () -> new ConversationProcessor(expiryScanInterval), COMMANDS_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSIONS_STORE), keys, sessionSerde),
                CONVERSATION);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SLOTS_STORE), keys,
                        serdes.storeSerde(SLOTS_STORE, SlotFilling.class)),
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
