package io.parley.audit.rerun;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.parley.avro.BotDefinition;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.engine.topology.EngineTopology;
import io.parley.topics.DecodeFailures;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The engine's own conversation processor, with its own stores, fed from the log in this process and
 * writing nowhere: no broker, no production topic. It is driven as a Streams task drives it (one record
 * at a time, its state through the stores' serdes), without the task's commits and output topics,
 * which a re-run does not need. It proposes no expiry of its own: the recorded ones are in the log.
 */
final class OfflineEngine implements AutoCloseable {

    private final MockProcessorContext<String, Object> context;
    private final Processor<String, Command, String, Object> conversation;
    private final TimestampedKeyValueStore<String, BotDefinition> bots;
    private final List<StateStore> stores;
    private final Deserializer<Command> commandDecoder;
    private final Deserializer<BotDefinition> botDecoder;
    /** The definition each bot has in the engine's store now (as written), so a version is loaded only when it changes. */
    private final Map<String, byte[]> loaded = new HashMap<>();

    OfflineEngine(RegistrySerdes serdes) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "parley-audit-rerun");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        context = new MockProcessorContext<>(config);
        stores = EngineTopology.offlineStores(serdes).stream().map(builder -> open(builder)).toList();
        bots = context.getStateStore(EngineTopology.BOTS_STORE);
        conversation = EngineTopology.conversationProcessor();
        conversation.init(context);
        commandDecoder = serdes.valueSerde(Topics.COMMANDS).deserializer();
        botDecoder = serdes.valueSerde(Topics.BOTS).deserializer();
    }

    private StateStore open(StoreBuilder<? extends StateStore> builder) {
        StateStore store = builder.build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /**
     * A recorded command, read as the engine reads it; empty when it cannot be read at all, which the
     * engine dead-lettered without deciding anything. A registry that cannot be reached is no such case.
     */
    Optional<Command> read(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(commandDecoder.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            if (DecodeFailures.isTransient(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Gives the engine this definition of a bot (as written to the log), or none when null. */
    void useBot(String botKey, byte[] definition) {
        if (loaded.containsKey(botKey) && Arrays.equals(loaded.get(botKey), definition)) {
            return;
        }
        if (definition == null) {
            bots.delete(botKey);
        } else {
            bots.put(botKey, ValueAndTimestamp.make(botDecoder.deserialize(Topics.BOTS.name(), definition), 0L));
        }
        loaded.put(botKey, definition);
    }

    /** Applies one recorded command and returns the events the engine decided on. */
    List<ConversationEvent> run(ConsumerRecord<String, byte[]> record, Command command) {
        context.resetForwards();
        context.setRecordMetadata(record.topic(), record.partition(), record.offset());
        try {
            conversation.process(new Record<>(record.key(), command, record.timestamp(), record.headers()));
        } catch (RuntimeException failed) {
            // The engine dead-letters a command that fails and keeps what it forwarded before (the caller's error reply).
            if (DecodeFailures.isTransient(failed)) {
                throw failed;
            }
        }
        return context.forwarded().stream().map(forward -> forward.record().value())
                .filter(ConversationEvent.class::isInstance).map(ConversationEvent.class::cast).toList();
    }

    @Override
    public void close() {
        conversation.close();
        stores.forEach(StateStore::close);
    }
}
