package io.parley.analytics.topology;

import java.time.Instant;

import io.parley.analytics.AnalyticsProperties;
import io.parley.analytics.conversations.ConversationTracker;
import io.parley.analytics.metrics.BotMetricsAccumulator;
import io.parley.analytics.metrics.BotMetricsReport;
import io.parley.analytics.metrics.MetricsWindow;
import io.parley.avro.BotActivity;
import io.parley.avro.BotMetricsState;
import io.parley.avro.ConversationSummary;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topic;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The analytics topology. Each conversation's events, replies and receipts (all keyed by session, so
 * co-partitioned) go through one tracker sharing a store of conversation summaries; the facts it
 * yields are re-keyed by bot and counted in tumbling windows of 1 minute, 1 hour and 1 day, each
 * window's state in a named store and its figures on the metrics topic. Every node, store and
 * internal topic is named: generated names change with the topology and an upgrade would then lose state.
 */
public final class AnalyticsTopology {

    public static final String CONVERSATIONS_STORE = "analytics-conversations";
    static final String ACTIVITY_TOPIC = "activity-by-bot";

    private AnalyticsTopology() {
    }

    public static Topology build(RegistrySerdes serdes, AnalyticsProperties settings) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONVERSATIONS_STORE), keys,
                serdes.storeSerde(CONVERSATIONS_STORE, ConversationSummary.class)));

        KStream<String, BotActivity> fromEvents = source(builder, serdes, Topics.EVENTS, "events")
                .process(follower((summary, record) -> ConversationTracker.onEvent(summary, record.value()),
                        settings), Named.as("follow-events"), CONVERSATIONS_STORE);
        KStream<String, BotActivity> fromReplies = source(builder, serdes, Topics.REPLIES, "replies")
                .process(follower((summary, record) -> ConversationTracker.onReply(summary, record.value(),
                        Instant.ofEpochMilli(record.timestamp())), null), Named.as("follow-replies"), CONVERSATIONS_STORE);
        KStream<String, BotActivity> fromReceipts = source(builder, serdes, Topics.DELIVERIES, "receipts")
                .process(follower((summary, record) -> ConversationTracker.onReceipt(summary, record.value()), null),
                        Named.as("follow-receipts"), CONVERSATIONS_STORE);

        Serde<BotActivity> activitySerde = serdes.storeSerde(ACTIVITY_TOPIC, BotActivity.class);
        KGroupedStream<String, BotActivity> byBot = fromEvents
                .merge(fromReplies, Named.as("merge-replies"))
                .merge(fromReceipts, Named.as("merge-receipts"))
                .repartition(Repartitioned.<String, BotActivity>as(ACTIVITY_TOPIC).withKeySerde(keys).withValueSerde(activitySerde))
                .groupByKey(Grouped.<String, BotActivity>as("by-bot").withKeySerde(keys).withValueSerde(activitySerde));

        Serde<BotMetricsState> stateSerde = serdes.storeSerde("analytics-metrics", BotMetricsState.class);
        for (MetricsWindow window : MetricsWindow.values()) {
            byBot.windowedBy(TimeWindows.ofSizeAndGrace(window.size(), settings.grace()))
                    .aggregate(BotMetricsAccumulator::empty, (bot, fact, state) -> BotMetricsAccumulator.add(state, fact),
                            Named.as("count-" + window.label()),
                            Materialized.<String, BotMetricsState, WindowStore<Bytes, byte[]>>as(window.storeName())
                                    .withKeySerde(keys).withValueSerde(stateSerde).withRetention(window.retention(settings)))
                    .toStream(Named.as("figures-" + window.label()))
                    .map((windowed, state) -> KeyValue.pair(windowed.key(), BotMetricsReport.of(company(windowed.key()),
                            botId(windowed.key()), window.label(), windowed.window().startTime(), windowed.window().endTime(), state)),
                            Named.as("report-" + window.label()))
                    .to(Topics.BOT_METRICS.name(), Produced.with(keys, serdes.valueSerde(Topics.BOT_METRICS))
                            .withName("metrics-sink-" + window.label()));
        }
        return builder.build();
    }

    /** The company of a bot key {@code company/botId}. */
    public static String company(String botKey) {
        return botKey.substring(0, botKey.lastIndexOf('/'));
    }

    /** The bot id of a bot key {@code company/botId}. */
    public static long botId(String botKey) {
        return Long.parseLong(botKey.substring(botKey.lastIndexOf('/') + 1));
    }

    private static <V> KStream<String, V> source(StreamsBuilder builder, RegistrySerdes serdes, Topic<String, V> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(serdes.keySerde(topic), serdes.valueSerde(topic)).withName(name + "-source"));
    }

    /** The follower of one input; the events' one also sweeps old conversations out of the store. */
    private static <V> ProcessorSupplier<String, V, String, BotActivity> follower(ConversationFollower.Rule<V> rule,
                                                                                  AnalyticsProperties sweeping) {
        return () -> new ConversationFollower<>(rule, sweeping == null ? null : sweeping.conversationRetention());
    }
}
